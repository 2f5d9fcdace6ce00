"""The decision log's forms: the list's filters, and recording a decision with what informed it.

The form offers to tick the most recent learnings, signals and syntheses (of a territory when
one is chosen) and every adopted indicator; it accepts any learning or signal the person may
read, so that the service, not the form, says why a draft learning or an untriaged signal
cannot be cited."""

import django_filters
from django import forms
from django.db.models import Q
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from ecosystem.forms import DATE_WIDGET, TerritoryChoiceField, field_choices, field_label, field_max_length
from ecosystem.models import Organization, Territory
from indicators.models import GovernanceLevel, Indicator
from initiatives.models import Learning

from .. import selectors
from ..models import Decision, Signal, Synthesis
from ..services import DECISION_FIELDS, DECISION_LINKS

# The query-string name of the territory whose learnings, signals and syntheses the form offers.
TERRITORY_PARAMETER = "territoire"


class YearFilter(django_filters.NumberFilter):
    """A year, as a whole number (2024.5 is refused by the form, not sent to the database)."""

    field_class = forms.IntegerField


class DecisionFilter(django_filters.FilterSet):
    """The decision log's filters: words, a territory (Québec or an RSS and what lies inside it),
    a governance level, a kind and a year."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    territory = django_filters.ModelChoiceFilter(
        label=_("Territory"),
        queryset=lambda request: selectors.decision_territories(),
        to_field_name="code",
        empty_label=_("All territories"),
        method="filter_territory",
    )
    level = django_filters.ChoiceFilter(
        label=field_label(Decision, "level"), choices=GovernanceLevel.choices, empty_label=_("All levels")
    )
    kind = django_filters.ChoiceFilter(
        label=field_label(Decision, "kind"), choices=Decision.Kind.choices, empty_label=_("Decisions and adaptations")
    )
    year = YearFilter(label=_("Year"), field_name="decided_on", lookup_expr="year", min_value=1900, max_value=2999)

    class Meta:
        model = Decision
        fields = ["q", "territory", "level", "kind", "year"]

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
        return queryset

    def filter_territory(self, queryset, name, value):
        if value is None or value.kind == Territory.Kind.PROVINCE:
            return queryset
        return queryset.filter(territory__in=Territory.objects.within(value))


class SourcesTerritoryForm(forms.Form):
    """The territory whose recent learnings, signals and syntheses the decision form offers."""

    territoire = TerritoryChoiceField(
        label=_("Show the sources of"),
        queryset=Territory.objects.none(),
        required=False,
        empty_label=_("All territories"),
        to_field_name="code",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].queryset = selectors.decision_territories()

    @property
    def territory(self) -> Territory | None:
        return self.cleaned_data.get("territoire") if self.is_valid() else None


class LearningChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, learning: Learning) -> str:
        place = learning.territory.coded_name if learning.territory_id else ""
        day = learning.published_at.date().isoformat() if learning.published_at else ""
        details = ", ".join(part for part in (place, day) if part)
        return f"{learning.title} ({details})" if details else learning.title


class SignalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, signal: Signal) -> str:
        return f"{signal.title} ({signal.territory.coded_name}, {signal.get_kind_display().lower()})"


class SynthesisChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, synthesis: Synthesis) -> str:
        territory = synthesis.territory
        place = territory.name if territory.kind == Territory.Kind.PROVINCE else territory.coded_name
        label = f"{place} · {synthesis.period_label}"
        return f"{label} · {synthesis.theme.name}" if synthesis.theme_id else label


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, indicator: Indicator) -> str:
        return f"{indicator.code} {indicator.name}"


def _ids(values) -> list[int]:
    """The whole numbers among posted values (anything else is left to the field to refuse)."""
    return [int(value) for value in values if str(value).isdigit()]


class DecisionForm(forms.Form):
    title = forms.CharField(label=field_label(Decision, "title"), max_length=field_max_length(Decision, "title"))
    kind = forms.ChoiceField(
        label=field_label(Decision, "kind"), choices=field_choices(Decision, "kind"), widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=field_label(Decision, "description"),
        max_length=field_max_length(Decision, "description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was decided or adapted, for whom, and what changes in the field."),
    )
    level = forms.ChoiceField(
        label=field_label(Decision, "level"), choices=field_choices(Decision, "level", blank=True)
    )
    decided_on = forms.DateField(label=field_label(Decision, "decided_on"), widget=DATE_WIDGET)
    organization = forms.ModelChoiceField(
        label=field_label(Decision, "organization"), queryset=Organization.objects.none()
    )
    territory = TerritoryChoiceField(
        label=field_label(Decision, "territory"),
        queryset=Territory.objects.none(),
        help_text=_("Québec, a health and social services region or a local territory."),
    )
    learnings = LearningChoiceField(
        label=_("Field learnings that informed it"),
        queryset=Learning.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Published learnings only; the most recent are listed."),
    )
    signals = SignalChoiceField(
        label=_("Watch signals that informed it"),
        queryset=Signal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Triaged signals only; the most recent are listed."),
    )
    syntheses = SynthesisChoiceField(
        label=_("Syntheses that informed it"),
        queryset=Synthesis.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Final syntheses of periods that are over; the most recent are listed."),
    )
    indicators = IndicatorChoiceField(
        label=_("Indicators that informed it"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args, user, decision: Decision | None = None, sources_territory: Territory | None = None, **kwargs
    ):
        if decision is not None:
            kwargs.setdefault("initial", model_to_dict(decision, fields=[*DECISION_FIELDS, *DECISION_LINKS]))
        kwargs.setdefault("initial", {}).setdefault("kind", Decision.Kind.DECISION)
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.order_by("name")
        self.fields["territory"].queryset = Territory.objects.in_code_order()
        # What the fields accept: whatever the person may read (the service refuses drafts and
        # untriaged signals with its own message); what they list: the recent citable ones.
        self.fields["learnings"].queryset = Learning.objects.visible_to(user)
        self.fields["signals"].queryset = Signal.objects.visible_to(user)
        self.fields["syntheses"].queryset = Synthesis.objects.final()
        self.fields["indicators"].queryset = selectors.indicators_to_cite()
        listed = {
            "learnings": selectors.learnings_to_cite(
                user=user, territory=sources_territory, chosen=self._chosen("learnings")
            ),
            "signals": selectors.signals_to_cite(
                user=user, territory=sources_territory, chosen=self._chosen("signals")
            ),
            "syntheses": selectors.syntheses_to_cite(territory=sources_territory, chosen=self._chosen("syntheses")),
        }
        for name, items in listed.items():
            field = self.fields[name]
            field.widget.choices = [(item.pk, field.label_from_instance(item)) for item in items]
            if not items:
                field.help_text = _("None can be cited yet.")

    def _chosen(self, name: str) -> list[int]:
        if self.is_bound:
            return _ids(self.data.getlist(self.add_prefix(name)) if hasattr(self.data, "getlist") else [])
        return _ids(self.initial.get(name) or [])
