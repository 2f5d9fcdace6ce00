"""Browser pages for initiatives and learnings; the paths are translated (French at the root, English under /en/)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "initiatives"

urlpatterns = [
    path(_("initiatives/"), views.initiative_list, name="list"),
    path(_("initiatives.csv"), views.initiative_export, name="export"),
    path(_("initiatives/new/"), views.initiative_create, name="create"),
    path(_("initiatives/<slug:slug>/"), views.initiative_detail, name="detail"),
    path(_("initiatives/<slug:slug>/edit/"), views.initiative_update, name="update"),
    path(_("initiatives/<slug:slug>/history/"), views.initiative_history, name="history"),
    path(_("initiatives/<slug:slug>/phase/"), views.initiative_move_phase, name="phase"),
    path(_("initiatives/<slug:slug>/partners/"), views.initiative_partner_add, name="partner-add"),
    path(
        _("initiatives/<slug:slug>/partners/<int:pk>/remove/"),
        views.initiative_partner_remove,
        name="partner-remove",
    ),
    path(_("initiatives/<slug:slug>/team/"), views.initiative_team_add, name="team-add"),
    path(_("initiatives/<slug:slug>/team/<int:user_id>/remove/"), views.initiative_team_remove, name="team-remove"),
    path(_("initiatives/<slug:slug>/learnings/new/"), views.learning_create, name="learning-create"),
    path(_("learnings/"), views.learning_list, name="learnings"),
    path(_("learnings.csv"), views.learning_export, name="learnings-export"),
    path(_("learnings/<int:pk>/"), views.learning_detail, name="learning-detail"),
    path(_("learnings/<int:pk>/edit/"), views.learning_update, name="learning-update"),
    path(_("learnings/<int:pk>/publish/"), views.learning_publish, name="learning-publish"),
]
