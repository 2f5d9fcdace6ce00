"""API of the shared references (read-only; both languages are returned explicitly), a person's
own consents, and what every input serializer of the platform's API shares."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from . import selectors, services
from .consents import CONSENT_TEXTS
from .exceptions import ErrorSerializer
from .filters import OrganizationFilter, TerritoryFilter
from .models import Consent, Purpose

# --- Input --------------------------------------------------------------------------------------

CANNOT_CHANGE = _("This field cannot be changed.")


class OnlyWritableFieldsMixin:
    """For input serializers: a key the client may not set (a read-only or unknown field such as
    ``is_staff``, ``user``, ``role`` or a timestamp) is refused on that key with "This field cannot
    be changed.", rather than silently ignored, so that a client never believes it changed
    something it did not. Nested serializers that use it refuse their own unknown keys."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            refused = sorted(str(key) for key in data if key not in writable)
            if refused:
                raise serializers.ValidationError({key: [CANNOT_CHANGE] for key in refused})
        return super().to_internal_value(data)


# --- References ---------------------------------------------------------------------------------


class TerritorySerializer(serializers.Serializer):
    kind = serializers.CharField()
    code = serializers.CharField()
    name_fr = serializers.CharField()
    name_en = serializers.CharField()
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)
    rurality = serializers.CharField()


class ThemeSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name_fr = serializers.CharField()
    name_en = serializers.CharField()


class OrganizationSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    acronym = serializers.CharField()
    kind = serializers.CharField()
    sector = serializers.CharField()
    website = serializers.URLField()
    territories_served = serializers.SerializerMethodField()

    def get_territories_served(self, organization) -> list[str]:
        return [territory.code for territory in organization.territories_served.all()]


class TerritoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Québec, its 18 régions sociosanitaires (RSS) and local territories, in code order."""

    serializer_class = TerritorySerializer
    filterset_class = TerritoryFilter
    lookup_field = "code"

    def get_queryset(self):
        return selectors.territory_list()


class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ThemeSerializer
    lookup_field = "slug"
    pagination_class = None

    def get_queryset(self):
        return selectors.theme_list()


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.organization_list()


# --- A person's own consents ---------------------------------------------------------------------


class ConsentSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    title = serializers.CharField(source="text.title")
    text = serializers.CharField(source="text.text", help_text=_("What you consent to, in plain words."))
    withdrawal = serializers.CharField(source="text.withdrawal", help_text=_("What withdrawing the consent does."))
    version = serializers.IntegerField(source="text.version", help_text=_("Version of the current text."))
    given = serializers.BooleanField(help_text=_("Whether you consent to the current text."))
    outdated = serializers.BooleanField(
        help_text=_("You consented to an older text: it no longer counts until you consent again.")
    )
    given_at = serializers.DateTimeField(
        source="consent.given_at",
        allow_null=True,
        default=None,
        help_text=_("When you gave the consent still open (to the current or an older text); null if none."),
    )


class GiveConsentSerializer(OnlyWritableFieldsMixin, serializers.Serializer):
    purpose = serializers.ChoiceField(choices=Purpose.choices)


NOT_SIGNED_IN = {401: OpenApiResponse(ErrorSerializer, description=_("Sign in or send an API token."))}


@extend_schema_view(
    list=extend_schema(
        summary=_("Your consents"),
        description=_("Every purpose you may consent to, each separately, with its current text and your answer."),
        responses={200: ConsentSerializer(many=True), **NOT_SIGNED_IN},
    ),
    create=extend_schema(
        summary=_("Give a consent"),
        description=_(
            "Consents to the current text of one purpose. Giving it again changes nothing (200); "
            "a consent to an older text is renewed."
        ),
        request=GiveConsentSerializer,
        responses={
            200: ConsentSerializer,
            201: ConsentSerializer,
            400: OpenApiResponse(ErrorSerializer, description=_("Unknown purpose: nothing was saved.")),
            **NOT_SIGNED_IN,
        },
    ),
    destroy=extend_schema(
        summary=_("Withdraw a consent"),
        description=_(
            "Withdraws your consent to one purpose; what was kept under it is erased at once "
            "(your diversity answers, your lived experience). The history of your consents is kept."
        ),
        responses={
            204: None,
            404: OpenApiResponse(ErrorSerializer, description=_("Unknown purpose.")),
            **NOT_SIGNED_IN,
        },
    ),
)
class MyConsentViewSet(viewsets.GenericViewSet):
    """The signed-in person's consents, one per purpose (Law 25: one purpose, one consent)."""

    # The token first, so that a missing or revoked token answers 401 with WWW-Authenticate.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    queryset = Consent.objects.none()  # for the schema's path parameter; rows come from the selectors
    serializer_class = ConsentSerializer
    pagination_class = None
    lookup_field = "purpose"
    lookup_value_regex = "[^/]+"

    def get_serializer_class(self):
        return GiveConsentSerializer if self.action == "create" else ConsentSerializer

    def _state(self, purpose: str) -> selectors.ConsentState:
        return next(state for state in selectors.consent_overview(user=self.request.user) if state.purpose == purpose)

    def list(self, request: Request) -> Response:
        return Response(ConsentSerializer(selectors.consent_overview(user=request.user), many=True).data)

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        purpose = serializer.validated_data["purpose"]
        already = selectors.consent_in_force(user=request.user, purpose=purpose)
        services.consent_give(user=request.user, purpose=purpose, channel=Consent.Channel.API)
        return Response(
            ConsentSerializer(self._state(purpose)).data,
            status=status.HTTP_200_OK if already else status.HTTP_201_CREATED,
        )

    def destroy(self, request: Request, purpose: str) -> Response:
        if purpose not in CONSENT_TEXTS:
            raise NotFound(_("Unknown purpose."))
        services.consent_withdraw(user=request.user, purpose=purpose)
        return Response(status=status.HTTP_204_NO_CONTENT)
