"""Browser pages of the co-learning spaces; the paths are translated (French at the root,
English under /en/)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .views import discussions, gatherings, resources, spaces

app_name = "communities"

urlpatterns = [
    # Spaces and membership
    path(_("communities/"), spaces.community_list, name="list"),
    path(_("communities/new/"), spaces.community_create, name="create"),
    path(_("communities/unsubscribe/<str:token>/"), spaces.digest_unsubscribe, name="unsubscribe"),
    path(_("communities/<slug:slug>/"), spaces.community_detail, name="detail"),
    path(_("communities/<slug:slug>/edit/"), spaces.community_update, name="update"),
    path(_("communities/<slug:slug>/join/"), spaces.community_join, name="join"),
    path(_("communities/<slug:slug>/leave/"), spaces.community_leave, name="leave"),
    path(_("communities/<slug:slug>/pending/cancel/"), spaces.pending_cancel, name="pending-cancel"),
    path(_("communities/<slug:slug>/preferences/"), spaces.membership_preferences, name="preferences"),
    path(_("communities/<slug:slug>/members/"), spaces.member_list, name="members"),
    path(_("communities/<slug:slug>/facilitation/"), spaces.community_manage, name="manage"),
    path(_("communities/<slug:slug>/facilitation/invite/"), spaces.member_invite, name="invite"),
    path(_("communities/<slug:slug>/members/<int:pk>/approve/"), spaces.membership_approve, name="membership-approve"),
    path(_("communities/<slug:slug>/members/<int:pk>/decline/"), spaces.membership_decline, name="membership-decline"),
    path(_("communities/<slug:slug>/members/<int:pk>/remove/"), spaces.membership_remove, name="membership-remove"),
    path(_("communities/<slug:slug>/members/<int:pk>/role/"), spaces.membership_role, name="membership-role"),
    # Gatherings
    path(_("communities/<slug:slug>/gatherings/"), gatherings.gathering_list, name="gatherings"),
    path(_("communities/<slug:slug>/gatherings/new/"), gatherings.gathering_create, name="gathering-create"),
    path(_("communities/<slug:slug>/gatherings/<int:pk>/"), gatherings.gathering_detail, name="gathering-detail"),
    path(_("communities/<slug:slug>/gatherings/<int:pk>/edit/"), gatherings.gathering_update, name="gathering-update"),
    path(
        _("communities/<slug:slug>/gatherings/<int:pk>/registration/"),
        gatherings.gathering_registration,
        name="gathering-registration",
    ),
    path(
        _("communities/<slug:slug>/gatherings/<int:pk>/attendance/"),
        gatherings.gathering_attendance,
        name="gathering-attendance",
    ),
    path(
        _("communities/<slug:slug>/gatherings/<int:pk>/harvest/"),
        gatherings.gathering_harvest,
        name="gathering-harvest",
    ),
    # Discussions
    path(_("communities/<slug:slug>/discussions/"), discussions.thread_list, name="threads"),
    path(_("communities/<slug:slug>/discussions/new/"), discussions.thread_create, name="thread-create"),
    path(_("communities/<slug:slug>/discussions/<int:pk>/"), discussions.thread_detail, name="thread-detail"),
    path(_("communities/<slug:slug>/posts/<int:pk>/edit/"), discussions.post_update, name="post-update"),
    path(_("communities/<slug:slug>/posts/<int:pk>/hide/"), discussions.post_hide, name="post-hide"),
    path(_("communities/<slug:slug>/posts/<int:pk>/unhide/"), discussions.post_unhide, name="post-unhide"),
    path(_("communities/<slug:slug>/posts/<int:pk>/history/"), discussions.post_history, name="post-history"),
    # Resources
    path(_("communities/<slug:slug>/resources/"), resources.resource_list, name="resources"),
    path(_("communities/<slug:slug>/resources/new/"), resources.resource_create, name="resource-create"),
    path(_("communities/<slug:slug>/resources/<int:pk>/"), resources.resource_detail, name="resource-detail"),
    path(
        _("communities/<slug:slug>/resources/<int:pk>/download/"),
        resources.resource_download,
        name="resource-download",
    ),
    path(_("communities/<slug:slug>/resources/<int:pk>/delete/"), resources.resource_delete, name="resource-delete"),
]
