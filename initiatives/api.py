"""REST API of initiatives and learnings (under /api/v1/).

Reads go through the selectors, so a list never holds what the person may not see and a
detail they may not see answers 404. Writes go through the services: the serializers here
only parse and shape JSON. Writes need a signed-in member: a personal API token
(``Authorization: Token <key>``, created on the "API token" page of one's account) or a
browser session.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ecosystem.exceptions import ErrorSerializer
from ecosystem.models import Organization, Territory, Theme

from . import selectors, services
from .filters import InitiativeFilter, LearningFilter
from .models import SUMMARY_MAX_LENGTH, Initiative, InitiativePartner, Learning, PhaseChange, PriorityPopulation

# --- Output -----------------------------------------------------------------------------------


class PartnerSerializer(serializers.Serializer):
    organization = serializers.CharField(source="organization.slug")
    role = serializers.ChoiceField(choices=InitiativePartner.Role.choices)


class PhaseChangeSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=Initiative.Phase.choices)
    changed_on = serializers.DateField()


class InitiativeSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    url = serializers.SerializerMethodField(help_text=_("Address of the initiative's page on the platform."))
    title = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField(help_text=_("Markdown source."))
    description_html = serializers.CharField(help_text=_("The description rendered to sanitized HTML."))
    kind = serializers.ChoiceField(choices=Initiative.Kind.choices)
    phase = serializers.ChoiceField(choices=Initiative.Phase.choices)
    action_type = serializers.ChoiceField(choices=Initiative.ActionType.choices, allow_blank=True)
    lead_organization = serializers.CharField(source="lead_organization.slug", allow_null=True, default=None)
    partners = PartnerSerializer(many=True)
    territories = serializers.SerializerMethodField(help_text=_("Territory codes."))
    themes = serializers.SerializerMethodField(help_text=_("Theme identifiers."))
    populations = serializers.SerializerMethodField(help_text=_("Priority population identifiers."))
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    visibility = serializers.ChoiceField(choices=Initiative._meta.get_field("visibility").choices)
    version = serializers.IntegerField(help_text=_("Send it back with a change to avoid overwriting someone else's."))
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    phase_changes = PhaseChangeSerializer(many=True)

    def get_url(self, initiative: Initiative) -> str:
        return self.context["request"].build_absolute_uri(initiative.get_absolute_url())

    def get_territories(self, initiative: Initiative) -> list[str]:
        return [territory.code for territory in initiative.territories.all()]

    def get_themes(self, initiative: Initiative) -> list[str]:
        return [theme.slug for theme in initiative.themes.all()]

    def get_populations(self, initiative: Initiative) -> list[str]:
        return [population.slug for population in initiative.populations.all()]


class LearningSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text=_("Address of the learning's page on the platform."))
    initiative = serializers.CharField(source="initiative.slug", allow_null=True, default=None)
    title = serializers.CharField()
    statement = serializers.CharField()
    kind = serializers.ChoiceField(choices=Learning.Kind.choices)
    knowledge_type = serializers.ChoiceField(choices=Learning.KnowledgeType.choices)
    transfer_conditions = serializers.CharField()
    themes = serializers.SerializerMethodField(help_text=_("Theme identifiers."))
    territory = serializers.CharField(source="territory.code", allow_null=True, default=None)
    author = serializers.CharField(
        source="author.display_name",
        default=_("former member"),
        help_text=_("Display name of the author, or “former member” once their account is deleted."),
    )
    status = serializers.ChoiceField(choices=Learning.Status.choices)
    published_at = serializers.DateTimeField(allow_null=True)
    licence = serializers.ChoiceField(choices=Learning.Licence.choices)
    version = serializers.IntegerField()

    def get_url(self, learning: Learning) -> str:
        return self.context["request"].build_absolute_uri(learning.get_absolute_url())

    def get_themes(self, learning: Learning) -> list[str]:
        return [theme.slug for theme in learning.themes.all()]


# --- Input ------------------------------------------------------------------------------------


def _unknown(what: str) -> dict:
    return {"does_not_exist": what, "invalid": _("Invalid value.")}


@extend_schema_field(OpenApiTypes.STR)
class _EditableInitiativeField(serializers.SlugRelatedField):
    """An initiative the person may change, by slug: others are reported as unknown."""

    def get_queryset(self):
        return Initiative.objects.editable_by(self.context["request"].user)


class InitiativeInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=Initiative._meta.get_field("title").max_length)
    summary = serializers.CharField(max_length=SUMMARY_MAX_LENGTH)
    description = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text=_("Markdown, at most 50 KB.")
    )
    kind = serializers.ChoiceField(choices=Initiative.Kind.choices)
    action_type = serializers.ChoiceField(choices=Initiative.ActionType.choices, required=False, allow_blank=True)
    lead_organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organization.objects.all(),
        required=False,
        allow_null=True,
        error_messages=_unknown(_("No organization has the identifier “{value}”.")),
    )
    territories = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Territory.objects.all(),
        many=True,
        help_text=_("Territory codes, for example 06 for Montréal."),
    )
    themes = serializers.SlugRelatedField(slug_field="slug", queryset=Theme.objects.all(), many=True, required=False)
    populations = serializers.SlugRelatedField(
        slug_field="slug", queryset=PriorityPopulation.objects.all(), many=True, required=False
    )
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    visibility = serializers.ChoiceField(choices=Initiative._meta.get_field("visibility").choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The messages of a many=True field belong to its child.
        self.fields["territories"].child_relation.error_messages.update(
            _unknown(_("No territory has the code “{value}”."))
        )
        self.fields["themes"].child_relation.error_messages.update(
            _unknown(_("No theme has the identifier “{value}”."))
        )
        self.fields["populations"].child_relation.error_messages.update(
            _unknown(_("No priority population has the identifier “{value}”."))
        )


class InitiativeCreateSerializer(InitiativeInputSerializer):
    phase = serializers.ChoiceField(choices=Initiative.Phase.choices, required=False)


class InitiativeUpdateSerializer(InitiativeInputSerializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The version you read. If someone saved a change since, nothing is saved and the answer is 409."),
    )


class PhaseMoveSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=Initiative.Phase.choices)
    changed_on = serializers.DateField(required=False, help_text=_("Defaults to today; cannot be in the future."))
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=PhaseChange._meta.get_field("note").max_length
    )


class LearningInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=Learning._meta.get_field("title").max_length)
    statement = serializers.CharField(max_length=Learning._meta.get_field("statement").max_length)
    kind = serializers.ChoiceField(choices=Learning.Kind.choices)
    knowledge_type = serializers.ChoiceField(choices=Learning.KnowledgeType.choices)
    transfer_conditions = serializers.CharField(
        required=False, allow_blank=True, max_length=Learning._meta.get_field("transfer_conditions").max_length
    )
    themes = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Theme.objects.all(),
        many=True,
        required=False,
        help_text=_("Defaults to the initiative's themes."),
    )
    territory = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Territory.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Territory code; defaults to the initiative's first territory."),
        error_messages=_unknown(_("No territory has the code “{value}”.")),
    )
    licence = serializers.ChoiceField(choices=Learning.Licence.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].child_relation.error_messages.update(
            _unknown(_("No theme has the identifier “{value}”."))
        )


class LearningCreateSerializer(LearningInputSerializer):
    initiative = _EditableInitiativeField(
        slug_field="slug",
        required=False,
        allow_null=True,
        help_text=_("Identifier of the initiative; only its team may add learnings to it."),
        error_messages=_unknown(_("You cannot add a learning to an initiative with the identifier “{value}”.")),
    )


class LearningUpdateSerializer(LearningInputSerializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The version you read. If someone saved a change since, nothing is saved and the answer is 409."),
    )


# --- Views ------------------------------------------------------------------------------------

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=_("Invalid data: nothing was saved.")),
    401: OpenApiResponse(ErrorSerializer, description=_("Sign in or send an API token.")),
}
BAD_FILTER = {400: OpenApiResponse(ErrorSerializer, description=_("A filter value is invalid."))}
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description=_("Not found, or not yours to change."))}
CONFLICT = {409: OpenApiResponse(ErrorSerializer, description=_("Someone else saved a change since this version."))}


def _stale_version(error: DjangoValidationError) -> Response | None:
    """A concurrent edit is a conflict (409), not invalid data."""
    if getattr(error, "code", None) != "stale":
        return None
    message = error.messages[0]
    return Response({"detail": message, "errors": {"version": [message]}}, status=status.HTTP_409_CONFLICT)


class _ContributionViewSet(viewsets.GenericViewSet):
    """What the initiative and learning endpoints share: authentication and changes
    through a service. A PUT needs every required field; a field left out keeps its value."""

    # The token first, so that a missing or revoked token answers 401 with WWW-Authenticate.
    authentication_classes = [TokenAuthentication, SessionAuthentication]

    def _update(self, request: Request, *, partial: bool) -> Response:
        instance = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            self.perform_change(instance, data.pop("version", None), data)
        except DjangoValidationError as error:
            conflict = _stale_version(error)
            if conflict is None:
                raise
            return conflict
        return Response(self.output(instance))

    def update(self, request: Request, *args, **kwargs) -> Response:
        return self._update(request, partial=False)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        return self._update(request, partial=True)

    def output(self, instance) -> dict:
        raise NotImplementedError

    def perform_change(self, instance, expected_version: int | None, changes: dict) -> None:
        raise NotImplementedError


@extend_schema_view(
    list=extend_schema(summary=_("Initiatives you may read"), responses={200: InitiativeSerializer, **BAD_FILTER}),
    retrieve=extend_schema(summary=_("One initiative"), responses={200: InitiativeSerializer, **NOT_FOUND}),
    create=extend_schema(
        summary=_("Log an initiative"),
        description=_("Any signed-in member may log an initiative; they become its first team member."),
        request=InitiativeCreateSerializer,
        responses={201: InitiativeSerializer, **ERRORS},
    ),
    update=extend_schema(
        summary=_("Change an initiative"),
        request=InitiativeUpdateSerializer,
        responses={200: InitiativeSerializer, **ERRORS, **NOT_FOUND, **CONFLICT},
    ),
    partial_update=extend_schema(
        summary=_("Change some fields of an initiative"),
        request=InitiativeUpdateSerializer,
        responses={200: InitiativeSerializer, **ERRORS, **NOT_FOUND, **CONFLICT},
    ),
)
class InitiativeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ContributionViewSet):
    """Initiatives: public ones for everyone, members' ones once signed in, team-only ones for their team.

    Only the initiative's team and staff change it. Anyone else gets 404 on a change, even
    when they may read the initiative: the API never tells whether something they may not
    change exists. There is no deletion.
    """

    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilter
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.initiative_list(user=self.request.user).prefetch_related(
            "phase_changes", Prefetch("partners", InitiativePartner.objects.select_related("organization"))
        )

    def get_object(self) -> Initiative:
        slug = self.kwargs["slug"]
        if self.action in ("update", "partial_update", "phase"):
            return selectors.initiative_get_for_change(user=self.request.user, slug=slug)
        return selectors.initiative_get(user=self.request.user, slug=slug)

    def get_serializer_class(self):
        return {
            "create": InitiativeCreateSerializer,
            "update": InitiativeUpdateSerializer,
            "partial_update": InitiativeUpdateSerializer,
            "phase": PhaseMoveSerializer,
        }.get(self.action, InitiativeSerializer)

    def output(self, initiative: Initiative) -> dict:
        fresh = selectors.initiative_get(user=self.request.user, slug=initiative.slug)
        return InitiativeSerializer(fresh, context=self.get_serializer_context()).data

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        initiative = services.initiative_create(by=request.user, **serializer.validated_data)
        return Response(self.output(initiative), status=status.HTTP_201_CREATED)

    def perform_change(self, initiative: Initiative, expected_version: int | None, changes: dict) -> None:
        services.initiative_update(
            initiative=initiative, by=self.request.user, expected_version=expected_version, **changes
        )

    @extend_schema(
        summary=_("Move an initiative to another phase"),
        description=_("Records a dated phase change (idea, start-up, experimentation, evaluation, scaling out…)."),
        request=PhaseMoveSerializer,
        responses={200: InitiativeSerializer, **ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def phase(self, request: Request, slug: str) -> Response:
        initiative = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.initiative_move_phase(initiative=initiative, by=request.user, **serializer.validated_data)
        return Response(self.output(initiative))


@extend_schema_view(
    list=extend_schema(summary=_("Learnings you may read"), responses={200: LearningSerializer, **BAD_FILTER}),
    retrieve=extend_schema(summary=_("One learning"), responses={200: LearningSerializer, **NOT_FOUND}),
    create=extend_schema(
        summary=_("Write a learning"),
        description=_(
            "Saved as a draft. Any signed-in member may write one; on an initiative, only its team. "
            "An initiative the person cannot add to is reported as unknown (400)."
        ),
        request=LearningCreateSerializer,
        responses={201: LearningSerializer, **ERRORS},
    ),
    update=extend_schema(
        summary=_("Change a learning"),
        request=LearningUpdateSerializer,
        responses={200: LearningSerializer, **ERRORS, **NOT_FOUND, **CONFLICT},
    ),
    partial_update=extend_schema(
        summary=_("Change some fields of a learning"),
        request=LearningUpdateSerializer,
        responses={200: LearningSerializer, **ERRORS, **NOT_FOUND, **CONFLICT},
    ),
)
class LearningViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ContributionViewSet):
    """Learnings: published ones of the initiatives you may read; drafts for their author and team.

    The author, the initiative's team and staff change a learning; anyone else gets 404.
    """

    serializer_class = LearningSerializer
    filterset_class = LearningFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.learning_list(user=self.request.user)

    def get_object(self) -> Learning:
        pk = int(self.kwargs["pk"])
        if self.action in ("update", "partial_update", "publish"):
            return selectors.learning_get_for_change(user=self.request.user, pk=pk)
        return selectors.learning_get(user=self.request.user, pk=pk)

    def get_serializer_class(self):
        return {
            "create": LearningCreateSerializer,
            "update": LearningUpdateSerializer,
            "partial_update": LearningUpdateSerializer,
        }.get(self.action, LearningSerializer)

    def output(self, learning: Learning) -> dict:
        fresh = selectors.learning_get(user=self.request.user, pk=learning.pk)
        return LearningSerializer(fresh, context=self.get_serializer_context()).data

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        learning = services.learning_create(by=request.user, **serializer.validated_data)
        return Response(self.output(learning), status=status.HTTP_201_CREATED)

    def perform_change(self, learning: Learning, expected_version: int | None, changes: dict) -> None:
        services.learning_update(learning=learning, by=self.request.user, expected_version=expected_version, **changes)

    @extend_schema(
        summary=_("Publish a learning"),
        description=_(
            "Publishes a draft under its licence. Refused (400) while its text holds an e-mail address, "
            "a phone number or a postal code: each field in error lists the passages to remove."
        ),
        request=None,
        responses={200: LearningSerializer, **ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        learning = services.learning_publish(learning=self.get_object(), by=request.user)
        return Response(self.output(learning))
