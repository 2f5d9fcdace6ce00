import datetime

from allauth.account.decorators import reauthentication_required
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from rest_framework.authtoken.models import Token

from . import selectors, services
from .consents import CONSENT_TEXTS
from .forms import AccountDeleteForm, ConsentGiveForm, ConsentWithdrawForm
from .health import platform_health
from .models import DataExport, Territory, Theme
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


# Changed whenever what the privacy page says changes.
PRIVACY_POLICY_VERSION = "2"
PRIVACY_POLICY_DATE = datetime.date(2026, 11, 22)


def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "consent_texts": list(CONSENT_TEXTS.values()),
        "export_days": DataExport.LIFETIME.days,
        "policy_version": PRIVACY_POLICY_VERSION,
        "policy_date": PRIVACY_POLICY_DATE,
    }
    return render(request, "ecosystem/privacy.html", context)


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


# --- A person's privacy: consents, their data, deleting the account --------------------------------

# Audit entries name the information in a word or two, sometimes followed by the fields that
# changed ("partner profile: bio, languages"; see ``services.audit_record``). Shown in the reader's
# language when known here: the fields by their model's labels, looked up by name so that this app
# imports none of the apps above it.
AUDIT_WHAT = {
    "account": (gettext_lazy("your account"), None),
    "data export": (gettext_lazy("the download of your data"), None),
    "partner profile": (gettext_lazy("your partner profile"), "partnerships.PartnerProfile"),
    "diversity answers": (gettext_lazy("your diversity answers"), None),
}


def _audit_what(what: str) -> str:
    if what in CONSENT_TEXTS:
        return str(CONSENT_TEXTS[what].title)
    head, _separator, details = what.partition(": ")
    if head not in AUDIT_WHAT:
        return what
    label, model_label = AUDIT_WHAT[head]
    if not details:
        return str(label)
    names = [name.strip() for name in details.split(",")]
    if model_label is not None:
        model = apps.get_model(model_label)
        fields = {field.name: field for field in model._meta.get_fields() if hasattr(field, "verbose_name")}
        names = [str(fields[name].verbose_name) if name in fields else name for name in names]
    return _("%(what)s: %(details)s") % {"what": label, "details": ", ".join(names)}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def consents(request: HttpRequest) -> HttpResponse:
    """Each purpose on its own, with its text and the version consented to. Nothing is ticked in
    advance; one button gives the ticked ones, each given consent has its own "Withdraw" button.
    Below, the history of the person's consents."""
    overview = selectors.consent_overview(user=request.user)
    open_to_give = [state.purpose for state in overview if not state.given]
    give_form = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "give":
            give_form = ConsentGiveForm(request.POST, purposes=open_to_give)
            if give_form.is_valid():
                for purpose in give_form.cleaned_data["purposes"]:
                    services.consent_give(user=request.user, purpose=purpose)
                    messages.success(
                        request, _("Your consent is recorded: %(title)s.") % {"title": CONSENT_TEXTS[purpose].title}
                    )
                return redirect("consents")
        elif action == "withdraw":
            withdraw_form = ConsentWithdrawForm(request.POST)
            if not withdraw_form.is_valid():
                messages.error(request, _("This purpose does not exist."))
            else:
                text = CONSENT_TEXTS[withdraw_form.cleaned_data["purpose"]]
                if services.consent_withdraw(user=request.user, purpose=withdraw_form.cleaned_data["purpose"]):
                    messages.success(
                        request,
                        _("Your consent is withdrawn: %(title)s. %(effect)s")
                        % {"title": text.title, "effect": text.withdrawal},
                    )
                else:
                    messages.info(request, _("You had not given this consent: nothing changed."))
            return redirect("consents")
        else:
            return HttpResponseBadRequest()
    context = {
        "overview": overview,
        "give_form": give_form,
        "has_open_purposes": bool(open_to_give),
        "history": selectors.consent_history(user=request.user),
    }
    return render(request, "ecosystem/consents.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def my_data(request: HttpRequest) -> HttpResponse:
    """Download my data (asked again for the password first), the downloads asked for, and the
    trail of who viewed or changed the person's information."""
    if request.method == "POST":
        export = services.data_export_request(user=request.user)
        export.refresh_from_db()
        if export.status == DataExport.Status.READY:
            messages.success(request, _("Your data is ready: download it below."))
        else:
            messages.success(
                request,
                _("Your data is being prepared. Come back to this page in a few minutes: it will be listed below."),
            )
        return redirect("my-data")
    page, page_range = paginate(request, selectors.audit_trail(user=request.user))
    for event in page.object_list:
        event.what_label = _audit_what(event.what)
    context = {
        "exports": selectors.data_export_list(user=request.user),
        "lifetime_days": DataExport.LIFETIME.days,
        "page": page,
        "page_range": page_range,
    }
    return render(request, "ecosystem/my_data.html", context)


@never_cache
@login_required
@require_GET
def data_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The archive, to its owner only (404 for anyone else), as a download; gone after 7 days."""
    export = selectors.data_export_get(user=request.user, pk=pk)
    if export.is_expired:
        if export.file:
            # Its seven days are over: the nightly purge would delete it; do it now.
            export.file.delete(save=True)
        return render(request, "ecosystem/export_expired.html", {"lifetime_days": DataExport.LIFETIME.days}, status=410)
    if export.status != DataExport.Status.READY or not export.file:
        raise Http404
    filename = f"{slugify(_('my data'))}-{timezone.localdate(export.ready_at):%Y-%m-%d}.zip"
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=filename, content_type="application/zip")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def account_delete(request: HttpRequest) -> HttpResponse:
    """What deleting the account erases and what stays; a confirmation box, the password asked
    again, then the account is erased and the person signed out."""
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        services.account_erase(user=request.user)
        logout(request)
        messages.success(
            request, _("Your account and your personal information are deleted. Thank you for taking part.")
        )
        return redirect("home")
    return render(request, "ecosystem/account_delete.html", {"form": form})
