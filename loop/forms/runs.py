"""The staff's form to calculate the syntheses of a period on demand. It only checks the shape
of the input; ``services.period_years`` decides what a period is (its ValidationErrors are shown
on the form with ``ecosystem.forms.add_service_errors``)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SynthesisRequestForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        help_text=_(
            "A year (2025) or a quarter (2025-T3). The whole year is calculated again, with its quarters so far."
        ),
        error_messages={"required": _("Write the year or the quarter to calculate, for example 2025 or 2025-T3.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
