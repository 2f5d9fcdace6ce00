"""Staff see initiatives and learnings here, with their change history, and may remove one.
Editing happens on the site itself, where the same services (and their checks) apply."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Initiative, InitiativePartner, Learning, PhaseChange, PriorityPopulation


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class PartnerInline(ReadOnlyInline):
    model = InitiativePartner


class PhaseChangeInline(ReadOnlyInline):
    model = PhaseChange


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "phase", "visibility", "lead_organization", "updated_at"]
    list_filter = ["kind", "phase", "visibility", "action_type"]
    search_fields = ["title", "summary", "slug"]
    list_select_related = ["lead_organization"]
    exclude = ["description_html"]
    inlines = [PartnerInline, PhaseChangeInline]


@admin.register(Learning)
class LearningAdmin(ReadOnlyAdmin):
    list_display = ["title", "initiative", "kind", "knowledge_type", "status", "published_at"]
    list_filter = ["status", "kind", "knowledge_type", "licence"]
    search_fields = ["title", "statement"]
    list_select_related = ["initiative"]


@admin.register(PriorityPopulation)
class PriorityPopulationAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "slug"]
    search_fields = ["name_fr", "name_en"]
    prepopulated_fields = {"slug": ["name_fr"]}
