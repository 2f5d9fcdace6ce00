"""One FilterSet per list of the learning loop, shared by the API and the pages' GET forms.

A filter value that names nothing (an unknown territory code or theme, a period that is not a
quarter or a year, or one still to come) is an error with a translated message, never a 500."""

import datetime

import django_filters
from django import forms
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ecosystem.filters import theme_filter
from ecosystem.models import Territory, Theme
from indicators import periods
from indicators.models import GovernanceLevel, Granularity

from .models import Decision, DecisionKind, Signal, SignalKind, SignalStatus, Synthesis, SynthesisGranularity


@extend_schema_field(OpenApiTypes.STR)
class TerritoryCodeFilter(django_filters.ModelChoiceFilter):
    """A territory by its code, and everything inside it (an RSS finds its local territories)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Territory code"))
        kwargs.setdefault("queryset", Territory.objects.all())
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("error_messages", {"invalid_choice": _("No territory has the code “%(value)s”.")})
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(Q(territory=value) | Q(territory__parent=value) | Q(territory__parent__parent=value))


class SignalFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind of signal"), choices=SignalKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SignalStatus.choices)
    territory = TerritoryCodeFilter(help_text=_("The territory and the territories inside it, for example 06."))
    theme = theme_filter()

    class Meta:
        model = Signal
        fields = ["kind", "status", "territory", "theme"]


class DecisionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=DecisionKind.choices)
    level = django_filters.ChoiceFilter(label=_("Governance level"), choices=GovernanceLevel.choices)
    territory = TerritoryCodeFilter(help_text=_("The territory and the territories inside it, for example 06."))
    year = django_filters.NumberFilter(
        field_name="decided_on", lookup_expr="year", label=_("Year of the decision"), min_value=1900, max_value=2999
    )

    class Meta:
        model = Decision
        fields = ["kind", "level", "territory", "year"]


# --- Syntheses ---------------------------------------------------------------------------------


def latest_final_quarter() -> datetime.date | None:
    """The first day of the latest quarter with final snapshots (what the public reads by default)."""
    return (
        Synthesis.objects.final()
        .filter(granularity=SynthesisGranularity.QUARTER)
        .aggregate(latest=Max("period_start"))["latest"]
    )


class SynthesisFilterForm(forms.Form):
    """Checks the values themselves, so that each one has a message of its own."""

    def clean_territory(self) -> Territory | None:
        code = (self.cleaned_data.get("territory") or "").strip()
        if not code:
            return None
        territory = Territory.objects.filter(code=code, kind__in=[Territory.Kind.PROVINCE, Territory.Kind.RSS]).first()
        if territory is None:
            raise forms.ValidationError(
                _(
                    "No synthesis covers the territory “%(code)s”: give QC (Québec as a whole) "
                    "or the code of a region (01 to 18)."
                ),
                code="invalid_choice",
                params={"code": code},
            )
        return territory

    def clean_theme(self) -> Theme | None:
        slug = (self.cleaned_data.get("theme") or "").strip()
        if not slug:
            return None
        theme = Theme.objects.filter(slug=slug).first()
        if theme is None:
            raise forms.ValidationError(
                _("No theme has the identifier “%(slug)s”."), code="invalid_choice", params={"slug": slug}
            )
        return theme

    def clean_period(self) -> tuple[str, datetime.date] | None:
        text = (self.cleaned_data.get("period") or "").strip()
        if not text:
            return None
        try:
            granularity, start, _end = periods.parse(text)
        except periods.PeriodError as error:
            raise forms.ValidationError(str(error), code="invalid") from None
        if granularity not in (Granularity.YEAR, Granularity.QUARTER):
            raise forms.ValidationError(
                _("Syntheses are calculated for a quarter or a year (2025 or 2025-T3)."), code="invalid"
            )
        if start > timezone.localdate():
            raise forms.ValidationError(
                _("This period has not started yet: there is nothing to sum up."), code="invalid"
            )
        return granularity, start


class SynthesisFilter(django_filters.FilterSet):
    """Syntheses of a territory (QC or an RSS), a period and a theme. Without a period: the
    latest quarter with final snapshots; without a theme: the snapshots of all themes together."""

    territory = django_filters.CharFilter(
        label=_("Territory code"),
        method="filter_territory",
        help_text=_("QC for Québec as a whole, or the two-digit code of a region (01 to 18). All when left out."),
    )
    period = django_filters.CharFilter(
        label=_("Period"),
        method="filter_period",
        help_text=_(
            "A year (2025) or a quarter (2025-T3). When left out: the latest quarter whose snapshots are final."
        ),
    )
    theme = django_filters.CharFilter(
        label=_("Theme"),
        method="filter_theme",
        help_text=_("Identifier of a theme. When left out: the figures of all themes together."),
    )

    class Meta:
        model = Synthesis
        fields = ["territory", "period", "theme"]
        form = SynthesisFilterForm

    def filter_territory(self, queryset, name, value):
        return queryset.filter(territory=value)

    def filter_period(self, queryset, name, value):
        granularity, start = value
        return queryset.filter(granularity=granularity, period_start=start)

    def filter_theme(self, queryset, name, value):
        return queryset.filter(theme=value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if not data.get("theme"):
            queryset = queryset.filter(theme__isnull=True)
        if not data.get("period"):
            latest = latest_final_quarter()
            if latest is None:
                return queryset.none()
            queryset = queryset.filter(granularity=SynthesisGranularity.QUARTER, period_start=latest)
        return queryset
