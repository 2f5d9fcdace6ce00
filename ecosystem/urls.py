from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from communities import api as communities_api
from indicators import api as indicators_api
from initiatives import api as initiatives_api
from loop import api as loop_api
from partnerships import api as partnerships_api

from . import api, views

router = DefaultRouter()
router.register("territories", api.TerritoryViewSet, basename="territory")
router.register("themes", api.ThemeViewSet, basename="theme")
router.register("organizations", api.OrganizationViewSet, basename="organization")
router.register("initiatives", initiatives_api.InitiativeViewSet, basename="initiative")
router.register("learnings", initiatives_api.LearningViewSet, basename="learning")
router.register("communities", communities_api.CommunityViewSet, basename="community")
router.register("gatherings", communities_api.GatheringViewSet, basename="gathering")
router.register("resources", communities_api.ResourceViewSet, basename="resource")
router.register("calls", partnerships_api.CallViewSet, basename="call")
router.register("engagements", partnerships_api.EngagementViewSet, basename="engagement")
router.register("indicators", indicators_api.IndicatorViewSet, basename="indicator")
router.register("measurements", indicators_api.MeasurementViewSet, basename="measurement")
router.register("targets", indicators_api.TargetViewSet, basename="target")
router.register("imports", indicators_api.ImportViewSet, basename="indicator-import")
router.register("signals", loop_api.SignalViewSet, basename="signal")
router.register("syntheses", loop_api.SynthesisViewSet, basename="synthesis")
router.register("decisions", loop_api.DecisionViewSet, basename="decision")
router.register("me/consents", api.MyConsentViewSet, basename="my-consent")

admin.site.site_header = _("Learning ecosystem administration")
admin.site.site_title = _("Learning ecosystem")

urlpatterns = [
    path("health/", views.health, name="health"),
    path("favicon.ico", views.favicon),
    path("api/v1/me/partner-profile/", partnerships_api.MyPartnerProfileView.as_view(), name="my-partner-profile"),
    path(
        "api/v1/calls/<int:call_pk>/applications/",
        partnerships_api.ApplicationViewSet.as_view({"get": "list", "post": "create"}),
        name="call-application-list",
    ),
    *[
        path(
            f"api/v1/calls/<int:call_pk>/applications/<int:pk>/{verb}/",
            partnerships_api.ApplicationViewSet.as_view({"post": verb}),
            name=f"call-application-{verb}",
        )
        for verb in ("accept", "decline", "withdraw")
    ],
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("privacy/"), views.privacy, name="privacy"),
    path("", include("initiatives.urls")),
    path("", include("communities.urls")),
    path("", include("partnerships.urls")),
    path("", include("indicators.urls")),
    path("", include("loop.urls")),
    path(_("account/api-token/"), views.api_token, name="api-token"),
    path(_("notifications/"), views.notifications, name="notifications"),
    path(_("account/consents/"), views.consents, name="consents"),
    path(_("account/my-data/"), views.my_data, name="my-data"),
    path(_("account/my-data/<int:pk>/download/"), views.data_export_download, name="data-export-download"),
    path(_("account/delete/"), views.account_delete, name="account-delete"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

# Uploaded files are never served from MEDIA_URL, not even in development: each is a download
# through a view that checks who may read it (communities' resource-download).
