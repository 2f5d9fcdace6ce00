"""Setting an indicator's targets (stewards only): a governance level, a territory, a period
written as in the import files, a value in the indicator's unit and why."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecosystem.forms import TerritoryChoiceField, field_choices, field_label
from ecosystem.models import Territory

from ..models import Indicator, Target


class TargetForm(forms.Form):
    level = forms.ChoiceField(label=field_label(Target, "level"), choices=field_choices(Target, "level", blank=True))
    territory = TerritoryChoiceField(
        label=field_label(Target, "territory"),
        queryset=Territory.objects.in_code_order(),
        help_text=_("Québec, a health and social services region or a local territory."),
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        help_text=_("For example 2027 for a year, 2027-T1 for a quarter or 2027-03 for a month."),
    )
    value = forms.DecimalField(
        label=field_label(Target, "value"),
        max_digits=16,
        decimal_places=4,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    rationale = forms.CharField(
        label=field_label(Target, "rationale"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this value, for this level and this period."),
    )

    def __init__(self, *args, indicator: Indicator, target: Target | None = None, **kwargs):
        if target is not None:
            kwargs.setdefault(
                "initial",
                {
                    "level": target.level,
                    "territory": target.territory_id,
                    "period": target.period_label,
                    "value": format(target.value.normalize(), "f"),
                    "rationale": target.rationale,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["value"].help_text = _("In the indicator's unit: %(unit)s.") % {
            "unit": indicator.current.get_unit_display().lower()
        }
