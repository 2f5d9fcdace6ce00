"""Browser pages of the co-built indicators; the paths are translated (French at the root,
English under /en/)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .views import catalogue, coconstruction, imports, stewardship

app_name = "indicators"

urlpatterns = [
    # Imports by stewards (before <code>/ so that the word is never read as a code)
    path(_("indicators/imports/"), imports.import_list, name="import-list"),
    path(_("indicators/imports/<int:pk>/"), imports.import_detail, name="import-detail"),
    path(_("indicators/imports/<int:pk>/confirm/"), imports.import_confirm, name="import-confirm"),
    path(_("indicators/imports/<int:pk>/errors.csv"), imports.import_errors, name="import-errors"),
    # Catalogue and sheets
    path(_("indicators/"), catalogue.indicator_list, name="list"),
    path(_("indicators/new/"), stewardship.indicator_create, name="create"),
    path(_("indicators/<str:code>/"), catalogue.indicator_detail, name="detail"),
    path(_("indicators/<str:code>/values.csv"), catalogue.indicator_values_csv, name="values-csv"),
    path(_("indicators/<str:code>/versions/<int:number>/"), catalogue.version_detail, name="version-detail"),
    # Co-construction
    path(_("indicators/<str:code>/co-construction/"), coconstruction.coconstruction, name="coconstruction"),
    path(_("indicators/<str:code>/contribute/"), coconstruction.contribute, name="contribute"),
    path(
        _("indicators/<str:code>/endorsement/withdraw/"),
        coconstruction.endorsement_withdraw,
        name="endorsement-withdraw",
    ),
    path(_("indicators/<str:code>/proposals/<int:pk>/accept/"), coconstruction.proposal_accept, name="proposal-accept"),
    path(
        _("indicators/<str:code>/proposals/<int:pk>/decline/"), coconstruction.proposal_decline, name="proposal-decline"
    ),
    # Stewardship
    path(_("indicators/<str:code>/edit/"), stewardship.indicator_update, name="update"),
    path(_("indicators/<str:code>/open/"), stewardship.indicator_open, name="open"),
    path(_("indicators/<str:code>/adopt/"), stewardship.indicator_adopt, name="adopt"),
    path(_("indicators/<str:code>/retire/"), stewardship.indicator_retire, name="retire"),
    path(_("indicators/<str:code>/targets/"), stewardship.target_list, name="targets"),
    path(_("indicators/<str:code>/targets/<int:pk>/edit/"), stewardship.target_update, name="target-update"),
    path(_("indicators/<str:code>/targets/<int:pk>/delete/"), stewardship.target_delete, name="target-delete"),
]
