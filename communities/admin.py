"""Staff see co-learning spaces, their members, gatherings, discussions and resources here,
with each post's change history, and may remove one. Everything else happens on the site,
where the services (and their rules: a space always keeps a co-facilitator, a hidden post
says why) apply."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Community, Gathering, Harvest, Membership, Post, Registration, Resource, Thread


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None) -> list:
        return self.fields


class ReadOnly:
    """Shown, never edited: every field is read-only, so no form is built."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None) -> list:
        fields = [*self.model._meta.fields, *self.model._meta.many_to_many]
        hidden = {*(self.exclude or ()), "search_vector"}
        return [field.name for field in fields if not field.primary_key and field.name not in hidden]

    def get_fields(self, request, obj=None) -> list:
        return self.get_readonly_fields(request, obj)


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["user", "role", "status", "requested_at", "joined_at", "left_at", "invited_by", "weekly_digest"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "invited_by")


class RegistrationInline(ReadOnlyInline):
    model = Registration
    fields = ["user", "registered_at", "attended"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class HarvestInline(ReadOnlyInline):
    model = Harvest
    fields = ["learning", "harvested_by", "harvested_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("learning", "harvested_by")


class PostInline(ReadOnlyInline):
    model = Post
    fields = ["author", "created_at", "body", "edited_at", "hidden_at", "hidden_by", "hidden_reason"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "hidden_by")


@admin.register(Community)
class CommunityAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name", "kind", "scope", "membership_policy", "visibility", "founded_year", "created_at"]
    list_filter = ["kind", "scope", "governance", "membership_policy", "visibility"]
    search_fields = ["name", "slug", "purpose"]
    exclude = ["charter_html"]
    inlines = [MembershipInline]


@admin.register(Gathering)
class GatheringAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "community", "starts_at", "ends_at", "format"]
    list_filter = ["format"]
    date_hierarchy = "starts_at"
    search_fields = ["title", "community__name", "place"]
    list_select_related = ["community"]
    exclude = ["agenda_html", "notes_html"]
    inlines = [RegistrationInline, HarvestInline]


@admin.register(Thread)
class ThreadAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "community", "author", "created_at", "last_activity_at"]
    date_hierarchy = "last_activity_at"
    search_fields = ["title", "community__name"]
    list_select_related = ["community", "author"]
    inlines = [PostInline]


@admin.register(Post)
class PostAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["__str__", "author", "created_at", "edited_at", "hidden_at"]
    list_filter = [("hidden_at", admin.EmptyFieldListFilter), ("edited_at", admin.EmptyFieldListFilter)]
    date_hierarchy = "created_at"
    search_fields = ["body", "thread__title"]
    list_select_related = ["thread", "author"]
    exclude = ["body_html"]


@admin.register(Resource)
class ResourceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "community", "kind", "added_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "description", "community__name"]
    list_select_related = ["community", "added_by"]
