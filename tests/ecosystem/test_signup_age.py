"""People under 14 cannot register (Québec's privacy act, s. 4.1): the sign-up form asks, refuses
with an explanation, and keeps nothing about the answer."""

import re

import pytest
from django.core import mail

from ecosystem.consents import UNDER_14_MESSAGE
from ecosystem.models import User

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "email": "noemie@exemple.test",
    "display_name": "Noémie",
    "password1": "un-jardin-communautaire-2026",
    "password2": "un-jardin-communautaire-2026",
}


def test_the_question_is_a_required_group_of_radios_with_nothing_chosen(client):
    page = client.get("/accounts/signup/").content.decode()

    group = re.search(r"<fieldset[^>]*>\s*<legend>Quel âge avez-vous ?.*?</fieldset>", page, re.DOTALL).group(0)
    assert "(obligatoire)" in group
    assert 'type="radio" name="age" value="14_or_older"' in group
    assert 'type="radio" name="age" value="under_14"' in group
    assert "14 ans ou plus" in group and "Moins de 14 ans" in group
    assert "checked" not in group


def test_under_14_is_refused_with_the_explanation_and_no_account(client):
    response = client.post("/accounts/signup/", {**SIGN_UP, "age": "under_14"})

    assert response.status_code == 200
    assert str(UNDER_14_MESSAGE) in response.context["form"].errors["age"]
    page = response.content.decode()
    assert "Les personnes de moins de 14 ans ne peuvent pas avoir de compte" in page
    assert '<div class="error-summary" role="alert"' in page
    assert not User.objects.exists()
    assert not mail.outbox


def test_under_14_is_explained_in_english_under_en(client):
    response = client.post("/en/accounts/signup/", {**SIGN_UP, "age": "under_14"})

    assert "People under 14 cannot have an account" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize("age", [None, "", "12", "adult"])
def test_a_missing_or_unknown_answer_is_refused(client, age):
    data = {**SIGN_UP} if age is None else {**SIGN_UP, "age": age}

    response = client.post("/accounts/signup/", data)

    assert response.status_code == 200
    assert response.context["form"].errors["age"]
    assert not User.objects.exists()


def test_14_or_older_registers_and_nothing_about_the_age_is_kept(client):
    response = client.post("/accounts/signup/", {**SIGN_UP, "age": "14_or_older"})

    assert response.status_code == 302
    user = User.objects.get(email="noemie@exemple.test")
    assert user.display_name == "Noémie"
    assert not any("age" in field.name.split("_") for field in User._meta.concrete_fields)
    assert "14_or_older" not in str(client.session.items())
