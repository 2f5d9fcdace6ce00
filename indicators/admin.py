"""Staff read indicators, their versions, co-construction, targets, imports and measurements here,
and name each indicator's stewards (nothing else does). Everything else is written on the site,
through the services and their rules: definitions and their versions, contributions, adoption,
targets and imports.

The measurements table holds millions of rows: its list never counts the whole table and reads
each row's indicator, territory and stratum in the same query."""

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ecosystem.admin import ReadOnlyAdmin

from .models import Contribution, ImportBatch, Indicator, IndicatorVersion, Measurement, Stratum, Target


class VersionInline(admin.TabularInline):
    model = IndicatorVersion
    fields = ["number", "name", "unit", "direction", "change_note", "created_at", "adopted_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Only the stewards are changed here; stewards and staff change the rest on the site, where
    a change to an adopted definition makes a new version."""

    list_display = ["code", "name", "family", "aim_dimension", "status", "steward_organization"]
    list_filter = ["status", "family", "aim_dimension", "steward_organization"]
    search_fields = ["code", "current__name"]
    list_select_related = ["current", "steward_organization"]
    fields = [
        "code",
        "name",
        "family",
        "aim_dimension",
        "status",
        "steward_organization",
        "themes",
        "stewards",
        "created_at",
        "created_by",
    ]
    readonly_fields = [field for field in fields if field != "stewards"]
    # People are many: pick them by searching rather than from a list of every account.
    autocomplete_fields = ["stewards"]
    inlines = [VersionInline]

    @admin.display(description=_("name"), ordering="current__name")
    def name(self, indicator: Indicator) -> str:
        return indicator.name

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(IndicatorVersion)
class IndicatorVersionAdmin(ReadOnlyAdmin):
    list_display = ["indicator_code", "number", "name", "unit", "direction", "created_at", "adopted_at"]
    list_filter = ["unit", "direction", ("adopted_at", admin.EmptyFieldListFilter)]
    search_fields = ["indicator__code", "name"]
    list_select_related = ["indicator"]

    @admin.display(description=_("indicator"), ordering="indicator__code")
    def indicator_code(self, version: IndicatorVersion) -> str:
        return version.indicator.code


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = [
        "indicator_code",
        "version_number",
        "kind",
        "role",
        "contributor",
        "credited",
        "proposal_status",
        "created_at",
        "withdrawn_at",
    ]
    list_filter = ["kind", "role", "proposal_status", "credited", ("withdrawn_at", admin.EmptyFieldListFilter)]
    date_hierarchy = "created_at"
    search_fields = ["indicator__code", "text", "contributor__display_name"]
    list_select_related = ["indicator", "version", "contributor"]
    raw_id_fields = ["contributor"]

    @admin.display(description=_("indicator"), ordering="indicator__code")
    def indicator_code(self, contribution: Contribution) -> str:
        return contribution.indicator.code

    @admin.display(description=_("version"), ordering="version__number")
    def version_number(self, contribution: Contribution) -> int:
        return contribution.version.number


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["indicator_code", "level", "territory", "period", "value", "updated_at"]
    list_filter = ["level", "granularity"]
    search_fields = ["indicator__code", "rationale"]
    list_select_related = ["indicator", "territory"]

    @admin.display(description=_("indicator"), ordering="indicator__code")
    def indicator_code(self, target: Target) -> str:
        return target.indicator.code

    @admin.display(description=_("period"), ordering="period_start")
    def period(self, target: Target) -> str:
        return target.period_label


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    """What was imported, by whom and how it went. The files themselves are only for their steward,
    through the site: they are neither shown nor linked here."""

    list_display = [
        "original_name",
        "created_by",
        "status",
        "row_count",
        "error_count",
        "inserted",
        "updated",
        "unchanged",
        "created_at",
    ]
    list_filter = ["status", "format", "cumulative"]
    date_hierarchy = "created_at"
    search_fields = ["original_name", "source", "created_by__display_name"]
    list_select_related = ["created_by"]
    exclude = ["file", "error_report", "checked"]


class _EstimatedCountPaginator(Paginator):
    """An unfiltered list of a table of millions takes PostgreSQL's estimate of its size rather
    than counting every row; a filtered list is counted."""

    ESTIMATE_FROM = 100_000

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if connection.vendor == "postgresql" and query is not None and not query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [Measurement._meta.db_table]
                )
                row = cursor.fetchone()
            if row and row[0] >= self.ESTIMATE_FROM:
                return row[0]
        return super().count


class IndicatorCodeFilter(admin.SimpleListFilter):
    """Indicators by code, read in one query (their names are in their versions)."""

    title = _("indicator")
    parameter_name = "indicator"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [(str(pk), code) for pk, code in Indicator.objects.order_by("code").values_list("pk", "code")]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(indicator_id=value) if value and value.isdigit() else queryset


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyAdmin):
    list_display = [
        "indicator_code",
        "territory",
        "period",
        "stratum",
        "value",
        "numerator",
        "denominator",
        "suppressed",
    ]
    list_filter = ["granularity", "suppressed", IndicatorCodeFilter, "territory", "stratum__dimension"]
    list_select_related = ["indicator", "territory", "stratum"]
    show_full_result_count = False
    paginator = _EstimatedCountPaginator
    list_per_page = 50

    @admin.display(description=_("indicator"), ordering="indicator__code")
    def indicator_code(self, measurement: Measurement) -> str:
        return measurement.indicator.code

    @admin.display(description=_("period"), ordering="period_start")
    def period(self, measurement: Measurement) -> str:
        return measurement.period_label


@admin.register(Stratum)
class StratumAdmin(ReadOnlyAdmin):
    list_display = ["dimension", "code", "name_fr", "name_en", "position"]
    list_filter = ["dimension"]
    search_fields = ["code", "name_fr", "name_en"]
