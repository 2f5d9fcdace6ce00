from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from rest_framework.authtoken.models import Token

from . import selectors, services
from .health import platform_health
from .models import Territory, Theme
from .pages import paginate


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "regions": Territory.objects.regions(),
        "themes": sorted(Theme.objects.all(), key=lambda theme: slugify(theme.name)),
    }
    return render(request, "ecosystem/home.html", context)


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; point them at the real icon."""
    return redirect(static("img/favicon.svg"), permanent=True)


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "ecosystem/privacy.html")


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    report, serving = platform_health()
    return JsonResponse(report, status=200 if serving else 503)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A forged or expired form token: explain, in the visitor's language, what to do."""
    context = {"reason": _("The form expired or did not come from this site.")}
    return render(request, "403_csrf.html", context, status=403)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """A member's personal API token: created or replaced, shown once, and revoked here."""
    new_key = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            services.api_token_revoke(user=request.user)
            messages.success(request, _("Your API token is revoked: requests that send it are now refused."))
            return redirect("api-token")
        if action != "create":
            return HttpResponseBadRequest()
        # Shown in this answer only, never again: no redirect, and the page is not cached.
        new_key = services.api_token_create(user=request.user)
    context = {"token": Token.objects.filter(user=request.user).first(), "new_key": new_key}
    return render(request, "ecosystem/api_token.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """A person's notifications, newest first. Opening the page does not mark them read: the
    person says when they have seen them."""
    if request.method == "POST":
        if services.notifications_mark_read(user=request.user):
            messages.success(request, _("Your notifications are marked as read."))
        return redirect("notifications")
    page, page_range = paginate(request, selectors.notification_list(user=request.user))
    context = {
        "page": page,
        "page_range": page_range,
        # Counted once here; the menu shows the same number instead of counting again.
        "unread_notification_count": selectors.notification_unread_count(user=request.user),
    }
    return render(request, "ecosystem/notifications.html", context)


# Placeholders: replaced by the account's privacy pages.
def consents(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=501)


def my_data(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=501)


def data_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(status=501)


def account_delete(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=501)
