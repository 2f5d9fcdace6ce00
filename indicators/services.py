"""Every write on indicators, their co-construction, targets and imports.

Who may do what: stewards (named on the indicator by staff) and staff propose indicators,
change definitions, open co-construction, adopt, retire, set targets and import measurements;
every signed-in person comments, proposes changes and endorses, as a health partner (with a
partner profile) or as a professional.
"""

import datetime
import logging
import os
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem.exceptions import ApplicationError
from ecosystem.models import Organization, Territory, User, is_signed_in
from ecosystem.pages import csv_cell
from partnerships.models import PartnerType
from partnerships.selectors import partner_profile_of

from . import importing, periods
from .models import (
    Contribution,
    ContributorRole,
    ImportBatch,
    Indicator,
    IndicatorVersion,
    Target,
    Unit,
)
from .signals import measurements_imported

logger = logging.getLogger(__name__)


def _require_signed_in(by: User) -> None:
    if not is_signed_in(by):
        raise PermissionDenied(_("Sign in to take part."))


def _require_steward(indicator: Indicator, by: User) -> None:
    if not indicator.is_steward(by):
        raise PermissionDenied(_("Only the indicator's stewards may do this."))


def _require_can_propose(by: User) -> None:
    _require_signed_in(by)
    if not (by.is_staff or by.stewarded_indicators.exists()):
        raise PermissionDenied(_("Only indicator stewards and staff may propose an indicator."))


# --- Indicators and versions -----------------------------------------------------------------


@transaction.atomic
def indicator_create(
    *,
    by: User,
    code: str,
    family: str,
    aim_dimension: str,
    steward_organization: Organization | None = None,
    themes=(),
    **definition,
) -> Indicator:
    """Propose an indicator with the first version of its definition; ``by`` becomes a steward."""
    _require_can_propose(by)
    unknown = set(definition) - set(IndicatorVersion.DEFINITION_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field does not exist.") for name in sorted(unknown)})
    indicator = Indicator(
        code=code.strip().upper(),
        family=family,
        aim_dimension=aim_dimension,
        steward_organization=steward_organization,
        created_by=by,
    )
    indicator.full_clean()
    indicator.save()
    indicator.themes.set(themes)
    indicator.stewards.add(by)
    version = IndicatorVersion(indicator=indicator, number=1, created_by=by, **_cleaned(definition))
    version.full_clean()
    version.save()
    indicator.current = version
    indicator.save(update_fields=["current"])
    return indicator


def _cleaned(definition: dict) -> dict:
    return {name: value.strip() if isinstance(value, str) else value for name, value in definition.items()}


def _is_frozen(version: IndicatorVersion) -> bool:
    """Adopted or endorsed wording is kept as it was: changing it makes a new version."""
    return version.is_adopted or version.contributions.endorsements().exists()


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, by: User, change_note: str = "", themes=None, **values
) -> IndicatorVersion:
    """Change an indicator's description (family, dimension, organization, themes) and its
    definition. A definition that was endorsed or adopted is not changed in place: the change
    becomes a new version, and an adopted indicator goes back into co-construction."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    _require_steward(indicator, by)
    if indicator.status == Indicator.Status.RETIRED:
        raise ApplicationError(_("A retired indicator can no longer be changed."))
    described = {
        name: values.pop(name) for name in ("family", "aim_dimension", "steward_organization") if name in values
    }
    unknown = set(values) - set(IndicatorVersion.DEFINITION_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field does not exist.") for name in sorted(unknown)})
    if described:
        for name, value in described.items():
            setattr(indicator, name, value)
        indicator.full_clean()
        indicator.save(update_fields=list(described))
    if themes is not None:
        indicator.themes.set(themes)
    version = indicator.current
    values = _cleaned(values)
    changed = {name: value for name, value in values.items() if getattr(version, name) != value}
    if not changed:
        return version
    if _is_frozen(version):
        following = IndicatorVersion(
            indicator=indicator,
            number=version.number + 1,
            created_by=by,
            change_note=change_note.strip(),
            **{name: getattr(version, name) for name in IndicatorVersion.DEFINITION_FIELDS},
        )
        for name, value in changed.items():
            setattr(following, name, value)
        following.full_clean()
        following.save()
        indicator.current = following
        update = ["current"]
        if indicator.status == Indicator.Status.ADOPTED:
            indicator.status = Indicator.Status.CO_CONSTRUCTION
            update.append("status")
        indicator.save(update_fields=update)
        return following
    for name, value in changed.items():
        setattr(version, name, value)
    if change_note:
        version.change_note = change_note.strip()
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def indicator_open(*, indicator: Indicator, by: User) -> Indicator:
    """Open a proposed indicator to co-construction (endorsements start here)."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    _require_steward(indicator, by)
    if indicator.status != Indicator.Status.PROPOSED:
        raise ApplicationError(_("Only a proposed indicator can be opened to co-construction."))
    indicator.status = Indicator.Status.CO_CONSTRUCTION
    indicator.save(update_fields=["status"])
    return indicator


@transaction.atomic
def indicator_adopt(*, indicator: Indicator, by: User) -> Indicator:
    """Adopt the current version. Refused unless at least one health partner and one
    professional endorse that very version."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    _require_steward(indicator, by)
    if indicator.status != Indicator.Status.CO_CONSTRUCTION:
        raise ApplicationError(_("Only an indicator in co-construction can be adopted."))
    version = indicator.current
    roles = set(version.contributions.endorsements().values_list("role", flat=True))
    needed = {
        ContributorRole.PARTNER: _("a health partner's endorsement"),
        ContributorRole.PROFESSIONAL: _("a professional's endorsement"),
    }
    missing = [label for role, label in needed.items() if role not in roles]
    if missing:
        raise ApplicationError(
            _(
                "This version cannot be adopted yet: it needs the endorsement of at least one health "
                "partner and one professional. Missing: %(missing)s."
            )
            % {"missing": _(" and ").join(missing)}
        )
    version.adopted_at = timezone.now()
    version.adopted_by = by
    version.save(update_fields=["adopted_at", "adopted_by"])
    indicator.status = Indicator.Status.ADOPTED
    indicator.in_force = version
    indicator.save(update_fields=["status", "in_force"])
    return indicator


@transaction.atomic
def indicator_retire(*, indicator: Indicator, by: User) -> Indicator:
    """Retire an indicator: its definition and values stay readable, marked as retired."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    _require_steward(indicator, by)
    if indicator.status == Indicator.Status.RETIRED:
        raise ApplicationError(_("This indicator is already retired."))
    indicator.status = Indicator.Status.RETIRED
    indicator.save(update_fields=["status"])
    return indicator


# --- Co-construction -------------------------------------------------------------------------


def _role_detail(by: User, role: str, role_detail: str) -> str:
    """What the record keeps of the contributor's role at that time."""
    role_detail = role_detail.strip()
    if role == ContributorRole.PARTNER:
        profile = partner_profile_of(user=by)
        if profile is None:
            raise ValidationError({"role": _("Create your partner profile first to contribute as a health partner.")})
        if not role_detail:
            labels = dict(PartnerType.choices)
            role_detail = ", ".join(str(labels.get(kind, kind)) for kind in profile.partner_types)
    return role_detail[:120]


@transaction.atomic
def contribution_add(
    *,
    indicator: Indicator,
    by: User,
    kind: str,
    role: str,
    role_detail: str = "",
    text: str = "",
    field: str = "",
    credited: bool = False,
) -> Contribution:
    """Comment on, propose a change to or endorse the current version of an indicator."""
    _require_signed_in(by)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if indicator.status == Indicator.Status.RETIRED:
        raise ApplicationError(_("A retired indicator no longer takes contributions."))
    if role not in ContributorRole.values:
        raise ValidationError({"role": _("Say whether you contribute as a health partner or as a professional.")})
    text = text.strip()
    if kind == Contribution.Kind.ENDORSEMENT:
        if indicator.status != Indicator.Status.CO_CONSTRUCTION:
            raise ApplicationError(_("Endorsements are given while an indicator is in co-construction."))
        if indicator.current.contributions.endorsements().filter(contributor=by).exists():
            raise ApplicationError(_("You have already endorsed this version."))
    elif kind == Contribution.Kind.PROPOSAL:
        if field not in IndicatorVersion.DEFINITION_FIELDS:
            raise ValidationError({"field": _("Choose the part of the definition your change is about.")})
        if not text:
            raise ValidationError({"text": _("Write the wording you propose.")})
    elif kind == Contribution.Kind.COMMENT:
        if not text:
            raise ValidationError({"text": _("Write your comment.")})
    else:
        raise ValidationError({"kind": _("Choose a comment, a proposed change or an endorsement.")})
    contribution = Contribution(
        indicator=indicator,
        version=indicator.current,
        contributor=by,
        role=role,
        role_detail=_role_detail(by, role, role_detail),
        kind=kind,
        field=field if kind == Contribution.Kind.PROPOSAL else "",
        text=text,
        credited=credited,
        proposal_status=Contribution.ProposalStatus.OPEN if kind == Contribution.Kind.PROPOSAL else "",
    )
    contribution.full_clean()
    try:
        with transaction.atomic():
            contribution.save()
    except IntegrityError:
        raise ApplicationError(_("You have already endorsed this version.")) from None
    return contribution


@transaction.atomic
def endorsement_withdraw(*, contribution: Contribution, by: User) -> Contribution:
    contribution = Contribution.objects.select_for_update().select_related("version").get(pk=contribution.pk)
    if contribution.contributor_id != getattr(by, "pk", None) or contribution.kind != Contribution.Kind.ENDORSEMENT:
        raise PermissionDenied(_("Only the person who endorsed may withdraw the endorsement."))
    if contribution.withdrawn_at is not None:
        raise ApplicationError(_("This endorsement is already withdrawn."))
    if contribution.version.is_adopted:
        raise ApplicationError(_("An endorsement of an adopted version stays on record."))
    contribution.withdrawn_at = timezone.now()
    contribution.save(update_fields=["withdrawn_at"])
    return contribution


@transaction.atomic
def proposal_accept(*, contribution: Contribution, by: User, change_note: str = "") -> IndicatorVersion:
    """Apply a proposed change to the definition (a new version if the current one is frozen)."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    _require_steward(contribution.indicator, by)
    if contribution.proposal_status != Contribution.ProposalStatus.OPEN:
        raise ApplicationError(_("This proposal has already been answered."))
    version = indicator_update(
        indicator=contribution.indicator,
        by=by,
        change_note=change_note or _("Proposed change accepted"),
        **{contribution.field: contribution.text},
    )
    contribution.proposal_status = Contribution.ProposalStatus.ACCEPTED
    contribution.save(update_fields=["proposal_status"])
    return version


@transaction.atomic
def proposal_decline(*, contribution: Contribution, by: User) -> Contribution:
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    _require_steward(contribution.indicator, by)
    if contribution.proposal_status != Contribution.ProposalStatus.OPEN:
        raise ApplicationError(_("This proposal has already been answered."))
    contribution.proposal_status = Contribution.ProposalStatus.DECLINED
    contribution.save(update_fields=["proposal_status"])
    return contribution


# --- Targets ---------------------------------------------------------------------------------


def _check_in_unit(value, unit: str, field: str = "value") -> None:
    if value is None:
        return
    if unit == Unit.PERCENT and not 0 <= value <= 100:
        raise ValidationError({field: _("A percentage must be between 0 and 100.")})
    if unit in (Unit.COUNT, Unit.RATE_1000, Unit.RATE_100000, Unit.DAYS) and value < 0:
        raise ValidationError({field: _("A value of this indicator cannot be negative.")})


@transaction.atomic
def target_save(
    *,
    indicator: Indicator,
    by: User,
    level: str,
    territory: Territory,
    period: str,
    value,
    rationale: str,
    target: Target | None = None,
) -> Target:
    """Set (or change) the target of a governance level for a territory and a period."""
    _require_steward(indicator, by)
    if indicator.status == Indicator.Status.RETIRED:
        raise ApplicationError(_("A retired indicator no longer takes targets."))
    try:
        granularity, start, end = periods.parse(period)
    except periods.PeriodError as error:
        raise ValidationError({"period": str(error)}) from None
    _check_in_unit(value, indicator.current.unit)
    target = target or Target(indicator=indicator, created_by=by)
    if target.indicator_id != indicator.pk:
        raise PermissionDenied(_("This target belongs to another indicator."))
    target.level, target.territory, target.value, target.rationale = level, territory, value, rationale.strip()
    target.granularity, target.period_start, target.period_end = granularity, start, end
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def target_delete(*, target: Target, by: User) -> None:
    _require_steward(target.indicator, by)
    target.delete()


# --- Imports ---------------------------------------------------------------------------------

REQUIRED_COLUMNS = ["territory", "period"]


def _file_format(upload: UploadedFile) -> str:
    import filetype

    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    limit = settings.INDICATORS_IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(size)s MB: split it.") % {"size": limit // (1024 * 1024)}}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.extension in ("xlsx", "zip"):
        return ImportBatch.Format.XLSX
    if kind is not None or b"\x00" in head:
        raise ValidationError({"file": _("This file is neither a CSV file nor an XLSX workbook.")})
    return ImportBatch.Format.CSV


@transaction.atomic
def import_create(*, by: User, file: UploadedFile) -> ImportBatch:
    """Keep an uploaded file and read its columns; nothing is checked or imported yet."""
    _require_signed_in(by)
    if not (by.is_staff or by.stewarded_indicators.exists()):
        raise PermissionDenied(_("Only indicator stewards may import measurements."))
    format = _file_format(file)
    try:
        columns = importing.header_of(file, format)
    except Exception:  # openpyxl raises many kinds of errors on a damaged workbook
        logger.info("Unreadable import file %s", file.name, exc_info=True)
        raise ValidationError({"file": _("This file cannot be read: is it a CSV file or an XLSX workbook?")}) from None
    if not columns:
        raise ValidationError({"file": _("The file has no header row with the names of its columns.")})
    file.seek(0)
    batch = ImportBatch(
        created_by=by,
        original_name=os.path.basename(file.name)[:255],
        format=format,
        columns=columns,
        source="",
    )
    batch.file.save(f"{timezone.now():%Y%m%d-%H%M%S}.{format}", file, save=False)
    batch.save()
    return batch


def _check_mapping(batch: ImportBatch, mapping: dict) -> dict:
    mapping = {key: (value or "").strip() if isinstance(value, str) else value for key, value in mapping.items()}
    mapping = {key: value for key, value in mapping.items() if value}
    errors: dict[str, str] = {}
    unknown = set(mapping) - set(importing.MAPPED_FIELDS) - {"fixed_indicator"}
    for key in sorted(unknown):
        errors[key] = _("This field does not exist.")
    for key, column in mapping.items():
        if key in importing.MAPPED_FIELDS and column not in batch.columns:
            errors[key] = _("The file has no column “%(column)s”.") % {"column": column}
    for key in REQUIRED_COLUMNS:
        if key not in mapping:
            errors.setdefault(key, _("Choose the column that holds this."))
    if "indicator" not in mapping and "fixed_indicator" not in mapping:
        errors["indicator"] = _("Choose the column of indicator codes, or the one indicator the whole file is about.")
    if "value" not in mapping and not ("numerator" in mapping and "denominator" in mapping):
        errors["value"] = _("Choose the column of values, or both the numerator and the denominator columns.")
    if ("dimension" in mapping) != ("category" in mapping):
        errors["category"] = _("Choose both the dimension and the category columns, or neither (totals only).")
    if "fixed_indicator" in mapping:
        code = str(mapping["fixed_indicator"]).upper()
        if not Indicator.objects.filter(code=code).exists():
            errors["fixed_indicator"] = _("Unknown indicator “%(code)s”.") % {"code": code}
        mapping["fixed_indicator"] = code
    used = [column for key, column in mapping.items() if key in importing.MAPPED_FIELDS]
    if len(used) != len(set(used)):
        errors.setdefault("value", _("Each column can be used only once."))
    if errors:
        raise ValidationError(errors)
    return mapping


def import_map(*, batch: ImportBatch, by: User, mapping: dict, source: str, cumulative: bool = False) -> ImportBatch:
    """Say which column holds what, then check the file (in a Celery task: the preview)."""
    from .tasks import import_check_task

    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.created_by_id != by.pk and not by.is_staff:
            raise PermissionDenied(_("Only the person who uploaded this file may import it."))
        if batch.status not in (ImportBatch.Status.UPLOADED, ImportBatch.Status.INVALID, ImportBatch.Status.VALID):
            raise ApplicationError(_("This file is already being imported or has been imported."))
        batch.mapping = _check_mapping(batch, mapping)
        batch.source = source.strip()
        if not batch.source:
            raise ValidationError(
                {"source": _("Name the source of these values, for example the survey and its year.")}
            )
        batch.cumulative = cumulative
        batch.status = ImportBatch.Status.VALIDATING
        batch.full_clean(exclude=["file"])
        batch.save()
    transaction.on_commit(lambda: import_check_task.delay(batch.pk))
    return batch


def _progress_key(batch_id: int) -> str:
    return f"indicators:import:{batch_id}:progress"


def import_progress(*, batch: ImportBatch) -> int:
    """How far the running step of an import is, in percent (from the cache; 100 when done)."""
    from django.core.cache import cache

    if not batch.is_running:
        return 100
    return int(cache.get(_progress_key(batch.pk)) or 0)


def _set_progress(batch_id: int, percent: float) -> None:
    from django.core.cache import cache

    try:
        cache.set(_progress_key(batch_id), max(0, min(99, int(percent))), timeout=3600)
    except Exception:  # progress is a courtesy: Redis down must not fail the import
        logger.warning("Could not record the progress of import %s", batch_id)


def import_check(*, batch_id: int) -> ImportBatch:
    """Read the whole file, write the error report and the checked rows, record the preview.
    Nothing is written to the measurements (the Celery task's body)."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.status != ImportBatch.Status.VALIDATING:
        return batch
    references = importing.References.load(batch.created_by)
    size = max(batch.file.size, 1)
    errors: list[importing.RowError] = []
    with (
        tempfile.NamedTemporaryFile("w+", suffix=".csv", encoding="utf-8", newline="") as report_file,
        tempfile.NamedTemporaryFile("w+", suffix=".tsv", encoding="utf-8", newline="\n") as checked_file,
        batch.file.open("rb") as source,
    ):
        report = _report_writer(report_file)

        def keep(error: importing.RowError) -> None:
            if len(errors) < importing.ERRORS_KEPT:
                errors.append(error)
            report(error)

        def progress(_line: int) -> None:
            if batch.format == ImportBatch.Format.CSV:
                _set_progress(batch.pk, 100 * source.tell() / size)

        try:
            result = importing.check(
                importing.rows_of(source, batch.format),
                mapping=batch.mapping,
                references=references,
                cumulative=batch.cumulative,
                out=checked_file,
                report=keep,
                progress=progress,
            )
        except Exception:
            logger.exception("Import %s could not be read", batch.pk)
            batch.status = ImportBatch.Status.FAILED
            batch.failure = _("The file could not be read to the end: check that it is a valid CSV or XLSX file.")
            batch.finished_at = timezone.now()
            batch.save(update_fields=["status", "failure", "finished_at"])
            return batch
        batch.row_count, batch.error_count = result.rows, result.error_rows
        batch.errors = [vars(error) for error in errors]
        batch.sample = result.sample
        batch.indicator_codes = sorted(result.indicator_codes)
        if result.rows == 0:
            batch.error_count = 0
            batch.errors = [vars(importing.RowError(1, "", "", _("The file has no rows of values under its header.")))]
            batch.status = ImportBatch.Status.INVALID
        elif result.error_rows:
            report_file.flush()
            report_file.seek(0)
            batch.error_report.save("errors.csv", File(report_file), save=False)
            batch.status = ImportBatch.Status.INVALID
        else:
            checked_file.flush()
            checked_file.seek(0)
            batch.checked.save("checked.tsv", File(checked_file), save=False)
            batch.status = ImportBatch.Status.VALID
    batch.save()
    return batch


def _report_writer(file):
    import csv

    writer = csv.writer(file)
    file.write("\ufeff")
    writer.writerow([_("row"), _("column"), _("value"), _("error")])

    def write(error: importing.RowError) -> None:
        writer.writerow([error.row, csv_cell(error.column), csv_cell(error.value), error.message])

    return write


def import_confirm(*, batch: ImportBatch, by: User) -> ImportBatch:
    """Write a checked file's values (in a Celery task, all at once)."""
    from .tasks import import_run_task

    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.created_by_id != by.pk and not by.is_staff:
            raise PermissionDenied(_("Only the person who uploaded this file may import it."))
        if batch.status != ImportBatch.Status.VALID:
            raise ApplicationError(_("Only a file checked without errors can be imported."))
        batch.status = ImportBatch.Status.IMPORTING
        batch.save(update_fields=["status"])
    transaction.on_commit(lambda: import_run_task.delay(batch.pk))
    return batch


def import_run(*, batch_id: int) -> ImportBatch:
    """Write every checked row in one transaction (the Celery task's body). Run again after a
    worker was lost, it starts over: the lost run's transaction was rolled back."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != ImportBatch.Status.IMPORTING:
        return batch
    try:
        with transaction.atomic():
            with batch.checked.open("rb") as checked:
                loaded = importing.load(
                    checked,
                    batch_id=batch.pk,
                    source=batch.source,
                    progress=lambda share: _set_progress(batch.pk, 90 * share),
                )
            indicator_ids = list(Indicator.objects.filter(code__in=batch.indicator_codes).values_list("pk", flat=True))
            if loaded.since is not None:
                importing.suppress_complementary(indicator_ids=indicator_ids, since=loaded.since, until=loaded.until)
            batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            batch.inserted, batch.updated = loaded.inserted, loaded.updated
            batch.status = ImportBatch.Status.DONE
            batch.finished_at = timezone.now()
            batch.save(update_fields=["inserted", "updated", "status", "finished_at"])
    except Exception:
        logger.exception("Import %s failed", batch_id)
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.FAILED,
            failure=_("The import failed and nothing was written. Try again, or contact the platform's team."),
            finished_at=timezone.now(),
        )
        return ImportBatch.objects.get(pk=batch_id)
    if loaded.since is not None:
        # After the commit, and outside the import's error handling: what the apps above do
        # with the news can't fail an import that is written.
        transaction.on_commit(
            lambda: measurements_imported.send_robust(ImportBatch, batch=batch, since=loaded.since, until=loaded.until)
        )
    return batch


def import_report_name(batch: ImportBatch) -> str:
    return f"erreurs-{batch.pk}-{datetime.date.today():%Y%m%d}.csv"
