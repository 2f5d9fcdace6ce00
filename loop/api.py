"""REST API of the learning loop (under /api/v1/): the watch signals, the synthesis snapshots and
the decision log.

- ``signals/``: the reviewed signals for everyone, one's own signals, and every signal for those
  who triage (co-facilitators and staff). Who posted a signal is given to them and to its author
  only. Any signed-in person posts one; those who triage move it along (``triage``).
- ``syntheses/``: the stored snapshots, read-only: final ones for everyone, drafts (periods still
  running) for decision-makers and staff. Their figures are stored already suppressed: a count
  from 1 to 4, or one that would reveal such a count, is ``null`` (shown “< 5”). Without a period
  filter, the latest quarter whose snapshots are final; without a theme, all themes together.
- ``decisions/``: public, with what informed them (the learnings among them the requester may
  read). Decision-makers record them; the person who recorded one, or staff, changes or deletes it.

Reads go through the models' ``visible_to`` and writes through the services; the serializers here
only parse and shape JSON. A change to what one may not change answers 404; input refuses any key
the client may not set.
"""

from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from communities.models import Community
from ecosystem.api import OnlyWritableFieldsMixin
from ecosystem.exceptions import ErrorSerializer
from ecosystem.models import Organization, Territory, Theme
from indicators.models import GovernanceLevel, Indicator
from initiatives.models import Initiative, Learning

from . import services
from .filters import DecisionFilter, SignalFilter, SynthesisFilter
from .models import (
    Decision,
    DecisionKind,
    Signal,
    SignalKind,
    SignalStatus,
    Synthesis,
    SynthesisGranularity,
    can_record_decisions,
    can_triage,
)

# --- Shared ----------------------------------------------------------------------------------


class _ApiViewSet(viewsets.GenericViewSet):
    # The token first, so that a missing or revoked token answers 401 with WWW-Authenticate.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    lookup_value_regex = "[0-9]+"


NOT_SIGNED_IN = {401: OpenApiResponse(ErrorSerializer, description=_("Sign in or send an API token."))}
INVALID = {400: OpenApiResponse(ErrorSerializer, description=_("Refused or invalid: nothing was saved."))}
BAD_FILTER = {400: OpenApiResponse(ErrorSerializer, description=_("A filter value is invalid."))}
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description=_("Not found."))}
NOT_YOURS_TO_CHANGE = {404: OpenApiResponse(ErrorSerializer, description=_("Not found, or not yours to change."))}


def _unknown(message: str) -> dict:
    return {"does_not_exist": message, "invalid": _("Invalid value."), "incorrect_type": _("Invalid value.")}


def _references(child: serializers.RelatedField, **kwargs) -> serializers.ManyRelatedField:
    return serializers.ManyRelatedField(child_relation=child, required=False, **kwargs)


# --- Watch signals ---------------------------------------------------------------------------


class SignalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text=_("Address of the signal's page on the platform."))
    kind = serializers.ChoiceField(choices=SignalKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    description = serializers.CharField()
    territory = serializers.CharField(source="territory.code", help_text=_("Code of the territory."))
    territory_name = serializers.CharField(source="territory.name")
    themes = serializers.SerializerMethodField(help_text=_("Theme identifiers."))
    status = serializers.ChoiceField(choices=SignalStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    created_at = serializers.DateTimeField()
    initiative = serializers.CharField(
        source="initiative.slug", allow_null=True, default=None, help_text=_("The initiative it was linked to.")
    )
    community = serializers.CharField(
        source="community.slug", allow_null=True, default=None, help_text=_("The co-learning space it was linked to.")
    )
    triaged_at = serializers.DateTimeField(allow_null=True)
    author = serializers.SerializerMethodField(
        help_text=_("Display name of who posted it: given to them and to those who triage only; null otherwise.")
    )
    triage_note = serializers.SerializerMethodField(
        help_text=_("The note of whoever triaged it: given to the author and to those who triage only.")
    )

    def get_url(self, signal: Signal) -> str:
        return self.context["request"].build_absolute_uri(reverse("loop:signal-detail", kwargs={"pk": signal.pk}))

    def get_themes(self, signal: Signal) -> list[str]:
        return [theme.slug for theme in signal.themes.all()]

    def _insider(self, signal: Signal) -> bool:
        user = self.context["request"].user
        return self.context.get("triager", False) or (
            signal.submitted_by_id is not None and signal.submitted_by_id == user.pk
        )

    @extend_schema_field(OpenApiTypes.STR)
    def get_author(self, signal: Signal) -> str | None:
        if not self._insider(signal) or signal.submitted_by is None:
            return None
        return signal.submitted_by.display_name

    @extend_schema_field(OpenApiTypes.STR)
    def get_triage_note(self, signal: Signal) -> str | None:
        return signal.triage_note if self._insider(signal) else None


class SignalCreateSerializer(OnlyWritableFieldsMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=SignalKind.choices)
    title = serializers.CharField(max_length=Signal._meta.get_field("title").max_length)
    description = serializers.CharField(max_length=Signal._meta.get_field("description").max_length)
    territory = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Territory.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Code of the territory where this was noticed, for example 06 for Montréal."),
        error_messages=_unknown(_("No territory has the code “{value}”.")),
    )
    themes = _references(
        serializers.SlugRelatedField(
            slug_field="slug",
            queryset=Theme.objects.all(),
            error_messages=_unknown(_("No theme has the identifier “{value}”.")),
        ),
        help_text=_("Theme identifiers."),
    )


class SignalTriageSerializer(OnlyWritableFieldsMixin, serializers.Serializer):
    status = serializers.ChoiceField(
        choices=SignalStatus.choices,
        help_text=_("in_review, handled, or linked (with the initiative or the co-learning space it goes to)."),
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=Signal._meta.get_field("triage_note").max_length
    )
    initiative = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Initiative.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Identifier of an initiative you may read."),
        error_messages=_unknown(_("No initiative has the identifier “{value}”.")),
    )
    community = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Community.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Identifier of a co-learning space."),
        error_messages=_unknown(_("No co-learning space has the identifier “{value}”.")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["initiative"].queryset = Initiative.objects.visible_to(request.user)


class CanTriage(BasePermission):
    message = _("Only co-facilitators and staff triage watch signals.")

    def has_permission(self, request: Request, view) -> bool:
        return can_triage(request.user)


@extend_schema_view(
    list=extend_schema(
        summary=_("Watch signals"),
        description=_(
            "The signals you may read, the latest first: those someone has reviewed for everyone, your own, "
            "and every signal for co-facilitators and staff."
        ),
        responses={200: SignalSerializer, **BAD_FILTER},
    ),
    retrieve=extend_schema(summary=_("One watch signal"), responses={200: SignalSerializer, **NOT_FOUND}),
    create=extend_schema(
        summary=_("Post a watch signal"),
        description=_(
            "Any signed-in person may post a need, an issue, an innovative practice or an opportunity to work "
            "together, in a territory. It stays out of public view until someone triages it."
        ),
        request=SignalCreateSerializer,
        responses={201: SignalSerializer, **INVALID, **NOT_SIGNED_IN},
    ),
)
class SignalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ApiViewSet):
    """The strategic watch."""

    serializer_class = SignalSerializer
    filterset_class = SignalFilter

    def get_queryset(self):
        return (
            Signal.objects.visible_to(self.request.user)
            .select_related("territory", "initiative", "community", "submitted_by")
            .prefetch_related("themes")
        )

    def get_object(self) -> Signal:
        return get_object_or_404(self.get_queryset(), pk=int(self.kwargs["pk"]))

    def get_serializer_class(self):
        return {"create": SignalCreateSerializer, "triage": SignalTriageSerializer}.get(self.action, SignalSerializer)

    def get_permissions(self):
        if self.action == "triage":
            return [IsAuthenticated(), CanTriage()]
        return super().get_permissions()

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context["triager"] = can_triage(self.request.user)
        return context

    def _output(self, signal: Signal) -> dict:
        return SignalSerializer(self.get_queryset().get(pk=signal.pk), context=self.get_serializer_context()).data

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        signal = services.signal_create(
            by=request.user,
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            territory=data.get("territory"),
            themes=data.get("themes", ()),
        )
        return Response(self._output(signal), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Triage a watch signal"),
        description=_(
            "For co-facilitators and staff: move a signal to under review or handled, or link it to an "
            "initiative or a co-learning space, with a note."
        ),
        request=SignalTriageSerializer,
        responses={
            200: SignalSerializer,
            **INVALID,
            **NOT_SIGNED_IN,
            403: OpenApiResponse(ErrorSerializer, description=_("Only co-facilitators and staff.")),
            **NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def triage(self, request: Request, pk: str) -> Response:
        signal = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        signal = services.signal_triage(
            signal=signal,
            by=request.user,
            status=data["status"],
            note=data.get("note", ""),
            initiative=data.get("initiative"),
            community=data.get("community"),
        )
        return Response(self._output(signal))


# --- Syntheses -------------------------------------------------------------------------------


FIGURES_HELP = _(
    "The stored figures: initiatives by phase, learnings by kind, recurring words, co-learning spaces' "
    "activity, partnership intensity, watch signals by kind and status, loop closure and each indicator's "
    "latest value, previous value, target and equity gap. A suppressed count is null: show “< 5”."
)


class SynthesisSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    territory = serializers.CharField(source="territory.code", help_text=_("QC, or the code of the region."))
    territory_name = serializers.CharField(source="territory.name")
    granularity = serializers.ChoiceField(choices=SynthesisGranularity.choices)
    period = serializers.CharField(source="period_label", help_text=_("For example 2025 or 2025-T3."))
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    theme = serializers.CharField(
        source="theme.slug", allow_null=True, default=None, help_text=_("Identifier of the theme; null for all themes.")
    )
    computed_at = serializers.DateTimeField(help_text=_("When the snapshot was calculated."))
    provisional = serializers.BooleanField(
        help_text=_("A draft: the period was not over when it was calculated (decision-makers and staff only).")
    )
    figures = serializers.JSONField(help_text=FIGURES_HELP)


@extend_schema_view(
    list=extend_schema(
        summary=_("Syntheses"),
        description=_(
            "Dated snapshots per territory (Québec and each region), period (quarter and year) and theme, in "
            "official code order, never ranked. Without `period`: the latest quarter whose snapshots are final. "
            "Without `theme`: the figures of all themes together. Counts from 1 to 4, and those that would "
            "reveal them, are null."
        ),
        responses={200: SynthesisSerializer, **BAD_FILTER},
    ),
    retrieve=extend_schema(summary=_("One synthesis"), responses={200: SynthesisSerializer, **NOT_FOUND}),
)
class SynthesisViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ApiViewSet):
    """The synthesis snapshots: read-only."""

    serializer_class = SynthesisSerializer
    filterset_class = SynthesisFilter

    def get_queryset(self):
        return (
            Synthesis.objects.visible_to(self.request.user)
            .select_related("territory", "theme")
            .order_by("-period_start", "granularity", "territory__code", F("theme__slug").asc(nulls_first=True), "pk")
        )

    def get_object(self) -> Synthesis:
        return get_object_or_404(self.get_queryset(), pk=int(self.kwargs["pk"]))


# --- Decisions -------------------------------------------------------------------------------


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text=_("Address of the decision's page on the platform."))
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    description = serializers.CharField()
    level = serializers.ChoiceField(choices=GovernanceLevel.choices, help_text=_("Governance level."))
    level_label = serializers.CharField(source="get_level_display")
    decided_on = serializers.DateField()
    organization = serializers.CharField(source="organization.slug", help_text=_("Identifier of the organization."))
    organization_name = serializers.CharField(source="organization.name")
    territory = serializers.CharField(source="territory.code", help_text=_("Code of the territory."))
    territory_name = serializers.CharField(source="territory.name")
    learnings = serializers.SerializerMethodField(
        help_text=_("Identifiers of the learnings that informed it (those you may read).")
    )
    signals = serializers.SerializerMethodField(help_text=_("Identifiers of the watch signals that informed it."))
    syntheses = serializers.SerializerMethodField(help_text=_("Identifiers of the syntheses that informed it."))
    indicators = serializers.SerializerMethodField(help_text=_("Codes of the indicators that informed it."))
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_url(self, decision: Decision) -> str:
        return self.context["request"].build_absolute_uri(reverse("loop:decision-detail", kwargs={"pk": decision.pk}))

    def get_learnings(self, decision: Decision) -> list[int]:
        return [learning.pk for learning in decision.learnings.all()]

    def get_signals(self, decision: Decision) -> list[int]:
        return [signal.pk for signal in decision.signals.all()]

    def get_syntheses(self, decision: Decision) -> list[int]:
        return [synthesis.pk for synthesis in decision.syntheses.all()]

    def get_indicators(self, decision: Decision) -> list[str]:
        return [indicator.code for indicator in decision.indicators.all()]


@extend_schema_field(OpenApiTypes.INT)
class _VisiblePrimaryKey(serializers.PrimaryKeyRelatedField):
    """A row the requester may read, by identifier: others are reported as unknown."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.visible_to(self.context["request"].user)


class DecisionInputSerializer(OnlyWritableFieldsMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=DecisionKind.choices, required=False)
    title = serializers.CharField(max_length=Decision._meta.get_field("title").max_length)
    description = serializers.CharField(max_length=Decision._meta.get_field("description").max_length)
    level = serializers.ChoiceField(choices=GovernanceLevel.choices, help_text=_("Governance level."))
    decided_on = serializers.DateField(help_text=_("Cannot be in the future."))
    organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organization.objects.all(),
        help_text=_("Identifier of the organization that decided."),
        error_messages=_unknown(_("No organization has the identifier “{value}”.")),
    )
    territory = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Territory.objects.all(),
        help_text=_("Code of the territory, for example 06 for Montréal."),
        error_messages=_unknown(_("No territory has the code “{value}”.")),
    )
    learnings = _references(
        _VisiblePrimaryKey(Learning, error_messages=_unknown(_("No learning has the identifier “{pk_value}”."))),
        help_text=_("Identifiers of published learnings that informed it."),
    )
    signals = _references(
        _VisiblePrimaryKey(Signal, error_messages=_unknown(_("No watch signal has the identifier “{pk_value}”."))),
        help_text=_("Identifiers of triaged watch signals that informed it."),
    )
    syntheses = _references(
        _VisiblePrimaryKey(Synthesis, error_messages=_unknown(_("No synthesis has the identifier “{pk_value}”."))),
        help_text=_("Identifiers of syntheses that informed it."),
    )
    indicators = _references(
        serializers.SlugRelatedField(
            slug_field="code",
            queryset=Indicator.objects.all(),
            error_messages=_unknown(_("No indicator has the code “{value}”.")),
        ),
        help_text=_("Codes of indicators that informed it."),
    )


class CanRecordDecisions(BasePermission):
    message = _("Only decision-makers record decisions.")

    def has_permission(self, request: Request, view) -> bool:
        return can_record_decisions(request.user)


@extend_schema_view(
    list=extend_schema(
        summary=_("Decisions"),
        description=_(
            "Every recorded decision and adaptation, the latest first, with what informed it: this is how the "
            "field sees what its learnings changed."
        ),
        responses={200: DecisionSerializer, **BAD_FILTER},
    ),
    retrieve=extend_schema(summary=_("One decision"), responses={200: DecisionSerializer, **NOT_FOUND}),
    create=extend_schema(
        summary=_("Record a decision"),
        description=_(
            "For decision-makers: a decision or an adaptation, with the published learnings, triaged watch "
            "signals, syntheses and indicators that informed it."
        ),
        request=DecisionInputSerializer,
        responses={
            201: DecisionSerializer,
            **INVALID,
            **NOT_SIGNED_IN,
            403: OpenApiResponse(ErrorSerializer, description=_("Only decision-makers.")),
        },
    ),
    partial_update=extend_schema(
        summary=_("Change a decision"),
        description=_("For the person who recorded it, and staff. Fields left out keep their value; a list replaces."),
        request=DecisionInputSerializer,
        responses={200: DecisionSerializer, **INVALID, **NOT_SIGNED_IN, **NOT_YOURS_TO_CHANGE},
    ),
    destroy=extend_schema(
        summary=_("Delete a decision"),
        description=_("For the person who recorded it, and staff."),
        responses={204: None, **NOT_SIGNED_IN, **NOT_YOURS_TO_CHANGE},
    ),
)
class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ApiViewSet):
    """The decision log: public; recorded by decision-makers. A change to a decision one did not
    record answers 404."""

    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        return Decision.objects.select_related("organization", "territory").prefetch_related(
            Prefetch("learnings", Learning.objects.visible_to(user).only("pk").order_by("pk")),
            Prefetch("signals", Signal.objects.visible_to(user).only("pk").order_by("pk")),
            Prefetch("syntheses", Synthesis.objects.visible_to(user).only("pk").order_by("pk")),
            Prefetch("indicators", Indicator.objects.only("pk", "code").order_by("code")),
        )

    def get_object(self) -> Decision:
        decisions = self.get_queryset()
        if self.action in ("partial_update", "destroy"):
            user = self.request.user
            if not can_record_decisions(user):
                decisions = decisions.none()
            elif not user.is_staff:
                decisions = decisions.filter(recorded_by=user)
        return get_object_or_404(decisions, pk=int(self.kwargs["pk"]))

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return DecisionInputSerializer
        return DecisionSerializer

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated(), CanRecordDecisions()]
        return super().get_permissions()

    def _output(self, decision: Decision) -> dict:
        return DecisionSerializer(self.get_queryset().get(pk=decision.pk), context=self.get_serializer_context()).data

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.decision_create(by=request.user, **serializer.validated_data)
        return Response(self._output(decision), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        decision = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        decision = services.decision_update(decision=decision, by=request.user, **serializer.validated_data)
        return Response(self._output(decision))

    def destroy(self, request: Request, pk: str) -> Response:
        services.decision_delete(decision=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
