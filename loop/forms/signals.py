"""The strategic watch's forms: posting a signal, triaging one, and the filters shared by the
public board and the triage list (their query string: ``kind``, ``status``, ``region``, ``theme``)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ecosystem.filters import theme_filter
from ecosystem.forms import TerritoryChoiceField, field_choices, field_label, field_max_length
from ecosystem.models import Territory, Theme

from ..models import Signal, SignalKind, SignalStatus
from ..services import SIGNAL_WITHOUT_TERRITORY


class SignalForm(forms.Form):
    """What a person noticed in the field. A missing territory gets the service's message (the
    one the API gives), with the form's other errors."""

    kind = forms.ChoiceField(
        label=_("What kind of signal is it?"), choices=field_choices(Signal, "kind"), widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=field_label(Signal, "title"),
        max_length=field_max_length(Signal, "title"),
        help_text=_("In a few words, what you noticed."),
    )
    territory = TerritoryChoiceField(
        label=field_label(Signal, "territory"),
        error_messages={"required": SIGNAL_WITHOUT_TERRITORY},
        queryset=Territory.objects.in_code_order(),
        help_text=_("Québec as a whole, a health and social services region or a local territory."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=field_label(Signal, "themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=field_label(Signal, "description"),
        max_length=field_max_length(Signal, "description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What is happening, for whom, and why it matters. Do not name anyone: the signal becomes public "
            "once it has been reviewed."
        ),
    )


class SignalTriageForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=field_choices(Signal, "status"), widget=forms.RadioSelect)
    initiative = forms.ModelChoiceField(
        label=field_label(Signal, "initiative"),
        queryset=None,
        required=False,
        help_text=_("When the signal is linked: the initiative that takes it up."),
    )
    community = forms.ModelChoiceField(
        label=field_label(Signal, "community"),
        queryset=None,
        required=False,
        help_text=_("When the signal is linked: the co-learning space that takes it up."),
    )
    note = forms.CharField(
        label=field_label(Signal, "triage_note"),
        max_length=field_max_length(Signal, "triage_note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done with the signal, or why. It is shown with the signal."),
    )

    def __init__(self, *args, signal: Signal, initiatives, communities, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "status": signal.status,
                "initiative": signal.initiative_id,
                "community": signal.community_id,
                "note": signal.triage_note,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives
        self.fields["community"].queryset = communities


# --- Filters ------------------------------------------------------------------------------------


class RegionFilter(django_filters.ModelChoiceFilter):
    """An RSS and the local territories inside it."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(territory__in=Territory.objects.within(value))


def _regions(request):
    return Territory.objects.regions()


class SignalFilter(django_filters.FilterSet):
    """The triage list's filters (every status)."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SignalKind.choices, empty_label=_("All kinds"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SignalStatus.choices, empty_label=_("All statuses"))
    region = RegionFilter(
        label=_("Region (RSS)"), queryset=_regions, to_field_name="code", empty_label=_("All regions")
    )
    theme = theme_filter()

    class Meta:
        model = Signal
        fields = ["kind", "status", "region", "theme"]

    def qs_in_every_region(self):
        """The signals the other filters keep, in every region: what the board's table and map count."""
        queryset = self.queryset.all()
        if not self.is_bound:
            return queryset
        if not self.is_valid():
            return queryset.none()
        for name, value in self.form.cleaned_data.items():
            if name != "region":
                queryset = self.filters[name].filter(queryset, value)
        return queryset


class BoardSignalFilter(SignalFilter):
    """The public board's filters: only the statuses of reviewed signals."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(value, label) for value, label in SignalStatus.choices if value != SignalStatus.NEW],
        empty_label=_("All statuses"),
    )
