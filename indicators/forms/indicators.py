"""Proposing an indicator and changing its description and definition (stewards only). The
definition fields are read from ``IndicatorVersion``: labels, limits and choices in one place."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecosystem.forms import field_choices, field_help, field_label, field_max_length
from ecosystem.models import Organization, Theme

from ..models import Indicator, IndicatorVersion
from . import FieldsetsMixin

LONG_TEXTS = {"definition", "rationale", "numerator", "denominator", "exclusions", "limitations"}

DEFINITION_HELP = {
    "name": _("Short and in plain language, as people would say it."),
    "definition": _("What is measured, in words a person who uses the services understands."),
    "rationale": _("What this indicator tells people about their care and their health."),
    "numerator": _("Who or what is counted."),
    "denominator": _("Among whom or what. Leave empty for a count."),
    "exclusions": _("Who or what is left out, and why."),
    "limitations": _("What the values cannot say, and the cautions in reading them."),
}


def _definition_field(name: str) -> forms.Field:
    model_field = IndicatorVersion._meta.get_field(name)
    label = field_label(IndicatorVersion, name)
    required = not model_field.blank
    help_text = DEFINITION_HELP.get(name, "")
    if model_field.choices:
        return forms.ChoiceField(
            label=label, choices=field_choices(IndicatorVersion, name, blank=True), help_text=help_text
        )
    widget = forms.Textarea(attrs={"rows": 4}) if name in LONG_TEXTS else forms.TextInput
    return forms.CharField(
        label=label,
        required=required,
        max_length=field_max_length(IndicatorVersion, name),
        widget=widget,
        help_text=help_text,
    )


class IndicatorForm(FieldsetsMixin, forms.Form):
    """Change an indicator: its description and the wording of its current version."""

    family = forms.ChoiceField(
        label=field_label(Indicator, "family"), choices=field_choices(Indicator, "family", blank=True)
    )
    aim_dimension = forms.ChoiceField(
        label=field_label(Indicator, "aim_dimension"),
        choices=field_choices(Indicator, "aim_dimension", blank=True),
        help_text=_("The part of the quintuple aim this indicator informs."),
    )
    steward_organization = forms.ModelChoiceField(
        label=field_label(Indicator, "steward_organization"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        help_text=_("The organization that answers for this indicator, if any."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=field_label(Indicator, "themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
    )
    name = _definition_field("name")
    definition = _definition_field("definition")
    rationale = _definition_field("rationale")
    numerator = _definition_field("numerator")
    denominator = _definition_field("denominator")
    exclusions = _definition_field("exclusions")
    unit = _definition_field("unit")
    direction = _definition_field("direction")
    data_source = _definition_field("data_source")
    frequency = _definition_field("frequency")
    limitations = _definition_field("limitations")
    change_note = forms.CharField(
        label=field_label(IndicatorVersion, "change_note"),
        max_length=field_max_length(IndicatorVersion, "change_note"),
        required=False,
        help_text=_("In a sentence, for the people who endorsed the previous wording."),
    )

    fieldsets = [
        (_("The indicator"), ["code", "family", "aim_dimension", "steward_organization", "themes"]),
        (_("What it measures and why"), ["name", "definition", "rationale"]),
        (_("Method"), ["numerator", "denominator", "exclusions", "unit", "direction"]),
        (_("Data"), ["data_source", "frequency", "limitations"]),
        (_("What changed"), ["change_note"]),
    ]

    def __init__(self, *args, indicator: Indicator | None = None, **kwargs):
        if indicator is not None:
            initial = {
                "family": indicator.family,
                "aim_dimension": indicator.aim_dimension,
                "steward_organization": indicator.steward_organization_id,
                "themes": [theme.pk for theme in indicator.themes.all()],
            }
            initial.update({name: getattr(indicator.current, name) for name in IndicatorVersion.DEFINITION_FIELDS})
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)


class IndicatorCreateForm(IndicatorForm):
    """Propose an indicator with the first wording of its definition."""

    code = forms.CharField(
        label=field_label(Indicator, "code"),
        max_length=field_max_length(Indicator, "code"),
        help_text=field_help(Indicator, "code"),
    )

    change_note = None  # a first version has nothing that changed

    field_order = ["code"]
