"""The weekly digest e-mail: written in its reader's language, with a link that stops it."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

DIGEST_UNSUBSCRIBE_SALT = "communities.digest.unsubscribe"


def digest_unsubscribe_token(membership) -> str:
    """The signed part of a membership's unsubscribe link (it works without signing in)."""
    return signing.dumps(membership.pk, salt=DIGEST_UNSUBSCRIBE_SALT)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_digest(*, user, sections: list) -> None:
    """``sections`` pairs each of ``user``'s memberships with its space's new activity."""
    with translation.override(user.preferred_language):
        spaces = [
            {
                "community": membership.community,
                "url": _absolute(membership.community.get_absolute_url()),
                "unsubscribe_url": _absolute(
                    reverse("communities:unsubscribe", kwargs={"token": digest_unsubscribe_token(membership)})
                ),
                "activity": activity,
                "gatherings": [
                    (gathering, _absolute(gathering.get_absolute_url())) for gathering in activity.gatherings
                ],
                "threads": [(thread, _absolute(thread.get_absolute_url())) for thread in activity.threads],
                "resources": [(resource, _absolute(resource.get_absolute_url())) for resource in activity.resources],
                "learnings": [(learning, _absolute(learning.get_absolute_url())) for learning in activity.learnings],
            }
            for membership, activity in sections
        ]
        context = {"user": user, "spaces": spaces}
        subject = render_to_string("communities/email/digest_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
            body=render_to_string("communities/email/digest.txt", context),
            to=[user.email],
            # One-click unsubscribe (RFC 8058) for mail programs; a single space's digest
            # is stopped by its own link, so the header names the first one.
            headers={
                "List-Unsubscribe": f"<{spaces[0]['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(render_to_string("communities/email/digest.html", context), "text/html")
        message.send()
