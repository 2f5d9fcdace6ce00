"""HTML forms for initiatives and learnings. They only check the shape of the input; the
services decide (and their ValidationErrors are shown on the form, see ``add_service_errors``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecosystem.forms import (
    DATE_WIDGET,
    TerritoryChoiceField,
    TerritoryMultipleChoiceField,
    field_choices,
    field_help,
    field_label,
    field_max_length,
)
from ecosystem.models import Organization, Territory, Theme, User

from .models import SUMMARY_MAX_LENGTH, Initiative, InitiativePartner, Learning, PhaseChange, PriorityPopulation


class InitiativeForm(forms.Form):
    """Create (with a starting phase) or change (with the version the person saw) an initiative."""

    title = forms.CharField(label=field_label(Initiative, "title"), max_length=field_max_length(Initiative, "title"))
    summary = forms.CharField(
        label=field_label(Initiative, "summary"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=field_help(Initiative, "summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description = forms.CharField(
        label=field_label(Initiative, "description"),
        required=False,
        strip=False,
        help_text=field_help(Initiative, "description"),
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    kind = forms.ChoiceField(
        label=field_label(Initiative, "kind"), choices=field_choices(Initiative, "kind", blank=True)
    )
    phase = forms.ChoiceField(
        label=_("Current phase"), choices=field_choices(Initiative, "phase"), initial=Initiative.Phase.IDEA
    )
    action_type = forms.ChoiceField(
        label=field_label(Initiative, "action_type"),
        choices=field_choices(Initiative, "action_type", blank=True),
        required=False,
    )
    lead_organization = forms.ModelChoiceField(
        label=field_label(Initiative, "lead_organization"), queryset=Organization.objects.all(), required=False
    )
    territories = TerritoryMultipleChoiceField(
        label=field_label(Initiative, "territories"),
        queryset=Territory.objects.in_code_order(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
        help_text=_("Choose every territory where the initiative takes place."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=field_label(Initiative, "themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
    )
    populations = forms.ModelMultipleChoiceField(
        label=field_label(Initiative, "populations"),
        queryset=PriorityPopulation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
    )
    start_date = forms.DateField(label=field_label(Initiative, "start_date"), required=False, widget=DATE_WIDGET)
    end_date = forms.DateField(label=field_label(Initiative, "end_date"), required=False, widget=DATE_WIDGET)
    visibility = forms.ChoiceField(
        label=field_label(Initiative, "visibility"),
        choices=field_choices(Initiative, "visibility"),
        initial=Initiative._meta.get_field("visibility").default,
        widget=forms.RadioSelect,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, initiative: Initiative | None = None, **kwargs):
        if initiative is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{field: getattr(initiative, field) for field in self.scalar_fields()},
                    "lead_organization": initiative.lead_organization_id,
                    "territories": [territory.pk for territory in initiative.territories.all()],
                    "themes": [theme.pk for theme in initiative.themes.all()],
                    "populations": [population.pk for population in initiative.populations.all()],
                    "version": initiative.version,
                },
            )
        super().__init__(*args, **kwargs)
        if initiative is None:
            del self.fields["version"]
        else:
            # After creation the phase moves through its own dated form.
            del self.fields["phase"]

    @staticmethod
    def scalar_fields() -> list[str]:
        return ["title", "summary", "description", "kind", "action_type", "start_date", "end_date", "visibility"]


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("New phase"), choices=field_choices(PhaseChange, "phase"))
    changed_on = forms.DateField(label=_("Since"), initial=timezone.localdate, widget=DATE_WIDGET)
    note = forms.CharField(
        label=field_label(PhaseChange, "note"),
        max_length=field_max_length(PhaseChange, "note"),
        required=False,
        help_text=_("Optional: what led to this step."),
    )

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, prefix="phase", **kwargs)
        # The current phase is not a move; offer the others.
        self.fields["phase"].choices = [
            choice for choice in self.fields["phase"].choices if choice[0] != initiative.phase
        ]


class PartnerForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=field_label(InitiativePartner, "organization"), queryset=Organization.objects.all()
    )
    role = forms.ChoiceField(
        label=field_label(InitiativePartner, "role"), choices=field_choices(InitiativePartner, "role", blank=True)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="partner", **kwargs)


class TeamMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of their account"),
        help_text=_("The person must already have an account on the platform."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="team", **kwargs)

    def clean_email(self) -> User:
        member = User.objects.filter(email__iexact=self.cleaned_data["email"], is_active=True).first()
        if member is None:
            raise ValidationError(_("No account uses this e-mail address."), code="unknown")
        return member


class LearningForm(forms.Form):
    """Write (a draft) or change a learning."""

    title = forms.CharField(label=field_label(Learning, "title"), max_length=field_max_length(Learning, "title"))
    statement = forms.CharField(
        label=field_label(Learning, "statement"),
        max_length=field_max_length(Learning, "statement"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One learning per entry, in plain words. Leave out names and contact details."),
    )
    kind = forms.ChoiceField(label=field_label(Learning, "kind"), choices=field_choices(Learning, "kind", blank=True))
    knowledge_type = forms.ChoiceField(
        label=field_label(Learning, "knowledge_type"), choices=field_choices(Learning, "knowledge_type", blank=True)
    )
    transfer_conditions = forms.CharField(
        label=field_label(Learning, "transfer_conditions"),
        max_length=field_max_length(Learning, "transfer_conditions"),
        required=False,
        help_text=field_help(Learning, "transfer_conditions"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    themes = forms.ModelMultipleChoiceField(
        label=field_label(Learning, "themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
    )
    territory = TerritoryChoiceField(
        label=field_label(Learning, "territory"), queryset=Territory.objects.in_code_order(), required=False
    )
    licence = forms.ChoiceField(
        label=field_label(Learning, "licence"),
        choices=field_choices(Learning, "licence"),
        initial=Learning._meta.get_field("licence").default,
        help_text=_("Published learnings can be reused by others under this licence."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, learning: Learning | None = None, initiative: Initiative | None = None, **kwargs):
        if learning is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{field: getattr(learning, field) for field in self.scalar_fields()},
                    "territory": learning.territory_id,
                    "themes": [theme.pk for theme in learning.themes.all()],
                    "version": learning.version,
                },
            )
        elif initiative is not None:
            first_territory = initiative.default_learning_territory()
            kwargs.setdefault(
                "initial",
                {
                    "themes": [theme.pk for theme in initiative.themes.all()],
                    "territory": first_territory.pk if first_territory else None,
                },
            )
        super().__init__(*args, **kwargs)
        if learning is None:
            del self.fields["version"]

    @staticmethod
    def scalar_fields() -> list[str]:
        return ["title", "statement", "kind", "knowledge_type", "transfer_conditions", "licence"]
