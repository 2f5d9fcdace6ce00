"""Recording and correcting an engagement (views/engagements.py). The form checks the shape of the
input; ``services.engagement_record`` and ``engagement_update`` decide, and their ValidationErrors
are shown on the form with ``ecosystem.forms.add_service_errors``."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecosystem.forms import DATE_WIDGET, field_choices, field_help, field_label, field_max_length
from ecosystem.models import User

from ..models import Engagement, Level
from ..services import ENGAGEMENT_FIELDS

# Said in plain words next to each level, so that an organizer does not call "co-construction"
# what was a consultation (seed 001: "distinguer clairement les concepts de consultation et de
# coconstruction").
LEVEL_DESCRIPTIONS = {
    Level.INFORMATION: _("the partner is kept informed of the project."),
    Level.CONSULTATION: _("the partner is asked for their opinion; the team decides alone."),
    Level.COLLABORATION: _("the partner works with the team on some tasks; the team keeps the decisions."),
    Level.CO_CONSTRUCTION: _("the partner designs the project and decides with the team, as an equal."),
    Level.CO_LEADERSHIP: _("the partner leads the project with the team and shares the responsibility for it."),
}


def _level_choices() -> list[tuple[str, str]]:
    return [(value, f"{label} — {LEVEL_DESCRIPTIONS[value]}") for value, label in Level.choices]


class EngagementForm(forms.Form):
    """Correct an engagement: everything but the partner and what it is about."""

    level = forms.ChoiceField(
        label=field_label(Engagement, "level"),
        choices=_level_choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Consulting someone is asking for their opinion and then deciding without them. "
            "Co-constructing is deciding together: the partner has as much say as the team."
        ),
    )
    sphere = forms.ChoiceField(
        label=field_label(Engagement, "sphere"), choices=field_choices(Engagement, "sphere", blank=True)
    )
    governance_level = forms.ChoiceField(
        label=field_label(Engagement, "governance_level"),
        choices=field_choices(Engagement, "governance_level", blank=True),
        help_text=_("Where the decisions the partner takes part in are made."),
    )
    from_start = forms.BooleanField(
        label=field_label(Engagement, "from_start"), required=False, help_text=field_help(Engagement, "from_start")
    )
    started_on = forms.DateField(
        label=field_label(Engagement, "started_on"), initial=timezone.localdate, widget=DATE_WIDGET
    )
    ended_on = forms.DateField(
        label=field_label(Engagement, "ended_on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty while the engagement goes on."),
    )
    hours = forms.DecimalField(
        label=field_label(Engagement, "hours"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=1,
        help_text=_("About how many hours the partner gave in all. Leave empty if you do not know."),
    )
    compensation = forms.ChoiceField(
        label=field_label(Engagement, "compensation"),
        choices=field_choices(Engagement, "compensation"),
        initial=Engagement.Compensation.VOLUNTEER,
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(
        label=field_label(Engagement, "outcome"),
        max_length=field_max_length(Engagement, "outcome"),
        required=False,
        help_text=field_help(Engagement, "outcome"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, engagement: Engagement | None = None, **kwargs):
        if engagement is not None:
            kwargs.setdefault("initial", model_to_dict(engagement, fields=ENGAGEMENT_FIELDS))
        super().__init__(*args, **kwargs)


class EngagementRecordForm(EngagementForm):
    """Record a partner's engagement. The organizer names the partner by their e-mail address:
    they know the person, and nobody can browse the partners this way."""

    partner = forms.EmailField(
        label=_("E-mail address of the partner"),
        help_text=_("The address of their account. The partner is told and confirms the engagement."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    field_order = ["partner"]

    def clean_partner(self) -> User:
        # Only "no partner has this address", whatever the reason (no account, no partner
        # profile, closed account): the form must not tell who is registered.
        partner = User.objects.filter(
            email__iexact=self.cleaned_data["partner"], is_active=True, partner_profile__isnull=False
        ).first()
        if partner is None:
            raise ValidationError(
                _("No partner has this address: ask the person to create their partner profile first."),
                code="unknown",
            )
        return partner
