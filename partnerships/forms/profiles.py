"""HTML forms of a person's partner profile, their diversity answers and the directory's filters.
They only check the shape of the input; the services decide (their ValidationErrors are shown on
the form with ``ecosystem.forms.add_service_errors``)."""

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from ecosystem.forms import TerritoryChoiceField, field_help, field_label, field_max_length
from ecosystem.models import Territory, Theme

from ..models import ContactChannel, DiversityAnswers, Language, PartnerProfile, PartnerType

CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"})
LIVED_EXPERIENCE_FIELDS = ("experience_themes", "experience_words")


def _regions():
    """The 18 health and social services regions, in code order."""
    return Territory.objects.filter(kind=Territory.Kind.RSS).order_by("code")


class PartnerProfileForm(forms.Form):
    """Create or change one's partner profile. The lived-experience fields are always read, so
    that what is sent without the consent reaches the service and is refused there; the page
    shows them only while the consent is in force (``lived_experience``)."""

    partner_types = forms.MultipleChoiceField(
        label=field_label(PartnerProfile, "partner_types"),
        choices=PartnerType.choices,
        widget=CHECKBOXES,
        help_text=field_help(PartnerProfile, "partner_types"),
        error_messages={"required": _("Choose at least one partner type.")},
    )
    region = TerritoryChoiceField(
        label=field_label(PartnerProfile, "region"),
        queryset=_regions(),
        empty_label="---------",
        help_text=_("The health and social services region where you live."),
        error_messages={"invalid_choice": _("Choose one of the 18 health and social services regions.")},
    )
    languages = forms.MultipleChoiceField(
        label=field_label(PartnerProfile, "languages"),
        choices=Language.choices,
        widget=CHECKBOXES,
        help_text=_("The languages in which you can take part."),
        error_messages={"required": _("Choose at least one language.")},
    )
    contact_channels = forms.MultipleChoiceField(
        label=field_label(PartnerProfile, "contact_channels"),
        choices=ContactChannel.choices,
        widget=CHECKBOXES,
        required=False,
        help_text=_("Nobody ever sees your e-mail address: messages go through the platform."),
    )
    availability_hours = forms.IntegerField(
        label=field_label(PartnerProfile, "availability_hours"),
        min_value=0,
        max_value=200,
        required=False,
        help_text=field_help(PartnerProfile, "availability_hours"),
    )
    training = forms.CharField(
        label=field_label(PartnerProfile, "training"),
        max_length=field_max_length(PartnerProfile, "training"),
        required=False,
        help_text=field_help(PartnerProfile, "training"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    bio = forms.CharField(
        label=field_label(PartnerProfile, "bio"),
        max_length=field_max_length(PartnerProfile, "bio"),
        required=False,
        help_text=_("A few sentences about you, in your words. Say only what you want to share."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    experience_themes = forms.ModelMultipleChoiceField(
        label=field_label(PartnerProfile, "experience_themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=CHECKBOXES,
    )
    experience_words = forms.CharField(
        label=field_label(PartnerProfile, "experience_words"),
        max_length=field_max_length(PartnerProfile, "experience_words"),
        required=False,
        help_text=field_help(PartnerProfile, "experience_words"),
    )

    def __init__(self, *args, profile: PartnerProfile | None = None, lived_experience: bool = False, **kwargs):
        if profile is not None:
            kwargs.setdefault("initial", model_to_dict(profile, fields=self.base_fields))
        super().__init__(*args, **kwargs)
        self.lived_experience = lived_experience

    def profile_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in LIVED_EXPERIENCE_FIELDS]

    def lived_experience_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in LIVED_EXPERIENCE_FIELDS]


class DiversityForm(forms.Form):
    """One optional question per fieldset, each offering "prefer not to answer". Nothing is
    chosen in advance: only the person's own previous answers are."""

    def __init__(self, *args, answers: DiversityAnswers | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices, label in DiversityAnswers.QUESTIONS:
            self.fields[name] = forms.ChoiceField(
                label=label, choices=choices.choices, widget=forms.RadioSelect, required=False
            )
            if answers is not None and getattr(answers, name):
                self.initial[name] = getattr(answers, name)


class DirectoryFilterForm(forms.Form):
    """The directory's filters, read from the query string."""

    region = TerritoryChoiceField(label=_("Region"), queryset=_regions(), required=False, empty_label=_("All regions"))
    partner_type = forms.ChoiceField(
        label=_("Partner type"), choices=[("", _("All partner types")), *PartnerType.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All languages")), *Language.choices], required=False
    )
