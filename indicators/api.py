"""REST API of the co-built indicators (under /api/v1/): the catalogue with each indicator's
versions and co-construction facts, the measurements (open data, with a CSV download), the
targets, and the stewards' imports.

Definitions, versions, targets and public values are read without an account. Values are public
once their version is adopted (a draft's values only for its stewards and staff), and a
suppressed cell never gives its value: ``value``, ``ci_low``, ``ci_high``, ``numerator`` and
``denominator`` are null and ``display`` says "< 5", in JSON and in CSV alike. The co-construction
record is given as counts and dates only, never names. Reads go through the selectors and writes
through the services; the serializers here only parse and shape JSON. A change to what one may
not change answers 404; input refuses any key the client may not set.
"""

from decimal import Decimal

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings

from ecosystem.api import OnlyWritableFieldsMixin
from ecosystem.exceptions import ErrorSerializer
from ecosystem.figures import suppressed_text
from ecosystem.models import Territory
from ecosystem.pages import csv_response

from . import importing, selectors, services
from .filters import IndicatorFilter, MeasurementFilter
from .models import (
    AimDimension,
    Dimension,
    Direction,
    Family,
    Frequency,
    GovernanceLevel,
    Granularity,
    ImportBatch,
    Indicator,
    IndicatorVersion,
    Measurement,
    Target,
    Unit,
)

# --- Shared ----------------------------------------------------------------------------------


class CsvRenderer(BaseRenderer):
    """Lets ``?format=csv`` (or ``Accept: text/csv``) through content negotiation; the views
    stream the file themselves and answer errors in JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return b""


class _ApiViewSet(viewsets.GenericViewSet):
    # The token first, so that a missing or revoked token answers 401 with WWW-Authenticate.
    authentication_classes = [TokenAuthentication, SessionAuthentication]

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # An error is a JSON document, even for a client that asked for a CSV file.
        if getattr(getattr(self.request, "accepted_renderer", None), "format", None) == "csv":
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response


NOT_SIGNED_IN = {401: OpenApiResponse(ErrorSerializer, description=_("Sign in or send an API token."))}
INVALID = {400: OpenApiResponse(ErrorSerializer, description=_("Refused or invalid: nothing was saved."))}
BAD_FILTER = {400: OpenApiResponse(ErrorSerializer, description=_("A filter value is invalid."))}
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description=_("Not found."))}
NOT_STEWARDED = {
    404: OpenApiResponse(ErrorSerializer, description=_("Not found, or you are not a steward of its indicator."))
}
NOT_A_STEWARD = {403: OpenApiResponse(ErrorSerializer, description=_("Only indicator stewards and staff."))}
NOT_YOURS = {404: OpenApiResponse(ErrorSerializer, description=_("Not found, or not yours to read."))}


def _as_json(responses: dict) -> dict:
    """Error answers of an endpoint that also speaks CSV: they are JSON all the same."""
    return {(code, JSONRenderer.media_type): response for code, response in responses.items()}


HIDDEN_WHEN_SUPPRESSED = ("value", "ci_low", "ci_high", "numerator", "denominator")


def _number(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=4, coerce_to_string=False, **kwargs)


def _plain(value: Decimal | None) -> str:
    """A decimal as written in a file: "71.3", "100", "" for none."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def _unknown(message: str) -> dict:
    return {"does_not_exist": message, "invalid": _("Invalid value."), "incorrect_type": _("Invalid value.")}


# --- Indicators ------------------------------------------------------------------------------


class _MethodSerializer(serializers.Serializer):
    numerator = serializers.CharField()
    denominator = serializers.CharField()
    exclusions = serializers.CharField()


class _EndorsementsSerializer(serializers.Serializer):
    partner = serializers.IntegerField(source="partner_endorsements")
    professional = serializers.IntegerField(source="professional_endorsements")


class _CoConstructionSerializer(serializers.Serializer):
    """How the indicator was co-built, as counts and dates: never names."""

    partners = serializers.IntegerField(
        source="partner_contributors",
        help_text=_("How many different people contributed as health partners (comments, proposals, endorsements)."),
    )
    professionals = serializers.IntegerField(
        source="professional_contributors", help_text=_("How many different people contributed as professionals.")
    )
    endorsements = _EndorsementsSerializer(
        source="*", help_text=_("Endorsements of the current version, by the contributors' role.")
    )
    first = serializers.DateTimeField(
        source="first_contribution", allow_null=True, help_text=_("The first contribution.")
    )
    last = serializers.DateTimeField(source="last_contribution", allow_null=True, help_text=_("The latest one."))


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    url = serializers.SerializerMethodField(help_text=_("Address of the indicator's sheet on the platform."))
    name = serializers.CharField(source="current.name")
    family = serializers.ChoiceField(choices=Family.choices)
    family_label = serializers.CharField(source="get_family_display")
    aim_dimension = serializers.ChoiceField(choices=AimDimension.choices)
    aim_dimension_label = serializers.CharField(source="get_aim_dimension_display")
    status = serializers.ChoiceField(choices=Indicator.Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    unit = serializers.ChoiceField(source="current.unit", choices=Unit.choices)
    unit_label = serializers.CharField(source="current.get_unit_display")
    direction = serializers.ChoiceField(source="current.direction", choices=Direction.choices)
    definition = serializers.CharField(source="current.definition", help_text=_("In plain language."))
    rationale = serializers.CharField(source="current.rationale", help_text=_("Why it matters to people."))
    method = _MethodSerializer(source="current")
    data_source = serializers.CharField(source="current.data_source")
    frequency = serializers.ChoiceField(source="current.frequency", choices=Frequency.choices)
    limitations = serializers.CharField(source="current.limitations")
    steward_organization = serializers.CharField(source="steward_organization.name", allow_null=True, default=None)
    current_version = serializers.IntegerField(
        source="current.number", help_text=_("Number of the latest version of the definition, the one shown here.")
    )
    version_in_force = serializers.IntegerField(
        source="in_force.number",
        allow_null=True,
        default=None,
        help_text=_("Number of the latest adopted version, the one public values belong to; null before adoption."),
    )
    coconstruction = _CoConstructionSerializer(source="*")

    def get_url(self, indicator: Indicator) -> str:
        return self.context["request"].build_absolute_uri(indicator.get_absolute_url())


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    definition = serializers.CharField()
    rationale = serializers.CharField()
    numerator = serializers.CharField()
    denominator = serializers.CharField()
    exclusions = serializers.CharField()
    unit = serializers.ChoiceField(choices=Unit.choices)
    direction = serializers.ChoiceField(choices=Direction.choices)
    data_source = serializers.CharField()
    frequency = serializers.ChoiceField(choices=Frequency.choices)
    limitations = serializers.CharField()
    change_note = serializers.CharField(help_text=_("What changed from the previous version."))
    created_at = serializers.DateTimeField()
    adopted_at = serializers.DateTimeField(allow_null=True, help_text=_("Null while the version is not adopted."))


@extend_schema_view(
    list=extend_schema(
        summary=_("Indicators"),
        description=_(
            "Every co-built indicator, proposed, in co-construction, adopted or retired, with the current "
            "wording of its definition and how it was co-built (counts by role, no names)."
        ),
        responses={200: IndicatorSerializer, **BAD_FILTER},
    ),
    retrieve=extend_schema(summary=_("One indicator"), responses={200: IndicatorSerializer, **NOT_FOUND}),
)
class IndicatorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ApiViewSet):
    """The indicator catalogue: public, read-only."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return selectors.indicator_list_with_record()

    @extend_schema(
        summary=_("Versions of an indicator"),
        description=_("Every version of the definition, the latest first, with what changed and when it was adopted."),
        responses={200: VersionSerializer(many=True), **NOT_FOUND},
    )
    @action(detail=True, filter_backends=[], pagination_class=None)
    def versions(self, request: Request, code: str) -> Response:
        indicator = selectors.indicator_get(code=code)
        versions: list[IndicatorVersion] = list(selectors.indicator_versions(indicator=indicator))
        return Response(VersionSerializer(versions, many=True).data)


# --- Measurements ----------------------------------------------------------------------------


class MeasurementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    indicator = serializers.CharField(source="indicator.code", help_text=_("Code of the indicator."))
    version = serializers.IntegerField(
        source="version.number", help_text=_("Number of the version of the definition the value belongs to.")
    )
    territory = serializers.CharField(source="territory.code", help_text=_("Code of the territory."))
    territory_name = serializers.CharField(source="territory.name")
    granularity = serializers.ChoiceField(choices=Granularity.choices)
    period = serializers.CharField(source="period_label", help_text=_("For example 2025, 2025-Q1, 2025-03."))
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    dimension = serializers.ChoiceField(
        source="stratum.dimension", choices=Dimension.choices, help_text=_("Equity dimension (“total” for all values).")
    )
    category = serializers.CharField(source="stratum.code", help_text=_("Code of the category within the dimension."))
    category_name = serializers.CharField(source="stratum.name")
    value = _number(allow_null=True, help_text=_("Null when suppressed."))
    ci_low = _number(allow_null=True, help_text=_("Low end of the confidence interval; null when suppressed."))
    ci_high = _number(allow_null=True, help_text=_("High end of the confidence interval; null when suppressed."))
    numerator = _number(allow_null=True, help_text=_("Null when not given or suppressed."))
    denominator = _number(allow_null=True, help_text=_("Null when not given or suppressed."))
    source = serializers.CharField()
    suppressed = serializers.BooleanField(
        help_text=_("A small count (from 1 to 4), or a value that would reveal one, is never given.")
    )
    display = serializers.SerializerMethodField(help_text=_("What to show: the value, or “< 5” when suppressed."))

    def get_display(self, measurement: Measurement) -> str:
        return suppressed_text() if measurement.suppressed else _plain(measurement.value)

    def to_representation(self, measurement: Measurement) -> dict:
        data = super().to_representation(measurement)
        if measurement.suppressed:
            data.update(dict.fromkeys(HIDDEN_WHEN_SUPPRESSED))
        return data


class MeasurementPagination(CursorPagination):
    """By identifier, without counting: the table holds millions of rows."""

    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


def _measurements_csv(measurements) -> StreamingHttpResponse:
    header = [
        gettext("indicator"),
        gettext("version"),
        gettext("territory code"),
        gettext("territory"),
        gettext("period type"),
        gettext("period"),
        gettext("start"),
        gettext("end"),
        gettext("dimension"),
        gettext("category code"),
        gettext("category"),
        gettext("value"),
        gettext("confidence interval, low"),
        gettext("confidence interval, high"),
        gettext("numerator"),
        gettext("denominator"),
        gettext("source"),
    ]

    def rows():
        for measurement in measurements.iterator(chunk_size=2000):
            if measurement.suppressed:
                numbers = [suppressed_text(), "", "", "", ""]
            else:
                numbers = [_plain(getattr(measurement, name)) for name in HIDDEN_WHEN_SUPPRESSED]
            yield [
                measurement.indicator.code,
                measurement.version.number,
                measurement.territory.code,
                measurement.territory.name,
                measurement.granularity,
                measurement.period_label,
                measurement.period_start.isoformat(),
                measurement.period_end.isoformat(),
                measurement.stratum.dimension,
                measurement.stratum.code,
                measurement.stratum.name,
                *numbers,
                measurement.source,
            ]

    return csv_response(gettext("measurements.csv"), header, rows())


@extend_schema_view(
    list=extend_schema(
        summary=_("Measurements"),
        description=_(
            "The values you may read: those of adopted versions (and, for an indicator's stewards, its draft's), "
            "by identifier, a page at a time (follow `next`). A suppressed value is null, with `display` “< 5”. "
            "With `?format=csv` (or `Accept: text/csv`), every value matching the filters in one CSV file "
            "(UTF-8), suppressed values written “< 5”. An unknown code finds nothing; a malformed date is an error."
        ),
        parameters=[
            OpenApiParameter(
                "format", str, enum=["json", "csv"], description=_("csv: the whole filtered list as a CSV file.")
            )
        ],
        responses={
            (200, "application/json"): MeasurementSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description=_("Every matching value, unpaginated.")),
            **_as_json(BAD_FILTER),
        },
    ),
)
class MeasurementViewSet(mixins.ListModelMixin, _ApiViewSet):
    """Values of the indicators: open data."""

    serializer_class = MeasurementSerializer
    filterset_class = MeasurementFilter
    pagination_class = MeasurementPagination
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CsvRenderer]

    def get_queryset(self):
        return selectors.measurement_list(user=self.request.user)

    def list(self, request: Request) -> Response:
        measurements = self.filter_queryset(self.get_queryset())
        if request.accepted_renderer.format == CsvRenderer.format:
            return _measurements_csv(measurements.order_by("id"))
        page = self.paginate_queryset(measurements)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# --- Targets ---------------------------------------------------------------------------------


class TargetFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code", label=_("Indicator code"))

    class Meta:
        model = Target
        fields = ["indicator"]


class TargetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    indicator = serializers.CharField(source="indicator.code", help_text=_("Code of the indicator."))
    level = serializers.ChoiceField(GovernanceLevel.choices, help_text=_("Governance level."))
    level_label = serializers.CharField(source="get_level_display")
    territory = serializers.CharField(source="territory.code", help_text=_("Code of the territory."))
    territory_name = serializers.CharField(source="territory.name")
    granularity = serializers.ChoiceField(choices=Granularity.choices)
    period = serializers.CharField(source="period_label")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    value = _number()
    rationale = serializers.CharField(help_text=_("Why this value."))
    updated_at = serializers.DateTimeField()


class _TargetFields(OnlyWritableFieldsMixin, serializers.Serializer):
    level = serializers.ChoiceField(GovernanceLevel.choices, help_text=_("Governance level."))
    territory = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Territory.objects.all(),
        help_text=_("Code of the territory, for example 06 for Montréal."),
        error_messages=_unknown(_("No territory has the code “{value}”.")),
    )
    period = serializers.CharField(
        max_length=20, help_text=_("The period aimed at: 2027, 2027-T1, 2027-03, 2027-S05 or 2027-03-15.")
    )
    value = serializers.DecimalField(max_digits=16, decimal_places=4, help_text=_("In the indicator's unit."))
    rationale = serializers.CharField(help_text=_("Why this value."))


class TargetCreateSerializer(_TargetFields):
    indicator = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Indicator.objects.all(),
        help_text=_("Code of an indicator you steward."),
        error_messages=_unknown(_("No indicator has the code “{value}”.")),
    )


class TargetUpdateSerializer(_TargetFields):
    pass


def _target_values(target: Target) -> dict:
    """The current values of ``target``, as ``target_save`` takes them."""
    return {
        "level": target.level,
        "territory": target.territory,
        "period": target.period_label,
        "value": target.value,
        "rationale": target.rationale,
    }


@extend_schema_view(
    list=extend_schema(summary=_("Targets"), responses={200: TargetSerializer, **BAD_FILTER}),
    retrieve=extend_schema(summary=_("One target"), responses={200: TargetSerializer, **NOT_FOUND}),
    create=extend_schema(
        summary=_("Set a target"),
        description=_(
            "For the indicator's stewards and staff: the value a governance level aims at for a territory "
            "and a period, and why. One target per indicator, level, territory and period."
        ),
        request=TargetCreateSerializer,
        responses={
            201: TargetSerializer,
            **INVALID,
            **NOT_SIGNED_IN,
            403: OpenApiResponse(ErrorSerializer, description=_("You are not a steward of this indicator.")),
        },
    ),
    update=extend_schema(
        summary=_("Replace a target"),
        request=TargetUpdateSerializer,
        responses={200: TargetSerializer, **INVALID, **NOT_SIGNED_IN, **NOT_STEWARDED},
    ),
    partial_update=extend_schema(
        summary=_("Change a target"),
        description=_("Fields left out keep their value."),
        request=TargetUpdateSerializer,
        responses={200: TargetSerializer, **INVALID, **NOT_SIGNED_IN, **NOT_STEWARDED},
    ),
    destroy=extend_schema(
        summary=_("Delete a target"), responses={204: None, **INVALID, **NOT_SIGNED_IN, **NOT_STEWARDED}
    ),
)
class TargetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ApiViewSet):
    """Targets per governance level: public; set by the indicator's stewards and staff. A change
    to a target of an indicator one does not steward answers 404."""

    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return Target.objects.select_related("indicator", "territory")

    def get_object(self) -> Target:
        targets = self.get_queryset()
        if self.action in ("update", "partial_update", "destroy"):
            targets = targets.filter(indicator__in=Indicator.objects.stewarded_by(self.request.user))
        return get_object_or_404(targets, pk=int(self.kwargs["pk"]))

    def get_serializer_class(self):
        if self.action == "create":
            return TargetCreateSerializer
        if self.action in ("update", "partial_update"):
            return TargetUpdateSerializer
        return TargetSerializer

    def _output(self, target: Target) -> dict:
        return TargetSerializer(self.get_queryset().get(pk=target.pk)).data

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = services.target_save(by=request.user, **serializer.validated_data)
        return Response(self._output(target), status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str) -> Response:
        return self._change(partial=False)

    def partial_update(self, request: Request, pk: str) -> Response:
        return self._change(partial=True)

    def _change(self, *, partial: bool) -> Response:
        target = self.get_object()
        serializer = self.get_serializer(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        values = {**_target_values(target), **serializer.validated_data}
        target = services.target_save(indicator=target.indicator, target=target, by=self.request.user, **values)
        return Response(self._output(target))

    def destroy(self, request: Request, pk: str) -> Response:
        services.target_delete(target=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Imports ---------------------------------------------------------------------------------


class IsSteward(BasePermission):
    message = _("Only indicator stewards may import measurements.")

    def has_permission(self, request: Request, view) -> bool:
        return selectors.can_propose_indicator(user=request.user)


MAPPING_KEYS = [*importing.MAPPED_FIELDS, "fixed_indicator"]
MAPPING_SCHEMA = {
    "type": "object",
    "properties": {key: {"type": "string"} for key in MAPPING_KEYS},
    "additionalProperties": False,
    "example": {
        "indicator": "indicateur",
        "territory": "territoire",
        "period": "periode",
        "dimension": "dimension",
        "category": "categorie",
        "value": "valeur",
    },
}


@extend_schema_field(MAPPING_SCHEMA)
class _MappingField(serializers.JSONField):
    """Which column of the file holds what: a JSON object (a JSON text in a multipart form)."""

    def to_internal_value(self, data) -> dict:
        mapping = super().to_internal_value(data)
        if not isinstance(mapping, dict) or not all(isinstance(value, str) for value in mapping.values()):
            raise serializers.ValidationError(
                _('Give a JSON object whose values are column names, for example {"period": "periode"}.')
            )
        unknown = sorted(set(mapping) - set(MAPPING_KEYS))
        if unknown:
            raise serializers.ValidationError(
                _("Unknown keys: %(keys)s. The keys are: %(known)s.")
                % {"keys": ", ".join(unknown), "known": ", ".join(MAPPING_KEYS)}
            )
        return mapping


class ImportCreateSerializer(OnlyWritableFieldsMixin, serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True,  # the service explains what is wrong with the file
        help_text=_("A CSV file (UTF-8 or Windows-1252; comma, semicolon or tab) or an XLSX workbook, up to 50 MB."),
    )
    mapping = _MappingField(
        help_text=_(
            "Which column holds what, as a JSON object: keys among indicator, territory, period, dimension, "
            "category, value, numerator, denominator, ci_low, ci_high and fixed_indicator; values are column "
            "names of the file. Territory and period are needed; indicator (or fixed_indicator, an indicator "
            "code); value, or numerator and denominator; dimension and category together (totals without them)."
        )
    )
    source = serializers.CharField(
        max_length=ImportBatch._meta.get_field("source").max_length,
        help_text=_("Where the values come from, for example the survey and its year."),
    )
    cumulative = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("The file gives running totals: the count of each period is its difference from the previous one."),
    )


class _RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=_("Line of the file (the header is line 1)."))
    column = serializers.CharField()
    value = serializers.CharField()
    message = serializers.CharField()


class _ImportLinksSerializer(serializers.Serializer):
    self = serializers.URLField()
    page = serializers.URLField(help_text=_("The import's page on the platform."))
    confirm = serializers.URLField(
        allow_null=True, help_text=_("POST here to import a file checked without errors; null otherwise.")
    )
    errors = serializers.URLField(allow_null=True, help_text=_("The error report (CSV); null when there is none."))


class ImportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField(help_text=_("Name of the uploaded file."))
    format = serializers.ChoiceField(ImportBatch.Format.choices)
    status = serializers.ChoiceField(
        ImportBatch.Status.choices,
        help_text=_(
            "uploaded, then validating (the check), then invalid (errors to fix) or valid (ready: confirm), "
            "then importing, then done or failed."
        ),
    )
    status_label = serializers.CharField(source="get_status_display")
    progress = serializers.IntegerField(help_text=_("How far the running step is, in percent."))
    source = serializers.CharField()
    cumulative = serializers.BooleanField()
    columns = serializers.ListField(child=serializers.CharField(), help_text=_("Column names of the file."))
    mapping = serializers.DictField(child=serializers.CharField())
    row_count = serializers.IntegerField(help_text=_("Rows of values read."))
    error_count = serializers.IntegerField(help_text=_("Rows with at least one error."))
    inserted = serializers.IntegerField(help_text=_("New values written."))
    updated = serializers.IntegerField(help_text=_("Values changed."))
    unchanged = serializers.IntegerField(help_text=_("Values already there, identical."))
    failure = serializers.CharField(help_text=_("What went wrong, when the import failed."))
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    links = serializers.SerializerMethodField()

    @extend_schema_field(_ImportLinksSerializer)
    def get_links(self, batch: ImportBatch) -> dict:
        request = self.context["request"]
        here = {"pk": batch.pk}
        return {
            "self": reverse("indicator-import-detail", kwargs=here, request=request),
            "page": request.build_absolute_uri(batch.get_absolute_url()),
            "confirm": reverse("indicator-import-confirm", kwargs=here, request=request)
            if batch.status == ImportBatch.Status.VALID
            else None,
            "errors": reverse("indicator-import-errors", kwargs=here, request=request) if batch.error_report else None,
        }


class ImportDetailSerializer(ImportSerializer):
    errors = _RowErrorSerializer(many=True, help_text=_("The first errors (at most 200); all in the error report."))
    sample = serializers.ListField(
        child=serializers.DictField(), help_text=_("The first rows as read and understood (at most 10).")
    )


@extend_schema_view(
    list=extend_schema(
        summary=_("Your imports"),
        description=_("The files of measurements you uploaded, the latest first (staff: everyone's)."),
        responses={200: ImportSerializer, **NOT_SIGNED_IN, **NOT_A_STEWARD},
    ),
    retrieve=extend_schema(
        summary=_("One import"),
        description=_("Its status and progress, the first errors, the first rows as read and, once done, the counts."),
        responses={200: ImportDetailSerializer, **NOT_SIGNED_IN, **NOT_A_STEWARD, **NOT_YOURS},
    ),
    create=extend_schema(
        summary=_("Upload a file of measurements"),
        description=_(
            "For indicator stewards and staff. The file is kept and checked in the background (follow "
            "`links.self`: `validating`, then `invalid` with its errors or `valid`); nothing is written to the "
            "measurements until you confirm. An empty, unreadable, headless or too large file, or a mapping "
            "that does not fit the file's columns, is refused (400) and nothing is kept."
        ),
        request={"multipart/form-data": ImportCreateSerializer},
        responses={201: ImportDetailSerializer, **INVALID, **NOT_SIGNED_IN, **NOT_A_STEWARD},
    ),
)
class ImportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ApiViewSet):
    """Imports of measurements by indicator stewards: upload with a column mapping, check,
    confirm, then follow the import. Another person's import answers 404."""

    permission_classes = [IsAuthenticated, IsSteward]
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = ImportSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.import_list(user=self.request.user)

    def get_object(self) -> ImportBatch:
        return selectors.import_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    def get_serializer_class(self):
        if self.action == "create":
            return ImportCreateSerializer
        return ImportSerializer if self.action == "list" else ImportDetailSerializer

    def _output(self, batch: ImportBatch) -> dict:
        batch.progress = services.import_progress(batch=batch)
        return ImportDetailSerializer(batch, context=self.get_serializer_context()).data

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        for batch in page:
            batch.progress = services.import_progress(batch=batch)
        return self.get_paginated_response(
            ImportSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self._output(self.get_object()))

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        batch = None
        try:
            # One transaction: a mapping that does not fit the file keeps nothing.
            with transaction.atomic():
                batch = services.import_create(by=request.user, file=data["file"])
                batch = services.import_map(
                    batch=batch,
                    by=request.user,
                    mapping=data["mapping"],
                    source=data["source"],
                    cumulative=data["cumulative"],
                )
        except DjangoValidationError as error:
            _forget_file(batch)
            if not hasattr(error, "error_dict"):
                raise
            raise DjangoValidationError(_mapping_errors(error.message_dict)) from None
        except Exception:
            _forget_file(batch)
            raise
        # The check may already have run (eager tasks): read the batch as it is now.
        return Response(self._output(self.get_queryset().get(pk=batch.pk)), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Import a checked file"),
        description=_(
            "Writes the values of a file checked without errors, all at once, in the background: follow "
            "`links.self` (`importing`, then `done` or `failed`). Importing the same file again changes nothing."
        ),
        request=None,
        responses={202: ImportDetailSerializer, **INVALID, **NOT_SIGNED_IN, **NOT_A_STEWARD, **NOT_YOURS},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        services.import_confirm(batch=self.get_object(), by=request.user)
        return Response(self._output(self.get_object()), status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary=_("Error report of an import"),
        description=_("Every row error of the file as CSV (UTF-8): row, column, value, error."),
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description=_("The error report.")),
            **_as_json(
                {
                    **NOT_SIGNED_IN,
                    **NOT_A_STEWARD,
                    404: OpenApiResponse(
                        ErrorSerializer, description=_("Not found, not yours, or the file had no errors.")
                    ),
                }
            ),
        },
    )
    @action(detail=True, renderer_classes=[CsvRenderer, JSONRenderer])
    def errors(self, request: Request, pk: str) -> FileResponse:
        batch = self.get_object()
        if not batch.error_report:
            raise Http404
        return FileResponse(
            batch.error_report.open("rb"),
            as_attachment=True,
            filename=services.import_report_name(batch),
            content_type="text/csv; charset=utf-8",
        )


def _forget_file(batch: ImportBatch | None) -> None:
    """The stored file of an upload that was refused: its row was rolled back."""
    if batch is not None and batch.file:
        batch.file.delete(save=False)


def _mapping_errors(errors: dict) -> dict:
    """The services' errors, the mapping's keys under "mapping.<key>"."""
    own = {"file", "source", "cumulative", "mapping"}
    return {key if key in own else f"mapping.{key}": messages for key, messages in errors.items()}
