"""Form helpers every app shares (labels and limits read from the models, territory choices,
service errors shown on a form) and the extra sign-up fields."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .consents import CONSENT_TEXTS, UNDER_14, UNDER_14_MESSAGE
from .models import Territory, User

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def field_label(model: type[models.Model], name: str):
    return capfirst(model._meta.get_field(name).verbose_name)


def field_max_length(model: type[models.Model], name: str) -> int | None:
    return model._meta.get_field(name).max_length


def field_help(model: type[models.Model], name: str):
    return model._meta.get_field(name).help_text


def field_choices(model: type[models.Model], name: str, *, blank: bool = False) -> list[tuple[str, str]]:
    choices = list(model._meta.get_field(name).choices)
    return [("", "---------"), *choices] if blank else choices


class TerritoryChoiceMixin:
    def label_from_instance(self, territory: Territory) -> str:
        return f"{territory.code} – {territory.name}"


class TerritoryMultipleChoiceField(TerritoryChoiceMixin, forms.ModelMultipleChoiceField):
    pass


class TerritoryChoiceField(TerritoryChoiceMixin, forms.ModelChoiceField):
    pass


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on ``form``: each message on its field when the form
    has that field, at the top of the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields and field != NON_FIELD_ERRORS else None, errors)
    else:
        form.add_error(None, error)


AGE_14_OR_OLDER = "14_or_older"


class SignupForm(forms.Form):
    """Extra sign-up fields, used by allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS).

    The age question only refuses people under 14 (see ``ecosystem.consents.UNDER_14_MESSAGE``):
    the answer is not stored anywhere."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("How other people see you on the platform, for example your first name."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    age = forms.ChoiceField(
        label=_("How old are you?"),
        choices=[(AGE_14_OR_OLDER, _("14 or older")), (UNDER_14, _("Under 14"))],
        widget=forms.RadioSelect,
        help_text=_("We only ask to know whether you may register; your answer is not kept."),
    )

    def clean_age(self) -> str:
        age = self.cleaned_data["age"]
        if age == UNDER_14:
            raise ValidationError(UNDER_14_MESSAGE, code="under_14")
        return age

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        language = get_language() or User.Language.FRENCH
        user.preferred_language = User.Language.ENGLISH if language.startswith("en") else User.Language.FRENCH
        user.save(update_fields=["display_name", "preferred_language"])


# --- A person's privacy pages (consents, my data, deleting the account) -----------------------


class ConsentGiveForm(forms.Form):
    """The purposes ticked on the consents page, among those the person has not consented to
    (in their current text). Nothing is ticked in advance."""

    purposes = forms.MultipleChoiceField(
        label=_("Purposes"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Tick the box of at least one purpose to give your consent."),
            "invalid_choice": _("This purpose does not exist or you already consent to it."),
        },
    )

    def __init__(self, *args, purposes: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purposes"].choices = [(purpose, CONSENT_TEXTS[purpose].title) for purpose in purposes]


class ConsentWithdrawForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=[(purpose, purpose) for purpose in CONSENT_TEXTS])


class AccountDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account and my personal information will be erased, and that this cannot be undone."
        ),
        error_messages={"required": _("Tick the box to confirm that you want to delete your account.")},
    )
