"""Every non-trivial read of the health partners' data, shaped for a page and scoped by who asks.

Whatever a person may not read answers 404 (``Http404``), never 403."""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.models import Community
from ecosystem.figures import Figure
from ecosystem.models import AuditEvent, Organization, Purpose, Territory, is_signed_in, with_consent
from ecosystem.selectors import consents_in_force
from ecosystem.services import audit_record
from initiatives.models import Initiative

from .models import (
    Application,
    Call,
    DiversityAnswers,
    Engagement,
    GovernanceBody,
    GovernanceLevel,
    Level,
    PartnerProfile,
    PartnerType,
    Sphere,
    Target,
    holds_any,
)

# A partner carrying this many active engagements or more is flagged to organizers, who should
# not add to the load (seed 004: "les protéger contre la décharge excessive de responsabilités").
MANY_ENGAGEMENTS = getattr(settings, "PARTNER_MANY_ENGAGEMENTS", 3)
SUGGESTIONS = 20


# --- Profiles ------------------------------------------------------------------------------------


def partner_profile_of(*, user) -> PartnerProfile | None:
    """``user``'s own profile, if they made one."""
    if not is_signed_in(user):
        return None
    return (
        PartnerProfile.objects.filter(user=user).select_related("region").prefetch_related("experience_themes").first()
    )


def diversity_answers_of(*, user) -> DiversityAnswers | None:
    """``user``'s own diversity answers (for their eyes only)."""
    return DiversityAnswers.objects.filter(user=user).first()


def partner_profile_get(*, viewer, user_id: int) -> PartnerProfile:
    """Another person's profile as ``viewer`` may read it, and the view noted in the audit trail.
    The lived experience is cleared from the returned object unless its owner consents to share it.
    """
    profile = get_object_or_404(
        PartnerProfile.objects.readable_by(viewer)
        .select_related("user", "region")
        .prefetch_related("experience_themes")
        .annotate(shares_experience=with_consent(Purpose.LIVED_EXPERIENCE)),
        user_id=user_id,
        user__is_active=True,
    )
    if profile.user_id != viewer.pk:
        audit_record(actor=viewer, subject=profile.user, action=AuditEvent.Action.VIEWED, what="partner profile")
    return profile


def partner_directory(*, user) -> QuerySet[PartnerProfile]:
    """Partners who consented to be listed, for signed-in people; display name, types, region,
    languages and bio only (the template shows nothing else)."""
    if not is_signed_in(user):
        return PartnerProfile.objects.none()
    return (
        PartnerProfile.objects.active()
        .consenting_to(Purpose.DIRECTORY)
        .select_related("user", "region")
        .order_by("user__display_name", "pk")
    )


# --- Engagements ---------------------------------------------------------------------------------


def _engagements() -> QuerySet[Engagement]:
    return Engagement.objects.select_related("partner", "initiative", "community", "governance_body")


def engagement_list(*, user) -> QuerySet[Engagement]:
    """``user``'s own engagements and those on what they organize."""
    return _engagements().visible_to(user)


def engagements_of_partner(*, user) -> QuerySet[Engagement]:
    return _engagements().of_partner(user)


def engagements_on(*, target) -> QuerySet[Engagement]:
    return _engagements().filter(**{Target.field_for(target): target})


def engagement_get(*, user, pk: int) -> Engagement:
    return get_object_or_404(engagement_list(user=user), pk=pk)


def engagement_get_for_organizer(*, user, pk: int) -> Engagement:
    return get_object_or_404(_engagements().organized_by(user), pk=pk)


def organized_targets(*, user) -> dict[str, QuerySet]:
    """What ``user`` may record engagements on and open calls for, by target field."""
    return {
        "initiative": Initiative.objects.editable_by(user).only("pk", "title").order_by("title"),
        "community": Community.objects.facilitated_by(user).only("pk", "name").order_by("name"),
        "governance_body": GovernanceBody.objects.organized_by(user).only("pk", "name").order_by("name"),
    }


def organizes(*, user, target) -> bool:
    """Whether ``user`` organizes ``target`` (an initiative, a space or a governance body)."""
    return organized_targets(user=user)[Target.field_for(target)].filter(pk=target.pk).exists()


def organized_target_from(*, user, params) -> Initiative | Community | GovernanceBody | None:
    """The target named in ``params`` (``initiative=<pk>``, ``community=<pk>`` or
    ``governance_body=<pk>``, as in a query string) among what ``user`` organizes; 404 for
    anything else or for several; None when none is named."""
    named = [field for field in Target.TARGET_FIELDS if field in params]
    if not named:
        return None
    value = params[named[0]]
    if len(named) > 1 or not str(value).isdigit():
        raise Http404
    return get_object_or_404(organized_targets(user=user)[named[0]], pk=int(value))


def active_engagement_counts(*, user_ids) -> dict[int, int]:
    rows = (
        Engagement.objects.active()
        .filter(partner_id__in=user_ids)
        .values("partner_id")
        .annotate(count=Count("pk"))
        .values_list("partner_id", "count")
    )
    return dict(rows)


# --- Calls ---------------------------------------------------------------------------------------


def _calls(user) -> QuerySet[Call]:
    return (
        Call.objects.visible_to(user)
        .select_related("initiative", "community", "governance_body")
        .prefetch_related(
            Prefetch("territories", queryset=Territory.objects.select_related("parent__parent")),
            "themes",
        )
    )


def call_list(*, user) -> QuerySet[Call]:
    """Open calls ``user`` may read, the closest deadline first."""
    # Ordered again: with the count (GROUP BY) the model's default order is not kept.
    return (
        _calls(user).open().annotate(application_count=Count("applications", distinct=True)).order_by("deadline", "pk")
    )


def call_get(*, user, pk: int) -> Call:
    return get_object_or_404(_calls(user), pk=pk)


def call_get_for_organizer(*, user, pk: int) -> Call:
    return get_object_or_404(_calls(user).organized_by(user), pk=pk)


def calls_organized_by(*, user) -> QuerySet[Call]:
    return (
        _calls(user)
        .organized_by(user)
        .annotate(
            application_count=Count("applications", distinct=True),
            pending_count=Count(
                "applications", filter=Q(applications__status=Application.Status.PENDING), distinct=True
            ),
        )
        .order_by("-status", "deadline", "pk")
    )


def application_of(*, call: Call, user) -> Application | None:
    if not is_signed_in(user):
        return None
    return Application.objects.filter(call=call, applicant=user).first()


def application_get_for_organizer(*, user, call: Call, pk: int) -> Application:
    return get_object_or_404(Application.objects.select_related("applicant", "call"), call=call, pk=pk)


# --- Fit between a call and a partner -------------------------------------------------------------


def _regions_of(territories) -> set[int] | None:
    """The RSS ids covering ``territories`` (None: all Québec, any region fits)."""
    regions = set()
    for territory in territories:
        if territory.kind == Territory.Kind.PROVINCE:
            return None
        if territory.kind == Territory.Kind.RSS:
            regions.add(territory.pk)
        else:
            # Local territories sit one or two levels under their RSS.
            parent = territory.parent
            while parent is not None and parent.kind != Territory.Kind.RSS:
                parent = parent.parent
            if parent is not None:
                regions.add(parent.pk)
    return regions or None


# Why a partner fits a call, in words (lazy: translated only when shown).
REASON_TYPE = gettext_lazy("partner type sought")
REASON_THEMES = gettext_lazy("lived experience in the domains sought")
REASON_TERRITORY = gettext_lazy("lives in the territory")
REASON_LANGUAGE = gettext_lazy("speaks a language of the call")


@dataclass
class Fit:
    """How well a partner fits a call: a score, and the reasons, in words."""

    score: int = 0
    reasons: list[str] = field(default_factory=list)


def fit(
    call: Call,
    *,
    partner_types,
    languages,
    region_id: int,
    theme_ids: set[int],
    regions: set[int] | None,
    call_theme_ids: set[int],
) -> Fit:
    """The fit of one partner with ``call``. ``theme_ids`` is the partner's experiential domains,
    empty unless they consent to share their lived experience."""
    result = Fit()
    types = set(call.partner_types) & set(partner_types)
    if types:
        result.score += 3
        result.reasons.append(REASON_TYPE)
    shared_themes = len(call_theme_ids & theme_ids)
    if shared_themes:
        result.score += 2 * min(shared_themes, 3)
        result.reasons.append(REASON_THEMES)
    if regions is not None and region_id in regions:
        result.score += 3
        result.reasons.append(REASON_TERRITORY)
    if call.languages:
        if set(call.languages) & set(languages):
            result.score += 1
            result.reasons.append(REASON_LANGUAGE)
        else:
            result.score -= 2
    return result


def _fit_profile(call: Call, profile: PartnerProfile, *, regions, call_theme_ids: set[int]) -> Fit:
    """``fit`` for a loaded profile (its domains prefetched, ``shares_experience`` set)."""
    theme_ids = {theme.pk for theme in profile.experience_themes.all()} if profile.shares_experience else set()
    return fit(
        call,
        partner_types=profile.partner_types,
        languages=profile.languages,
        region_id=profile.region_id,
        theme_ids=theme_ids,
        regions=regions,
        call_theme_ids=call_theme_ids,
    )


@dataclass
class Suggestion:
    profile: PartnerProfile
    fit: Fit
    active_engagements: int

    @property
    def carries_many(self) -> bool:
        return self.active_engagements >= MANY_ENGAGEMENTS


def _call_context(call: Call) -> tuple[set[int] | None, set[int]]:
    return _regions_of(call.territories.all()), {theme.pk for theme in call.themes.all()}


def _fit_score(call: Call, *, regions: set[int] | None, call_theme_ids: set[int]):
    """``fit``'s score as a database expression, so that the database ranks the candidates."""
    zero = Value(0)
    types = (
        Case(When(holds_any("partner_types", call.partner_types), then=Value(3)), default=zero)
        if call.partner_types
        else zero
    )
    region = Case(When(region_id__in=regions, then=Value(3)), default=zero) if regions else zero
    if call.languages:
        language = Case(When(holds_any("languages", call.languages), then=Value(1)), default=Value(-2))
    else:
        language = zero
    themes = zero
    if call_theme_ids:
        through = PartnerProfile.experience_themes.through
        shared = (
            through.objects.filter(partnerprofile=OuterRef("pk"), theme_id__in=call_theme_ids)
            .values("partnerprofile")
            .annotate(count=Count("pk"))
            .values("count")
        )
        # Domains count only for partners who consent to share their lived experience.
        themes = Case(
            When(with_consent(Purpose.LIVED_EXPERIENCE), then=2 * Least(Coalesce(Subquery(shared), zero), Value(3))),
            default=zero,
        )
    return ExpressionWrapper(types + region + language + themes, output_field=IntegerField())


def call_suggestions(*, call: Call, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Partners who consented to be contacted for calls, ranked by fit with ``call``; not those
    who already applied or already take part in what the call is for. Ties go to the partners
    carrying fewer active engagements.

    The database scores and ranks every candidate (``_fit_score``, the same rules as ``fit``)
    and returns the best ``limit``, whose reasons are then worked out in Python."""
    regions, call_theme_ids = _call_context(call)
    target_field = Target.field_for(call.target)
    engaged = Engagement.objects.counted().filter(partner=OuterRef("user"), **{target_field: call.target})
    applied = Application.objects.filter(call=call, applicant=OuterRef("user"))
    load = (
        Engagement.objects.active()
        .filter(partner=OuterRef("user"))
        .values("partner")
        .annotate(count=Count("pk"))
        .values("count")
    )
    best = list(
        PartnerProfile.objects.active()
        .consenting_to(Purpose.CONTACT)
        .exclude(Exists(engaged))
        .exclude(Exists(applied))
        .annotate(
            score=_fit_score(call, regions=regions, call_theme_ids=call_theme_ids),
            load=Coalesce(Subquery(load), Value(0)),
            shares_experience=with_consent(Purpose.LIVED_EXPERIENCE),
        )
        .select_related("user", "region")
        .prefetch_related("experience_themes")
        .order_by("-score", "load", "pk")[:limit]
    )
    return [
        Suggestion(
            profile=profile,
            fit=_fit_profile(call, profile, regions=regions, call_theme_ids=call_theme_ids),
            active_engagements=profile.load,
        )
        for profile in best
    ]


@dataclass
class Applicant:
    application: Application
    profile: PartnerProfile | None
    fit: Fit | None
    active_engagements: int

    @property
    def carries_many(self) -> bool:
        return self.active_engagements >= MANY_ENGAGEMENTS


def call_applications(*, call: Call) -> QuerySet[Application]:
    """The call's applications, waiting ones first, then in the order they came."""
    return (
        Application.objects.filter(call=call)
        .select_related("applicant", "engagement")
        .order_by(Case(When(status=Application.Status.PENDING, then=Value(0)), default=Value(1)), "created_at", "pk")
    )


def call_applicants(*, call: Call, applications=None) -> list[Applicant]:
    """``applications`` of the call (all of them by default, or a page of ``call_applications``)
    with each applicant's profile, fit and current load."""
    regions, call_theme_ids = _call_context(call)
    applications = list(call_applications(call=call) if applications is None else applications)
    user_ids = [application.applicant_id for application in applications]
    profiles = {
        profile.user_id: profile
        for profile in PartnerProfile.objects.filter(user_id__in=user_ids)
        .select_related("region")
        .prefetch_related("experience_themes")
        .annotate(shares_experience=with_consent(Purpose.LIVED_EXPERIENCE))
    }
    loads = active_engagement_counts(user_ids=user_ids)
    applicants = []
    for application in applications:
        profile = profiles.get(application.applicant_id)
        result = None
        if profile is not None:
            profile.user = application.applicant  # already loaded: the card asks no query
            result = _fit_profile(call, profile, regions=regions, call_theme_ids=call_theme_ids)
        applicants.append(Applicant(application, profile, result, loads.get(application.applicant_id, 0)))
    return applicants


@dataclass
class CallForPartner:
    call: Call
    fit: Fit
    application: Application | None


@dataclass
class CallsForPartner:
    """The "calls for you" of a person: the calls ranked by fit when they have a profile and
    agreed to be contacted for calls, otherwise ``calls`` is None and the flags say what is missing."""

    has_profile: bool
    contact_consent: bool
    calls: list[CallForPartner] | None


def calls_for_partner(*, user) -> CallsForPartner:
    """Open calls that fit ``user``'s profile (a positive fit), the best first."""
    profile = partner_profile_of(user=user)
    consents = consents_in_force(user=user)
    if profile is None or Purpose.CONTACT not in consents:
        return CallsForPartner(profile is not None, Purpose.CONTACT in consents, None)
    profile.shares_experience = Purpose.LIVED_EXPERIENCE in consents
    applications = {application.call_id: application for application in Application.objects.filter(applicant=user)}
    results = []
    for call in _calls(user).open():
        regions, call_theme_ids = _call_context(call)
        result = _fit_profile(call, profile, regions=regions, call_theme_ids=call_theme_ids)
        if result.score > 0:
            results.append(CallForPartner(call, result, applications.get(call.pk)))
    results.sort(key=lambda row: (-row.fit.score, row.call.deadline, row.call.pk))
    return CallsForPartner(True, True, results)


# --- Who is around the table (aggregates only) -------------------------------------------------


@dataclass
class CoverageRow:
    key: str
    label: str
    figure: Figure


@dataclass
class CoverageGroup:
    question: str
    rows: list[CoverageRow]
    missing: list[str]


@dataclass
class Coverage:
    """Who takes part in something, in aggregate: partner types, and the diversity answers of
    the partners who consented to the diversity statistics. Groups under 5 show as "< 5"; with
    fewer than 5 people answering, the diversity part is not shown at all."""

    partners: Figure
    types: CoverageGroup
    respondents: Figure
    diversity: list[CoverageGroup]
    missing_types: list[str]

    @property
    def diversity_shown(self) -> bool:
        return not self.respondents.suppressed and self.respondents.count > 0


def team_coverage(*, target, sought_types=()) -> Coverage:
    """The partners with an active engagement in ``target``, in aggregate ("qui manque-t-il?")."""
    partner_ids = set(
        Engagement.objects.active()
        .filter(**{Target.field_for(target): target}, partner__isnull=False)
        .values_list("partner_id", flat=True)
    )
    type_counts = Counter()
    for types in PartnerProfile.objects.filter(user_id__in=partner_ids).values_list("partner_types", flat=True):
        type_counts.update(types)
    types_group = CoverageGroup(
        question=_("Partner types"),
        rows=[CoverageRow(value, label, Figure(type_counts[value])) for value, label in PartnerType.choices],
        missing=[label for value, label in PartnerType.choices if not type_counts[value]],
    )
    answers = list(
        DiversityAnswers.objects.filter(user_id__in=partner_ids)
        .filter(with_consent(Purpose.DIVERSITY))
        .values(*[question for question, _choices, _label in DiversityAnswers.QUESTIONS])
    )
    diversity = []
    for question, choices, label in DiversityAnswers.QUESTIONS:
        counts = Counter(row[question] for row in answers if row[question])
        diversity.append(
            CoverageGroup(
                question=str(label),
                rows=[
                    CoverageRow(value, choice_label, Figure(counts[value])) for value, choice_label in choices.choices
                ],
                missing=[
                    choice_label for value, choice_label in choices.choices if value != "declined" and not counts[value]
                ],
            )
        )
    return Coverage(
        partners=Figure(len(partner_ids)),
        types=types_group,
        respondents=Figure(len(answers)),
        diversity=diversity,
        missing_types=[
            label for value, label in PartnerType.choices if value in sought_types and not type_counts[value]
        ],
    )


# --- Partnership-activity figures ----------------------------------------------------------------


@dataclass
class FigureRow:
    key: str
    label: str
    figure: Figure


@dataclass
class PartnershipFigures:
    """Computed from engagements, never typed. ``initiatives`` is how many initiatives the
    organization leads; shares are of those initiatives."""

    initiatives: Figure
    co_construction: Figure
    from_start: Figure
    by_territory: list[FigureRow]
    by_sphere: list[FigureRow]
    by_governance_level: list[FigureRow]
    engagements_by_level: list[FigureRow]


def organization_get(*, slug: str) -> Organization:
    return get_object_or_404(Organization, slug=slug)


def partnership_figures(*, organization: Organization) -> PartnershipFigures:
    """The partnership activity of the initiatives ``organization`` leads (aggregates only)."""
    initiatives = Initiative.objects.filter(lead_organization=organization)
    total = initiatives.count()
    engagements = Engagement.objects.counted().filter(initiative__in=initiatives)
    strong = engagements.filter(level__in=Level.at_least(Level.CO_CONSTRUCTION))

    def initiatives_with(queryset) -> int:
        return queryset.values("initiative_id").distinct().count()

    by_sphere_rows = dict(
        strong.values("sphere").annotate(count=Count("initiative_id", distinct=True)).values_list("sphere", "count")
    )
    by_level_rows = dict(
        strong.values("governance_level")
        .annotate(count=Count("initiative_id", distinct=True))
        .values_list("governance_level", "count")
    )
    strong_ids = set(strong.values_list("initiative_id", flat=True))
    by_territory = []
    region_totals: Counter = Counter()
    region_strong: Counter = Counter()
    region_names = {}
    for initiative_id, territory in _initiative_regions(initiatives):
        region_totals[territory.pk] += 1
        region_names[territory.pk] = territory
        if initiative_id in strong_ids:
            region_strong[territory.pk] += 1
    for region_id in sorted(region_totals, key=lambda pk: region_names[pk].code):
        by_territory.append(
            FigureRow(
                region_names[region_id].code,
                region_names[region_id].coded_name,
                Figure(region_strong[region_id], region_totals[region_id]),
            )
        )
    level_counts = dict(engagements.values("level").annotate(count=Count("pk")).values_list("level", "count"))
    return PartnershipFigures(
        initiatives=Figure(total),
        co_construction=Figure(len(strong_ids), total),
        from_start=Figure(initiatives_with(engagements.filter(from_start=True)), total),
        by_territory=by_territory,
        by_sphere=[
            FigureRow(value, label, Figure(by_sphere_rows.get(value, 0), total)) for value, label in Sphere.choices
        ],
        by_governance_level=[
            FigureRow(value, label, Figure(by_level_rows.get(value, 0), total))
            for value, label in GovernanceLevel.choices
        ],
        engagements_by_level=[
            FigureRow(value, label, Figure(level_counts.get(value, 0))) for value, label in Level.choices
        ],
    )


def _initiative_regions(initiatives) -> list[tuple[int, Territory]]:
    """(initiative id, RSS) pairs: each initiative counted once in each region it works in."""
    through = Initiative.territories.through
    pairs = set()
    rows = through.objects.filter(initiative__in=initiatives).select_related("territory__parent__parent")
    for row in rows:
        territory = row.territory
        while territory is not None and territory.kind not in (Territory.Kind.RSS, Territory.Kind.PROVINCE):
            territory = territory.parent
        if territory is not None and territory.kind == Territory.Kind.RSS:
            pairs.add((row.initiative_id, territory))
    return sorted(pairs, key=lambda pair: (pair[1].code, pair[0]))
