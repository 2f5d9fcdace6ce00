"""The shared references' part in a person's data (see ``ecosystem.personal_data``)."""

from .models import AuditEvent, Consent, Notification, User


def export(user: User) -> dict[str, list[dict]]:
    return {
        "account": [
            {
                "email": user.email,
                "display_name": user.display_name,
                "preferred_language": user.preferred_language,
                "date_joined": user.date_joined,
            }
        ],
        "consents": [
            {
                "purpose": consent.purpose,
                "version": consent.version,
                "channel": consent.channel,
                "given_at": consent.given_at,
                "withdrawn_at": consent.withdrawn_at,
            }
            for consent in Consent.objects.filter(user=user).order_by("given_at", "id")
        ],
        "notifications": [
            {"kind": notification.kind, "message": notification.message, "created_at": notification.created_at}
            for notification in Notification.objects.filter(recipient=user).select_related("actor")
        ],
        # Who viewed or changed the person's information: the person may know it.
        "audit_trail": [
            {
                "by": event.actor.display_name if event.actor else "",
                "action": event.action,
                "what": event.what,
                "at": event.at,
            }
            for event in AuditEvent.objects.filter(subject_id=user.pk).select_related("actor")
        ],
    }
