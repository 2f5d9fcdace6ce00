"""The initiatives' part in a person's data (see ``ecosystem.personal_data``)."""

from ecosystem.models import User

from .models import Initiative, Learning


def export(user: User) -> dict[str, list[dict]]:
    learnings = (
        Learning.objects.filter(author=user)
        .select_related("initiative", "territory")
        .prefetch_related("themes")
        .order_by("created_at", "id")
    )
    return {
        "learnings": [
            {
                "title": learning.title,
                "statement": learning.statement,
                "transfer_conditions": learning.transfer_conditions,
                "kind": learning.kind,
                "knowledge_type": learning.knowledge_type,
                "initiative": learning.initiative.title if learning.initiative else "",
                "territory": learning.territory.coded_name if learning.territory else "",
                "themes": [theme.name for theme in learning.themes.all()],
                "status": learning.status,
                "licence": learning.licence,
                "created_at": learning.created_at,
                "published_at": learning.published_at,
                "updated_at": learning.updated_at,
            }
            for learning in learnings
        ],
        "initiative_teams": [
            {"initiative": initiative.title} for initiative in Initiative.objects.filter(team=user).order_by("title")
        ],
    }


def erase(user: User) -> None:
    """Drafts were never shared: they go, with their history. Published learnings stay for
    everyone, their author set to NULL by the foreign key ("former member"). The change history
    stops pointing at the account."""
    drafts = Learning.objects.filter(author=user, status=Learning.Status.DRAFT)
    draft_ids = list(drafts.values_list("pk", flat=True))
    drafts.delete()
    Learning.history.filter(id__in=draft_ids).delete()
    Learning.history.filter(author_id=user.pk).update(author=None)
    Initiative.history.filter(created_by_id=user.pk).update(created_by=None)
