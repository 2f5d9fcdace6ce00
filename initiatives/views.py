"""Browser pages for initiatives and learnings. Each view resolves what it works on through a
selector (404 for what the person may not see or change), calls one service, and redirects."""

from collections.abc import Iterable, Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from ecosystem.forms import add_service_errors
from ecosystem.pages import csv_response, filtered, list_page, paginate
from ecosystem.text import sanitize_html

from . import selectors, services
from .filters import InitiativeFilter, LearningFilter
from .forms import InitiativeForm, LearningForm, PartnerForm, PhaseForm, TeamMemberForm
from .models import Initiative, InitiativePartner, Learning

HISTORY_PAGE_SIZE = 50
EXPORT_CHUNK_SIZE = 2000
# History entries say which fields changed; the version counter is bookkeeping, not a change.
HISTORY_HIDDEN_FIELDS = {"version"}


def _joined(items: Iterable, label=str) -> str:
    return "; ".join(label(item) for item in items)


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _local_datetime(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


# --- Initiatives -------------------------------------------------------------------------------


@vary_on_headers("HX-Request")
def initiative_list(request: HttpRequest) -> HttpResponse:
    filterset, results = filtered(InitiativeFilter, request, selectors.initiative_list(user=request.user))
    page, page_range = paginate(request, results)
    context = {"filter": filterset, "page": page, "page_range": page_range}
    return list_page(request, "initiatives/initiative_list.html", context)


def initiative_export(request: HttpRequest) -> HttpResponse:
    filterset, results = filtered(InitiativeFilter, request, selectors.initiative_list(user=request.user))
    if filterset.errors:
        # Back to the list, where the filter form explains what is wrong.
        return redirect(f"{reverse('initiatives:list')}?{request.GET.urlencode()}")
    header = [
        _("Title"),
        _("Address"),
        _("Summary"),
        _("Kind"),
        _("Phase"),
        _("Type of action"),
        _("Territories"),
        _("Themes"),
        _("Priority populations"),
        _("Lead organization"),
        _("Start date"),
        _("End date"),
        _("Updated on"),
    ]

    def rows() -> Iterator[list]:
        for initiative in results.iterator(chunk_size=EXPORT_CHUNK_SIZE):
            yield [
                initiative.title,
                request.build_absolute_uri(initiative.get_absolute_url()),
                initiative.summary,
                initiative.get_kind_display(),
                initiative.get_phase_display(),
                initiative.get_action_type_display(),
                _joined(initiative.territories.all(), lambda territory: territory.coded_name),
                _joined(initiative.themes.all()),
                _joined(initiative.populations.all()),
                initiative.lead_organization.name if initiative.lead_organization else "",
                _iso(initiative.start_date),
                _iso(initiative.end_date),
                _local_datetime(initiative.updated_at),
            ]

    return csv_response(_("initiatives.csv"), header, rows())


def _detail_context(request: HttpRequest, initiative: Initiative, **forms) -> dict:
    can_change = initiative.can_change(request.user)
    context = {
        "initiative": initiative,
        "description": sanitize_html(initiative.description_html),
        "learnings": selectors.initiative_learnings(user=request.user, initiative=initiative),
        "similar_learnings": selectors.learnings_similar_to_initiative(user=request.user, initiative=initiative),
        "can_change": can_change,
    }
    if can_change:
        context["phase_form"] = forms.get("phase_form") or PhaseForm(initiative=initiative)
        context["partner_form"] = forms.get("partner_form") or PartnerForm()
        context["team_form"] = forms.get("team_form") or TeamMemberForm()
    return context


def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = selectors.initiative_get(user=request.user, slug=slug)
    return render(request, "initiatives/initiative_detail.html", _detail_context(request, initiative))


def _render_detail_with_form(request: HttpRequest, initiative: Initiative, **forms) -> HttpResponse:
    """The initiative's page again, with the form that was refused showing its errors."""
    initiative = selectors.initiative_get(user=request.user, slug=initiative.slug)
    return render(request, "initiatives/initiative_detail.html", _detail_context(request, initiative, **forms))


@login_required
def initiative_create(request: HttpRequest) -> HttpResponse:
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The initiative is saved."))
            return redirect(initiative)
    return render(request, "initiatives/initiative_form.html", {"form": form})


def initiative_update(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = selectors.initiative_get_for_change(user=request.user, slug=slug)
    form = InitiativeForm(request.POST or None, initiative=initiative)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        expected_version = changes.pop("version")
        try:
            initiative = services.initiative_update(
                initiative=initiative, by=request.user, expected_version=expected_version, **changes
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(initiative)
    return render(request, "initiatives/initiative_form.html", {"form": form, "initiative": initiative})


def initiative_history(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = selectors.initiative_get_for_change(user=request.user, slug=slug)
    records = selectors.initiative_history(initiative=initiative)
    page, page_range = paginate(request, records, HISTORY_PAGE_SIZE)
    # The page's records and the one after, to tell what the page's oldest record changed.
    start = (page.number - 1) * HISTORY_PAGE_SIZE
    window = list(records[start : start + HISTORY_PAGE_SIZE + 1])
    entries = []
    for record, previous in zip(window[:HISTORY_PAGE_SIZE], [*window[1:], None], strict=False):
        changed = []
        if previous is not None:
            changed = [
                Initiative._meta.get_field(change.field).verbose_name
                for change in record.diff_against(previous).changes
                if change.field not in HISTORY_HIDDEN_FIELDS
            ]
        entries.append({"record": record, "changed": changed})
    context = {"initiative": initiative, "entries": entries, "page": page, "page_range": page_range}
    return render(request, "initiatives/initiative_history.html", context)


@require_POST
def initiative_move_phase(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = selectors.initiative_get_for_change(user=request.user, slug=slug)
    form = PhaseForm(request.POST, initiative=initiative)
    if form.is_valid():
        try:
            services.initiative_move_phase(initiative=initiative, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The phase is updated."))
            return redirect(initiative)
    return _render_detail_with_form(request, initiative, phase_form=form)


@require_POST
def initiative_partner_add(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = selectors.initiative_get_for_change(user=request.user, slug=slug)
    form = PartnerForm(request.POST)
    if form.is_valid():
        try:
            services.initiative_partner_add(initiative=initiative, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The partner organization is added."))
            return redirect(initiative)
    return _render_detail_with_form(request, initiative, partner_form=form)


@require_POST
def initiative_partner_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_for_change(user=request.user, slug=slug)
    partner = get_object_or_404(InitiativePartner.objects.select_related("initiative"), pk=pk, initiative=initiative)
    services.initiative_partner_remove(partner=partner, by=request.user)
    messages.success(request, _("The partner organization is removed."))
    return redirect(initiative)


@require_POST
def initiative_team_add(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = selectors.initiative_get_for_change(user=request.user, slug=slug)
    form = TeamMemberForm(request.POST)
    if form.is_valid():
        member = form.cleaned_data["email"]
        services.initiative_team_add(initiative=initiative, by=request.user, member=member)
        messages.success(request, _("%(name)s is on the team.") % {"name": member.display_name})
        return redirect(initiative)
    return _render_detail_with_form(request, initiative, team_form=form)


@require_POST
def initiative_team_remove(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    initiative = selectors.initiative_get_for_change(user=request.user, slug=slug)
    member = get_object_or_404(initiative.team.all(), pk=user_id)
    try:
        services.initiative_team_remove(initiative=initiative, by=request.user, member=member)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s is no longer on the team.") % {"name": member.display_name})
    return redirect(initiative)


# --- Learnings ---------------------------------------------------------------------------------


@vary_on_headers("HX-Request")
def learning_list(request: HttpRequest) -> HttpResponse:
    filterset, results = filtered(LearningFilter, request, selectors.learning_list(user=request.user))
    page, page_range = paginate(request, results)
    context = {"filter": filterset, "page": page, "page_range": page_range}
    return list_page(request, "initiatives/learning_list.html", context)


def learning_export(request: HttpRequest) -> HttpResponse:
    filterset, results = filtered(LearningFilter, request, selectors.learning_list(user=request.user))
    if filterset.errors:
        return redirect(f"{reverse('initiatives:learnings')}?{request.GET.urlencode()}")
    header = [
        _("Title"),
        _("Address"),
        _("What was learned"),
        _("Kind of learning"),
        _("Type of knowledge"),
        _("Conditions for transfer elsewhere"),
        _("Themes"),
        _("Territory"),
        _("Initiative"),
        _("Address of the initiative"),
        _("Status"),
        _("Published on"),
        _("Licence"),
    ]

    def rows() -> Iterator[list]:
        for learning in results.iterator(chunk_size=EXPORT_CHUNK_SIZE):
            initiative = learning.initiative
            yield [
                learning.title,
                request.build_absolute_uri(learning.get_absolute_url()),
                learning.statement,
                learning.get_kind_display(),
                learning.get_knowledge_type_display(),
                learning.transfer_conditions,
                _joined(learning.themes.all()),
                learning.territory.coded_name if learning.territory else "",
                initiative.title if initiative else "",
                request.build_absolute_uri(initiative.get_absolute_url()) if initiative else "",
                learning.get_status_display(),
                _local_datetime(learning.published_at),
                learning.get_licence_display(),
            ]

    return csv_response(_("learnings.csv"), header, rows())


def learning_detail(request: HttpRequest, pk: int) -> HttpResponse:
    learning = selectors.learning_get(user=request.user, pk=pk)
    context = {
        "learning": learning,
        "can_change": learning.can_change(request.user),
        "similar_learnings": selectors.learnings_similar_to_learning(user=request.user, learning=learning),
    }
    return render(request, "initiatives/learning_detail.html", context)


def _publish(request: HttpRequest, learning: Learning) -> bool:
    """Publish ``learning``; when refused, say why in messages (the draft stays as it is)."""
    try:
        services.learning_publish(learning=learning, by=request.user)
    except ValidationError as error:
        messages.error(request, _("The learning was not published."))
        if hasattr(error, "error_dict"):
            for field, field_messages in error.message_dict.items():
                label = capfirst(LearningForm.base_fields[field].label) if field in LearningForm.base_fields else ""
                for message in field_messages:
                    messages.error(request, f"{label}{_(':')} {message}" if label else message)
        else:
            for message in error.messages:
                messages.error(request, message)
        return False
    messages.success(request, _("The learning is published."))
    return True


def learning_create(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = selectors.initiative_get_for_change(user=request.user, slug=slug)
    form = LearningForm(request.POST or None, initiative=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            learning = services.learning_create(by=request.user, initiative=initiative, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The learning is saved as a draft."))
            if "publish" in request.POST and not _publish(request, learning):
                return redirect("initiatives:learning-update", pk=learning.pk)
            return redirect(learning)
    return render(request, "initiatives/learning_form.html", {"form": form, "initiative": initiative})


def learning_update(request: HttpRequest, pk: int) -> HttpResponse:
    learning = selectors.learning_get_for_change(user=request.user, pk=pk)
    form = LearningForm(request.POST or None, learning=learning)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        expected_version = changes.pop("version")
        try:
            learning = services.learning_update(
                learning=learning, by=request.user, expected_version=expected_version, **changes
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            if "publish" in request.POST and not learning.is_published and not _publish(request, learning):
                return redirect("initiatives:learning-update", pk=learning.pk)
            return redirect(learning)
    context = {"form": form, "learning": learning, "initiative": learning.initiative}
    return render(request, "initiatives/learning_form.html", context)


@require_POST
def learning_publish(request: HttpRequest, pk: int) -> HttpResponse:
    learning = selectors.learning_get_for_change(user=request.user, pk=pk)
    _publish(request, learning)
    return redirect(learning)
