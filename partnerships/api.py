"""REST API of the health partners (under /api/v1/): one's own partner profile, calls for partners
with their applications, and engagements.

Nothing here is public but the open calls. Reads go through the selectors, so a list never holds
what the person may not see and anything else answers 404; writes go through the services: the
serializers here only parse and shape JSON. No answer ever holds another person's e-mail address,
diversity answers or lived experience: people appear by display name (and user id, to record an
engagement), applicants with the fit computed from what they consented to share. Input refuses
any key the client may not set ("This field cannot be changed.") instead of ignoring it.
"""

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from ecosystem.api import OnlyWritableFieldsMixin
from ecosystem.consents import UNDER_14
from ecosystem.exceptions import ErrorSerializer
from ecosystem.models import Purpose, Territory, Theme, User
from ecosystem.selectors import consents_in_force

from . import selectors, services
from .filters import CallFilter
from .models import (
    Application,
    Call,
    Compensation,
    ContactChannel,
    DiversityAnswers,
    Engagement,
    GovernanceLevel,
    Language,
    Level,
    PartnerProfile,
    PartnerType,
    Sphere,
    Target,
)

# --- What a partner takes part in ------------------------------------------------------------------


class _TargetOutput(serializers.Serializer):
    """Exactly one of ``initiative``, ``community`` and ``governance_body`` is set."""

    target_kind = serializers.ChoiceField(
        choices=[(field, field) for field in Target.TARGET_FIELDS],
        help_text=_("Which of initiative, community and governance_body is set."),
    )
    target_name = serializers.CharField(source="target", help_text=_("Title or name of what it is about."))
    initiative = serializers.CharField(
        source="initiative.slug", allow_null=True, default=None, help_text=_("Identifier of the initiative.")
    )
    community = serializers.CharField(
        source="community.slug", allow_null=True, default=None, help_text=_("Identifier of the co-learning space.")
    )
    governance_body = serializers.IntegerField(
        source="governance_body_id", allow_null=True, help_text=_("Identifier of the governance body.")
    )


def _unknown(message: str) -> dict:
    return {
        "does_not_exist": message,
        "invalid": _("Invalid value."),
        "incorrect_type": _("Invalid value."),
    }


class _Organized:
    """What the person organizes, of one kind; anything else, existing or not, is reported as
    unknown."""

    def __init__(self, kind: str, **kwargs):
        self.kind = kind
        super().__init__(required=False, allow_null=True, **kwargs)

    def get_queryset(self):
        return selectors.organized_targets(user=self.context["request"].user)[self.kind]


@extend_schema_field(OpenApiTypes.STR)
class _OrganizedBySlugField(_Organized, serializers.SlugRelatedField):
    pass


@extend_schema_field(OpenApiTypes.INT)
class _OrganizedByIdField(_Organized, serializers.PrimaryKeyRelatedField):
    pass


class _TargetInput(serializers.Serializer):
    initiative = _OrganizedBySlugField(
        "initiative",
        slug_field="slug",
        help_text=_("Identifier of an initiative on whose team you are."),
        error_messages=_unknown(_("No initiative you organize has the identifier “{value}”.")),
    )
    community = _OrganizedBySlugField(
        "community",
        slug_field="slug",
        help_text=_("Identifier of a co-learning space you co-facilitate."),
        error_messages=_unknown(_("No co-learning space you co-facilitate has the identifier “{value}”.")),
    )
    governance_body = _OrganizedByIdField(
        "governance_body",
        help_text=_("Identifier of a governance body you organize."),
        error_messages=_unknown(_("No governance body you organize has the identifier “{pk_value}”.")),
    )

    def validate(self, data: dict) -> dict:
        given = [field for field in Target.TARGET_FIELDS if data.get(field) is not None]
        if len(given) != 1:
            raise serializers.ValidationError(_("Give exactly one of initiative, community or governance_body."))
        target = data[given[0]]
        data = {name: value for name, value in data.items() if name not in Target.TARGET_FIELDS}
        return {**data, "target": target}


def _choice_list(choices, **kwargs) -> serializers.ListField:
    return serializers.ListField(child=serializers.ChoiceField(choices=choices), **kwargs)


# --- Partner profile -------------------------------------------------------------------------------


class _AgeBandField(serializers.ChoiceField):
    """Lets "under_14" through to the service, which refuses it with the explanation of why."""

    def to_internal_value(self, data):
        if data == UNDER_14:
            return data
        return super().to_internal_value(data)


class DiversitySerializer(OnlyWritableFieldsMixin, serializers.Serializer):
    """The person's own self-declared answers, each optional: "" is unanswered, "declined" is
    "prefer not to answer". Only while the diversity consent is in force."""

    def get_fields(self) -> dict:
        fields = {}
        for name, choices, label in DiversityAnswers.QUESTIONS:
            field_class = _AgeBandField if name == "age_band" else serializers.ChoiceField
            fields[name] = field_class(choices=choices.choices, required=False, allow_blank=True, help_text=label)
        return fields


class MyPartnerProfileSerializer(serializers.Serializer):
    partner_types = _choice_list(PartnerType.choices)
    region = serializers.CharField(source="region.code", help_text=_("Code of the region (RSS), for example 06."))
    languages = _choice_list(Language.choices)
    contact_channels = _choice_list(ContactChannel.choices)
    availability_hours = serializers.IntegerField(allow_null=True, help_text=_("Hours a month."))
    training = serializers.CharField()
    bio = serializers.CharField()
    experience_themes = serializers.SerializerMethodField(help_text=_("Theme identifiers of your lived experience."))
    experience_words = serializers.CharField(help_text=_("Your lived experience in your words."))
    diversity = DiversitySerializer(
        allow_null=True, help_text=_("Your diversity answers; null if you have not answered.")
    )
    consents = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("The purposes you consent to, as in /api/v1/me/consents/ (where you change them)."),
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_experience_themes(self, profile: PartnerProfile) -> list[str]:
        return [theme.slug for theme in profile.experience_themes.all()]


class MyPartnerProfileInputSerializer(OnlyWritableFieldsMixin, serializers.Serializer):
    partner_types = _choice_list(PartnerType.choices, help_text=_("At least one."))
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Territory.objects.all(),
        help_text=_("Code of your region (RSS), for example 06 for Montréal."),
        error_messages=_unknown(_("No territory has the code “{value}”.")),
    )
    languages = _choice_list(Language.choices, help_text=_("At least one."))
    contact_channels = _choice_list(ContactChannel.choices, required=False)
    availability_hours = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    training = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    bio = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    experience_themes = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Theme.objects.all(),
        many=True,
        required=False,
        help_text=_("Needs your lived-experience consent."),
    )
    experience_words = serializers.CharField(
        required=False, allow_blank=True, max_length=300, help_text=_("Needs your lived-experience consent.")
    )
    diversity = DiversitySerializer(
        required=False,
        help_text=_(
            "Needs your diversity consent. With PUT, questions left out become unanswered; "
            "with PATCH, they keep their answer."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experience_themes"].child_relation.error_messages.update(
            _unknown(_("No theme has the identifier “{value}”."))
        )


def _profile_values(profile: PartnerProfile) -> dict:
    """The current values of ``profile``, as ``partner_profile_save`` takes them."""
    values = {name: getattr(profile, name) for name in services.PROFILE_FIELDS}
    values["experience_themes"] = list(profile.experience_themes.all())
    values["experience_words"] = profile.experience_words
    return values


NOT_SIGNED_IN = {401: OpenApiResponse(ErrorSerializer, description=_("Sign in or send an API token."))}
INVALID = {400: OpenApiResponse(ErrorSerializer, description=_("Refused or invalid: nothing was saved."))}
NO_PROFILE = {404: OpenApiResponse(ErrorSerializer, description=_("You have no partner profile yet."))}


class MyPartnerProfileView(generics.GenericAPIView):
    """The signed-in person's own partner profile, their diversity answers and the purposes they
    consent to. Private: only its owner reads it here."""

    # The token first, so that a missing or revoked token answers 401 with WWW-Authenticate.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    serializer_class = MyPartnerProfileSerializer

    def get_serializer_class(self):
        return (
            MyPartnerProfileInputSerializer if self.request.method in ("PUT", "PATCH") else MyPartnerProfileSerializer
        )

    def _output(self, profile: PartnerProfile) -> dict:
        user = self.request.user
        in_force = consents_in_force(user=user)
        profile.diversity = DiversityAnswers.objects.filter(user=user).first()
        profile.consents = [purpose for purpose in Purpose.values if purpose in in_force]
        return MyPartnerProfileSerializer(profile, context=self.get_serializer_context()).data

    def _profile(self) -> PartnerProfile:
        profile = selectors.partner_profile_of(user=self.request.user)
        if profile is None:
            raise NotFound(_("You have no partner profile yet."))
        return profile

    @extend_schema(
        summary=_("Your partner profile"), responses={200: MyPartnerProfileSerializer, **NOT_SIGNED_IN, **NO_PROFILE}
    )
    def get(self, request: Request) -> Response:
        return Response(self._output(self._profile()))

    @extend_schema(
        summary=_("Create or replace your partner profile"),
        description=_(
            "Fields left out take their empty value. Diversity answers need your diversity consent, "
            "lived experience your lived-experience consent; without it nothing is saved."
        ),
        responses={200: MyPartnerProfileSerializer, 201: MyPartnerProfileSerializer, **INVALID, **NOT_SIGNED_IN},
    )
    def put(self, request: Request) -> Response:
        created = selectors.partner_profile_of(user=request.user) is None
        profile = self._save(current={}, partial=False)
        return Response(self._output(profile), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        summary=_("Change some fields of your partner profile"),
        description=_("Fields left out keep their value."),
        responses={200: MyPartnerProfileSerializer, **INVALID, **NOT_SIGNED_IN, **NO_PROFILE},
    )
    def patch(self, request: Request) -> Response:
        profile = self._save(current=_profile_values(self._profile()), partial=True)
        return Response(self._output(profile))

    def _save(self, *, current: dict, partial: bool) -> PartnerProfile:
        serializer = self.get_serializer(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        values = {**current, **serializer.validated_data}
        diversity = values.pop("diversity", None)
        user = self.request.user
        # One transaction: a refused diversity answer leaves the profile as it was.
        with transaction.atomic():
            services.partner_profile_save(user=user, by=user, **values)
            if diversity is not None:
                if not partial:
                    diversity = {name: diversity.get(name, "") for name, _c, _l in DiversityAnswers.QUESTIONS}
                services.diversity_answers_save(user=user, by=user, answers=diversity)
        return selectors.partner_profile_of(user=user)


# --- Calls for partners ----------------------------------------------------------------------------


class CallSerializer(_TargetOutput):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text=_("Address of the call's page on the platform."))
    title = serializers.CharField()
    description = serializers.CharField()
    partner_types = _choice_list(PartnerType.choices, help_text=_("Partner types sought; empty: any."))
    themes = serializers.SerializerMethodField(help_text=_("Identifiers of the experiential domains sought."))
    territories = serializers.SerializerMethodField(help_text=_("Territory codes; empty: all Québec."))
    languages = _choice_list(Language.choices, help_text=_("Languages of the call; empty: any."))
    sphere = serializers.ChoiceField(choices=Sphere.choices)
    level = serializers.ChoiceField(choices=Level.choices)
    governance_level = serializers.ChoiceField(choices=GovernanceLevel.choices)
    compensation = serializers.ChoiceField(choices=Compensation.choices)
    places = serializers.IntegerField()
    deadline = serializers.DateField(help_text=_("Apply by this day."))
    status = serializers.ChoiceField(choices=Call.Status.choices)
    is_open = serializers.BooleanField(help_text=_("Open and its deadline not passed: one may apply."))

    def get_url(self, call: Call) -> str:
        return self.context["request"].build_absolute_uri(call.get_absolute_url())

    def get_themes(self, call: Call) -> list[str]:
        return [theme.slug for theme in call.themes.all()]

    def get_territories(self, call: Call) -> list[str]:
        return [territory.code for territory in call.territories.all()]


class _CallFields(OnlyWritableFieldsMixin, serializers.Serializer):
    title = serializers.CharField(max_length=Call._meta.get_field("title").max_length)
    description = serializers.CharField(max_length=Call._meta.get_field("description").max_length)
    partner_types = _choice_list(PartnerType.choices, required=False)
    languages = _choice_list(Language.choices, required=False)
    sphere = serializers.ChoiceField(choices=Sphere.choices)
    level = serializers.ChoiceField(choices=Level.choices)
    governance_level = serializers.ChoiceField(choices=GovernanceLevel.choices)
    compensation = serializers.ChoiceField(choices=Compensation.choices, required=False)
    places = serializers.IntegerField(required=False, min_value=1, max_value=100)
    deadline = serializers.DateField(help_text=_("Apply by this day; not in the past."))
    themes = serializers.SlugRelatedField(
        slug_field="slug", queryset=Theme.objects.all(), many=True, required=False, help_text=_("Theme identifiers.")
    )
    territories = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Territory.objects.all(),
        many=True,
        required=False,
        help_text=_("Territory codes; none: all Québec."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territories"].child_relation.error_messages.update(
            _unknown(_("No territory has the code “{value}”."))
        )
        self.fields["themes"].child_relation.error_messages.update(
            _unknown(_("No theme has the identifier “{value}”."))
        )


class CallCreateSerializer(_TargetInput, _CallFields):
    pass


class CallUpdateSerializer(_CallFields):
    pass


class _ApiViewSet(viewsets.GenericViewSet):
    # The token first, so that a missing or revoked token answers 401 with WWW-Authenticate.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    lookup_value_regex = "[0-9]+"


NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description=_("Not found, or not yours to read."))}
NOT_ORGANIZED = {404: OpenApiResponse(ErrorSerializer, description=_("Not found, or you do not organize it."))}
BAD_FILTER = {400: OpenApiResponse(ErrorSerializer, description=_("A filter value is invalid."))}


@extend_schema_view(
    list=extend_schema(
        summary=_("Open calls for partners"),
        description=_("The open calls you may read, the closest deadline first."),
        responses={200: CallSerializer, **BAD_FILTER},
    ),
    retrieve=extend_schema(summary=_("One call for partners"), responses={200: CallSerializer, **NOT_FOUND}),
    create=extend_schema(
        summary=_("Open a call for partners"),
        description=_(
            "On an initiative on whose team you are, a space you co-facilitate or a governance body "
            "you organize: give exactly one of them. Anything else is reported as unknown (400)."
        ),
        request=CallCreateSerializer,
        responses={201: CallSerializer, **INVALID, **NOT_SIGNED_IN},
    ),
    partial_update=extend_schema(
        summary=_("Change a call for partners"),
        request=CallUpdateSerializer,
        responses={200: CallSerializer, **INVALID, **NOT_SIGNED_IN, **NOT_ORGANIZED},
    ),
)
class CallViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ApiViewSet):
    """Calls for partners. Their organizers (and staff) open, change and close them; anyone else
    gets 404 on a change."""

    serializer_class = CallSerializer
    filterset_class = CallFilter

    def get_queryset(self):
        # An explicit order: counting applications groups the rows, which drops the model's.
        return selectors.call_list(user=self.request.user).order_by("deadline", "pk")

    def get_object(self) -> Call:
        pk = int(self.kwargs["pk"])
        if self.action in ("partial_update", "close"):
            return selectors.call_get_for_organizer(user=self.request.user, pk=pk)
        return selectors.call_get(user=self.request.user, pk=pk)

    def get_serializer_class(self):
        return {"create": CallCreateSerializer, "partial_update": CallUpdateSerializer}.get(self.action, CallSerializer)

    def _output(self, call: Call) -> dict:
        return CallSerializer(call, context=self.get_serializer_context()).data

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call = services.call_create(by=request.user, **serializer.validated_data)
        return Response(self._output(call), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        call = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        call = services.call_update(call=call, by=request.user, **serializer.validated_data)
        return Response(self._output(call))

    @extend_schema(
        summary=_("Close a call for partners"),
        description=_("No more applications; those waiting can still be answered."),
        request=None,
        responses={200: CallSerializer, **NOT_SIGNED_IN, **NOT_ORGANIZED},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        return Response(self._output(services.call_close(call=self.get_object(), by=request.user)))


# --- Applications ----------------------------------------------------------------------------------


class FitSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class ApplicationSerializer(serializers.Serializer):
    """One application as its call's organizers see it (with the fit and the applicant's current
    load), or as its applicant sees it (``fit`` and ``active_engagements`` null)."""

    id = serializers.IntegerField(source="application.pk")
    call = serializers.IntegerField(source="application.call_id", help_text=_("Identifier of the call."))
    applicant = serializers.IntegerField(
        source="application.applicant_id", help_text=_("Identifier of the person who applied.")
    )
    applicant_name = serializers.CharField(source="application.applicant.display_name")
    message = serializers.CharField(source="application.message")
    status = serializers.ChoiceField(source="application.status", choices=Application.Status.choices)
    created_at = serializers.DateTimeField(source="application.created_at")
    decided_at = serializers.DateTimeField(source="application.decided_at", allow_null=True)
    engagement = serializers.IntegerField(
        source="application.engagement_id",
        allow_null=True,
        help_text=_("Identifier of the engagement created when the application was accepted."),
    )
    fit = FitSerializer(
        allow_null=True,
        help_text=_(
            "For the organizers: how well the applicant's profile fits the call, from what they consented to share."
        ),
    )
    active_engagements = serializers.IntegerField(
        allow_null=True, help_text=_("For the organizers: how many active engagements the applicant carries.")
    )
    carries_many = serializers.SerializerMethodField(
        help_text=_("For the organizers: the applicant already carries many engagements; mind their load.")
    )

    def get_carries_many(self, applicant: selectors.Applicant) -> bool | None:
        return None if applicant.active_engagements is None else applicant.carries_many


class ApplySerializer(OnlyWritableFieldsMixin, serializers.Serializer):
    message = serializers.CharField(
        max_length=Application._meta.get_field("message").max_length,
        help_text=_("Why this call interests you and what you would bring. Say only what you want to share."),
    )


def _own(application: Application) -> selectors.Applicant:
    return selectors.Applicant(application, None, None, None)


@extend_schema_view(
    list=extend_schema(
        summary=_("Applications to a call"),
        description=_(
            "The call's organizers see every application, with the fit and the applicant's load (never "
            "an e-mail address nor diversity answers); an applicant sees their own; anyone else gets 404."
        ),
        responses={200: ApplicationSerializer(many=True), **NOT_SIGNED_IN, **NOT_FOUND},
    ),
    create=extend_schema(
        summary=_("Apply to a call"),
        description=_(
            "Needs a partner profile, which the organizers will read. Refused (400) after the deadline, "
            "on a closed call or a second time."
        ),
        request=ApplySerializer,
        responses={201: ApplicationSerializer, **INVALID, **NOT_SIGNED_IN, **NOT_FOUND},
    ),
)
class ApplicationViewSet(_ApiViewSet):
    """The applications to one call (``/api/v1/calls/{call_pk}/applications/``)."""

    permission_classes = [IsAuthenticated]
    queryset = Application.objects.none()  # for the schema's path parameters; rows come from the selectors
    serializer_class = ApplicationSerializer

    def get_serializer_class(self):
        return ApplySerializer if self.action == "create" else ApplicationSerializer

    def _call(self) -> Call:
        return selectors.call_get(user=self.request.user, pk=int(self.kwargs["call_pk"]))

    def _organized_call(self) -> Call:
        return selectors.call_get_for_organizer(user=self.request.user, pk=int(self.kwargs["call_pk"]))

    def _organizer_row(self, call: Call, pk: int) -> dict:
        row = next(row for row in selectors.call_applicants(call=call) if row.application.pk == pk)
        return ApplicationSerializer(row).data

    def _own_application(self, call: Call, pk: int | None = None) -> Application:
        application = selectors.application_of(call=call, user=self.request.user)
        if application is None or (pk is not None and application.pk != pk):
            raise Http404
        return application

    def list(self, request: Request, call_pk: int) -> Response:
        call = self._call()
        if selectors.organizes(user=request.user, target=call.target):
            page = self.paginate_queryset(selectors.call_applications(call=call))
            rows = selectors.call_applicants(call=call, applications=page)
        else:
            rows = self.paginate_queryset([_own(self._own_application(call))])
        return self.get_paginated_response(ApplicationSerializer(rows, many=True).data)

    def create(self, request: Request, call_pk: int) -> Response:
        call = self._call()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.application_create(call=call, applicant=request.user, **serializer.validated_data)
        return Response(ApplicationSerializer(_own(application)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Accept an application"),
        description=_(
            "For the call's organizers: the engagement is created, confirmed, at the call's level and sphere."
        ),
        request=None,
        responses={200: ApplicationSerializer, **INVALID, **NOT_SIGNED_IN, **NOT_ORGANIZED},
    )
    def accept(self, request: Request, call_pk: int, pk: int) -> Response:
        call = self._organized_call()
        application = selectors.application_get_for_organizer(user=request.user, call=call, pk=pk)
        services.application_accept(application=application, by=request.user)
        return Response(self._organizer_row(call, pk))

    @extend_schema(
        summary=_("Decline an application"),
        description=_("For the call's organizers; the applicant is told."),
        request=None,
        responses={200: ApplicationSerializer, **INVALID, **NOT_SIGNED_IN, **NOT_ORGANIZED},
    )
    def decline(self, request: Request, call_pk: int, pk: int) -> Response:
        call = self._organized_call()
        application = selectors.application_get_for_organizer(user=request.user, call=call, pk=pk)
        services.application_decline(application=application, by=request.user)
        return Response(self._organizer_row(call, pk))

    @extend_schema(
        summary=_("Withdraw your application"),
        description=_("For the applicant, while it waits for an answer."),
        request=None,
        responses={200: ApplicationSerializer, **INVALID, **NOT_SIGNED_IN, **NOT_FOUND},
    )
    def withdraw(self, request: Request, call_pk: int, pk: int) -> Response:
        call = self._call()
        application = services.application_withdraw(application=self._own_application(call, pk), by=request.user)
        return Response(ApplicationSerializer(_own(application)).data)


# --- Engagements -----------------------------------------------------------------------------------


class EngagementSerializer(_TargetOutput):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text=_("Address of the engagement's page on the platform."))
    partner = serializers.IntegerField(
        source="partner_id", allow_null=True, help_text=_("Identifier of the partner; null once they left.")
    )
    partner_name = serializers.CharField(source="partner.display_name", allow_null=True, default=None)
    level = serializers.ChoiceField(choices=Level.choices)
    sphere = serializers.ChoiceField(choices=Sphere.choices)
    governance_level = serializers.ChoiceField(choices=GovernanceLevel.choices)
    from_start = serializers.BooleanField(help_text=_("Involved from the start."))
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    hours = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True)
    compensation = serializers.ChoiceField(choices=Compensation.choices)
    outcome = serializers.CharField(help_text=_("What changed thanks to the partner."))
    status = serializers.ChoiceField(choices=Engagement.Status.choices)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_url(self, engagement: Engagement) -> str:
        return self.context["request"].build_absolute_uri(engagement.get_absolute_url())


class _EngagementFields(OnlyWritableFieldsMixin, serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices)
    sphere = serializers.ChoiceField(choices=Sphere.choices)
    governance_level = serializers.ChoiceField(choices=GovernanceLevel.choices)
    from_start = serializers.BooleanField(required=False)
    started_on = serializers.DateField(required=False, help_text=_("Defaults to today."))
    ended_on = serializers.DateField(required=False, allow_null=True)
    hours = serializers.DecimalField(max_digits=7, decimal_places=1, min_value=0, required=False, allow_null=True)
    compensation = serializers.ChoiceField(choices=Compensation.choices, required=False)
    outcome = serializers.CharField(
        required=False, allow_blank=True, max_length=Engagement._meta.get_field("outcome").max_length
    )


class EngagementCreateSerializer(_TargetInput, _EngagementFields):
    partner = serializers.IntegerField(help_text=_("Identifier of a person with a partner profile."))

    def validate(self, data: dict) -> dict:
        # Only once the target is known to be organized by the person: nobody else learns who
        # has an account.
        data = super().validate(data)
        partner = User.objects.filter(pk=data["partner"], is_active=True).first()
        if partner is None:
            raise serializers.ValidationError({"partner": [_("This person has no partner profile.")]})
        return {**data, "partner": partner}


class EngagementUpdateSerializer(_EngagementFields):
    pass


@extend_schema_view(
    list=extend_schema(
        summary=_("Engagements"),
        description=_("Your own engagements and those on what you organize."),
        responses={200: EngagementSerializer, **NOT_SIGNED_IN},
    ),
    retrieve=extend_schema(
        summary=_("One engagement"), responses={200: EngagementSerializer, **NOT_SIGNED_IN, **NOT_FOUND}
    ),
    create=extend_schema(
        summary=_("Record an engagement"),
        description=_(
            "On an initiative on whose team you are, a space you co-facilitate or a governance body you "
            "organize (exactly one of them), for a person with a partner profile, who is asked to confirm it. "
            "Anything you do not organize is reported as unknown (400)."
        ),
        request=EngagementCreateSerializer,
        responses={201: EngagementSerializer, **INVALID, **NOT_SIGNED_IN},
    ),
    partial_update=extend_schema(
        summary=_("Change an engagement"),
        description=_("For the organizers of what it is about."),
        request=EngagementUpdateSerializer,
        responses={200: EngagementSerializer, **INVALID, **NOT_SIGNED_IN, **NOT_ORGANIZED},
    ),
)
class EngagementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ApiViewSet):
    """Partners' engagements. Organizers record and change them; the partner confirms or declines
    theirs. Anyone else gets 404."""

    permission_classes = [IsAuthenticated]
    serializer_class = EngagementSerializer

    def get_queryset(self):
        return selectors.engagement_list(user=self.request.user)

    def get_object(self) -> Engagement:
        pk = int(self.kwargs["pk"])
        user = self.request.user
        if self.action == "partial_update":
            return selectors.engagement_get_for_organizer(user=user, pk=pk)
        if self.action in ("confirm", "decline"):
            return get_object_or_404(selectors.engagements_of_partner(user=user), pk=pk)
        return selectors.engagement_get(user=user, pk=pk)

    def get_serializer_class(self):
        return {"create": EngagementCreateSerializer, "partial_update": EngagementUpdateSerializer}.get(
            self.action, EngagementSerializer
        )

    def _output(self, engagement: Engagement) -> dict:
        return EngagementSerializer(engagement, context=self.get_serializer_context()).data

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        engagement = services.engagement_record(by=request.user, **serializer.validated_data)
        return Response(self._output(engagement), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        engagement = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        engagement = services.engagement_update(engagement=engagement, by=request.user, **serializer.validated_data)
        return Response(self._output(engagement))

    @extend_schema(
        summary=_("Confirm your engagement"),
        description=_("For the partner only; anyone else gets 404."),
        request=None,
        responses={200: EngagementSerializer, **NOT_SIGNED_IN, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        return Response(self._output(services.engagement_confirm(engagement=self.get_object(), by=request.user)))

    @extend_schema(
        summary=_("Decline your engagement"),
        description=_("For the partner only: it stops counting in the figures. Anyone else gets 404."),
        request=None,
        responses={200: EngagementSerializer, **NOT_SIGNED_IN, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        return Response(self._output(services.engagement_decline(engagement=self.get_object(), by=request.user)))
