"""Every non-trivial read of indicators, shaped for a page and scoped by who asks.

Indicators are discussed in the open: anyone reads every definition, its versions and how it was
co-built. Values are public once their version is adopted, and a suppressed cell is given as
"< 5" (never its value) in pages, API and downloads alike. Imports are read by the steward
who uploaded them and by staff; whatever a person may not read answers 404."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ecosystem.models import Territory, is_signed_in

from . import periods
from .models import (
    Contribution,
    ContributorRole,
    Dimension,
    ImportBatch,
    Indicator,
    IndicatorVersion,
    Measurement,
    Stratum,
    Target,
)

# --- Catalogue and sheet ---------------------------------------------------------------------


def indicator_list() -> QuerySet[Indicator]:
    """Every indicator with what the catalogue shows: its current wording, its steward
    organization and how many partners and professionals endorse the current version."""
    endorsing = Q(
        contributions__kind=Contribution.Kind.ENDORSEMENT,
        contributions__withdrawn_at__isnull=True,
        contributions__version=F("current"),
    )
    return (
        Indicator.objects.select_related("current", "steward_organization")
        .annotate(
            partner_endorsements=Count(
                "contributions", filter=endorsing & Q(contributions__role=ContributorRole.PARTNER), distinct=True
            ),
            professional_endorsements=Count(
                "contributions", filter=endorsing & Q(contributions__role=ContributorRole.PROFESSIONAL), distinct=True
            ),
        )
        .order_by("code")
    )


def _contributors(role: str):
    """Distinct people who contributed in ``role``; a deleted account counts as one person per
    contribution, as in ``coconstruction_record``."""
    by_role = Q(contributions__role=role)
    gone = by_role & Q(contributions__contributor__isnull=True)
    return Count("contributions__contributor", filter=by_role, distinct=True) + Count(
        "contributions", filter=gone, distinct=True
    )


def indicator_list_with_record() -> QuerySet[Indicator]:
    """The catalogue with how each indicator was co-built, in counts and dates (the API's list)."""
    return (
        indicator_list()
        .select_related("in_force")
        .annotate(
            partner_contributors=_contributors(ContributorRole.PARTNER),
            professional_contributors=_contributors(ContributorRole.PROFESSIONAL),
            first_contribution=Min("contributions__created_at"),
            last_contribution=Max("contributions__created_at"),
        )
    )


def indicator_get(*, code: str) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("current", "in_force", "steward_organization").prefetch_related("themes"),
        code=code,
    )


def indicator_get_for_steward(*, user, code: str) -> Indicator:
    """An indicator ``user`` stewards (404 otherwise)."""
    return get_object_or_404(
        Indicator.objects.stewarded_by(user).select_related("current", "in_force", "steward_organization"), code=code
    )


def can_propose_indicator(*, user) -> bool:
    return is_signed_in(user) and (user.is_staff or user.stewarded_indicators.exists())


def indicator_versions(*, indicator: Indicator) -> QuerySet[IndicatorVersion]:
    return indicator.versions.order_by("-number")


# --- Co-construction record ------------------------------------------------------------------


@dataclass
class Contributor:
    """How a contribution is signed on the record: a name only when the person chose it."""

    name: str | None
    role: str
    role_detail: str

    @property
    def signed(self) -> str:
        """ "Amélie, health partner" when credited, otherwise "A health partner"."""
        partner = self.role == ContributorRole.PARTNER
        if self.name:
            text = _("%(name)s, health partner") if partner else _("%(name)s, professional")
            return text % {"name": self.name}
        return _("A health partner") if partner else _("A professional")


@dataclass
class CoConstruction:
    """How an indicator was co-built, as a fact on record."""

    contributions: list[Contribution]
    partners: int  # distinct people who contributed as health partners
    professionals: int
    by_kind: dict[str, int]
    first: datetime.datetime | None
    last: datetime.datetime | None
    endorsements: dict[str, int]  # of the current version, by role
    can_adopt: bool
    versions: list[IndicatorVersion] = field(default_factory=list)

    @property
    def is_co_built(self) -> bool:
        return self.partners > 0 and self.professionals > 0


def signature(contribution: Contribution) -> Contributor:
    name = None
    if contribution.credited and contribution.contributor_id is not None:
        name = contribution.contributor.display_name
    return Contributor(name=name, role=contribution.role, role_detail=contribution.role_detail)


def coconstruction_record(*, indicator: Indicator) -> CoConstruction:
    """Every contribution (comments, proposals, endorsements) with its version and role, the
    number of distinct partners and professionals, when it started and ended, and the
    endorsements of the current version."""
    contributions = list(indicator.contributions.select_related("contributor", "version").order_by("created_at", "pk"))
    people: dict[str, set] = {ContributorRole.PARTNER: set(), ContributorRole.PROFESSIONAL: set()}
    by_kind: dict[str, int] = defaultdict(int)
    endorsements = {ContributorRole.PARTNER: 0, ContributorRole.PROFESSIONAL: 0}
    for contribution in contributions:
        # A deleted account still counts as one person, distinct from every other.
        people[contribution.role].add(contribution.contributor_id or f"gone-{contribution.pk}")
        by_kind[contribution.kind] += 1
        if (
            contribution.kind == Contribution.Kind.ENDORSEMENT
            and contribution.withdrawn_at is None
            and contribution.version_id == indicator.current_id
        ):
            endorsements[contribution.role] += 1
    return CoConstruction(
        contributions=contributions,
        partners=len(people[ContributorRole.PARTNER]),
        professionals=len(people[ContributorRole.PROFESSIONAL]),
        by_kind=dict(by_kind),
        first=contributions[0].created_at if contributions else None,
        last=contributions[-1].created_at if contributions else None,
        endorsements=endorsements,
        can_adopt=indicator.status == Indicator.Status.CO_CONSTRUCTION and all(endorsements.values()),
        versions=list(indicator.versions.order_by("-number")),
    )


def endorsement_of(*, indicator: Indicator, user) -> Contribution | None:
    """``user``'s endorsement of the current version, if any."""
    if not is_signed_in(user):
        return None
    return indicator.current.contributions.endorsements().filter(contributor=user).first()


# --- Values ----------------------------------------------------------------------------------


def measurement_list(*, user) -> QuerySet[Measurement]:
    """The values ``user`` may read (see ``MeasurementQuerySet.visible_to``), ready to serialize."""
    return Measurement.objects.visible_to(user).select_related("indicator", "version", "territory", "stratum")


@dataclass
class RegionValue:
    territory: Territory
    measurement: Measurement | None


@dataclass
class RegionalValues:
    """The latest period's total values for Québec and each RSS, in official code order."""

    granularity: str | None
    period_start: datetime.date | None
    rows: list[RegionValue]

    @property
    def period_label(self) -> str:
        return periods.label(self.granularity, self.period_start) if self.period_start else ""


def _public_values(indicator: Indicator) -> QuerySet[Measurement]:
    return Measurement.objects.filter(indicator=indicator).public()


def latest_by_region(*, indicator: Indicator) -> RegionalValues:
    """The total of the latest period with values, for Québec and the 18 RSS (two queries,
    plus one for the territories)."""
    territories = list(Territory.objects.filter(kind__in=[Territory.Kind.PROVINCE, Territory.Kind.RSS]).in_code_order())
    totals = _public_values(indicator).filter(
        stratum__dimension=Dimension.TOTAL, territory__in=[territory.pk for territory in territories]
    )
    latest = totals.order_by("-period_start", "granularity").values("granularity", "period_start").first()
    if latest is None:
        return RegionalValues(None, None, [RegionValue(territory, None) for territory in territories])
    values = {
        measurement.territory_id: measurement
        for measurement in totals.filter(granularity=latest["granularity"], period_start=latest["period_start"])
    }
    return RegionalValues(
        latest["granularity"],
        latest["period_start"],
        [RegionValue(territory, values.get(territory.pk)) for territory in territories],
    )


def calculated_on(*, regional: RegionalValues) -> datetime.datetime | None:
    """When the values shown were computed: the end of the latest import they came from (one
    query; None when no value came from a file)."""
    batch_ids = {row.measurement.batch_id for row in regional.rows if row.measurement and row.measurement.batch_id}
    if not batch_ids:
        return None
    return ImportBatch.objects.filter(pk__in=batch_ids).aggregate(latest=Max("finished_at"))["latest"]


@dataclass
class StratumGroup:
    dimension: str
    label: str
    rows: list[Measurement]


def stratified_values(
    *, indicator: Indicator, territory: Territory, granularity: str, period_start: datetime.date
) -> list[StratumGroup]:
    """One period's values for one territory, grouped by equity dimension (one query)."""
    measurements = (
        _public_values(indicator)
        .filter(territory=territory, granularity=granularity, period_start=period_start)
        .exclude(stratum__dimension=Dimension.TOTAL)
        .select_related("stratum")
        .order_by("stratum__position")
    )
    labels = dict(Dimension.choices)
    groups: dict[str, StratumGroup] = {}
    for measurement in measurements:
        dimension = measurement.stratum.dimension
        groups.setdefault(dimension, StratumGroup(dimension, str(labels[dimension]), [])).rows.append(measurement)
    return list(groups.values())


def value_series(
    *, indicator: Indicator, territory: Territory, stratum: Stratum | None = None, granularity: str | None = None
) -> list[Measurement]:
    """A territory's values over time (the total unless ``stratum``), oldest first (one query)."""
    measurements = _public_values(indicator).filter(territory=territory)
    if stratum is None:
        measurements = measurements.filter(stratum__dimension=Dimension.TOTAL)
    else:
        measurements = measurements.filter(stratum=stratum)
    if granularity is None:
        granularity = measurements.values_list("granularity", flat=True).order_by("-period_start").first()
    return list(measurements.filter(granularity=granularity).order_by("period_start"))


def indicator_targets(*, indicator: Indicator) -> QuerySet[Target]:
    return indicator.targets.select_related("territory").order_by("period_start", "level", "territory__code")


def strata() -> QuerySet[Stratum]:
    return Stratum.objects.order_by("position")


# --- Imports ---------------------------------------------------------------------------------


def import_list(*, user) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.visible_to(user).select_related("created_by")


def import_get(*, user, pk: int) -> ImportBatch:
    return get_object_or_404(ImportBatch.objects.visible_to(user), pk=pk)


def import_measurements_count(*, batch: ImportBatch) -> int:
    return Measurement.objects.filter(batch=batch).count()


def latest_measurement_dates(*, indicator_ids: list[int]) -> dict[int, datetime.date]:
    """The latest period with public values, per indicator (one query)."""
    rows = (
        Measurement.objects.public()
        .filter(indicator_id__in=indicator_ids)
        .values("indicator_id")
        .annotate(latest=Max("period_start"))
    )
    return {row["indicator_id"]: row["latest"] for row in rows}
