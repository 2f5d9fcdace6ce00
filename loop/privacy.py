"""The learning loop's part in a person's data (see ``ecosystem.personal_data``).

What a person gives here: the watch signals they posted (with how they were triaged) and the
decisions they recorded as a decision-maker. Nothing is kept under a consent purpose.

On erasure, signals and decisions stay: they are what the field noticed and what changed. Their
foreign keys to the person are cleared (they would be by ``SET_NULL`` too, when the ``User`` row
goes), and a triage note that names the person is blanked."""

from django.db.models import Q

from ecosystem.models import User

from .models import Decision, Signal, SynthesisRun


def export(user: User) -> dict[str, list[dict]]:
    signals = (
        Signal.objects.filter(submitted_by=user)
        .select_related("territory", "initiative", "community")
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )
    decisions = (
        Decision.objects.filter(recorded_by=user)
        .select_related("organization", "territory")
        .prefetch_related("learnings", "signals", "indicators")
        .order_by("decided_on", "pk")
    )
    return {
        "watch_signals": [
            {
                "kind": signal.kind,
                "title": signal.title,
                "description": signal.description,
                "territory": signal.territory.code,
                "themes": " ".join(theme.slug for theme in signal.themes.all()),
                "created_at": signal.created_at,
                "status": signal.status,
                "initiative": signal.initiative.slug if signal.initiative else "",
                "community": signal.community.slug if signal.community else "",
                "triaged_at": signal.triaged_at,
                "triage_note": signal.triage_note,
            }
            for signal in signals
        ],
        "decisions_recorded": [
            {
                "kind": decision.kind,
                "title": decision.title,
                "description": decision.description,
                "level": decision.level,
                "decided_on": decision.decided_on,
                "organization": decision.organization.slug,
                "territory": decision.territory.code,
                "learnings": " ".join(str(learning.pk) for learning in decision.learnings.all()),
                "signals": " ".join(str(signal.pk) for signal in decision.signals.all()),
                "indicators": " ".join(indicator.code for indicator in decision.indicators.all()),
                "created_at": decision.created_at,
            }
            for decision in decisions
        ],
    }


def consent_withdrawn(user: User, purpose: str) -> None:
    """Nothing to do: the learning loop keeps nothing under a consent purpose."""


def erase(user: User) -> None:
    """Signals and decisions stay without the person: who posted, triaged or recorded them (or
    asked for a synthesis run) is forgotten, and a triage note that names the person is blanked."""
    marks = [mark for mark in (user.display_name, user.email) if len(mark or "") >= 3]
    named = Q()
    for mark in marks:
        named |= Q(triage_note__icontains=mark)
    if marks:
        Signal.objects.filter(Q(submitted_by=user) | Q(triaged_by=user)).filter(named).update(triage_note="")
    Signal.objects.filter(submitted_by=user).update(submitted_by=None)
    Signal.objects.filter(triaged_by=user).update(triaged_by=None)
    Decision.objects.filter(recorded_by=user).update(recorded_by=None)
    SynthesisRun.objects.filter(requested_by=user).update(requested_by=None)
