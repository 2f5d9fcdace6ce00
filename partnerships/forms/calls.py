"""Forms of the calls for partners. They only check the shape of the input; the services decide
(their ValidationErrors are shown on the form with ``ecosystem.forms.add_service_errors``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecosystem.forms import (
    DATE_WIDGET,
    TerritoryMultipleChoiceField,
    field_choices,
    field_help,
    field_label,
    field_max_length,
)
from ecosystem.models import Territory, Theme

from ..models import Application, Call, Language, PartnerType


class CallForm(forms.Form):
    """Open a call for partners, or change one."""

    title = forms.CharField(label=field_label(Call, "title"), max_length=field_max_length(Call, "title"))
    description = forms.CharField(
        label=field_label(Call, "description"),
        max_length=field_max_length(Call, "description"),
        help_text=field_help(Call, "description"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    partner_types = forms.MultipleChoiceField(
        label=field_label(Call, "partner_types"),
        choices=PartnerType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
        help_text=_("Leave empty if every kind of partner is welcome."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=field_label(Call, "themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
        help_text=_("The lived experience you are looking for, if any."),
    )
    territories = TerritoryMultipleChoiceField(
        label=field_label(Call, "territories"),
        queryset=Territory.objects.in_code_order(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
        help_text=_("Where the partners should live. Leave empty if anyone in Québec may apply."),
    )
    languages = forms.MultipleChoiceField(
        label=field_label(Call, "languages"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
        help_text=_("The languages the work is done in."),
    )
    sphere = forms.ChoiceField(label=field_label(Call, "sphere"), choices=field_choices(Call, "sphere", blank=True))
    level = forms.ChoiceField(label=field_label(Call, "level"), choices=field_choices(Call, "level", blank=True))
    governance_level = forms.ChoiceField(
        label=field_label(Call, "governance_level"), choices=field_choices(Call, "governance_level", blank=True)
    )
    compensation = forms.ChoiceField(
        label=field_label(Call, "compensation"),
        choices=field_choices(Call, "compensation"),
        initial=Call._meta.get_field("compensation").default,
        widget=forms.RadioSelect,
    )
    places = forms.IntegerField(
        label=field_label(Call, "places"),
        min_value=1,
        max_value=100,
        initial=Call._meta.get_field("places").default,
        help_text=_("How many partners you are looking for."),
    )
    deadline = forms.DateField(label=field_label(Call, "deadline"), widget=DATE_WIDGET)

    def __init__(self, *args, call: Call | None = None, **kwargs):
        if call is not None:
            initial = {
                field: getattr(call, field) for field in self.base_fields if field not in ("themes", "territories")
            }
            initial["themes"] = [theme.pk for theme in call.themes.all()]
            initial["territories"] = [territory.pk for territory in call.territories.all()]
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)


class ApplyForm(forms.Form):
    message = forms.CharField(
        label=field_label(Application, "message"),
        max_length=field_max_length(Application, "message"),
        help_text=field_help(Application, "message"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
