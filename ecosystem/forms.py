from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupForm(forms.Form):
    """Extra sign-up fields, used by allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("How other people see you on the platform, for example your first name."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        language = get_language() or User.Language.FRENCH
        user.preferred_language = User.Language.ENGLISH if language.startswith("en") else User.Language.FRENCH
        user.save(update_fields=["display_name", "preferred_language"])
