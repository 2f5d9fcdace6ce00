"""The indicators' part in a person's data (see ``ecosystem.personal_data``).

What a person gives here: contributions to the co-construction of indicators (comments, proposed
changes, endorsements, with their role at the time), files of measurements they imported as a
steward, and the indicators they steward. Nothing is kept under a consent: showing one's name on
an indicator sheet is a choice made on each contribution (``credited``), not a consent purpose."""

from ecosystem.models import User

from .models import Contribution, ImportBatch, Indicator


def export(user: User) -> dict[str, list[dict]]:
    contributions = (
        Contribution.objects.filter(contributor=user)
        .select_related("indicator", "version")
        .order_by("created_at", "pk")
    )
    return {
        "indicator_contributions": [
            {
                "indicator": contribution.indicator.code,
                "version": contribution.version.number,
                "kind": contribution.kind,
                "role": contribution.role,
                "role_detail": contribution.role_detail,
                "field": contribution.field,
                "text": contribution.text,
                "credited": contribution.credited,
                "proposal_status": contribution.proposal_status,
                "created_at": contribution.created_at,
                "withdrawn_at": contribution.withdrawn_at,
            }
            for contribution in contributions
        ],
        "indicator_imports": [
            {
                "file_name": batch.original_name,
                "source": batch.source,
                "created_at": batch.created_at,
                "status": batch.status,
                "rows": batch.row_count,
                "rows_with_errors": batch.error_count,
                "inserted": batch.inserted,
                "updated": batch.updated,
                "unchanged": batch.unchanged,
                "finished_at": batch.finished_at,
            }
            for batch in ImportBatch.objects.filter(created_by=user).order_by("created_at", "pk")
        ],
        "indicators_stewarded": [
            {"indicator": indicator.code, "name": indicator.name}
            for indicator in Indicator.objects.filter(stewards=user).select_related("current").order_by("code")
        ],
    }


def consent_withdrawn(user: User, purpose: str) -> None:
    """Nothing to do: the indicators keep nothing under a consent purpose."""


def erase(user: User) -> None:
    """Contributions stay on the co-construction record, signed by their role only: the foreign key
    lets go of the person when the account goes, their name is no longer shown, and the free text
    of their role ("nurse at such clinic") is blanked since it could point to them. Imports stay,
    without who made them (their foreign key too), renamed if the file's name named the person;
    the person is no longer a steward."""
    Contribution.objects.filter(contributor=user).update(role_detail="", credited=False)
    for batch in ImportBatch.objects.filter(created_by=user).only("pk", "original_name", "format"):
        if _names(batch.original_name, user):
            batch.original_name = f"import-{batch.pk}.{batch.format}"
            batch.save(update_fields=["original_name"])
    user.stewarded_indicators.clear()


def _names(text: str, user: User) -> bool:
    text = text.casefold()
    marks = [user.email, user.email.split("@")[0], user.display_name]
    return any(len(mark) >= 3 and mark.casefold() in text for mark in marks)
