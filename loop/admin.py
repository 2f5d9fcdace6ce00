"""Staff read the learning loop here: watch signals, decisions, synthesis snapshots and runs.

Signals are triaged on the site; snapshots and runs are written by the synthesis only (a run for
the current year can be started from the runs' list). A decision is recorded on the site by a
decision-maker; here the person who recorded it, or staff, may correct it and its links, through
the same service and its rules (only published learnings and triaged signals are cited)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecosystem.admin import ReadOnlyAdmin
from ecosystem.exceptions import ApplicationError

from . import services
from .models import Decision, Signal, Synthesis, SynthesisRun, can_record_decisions


@admin.register(Signal)
class SignalAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "status", "territory", "created_at", "triaged_at"]
    list_filter = ["status", "kind", ("territory", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "description", "territory__code", "territory__name_fr"]
    list_select_related = ["territory"]
    date_hierarchy = "created_at"


@admin.register(Synthesis)
class SynthesisAdmin(ReadOnlyAdmin):
    list_display = ["territory", "period", "granularity", "theme", "provisional", "computed_at"]
    list_filter = ["granularity", "provisional", ("theme", admin.RelatedOnlyFieldListFilter)]
    # Also what the decisions' links search: a territory, a year ("2025") or a theme.
    search_fields = ["territory__code", "territory__name_fr", "theme__name_fr", "=period_start__year"]
    list_select_related = ["territory", "theme"]

    @admin.display(description=_("period"), ordering="period_start")
    def period(self, synthesis: Synthesis) -> str:
        return synthesis.period_label


@admin.register(SynthesisRun)
class SynthesisRunAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "trigger", "status", "year_list", "synthesis_count", "started_at", "finished_at"]
    list_filter = ["status", "trigger"]
    actions = ["start_current_year"]

    @admin.display(description=_("years"))
    def year_list(self, run: SynthesisRun) -> str:
        return ", ".join(str(year) for year in run.years)

    @admin.action(description=_("Calculate this year's syntheses now"))
    def start_current_year(self, request, queryset) -> None:
        """Starts one run for the current year, whichever rows are selected."""
        year = timezone.localdate().year
        try:
            run = services.synthesis_request(years=[year], trigger=SynthesisRun.Trigger.MANUAL, by=request.user)
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(
            request,
            _("The syntheses of %(year)s are being calculated (run %(run)s).") % {"year": year, "run": run.pk},
            messages.SUCCESS,
        )


EDITABLE = (*services.DECISION_FIELDS, *services.DECISION_LINKS)


class DecisionAdminForm(forms.ModelForm):
    """Saves through ``services.decision_update`` while cleaning, so that what the service refuses
    is shown on the form (and nothing is written)."""

    request = None  # set by the admin

    class Meta:
        model = Decision
        fields = EDITABLE

    def clean(self):
        data = super().clean()
        if self.errors or self.instance.pk is None:
            return data
        decision = Decision.objects.get(pk=self.instance.pk)
        try:
            with transaction.atomic():
                services.decision_update(
                    decision=decision, by=self.request.user, **{name: data[name] for name in EDITABLE if name in data}
                )
        except ApplicationError as error:
            raise ValidationError(error.message) from None
        return data

    def _post_clean(self):
        # The service validated and saved the decision; the model's own check would only repeat it.
        if not self.errors and self.instance.pk is not None:
            self.instance.refresh_from_db()


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    form = DecisionAdminForm
    list_display = ["title", "kind", "level", "decided_on", "organization", "territory"]
    list_filter = ["kind", "level", ("territory", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "description", "organization__name"]
    list_select_related = ["organization", "territory"]
    date_hierarchy = "decided_on"
    readonly_fields = ["recorded_by", "created_at", "updated_at"]
    autocomplete_fields = ["organization", "territory", "learnings", "signals", "syntheses", "indicators"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # each deletion goes through the service, one at a time
        return actions

    def has_add_permission(self, request) -> bool:
        return False  # recorded on the site, by decision-makers

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or services.can_change_decision(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj) and can_record_decisions(request.user)
        return allowed and (obj is None or services.can_change_decision(request.user, obj))

    def save_model(self, request, obj, form, change) -> None:
        """Already saved by the service when the form was cleaned."""

    def save_related(self, request, form, formsets, change) -> None:
        """The links were set by the service with the rest."""

    def delete_model(self, request, obj) -> None:
        services.decision_delete(decision=obj, by=request.user)
