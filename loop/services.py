"""Every write of the learning loop: watch signals, decisions and synthesis runs."""

import datetime
import logging

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError

from communities.models import Community
from ecosystem.exceptions import ApplicationError
from ecosystem.models import Organization, Territory, User
from indicators import periods
from indicators.models import Granularity
from initiatives.models import Initiative, Learning

from . import synthesis
from .models import (
    FIRST_YEAR,
    Decision,
    Signal,
    SignalStatus,
    Synthesis,
    SynthesisRun,
    can_record_decisions,
    can_triage,
)
from .page_cache import pages_changed

logger = logging.getLogger(__name__)

# --- Watch signals -------------------------------------------------------------------------------


SIGNAL_WITHOUT_TERRITORY = gettext_lazy("Choose the territory where this was noticed.")


@transaction.atomic
def signal_create(
    *, by: User, kind: str, title: str, description: str, territory: Territory | None, themes=()
) -> Signal:
    """Post a watch signal. It stays out of public view until someone triages it."""
    if territory is None:
        raise ValidationError({"territory": SIGNAL_WITHOUT_TERRITORY})
    signal = Signal(kind=kind, title=title, description=description, territory=territory, submitted_by=by)
    signal.full_clean()
    signal.save()
    signal.themes.set(themes)
    return signal


@transaction.atomic
def signal_triage(
    *,
    signal: Signal,
    by: User,
    status: str,
    note: str = "",
    initiative: Initiative | None = None,
    community: Community | None = None,
) -> Signal:
    """Move a signal along new → under review → handled, or link it to an initiative or a space."""
    if not can_triage(by):
        raise ApplicationError(_("Only co-facilitators and staff triage watch signals."))
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if status == SignalStatus.LINKED and initiative is None and community is None:
        raise ValidationError({"initiative": _("Choose the initiative or the co-learning space this signal goes to.")})
    if status != SignalStatus.LINKED:
        initiative = community = None
    signal.status, signal.triage_note = status, note
    signal.initiative, signal.community = initiative, community
    signal.triaged_by, signal.triaged_at = by, timezone.now()
    signal.full_clean()
    signal.save()
    return signal


# --- Decisions -----------------------------------------------------------------------------------


def _check_sources(learnings, signals) -> None:
    unpublished = [learning for learning in learnings if learning.status != Learning.Status.PUBLISHED]
    if unpublished:
        raise ValidationError(
            {
                "learnings": _("Only published learnings can be cited; not published: %(titles)s.")
                % {"titles": ", ".join(f"« {learning.title} »" for learning in unpublished)}
            }
        )
    unreviewed = [signal for signal in signals if signal.status == SignalStatus.NEW]
    if unreviewed:
        raise ValidationError(
            {
                "signals": _("A watch signal can be cited once it has been triaged: %(titles)s.")
                % {"titles": ", ".join(f"« {signal.title} »" for signal in unreviewed)}
            }
        )


def _require_decision_maker(user) -> None:
    if not can_record_decisions(user):
        raise ApplicationError(_("Only decision-makers record decisions."))


@transaction.atomic
def decision_create(
    *,
    by: User,
    title: str,
    description: str,
    level: str,
    decided_on: datetime.date,
    organization: Organization,
    territory: Territory,
    kind: str = Decision.Kind.DECISION,
    learnings=(),
    signals=(),
    syntheses=(),
    indicators=(),
) -> Decision:
    """Record a decision or an adaptation with what informed it."""
    _require_decision_maker(by)
    learnings, signals = list(learnings), list(signals)
    _check_sources(learnings, signals)
    decision = Decision(
        kind=kind,
        title=title,
        description=description,
        level=level,
        decided_on=decided_on,
        organization=organization,
        territory=territory,
        recorded_by=by,
    )
    _check_date(decided_on)
    decision.full_clean()
    decision.save()
    transaction.on_commit(pages_changed)
    decision.learnings.set(learnings)
    decision.signals.set(signals)
    decision.syntheses.set(syntheses)
    decision.indicators.set(indicators)
    return decision


def _check_date(decided_on: datetime.date | None) -> None:
    if decided_on is not None and decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("A decision is recorded once it is taken: the date is in the future.")})


def can_change_decision(user, decision: Decision) -> bool:
    return can_record_decisions(user) and (user.is_staff or decision.recorded_by_id == user.pk)


DECISION_FIELDS = ("kind", "title", "description", "level", "decided_on", "organization", "territory")
DECISION_LINKS = ("learnings", "signals", "syntheses", "indicators")


@transaction.atomic
def decision_update(*, decision: Decision, by: User, **changes) -> Decision:
    """Change a decision (its author or staff). ``changes`` holds fields and links to replace."""
    if not can_change_decision(by, decision):
        raise ApplicationError(_("Only the person who recorded this decision, or staff, may change it."))
    unknown = set(changes) - set(DECISION_FIELDS) - set(DECISION_LINKS)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    links = {name: list(changes.pop(name)) for name in DECISION_LINKS if name in changes}
    _check_sources(links.get("learnings", ()), links.get("signals", ()))
    for name, value in changes.items():
        setattr(decision, name, value)
    _check_date(decision.decided_on)
    decision.full_clean()
    decision.save()
    for name, items in links.items():
        getattr(decision, name).set(items)
    transaction.on_commit(pages_changed)
    return decision


@transaction.atomic
def decision_delete(*, decision: Decision, by: User) -> None:
    if not can_change_decision(by, decision):
        raise ApplicationError(_("Only the person who recorded this decision, or staff, may delete it."))
    decision.delete()
    transaction.on_commit(pages_changed)


# --- Syntheses -----------------------------------------------------------------------------------

PROGRESS_TIMEOUT = 3600


def _progress_key(run_id: int) -> str:
    return f"loop:synthesis-progress:{run_id}"


def synthesis_progress(*, run: SynthesisRun) -> int:
    """How far a run is, in percent (from the cache: Redis down gives 0, never an error)."""
    if run.status not in (SynthesisRun.Status.QUEUED, SynthesisRun.Status.RUNNING):
        return 100
    try:
        return int(cache.get(_progress_key(run.pk)) or 0)
    except Exception:
        return 0


def _set_progress(run_id: int, percent: int) -> None:
    try:
        cache.set(_progress_key(run_id), max(0, min(99, int(percent))), timeout=PROGRESS_TIMEOUT)
    except Exception:  # progress is a courtesy: Redis down must not fail the run
        logger.warning("Could not record the progress of synthesis run %s", run_id)


def period_years(text: str) -> list[int]:
    """The year a requested period ("2025" or "2025-T3") falls in, refusing what is not a
    quarter or a year and what has not started yet."""
    try:
        granularity, start, _end = periods.parse(text)
    except periods.PeriodError as error:
        raise ValidationError({"period": str(error)}) from error
    if granularity not in (Granularity.YEAR, Granularity.QUARTER):
        raise ValidationError({"period": _("Syntheses are calculated for a quarter or a year (2025 or 2025-T3).")})
    if start > timezone.localdate():
        raise ValidationError({"period": _("This period has not started yet: there is nothing to sum up.")})
    return [start.year]


def nightly_years(today: datetime.date | None = None) -> list[int]:
    """The current year, and the previous one during its first quarter (late data)."""
    today = today or timezone.localdate()
    return [today.year - 1, today.year] if today.month <= 3 else [today.year]


def synthesis_request(*, years, trigger: str, by: User | None = None) -> SynthesisRun:
    """Queue a run for ``years`` (each with its quarters). The task starts once this commits."""
    from .tasks import synthesis_run_task

    if trigger == SynthesisRun.Trigger.MANUAL and not (by is not None and by.is_staff):
        raise ApplicationError(_("Only staff start a synthesis."))
    years = sorted(set(years))
    this_year = timezone.localdate().year
    if not years or any(year > this_year or year < FIRST_YEAR for year in years):
        raise ValidationError({"period": _("Choose a year between %(first)s and this year.") % {"first": FIRST_YEAR}})
    run = SynthesisRun.objects.create(years=years, trigger=trigger, requested_by=by)
    transaction.on_commit(lambda: _send(run, synthesis_run_task))
    return run


def _send(run: SynthesisRun, task) -> None:
    """Queue the run's task; a broker that can't be reached fails the run (the dashboard keeps
    the previous snapshots, and the nightly run tries again) instead of the request."""
    try:
        task.delay(run.pk)
    except OperationalError:
        logger.warning("Synthesis run %s could not be queued: the broker is unreachable", run.pk)
        SynthesisRun.objects.filter(pk=run.pk).update(
            status=SynthesisRun.Status.FAILED,
            failure=_("The task queue cannot be reached: the calculation did not start. Try again later."),
            finished_at=timezone.now(),
        )


def _store(year: synthesis.ComputedYear, *, run: SynthesisRun, today: datetime.date) -> int:
    """Replace the snapshots of ``year`` in place (decisions that cite one keep their link).
    Rows are updated in primary-key order: two runs of the same year wait on each other's row
    locks instead of deadlocking, and the later commit wins."""
    now = timezone.now()
    existing = {
        (row.territory_id, row.granularity, row.period_start, row.theme_id): row
        for row in Synthesis.objects.filter(period_start__year=year.year).order_by("pk")
    }
    changed, added = [], []
    for territory, period, theme, figures in year.documents:
        row = existing.pop((territory, period.granularity, period.start, theme), None)
        if row is None:
            row = Synthesis(
                territory_id=territory, theme_id=theme, granularity=period.granularity, period_start=period.start
            )
            added.append(row)
        else:
            changed.append(row)
        row.period_end, row.run, row.computed_at = period.end, run, now
        row.provisional, row.figures = period.end >= today, figures
    changed.sort(key=lambda row: row.pk)
    Synthesis.objects.bulk_update(
        changed, ["period_end", "run", "computed_at", "provisional", "figures"], batch_size=500
    )
    Synthesis.objects.bulk_create(added, batch_size=500)
    Synthesis.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    return len(changed) + len(added)


def synthesis_run(*, run_id: int, today: datetime.date | None = None) -> SynthesisRun:
    """Compute the run's years and swap their snapshots in one transaction (the task's body).
    Readers see the previous snapshots until the commit; a lost worker leaves nothing and the
    task, delivered again, starts over."""
    run = SynthesisRun.objects.get(pk=run_id)
    if run.status == SynthesisRun.Status.DONE:
        return run
    SynthesisRun.objects.filter(pk=run.pk).update(status=SynthesisRun.Status.RUNNING, started_at=timezone.now())
    today = today or timezone.localdate()
    try:
        computed = [
            synthesis.compute_year(
                year,
                today=today,
                progress=lambda percent, step=step: _set_progress(run.pk, (step * 100 + percent) / len(run.years)),
            )
            for step, year in enumerate(run.years)
        ]
        with transaction.atomic():
            count = sum(_store(year, run=run, today=today) for year in computed)
            transaction.on_commit(pages_changed)
            run = SynthesisRun.objects.select_for_update().get(pk=run.pk)
            run.status, run.finished_at, run.synthesis_count = SynthesisRun.Status.DONE, timezone.now(), count
            run.save(update_fields=["status", "finished_at", "synthesis_count"])
    except Exception:
        logger.exception("Synthesis run %s failed", run_id)
        SynthesisRun.objects.filter(pk=run_id).update(
            status=SynthesisRun.Status.FAILED,
            failure=_("The synthesis failed and the previous one stays published. Try again later."),
            finished_at=timezone.now(),
        )
        return SynthesisRun.objects.get(pk=run_id)
    return run
