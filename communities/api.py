"""REST API of the co-learning spaces (under /api/v1/).

Every space is listed, members-only ones too, with what its page shows to everyone (purpose,
charter, number of members); never its member list. Gatherings and resources are listed only
for the spaces whose inside the person may read, and a virtual gathering's link only for the
space's active members (and staff). Reads go through the selectors, writes through the
services: the serializers here only parse and shape JSON. Membership actions need a signed-in
person: a personal API token (``Authorization: Token <key>``) or a browser session.
"""

from django.db.models import BooleanField, Exists, OuterRef, Prefetch, QuerySet, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import APISettings

from ecosystem.exceptions import ErrorSerializer
from ecosystem.models import is_signed_in

from . import selectors, services
from .filters import CommunityFilter, GatheringFilter, ResourceFilter
from .models import Community, Gathering, Membership, Resource

# --- Output -----------------------------------------------------------------------------------


class _BlankAsNull(serializers.CharField):
    """A text the model keeps as "" when there is none, given as null."""

    def to_representation(self, value) -> str | None:
        return value or None


class _BlankUrlAsNull(serializers.URLField):
    def to_representation(self, value) -> str | None:
        return value or None


class MembershipSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    status = serializers.ChoiceField(
        choices=Membership.Status.choices,
        help_text=_("Pending: a request waiting for a co-facilitator, or an invitation waiting for its person."),
    )


class CommunitySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    url = serializers.SerializerMethodField(help_text=_("Address of the space's page on the platform."))
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Community.Kind.choices)
    scope = serializers.ChoiceField(choices=Community.Scope.choices)
    governance = serializers.ChoiceField(choices=Community.Governance.choices, allow_blank=True)
    founded_year = serializers.IntegerField(allow_null=True)
    purpose = serializers.CharField()
    charter = serializers.CharField(help_text=_("The ground rules everyone agrees to. Markdown source."))
    membership_policy = serializers.ChoiceField(choices=Community.Policy.choices)
    visibility = serializers.ChoiceField(
        choices=Community.Visibility.choices,
        help_text=_("Members only: its gatherings, discussions and resources are read by its members only."),
    )
    territories = serializers.SerializerMethodField(help_text=_("Territory codes."))
    themes = serializers.SerializerMethodField(help_text=_("Theme identifiers."))
    host_organizations = serializers.SerializerMethodField(help_text=_("Identifiers of the host organizations."))
    member_count = serializers.IntegerField(help_text=_("Number of active members."))
    my_membership = serializers.SerializerMethodField(
        help_text=_("Your membership in the space; null when you are not signed in or have never belonged to it.")
    )

    def get_url(self, community: Community) -> str:
        return self.context["request"].build_absolute_uri(community.get_absolute_url())

    def get_territories(self, community: Community) -> list[str]:
        return [territory.code for territory in community.territories.all()]

    def get_themes(self, community: Community) -> list[str]:
        return [theme.slug for theme in community.themes.all()]

    def get_host_organizations(self, community: Community) -> list[str]:
        return [organization.slug for organization in community.host_organizations.all()]

    @extend_schema_field(MembershipSerializer(allow_null=True))
    def get_my_membership(self, community: Community) -> dict | None:
        if not self.context["request"].user.is_authenticated:
            return None
        mine = community.my_memberships  # the caller's membership, loaded by the view
        return MembershipSerializer(mine[0]).data if mine else None


class GatheringSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text=_("Address of the gathering's page on the platform."))
    community = serializers.CharField(source="community.slug", help_text=_("Identifier of the space."))
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    format = serializers.ChoiceField(choices=Gathering.Format.choices)
    place = _BlankAsNull(allow_null=True)
    link = serializers.SerializerMethodField(
        help_text=_("Link to join online: given only to the space's active members; null for everyone else.")
    )
    agenda = serializers.CharField(help_text=_("Markdown source."))
    registration_count = serializers.IntegerField(help_text=_("Number of people registered."))

    def get_url(self, gathering: Gathering) -> str:
        return self.context["request"].build_absolute_uri(gathering.get_absolute_url())

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_link(self, gathering: Gathering) -> str | None:
        return gathering.link if gathering.shows_link and gathering.link else None


class ResourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text=_("Address of the resource's page on the platform."))
    community = serializers.CharField(source="community.slug", help_text=_("Identifier of the space."))
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Resource.Kind.choices)
    description = serializers.CharField()
    link = _BlankUrlAsNull(allow_null=True, help_text=_("The shared link; null for a file."))
    themes = serializers.SerializerMethodField(help_text=_("Theme identifiers."))
    file_name = _BlankAsNull(allow_null=True, help_text=_("Name of the shared file; null for a link."))
    file_size = serializers.IntegerField(allow_null=True, help_text=_("Size of the shared file in bytes."))
    content_type = _BlankAsNull(allow_null=True, help_text=_("Type of the shared file, detected from its content."))
    download_url = serializers.SerializerMethodField(
        help_text=_("Address that downloads the file, for those who may read the space; null for a link.")
    )
    created_at = serializers.DateTimeField()

    def get_url(self, resource: Resource) -> str:
        return self.context["request"].build_absolute_uri(resource.get_absolute_url())

    def get_themes(self, resource: Resource) -> list[str]:
        return [theme.slug for theme in resource.themes.all()]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, resource: Resource) -> str | None:
        if not resource.is_file:
            return None
        path = reverse("communities:resource-download", kwargs={"slug": resource.community.slug, "pk": resource.pk})
        return self.context["request"].build_absolute_uri(path)


# --- Input ------------------------------------------------------------------------------------


class JoinSerializer(serializers.Serializer):
    message = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=Membership._meta.get_field("message").max_length,
        help_text=_("Optional: why you would like to join, for the co-facilitators."),
    )


@extend_schema_field(OpenApiTypes.INT)
class _WaitingRequestField(serializers.PrimaryKeyRelatedField):
    """A request to join the space in the URL that waits for a co-facilitator, by its id."""

    def get_queryset(self):
        return self.context["community"].memberships.pending().filter(invited_by__isnull=True)


class ApproveSerializer(serializers.Serializer):
    membership = _WaitingRequestField(
        help_text=_(
            "Identifier of the request to join, as on the space's facilitation page "
            "(the number in its approval address)."
        ),
        error_messages={
            "does_not_exist": _("No request to join this space waits with the identifier “{pk_value}”."),
            "incorrect_type": _("Give the number that identifies the request."),
        },
    )


# --- Views ------------------------------------------------------------------------------------

BAD_FILTER = {400: OpenApiResponse(ErrorSerializer, description=_("A filter value is invalid."))}
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description=_("Not found, or not yours to read."))}
REFUSED = {
    400: OpenApiResponse(ErrorSerializer, description=_("Refused or invalid: nothing was saved.")),
    401: OpenApiResponse(ErrorSerializer, description=_("Sign in or send an API token.")),
    404: OpenApiResponse(ErrorSerializer, description=_("No such space.")),
}
NOT_FACILITATED = {
    404: OpenApiResponse(ErrorSerializer, description=_("No such space, or you do not co-facilitate it."))
}


class _ApiViewSet(viewsets.GenericViewSet):
    # The token first, so that a missing or revoked token answers 401 with WWW-Authenticate.
    authentication_classes = [TokenAuthentication, SessionAuthentication]


@extend_schema_view(
    list=extend_schema(
        summary=_("Co-learning spaces"),
        description=_("Every space, members-only ones too: what its page shows to everyone, never its members."),
        responses={200: CommunitySerializer, **BAD_FILTER},
    ),
    retrieve=extend_schema(summary=_("One co-learning space"), responses={200: CommunitySerializer, **NOT_FOUND}),
)
class CommunityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ApiViewSet):
    """Co-learning spaces and the membership actions.

    Joining, asking to join or accepting an invitation, leaving, and approving a request.
    A co-facilitator-only action by anyone else answers 404, as on the platform's pages.
    """

    serializer_class = CommunitySerializer
    filterset_class = CommunityFilter
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Community]:
        user = self.request.user
        queryset = selectors.community_list(user=user).prefetch_related("host_organizations")
        if user.is_authenticated:
            mine = Membership.objects.filter(user=user)
            queryset = queryset.prefetch_related(Prefetch("memberships", mine, to_attr="my_memberships"))
        return queryset

    def get_object(self) -> Community:
        slug = self.kwargs["slug"]
        if self.action == "approve":
            community = selectors.community_get_for_facilitation(user=self.request.user, slug=slug)
        else:
            community = selectors.community_get(user=self.request.user, slug=slug)
        community.my_memberships = [community.membership] if community.membership else []
        return community

    def get_serializer_class(self):
        return {"join": JoinSerializer, "approve": ApproveSerializer}.get(self.action, CommunitySerializer)

    @extend_schema(
        summary=_("Join a space"),
        description=_(
            "Joins an open space, asks to join a space on request (the membership waits for a "
            "co-facilitator), or accepts an invitation waiting for you. A space by invitation "
            "cannot be joined otherwise; joining twice is refused."
        ),
        request=JoinSerializer,
        responses={201: MembershipSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def join(self, request: Request, slug: str) -> Response:
        community = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_join(community=community, by=request.user, **serializer.validated_data)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Leave a space"),
        description=_("Refused for its last co-facilitator: a space always keeps one."),
        request=None,
        responses={200: MembershipSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, slug: str) -> Response:
        membership = services.membership_leave(community=self.get_object(), by=request.user)
        return Response(MembershipSerializer(membership).data)

    @extend_schema(
        summary=_("Approve a request to join"),
        description=_("For the space's co-facilitators (and staff); anyone else gets 404."),
        request=ApproveSerializer,
        responses={200: MembershipSerializer, **REFUSED, **NOT_FACILITATED},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, slug: str) -> Response:
        community = self.get_object()
        serializer = self.get_serializer(
            data=request.data, context={**self.get_serializer_context(), "community": community}
        )
        serializer.is_valid(raise_exception=True)
        membership = services.membership_approve(membership=serializer.validated_data["membership"], by=request.user)
        return Response(MembershipSerializer(membership).data)


def _shows_link(user) -> Exists | Value:
    """Whether ``user`` may see the link of each gathering: its space's active members and staff."""
    if not is_signed_in(user):
        return Value(False, output_field=BooleanField())
    if user.is_staff:
        return Value(True, output_field=BooleanField())
    return Exists(Membership.objects.active().filter(community=OuterRef("community"), user=user))


class _FormatIsAFilter(DefaultContentNegotiation):
    """Here ``?format=`` filters gatherings (in person, virtual, hybrid), as on the HTML page;
    the answer's format comes from the Accept header alone, not from DRF's ``?format=json``."""

    settings = APISettings(user_settings={"URL_FORMAT_OVERRIDE": None})


@extend_schema_view(
    list=extend_schema(
        summary=_("Gatherings you may read"),
        description=_("The gatherings of the public spaces and of the members-only spaces you belong to."),
        responses={200: GatheringSerializer, **BAD_FILTER},
    ),
    retrieve=extend_schema(summary=_("One gathering"), responses={200: GatheringSerializer, **NOT_FOUND}),
)
class GatheringViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ApiViewSet):
    serializer_class = GatheringSerializer
    content_negotiation_class = _FormatIsAFilter
    filterset_class = GatheringFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Gathering]:
        user = self.request.user
        # The latest first; an explicit order, since counting registrations groups the rows.
        return selectors.gathering_list(user=user).annotate(shows_link=_shows_link(user)).order_by("-starts_at", "-id")


@extend_schema_view(
    list=extend_schema(
        summary=_("Resources you may read"),
        description=_("The resources of the public spaces and of the members-only spaces you belong to."),
        responses={200: ResourceSerializer, **BAD_FILTER},
    ),
    retrieve=extend_schema(summary=_("One resource"), responses={200: ResourceSerializer, **NOT_FOUND}),
)
class ResourceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ApiViewSet):
    serializer_class = ResourceSerializer
    filterset_class = ResourceFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[Resource]:
        return selectors.resource_list(user=self.request.user)
