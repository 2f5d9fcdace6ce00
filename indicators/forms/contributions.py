"""Taking part in an indicator's co-construction: a comment, a proposed change or an
endorsement of its current version, with the contributor's role at that time."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ecosystem.forms import field_help, field_label, field_max_length

from ..models import Contribution, ContributorRole, Indicator, IndicatorVersion
from . import FieldsetsMixin

# Said next to each kind, so that a person knows what an endorsement commits to.
KIND_DESCRIPTIONS = {
    Contribution.Kind.COMMENT: _("a question or a remark on the wording."),
    Contribution.Kind.PROPOSAL: _("a new wording for one part of the definition; the stewards accept or decline it."),
    Contribution.Kind.ENDORSEMENT: _(
        "you agree that this version measures what matters and may be adopted. Adoption needs the endorsement "
        "of at least one health partner and one professional."
    ),
}


def definition_field_choices() -> list[tuple[str, str]]:
    """The parts of a definition a proposal can be about, named as on the indicator sheet."""
    return [("", "---------")] + [
        (name, capfirst(IndicatorVersion._meta.get_field(name).verbose_name))
        for name in IndicatorVersion.DEFINITION_FIELDS
    ]


class ContributionForm(FieldsetsMixin, forms.Form):
    """Comment on, propose a change to or endorse the current version of ``indicator``. An
    endorsement is offered only while the indicator is in co-construction; a person with a partner
    profile contributes as a health partner unless they say otherwise."""

    kind = forms.ChoiceField(label=_("What you contribute"), widget=forms.RadioSelect)
    field = forms.ChoiceField(
        label=_("Part of the definition your change is about"),
        choices=definition_field_choices,
        required=False,
        help_text=_("Only for a proposed change."),
    )
    text = forms.CharField(
        label=_("Your comment or the wording you propose"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For an endorsement, you may say why, if you wish."),
    )
    role = forms.ChoiceField(
        label=_("You contribute as"),
        choices=ContributorRole.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Your role at the time is kept with your contribution. To contribute as a health partner, "
            "you need a partner profile."
        ),
    )
    role_detail = forms.CharField(
        label=field_label(Contribution, "role_detail"),
        max_length=field_max_length(Contribution, "role_detail"),
        required=False,
        help_text=field_help(Contribution, "role_detail"),
    )
    credited = forms.BooleanField(
        label=field_label(Contribution, "credited"),
        required=False,
        help_text=field_help(Contribution, "credited"),
    )

    fieldsets = [
        (_("Your contribution"), ["kind", "field", "text"]),
        (_("Who you are"), ["role", "role_detail", "credited"]),
    ]

    def __init__(self, *args, indicator: Indicator, has_partner_profile: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [Contribution.Kind.COMMENT, Contribution.Kind.PROPOSAL]
        if indicator.status == Indicator.Status.CO_CONSTRUCTION:
            kinds.append(Contribution.Kind.ENDORSEMENT)
        labels = dict(Contribution.Kind.choices)
        self.fields["kind"].choices = [(kind, f"{labels[kind]} — {KIND_DESCRIPTIONS[kind]}") for kind in kinds]
        self.fields["kind"].initial = Contribution.Kind.COMMENT
        self.fields["role"].initial = ContributorRole.PARTNER if has_partner_profile else ContributorRole.PROFESSIONAL
