from functools import partial

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.translation import get_language, override

from .selectors import notification_unread_count

# Each language named in itself, for the language switch.
LANGUAGE_NAMES = {"fr-ca": "Français", "en": "English"}


def platform(request: HttpRequest) -> dict:
    """What every page needs: the other-language link of this page, the privacy contact and the
    number of unread notifications."""
    current = get_language() or settings.LANGUAGE_CODE
    other_code = next(code for code, _ in settings.LANGUAGES if code != current)
    here = request.get_full_path()
    there = translate_url(here, other_code)
    if there == here:  # a page that does not resolve (404): offer the other language's home
        with override(other_code):
            there = reverse("home")
    return {
        "other_language": {
            "code": other_code,
            "html_lang": "en" if other_code == "en" else "fr-CA",
            "name": LANGUAGE_NAMES[other_code],
            "url": there,
        },
        "privacy_officer": {
            "name": settings.PRIVACY_OFFICER_NAME,
            "title": settings.PRIVACY_OFFICER_TITLE,
            "email": settings.PRIVACY_OFFICER_EMAIL,
        },
        # A callable, so the count is queried only by the pages that show it (signed-in ones),
        # once per page thanks to the template's {% with %}.
        "unread_notification_count": partial(notification_unread_count, user=getattr(request, "user", None)),
    }
