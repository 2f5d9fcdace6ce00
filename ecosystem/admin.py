from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, Consent, DataExport, Organization, Territory, Theme, User

# Admin sign-ins go through allauth's rate limits.
admin.site.login = secure_admin_login(admin.site.login)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never written: every field is read-only (no form is built) and nothing is added or
    deleted here. What these rows hold is written by the services, with their rules."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        fields = [*self.model._meta.fields, *self.model._meta.many_to_many]
        hidden = set(self.exclude or ())
        return [field.name for field in fields if not field.primary_key and field.name not in hidden]

    def get_fields(self, request, obj=None) -> list[str]:
        return self.get_readonly_fields(request, obj)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "preferred_language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["display_name", "preferred_language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]}),
    ]


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_en", "kind", "parent", "rurality"]
    list_filter = ["kind", "rurality"]
    search_fields = ["code", "name_fr", "name_en"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "slug"]
    search_fields = ["name_fr", "name_en"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "sector"]
    list_filter = ["kind", "sector"]
    search_fields = ["name", "acronym"]
    filter_horizontal = ["territories_served"]
    prepopulated_fields = {"slug": ["name"]}


# --- Personal information: consents, audit trail, exports (read only) ----------------------------


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    """The history of consents: given and withdrawn by each person on the site, never here."""

    list_display = ["user", "purpose", "version", "channel", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "channel", ("withdrawn_at", admin.EmptyFieldListFilter)]
    date_hierarchy = "given_at"
    search_fields = ["user__display_name", "user__email"]
    list_select_related = ["user"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Who viewed or changed whose personal information. ``subject_id`` stays a number: the trail
    outlives the account."""

    list_display = ["at", "actor", "action", "subject_id", "what"]
    list_filter = ["action"]
    date_hierarchy = "at"
    search_fields = ["=subject_id", "actor__display_name", "actor__email", "what"]
    list_select_related = ["actor"]


@admin.register(DataExport)
class DataExportAdmin(ReadOnlyAdmin):
    """When exports were asked for and how they went. The file itself is only for its owner, through
    the site: it is neither shown nor linked here."""

    list_display = ["user", "status", "requested_at", "ready_at", "expires_at"]
    list_filter = ["status"]
    date_hierarchy = "requested_at"
    search_fields = ["user__display_name", "user__email"]
    list_select_related = ["user"]
    exclude = ["file"]
