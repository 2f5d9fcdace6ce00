from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import platform_health
from .models import Territory, Theme


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
