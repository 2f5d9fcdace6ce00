"""Staff read partner profiles, engagements, calls and applications here, and set up governance
bodies with their organizers (nothing else creates them). Everything a person or an organizer
writes happens on the site, through the services and their rules (consents, organizers only).

Diversity answers are not registered: they are never shown individually, to staff neither.
Opening a partner's profile here is recorded in the person's audit trail, as on the site."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ecosystem.admin import ReadOnlyAdmin
from ecosystem.models import AuditEvent
from ecosystem.services import audit_record

from .models import Application, Call, Engagement, GovernanceBody, PartnerProfile, PartnerType


class ApplicationInline(admin.TabularInline):
    model = Application
    fields = ["applicant", "status", "created_at", "decided_at", "engagement"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("applicant", "engagement")


@admin.register(PartnerProfile)
class PartnerProfileAdmin(ReadOnlyAdmin):
    """The list shows who, where and which types only; the lived experience appears on a profile's
    own page, whose every opening is audited."""

    list_display = ["display_name", "region", "types", "updated_at"]
    list_filter = ["region"]
    search_fields = ["user__display_name"]
    list_select_related = ["user", "region"]

    @admin.display(description=_("display name"), ordering="user__display_name")
    def display_name(self, profile: PartnerProfile) -> str:
        return profile.user.display_name

    @admin.display(description=_("partner types"))
    def types(self, profile: PartnerProfile) -> str:
        labels = dict(PartnerType.choices)
        return ", ".join(str(labels.get(value, value)) for value in profile.partner_types)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        profile = response.context_data.get("original") if hasattr(response, "context_data") else None
        if request.method == "GET" and response.status_code == 200 and profile is not None:
            audit_record(
                actor=request.user,
                subject=profile.user,
                action=AuditEvent.Action.VIEWED,
                what="partner profile (administration)",
            )
        return response


@admin.register(GovernanceBody)
class GovernanceBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "governance_level", "territory"]
    list_filter = ["governance_level"]
    search_fields = ["name", "organization__name"]
    autocomplete_fields = ["organization", "territory", "organizers"]
    list_select_related = ["organization", "territory"]


@admin.register(Engagement)
class EngagementAdmin(ReadOnlyAdmin):
    list_display = ["partner", "target", "level", "sphere", "governance_level", "status", "started_on", "ended_on"]
    list_filter = ["level", "sphere", "governance_level", "status", "compensation", "from_start"]
    date_hierarchy = "started_on"
    search_fields = ["partner__display_name", "initiative__title", "community__name", "governance_body__name"]
    list_select_related = ["partner", "initiative", "community", "governance_body"]

    @admin.display(description=_("initiative, space or body"))
    def target(self, engagement: Engagement) -> str:
        return str(engagement.target)


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ["title", "target", "level", "sphere", "places", "deadline", "status"]
    list_filter = ["status", "level", "sphere", "governance_level", "compensation"]
    date_hierarchy = "deadline"
    search_fields = ["title", "initiative__title", "community__name", "governance_body__name"]
    list_select_related = ["initiative", "community", "governance_body"]
    inlines = [ApplicationInline]

    @admin.display(description=_("initiative, space or body"))
    def target(self, call: Call) -> str:
        return str(call.target)


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["applicant", "call", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    date_hierarchy = "created_at"
    search_fields = ["applicant__display_name", "call__title"]
    list_select_related = ["applicant", "call"]
