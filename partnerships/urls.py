"""Browser pages of the health partners; the paths are translated (French at the root, English
under /en/)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .views import calls, engagements, figures, profiles

app_name = "partnerships"

urlpatterns = [
    # A person's own partner profile, and the directory of those who chose to be listed
    path(_("partners/"), profiles.directory, name="directory"),
    path(_("partners/my-profile/"), profiles.profile, name="profile"),
    path(_("partners/my-profile/edit/"), profiles.profile_edit, name="profile-edit"),
    path(_("partners/my-profile/diversity/"), profiles.diversity, name="diversity"),
    path(_("partners/<int:user_id>/"), profiles.partner_detail, name="partner-detail"),
    # Engagements
    path(_("engagements/"), engagements.engagement_list, name="engagement-list"),
    path(_("engagements/new/"), engagements.engagement_create, name="engagement-create"),
    path(_("engagements/<int:pk>/"), engagements.engagement_detail, name="engagement-detail"),
    path(_("engagements/<int:pk>/edit/"), engagements.engagement_update, name="engagement-update"),
    path(_("engagements/<int:pk>/confirm/"), engagements.engagement_confirm, name="engagement-confirm"),
    path(_("engagements/<int:pk>/decline/"), engagements.engagement_decline, name="engagement-decline"),
    # Calls for partners
    path(_("calls/"), calls.call_list, name="call-list"),
    path(_("calls/mine/"), calls.calls_organized, name="calls-organized"),
    path(_("calls/new/"), calls.call_create, name="call-create"),
    path(_("calls/<int:pk>/"), calls.call_detail, name="call-detail"),
    path(_("calls/<int:pk>/edit/"), calls.call_update, name="call-update"),
    path(_("calls/<int:pk>/close/"), calls.call_close, name="call-close"),
    path(_("calls/<int:pk>/apply/"), calls.call_apply, name="call-apply"),
    path(_("calls/<int:pk>/applications/"), calls.call_applications, name="call-applications"),
    path(_("calls/<int:pk>/invite/<int:user_id>/"), calls.call_invite, name="call-invite"),
    path(
        _("calls/<int:pk>/applications/<int:application_pk>/accept/"),
        calls.application_accept,
        name="application-accept",
    ),
    path(
        _("calls/<int:pk>/applications/<int:application_pk>/decline/"),
        calls.application_decline,
        name="application-decline",
    ),
    path(
        _("calls/<int:pk>/applications/<int:application_pk>/withdraw/"),
        calls.application_withdraw,
        name="application-withdraw",
    ),
    # Partnership-activity figures of an organization (aggregates, public)
    path(
        _("organizations/<slug:slug>/partnership/"), figures.organization_partnership, name="organization-partnership"
    ),
]
