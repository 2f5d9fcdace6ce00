"""Sign-up, e-mail confirmation, sign-in and password reset, through the pages people use."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from ecosystem.models import User

GOOD = {
    "email": "lea@exemple.test",
    "display_name": "Léa",
    "age": "14_or_older",
    "password1": "un-jardin-communautaire-2026",
    "password2": "un-jardin-communautaire-2026",
}


def sign_up(client, prefix="", **changes):
    return client.post(f"{prefix}/accounts/signup/", {**GOOD, **changes})


@pytest.mark.django_db
def test_sign_up_creates_an_unverified_account_and_sends_a_french_confirmation(client):
    response = sign_up(client)

    assert response.status_code == 302
    user = User.objects.get(email="lea@exemple.test")
    assert user.display_name == "Léa"
    assert user.preferred_language == "fr-ca"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[Écosystème apprenant]")
    assert "Confirmez votre adresse" in mail.outbox[0].subject


@pytest.mark.django_db
def test_signing_up_under_en_records_english_as_preferred_language(client):
    sign_up(client, prefix="/en")

    assert User.objects.get(email="lea@exemple.test").preferred_language == "en"


@pytest.mark.django_db
def test_a_person_confirms_the_email_then_signs_in(client):
    sign_up(client)
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/[^/\s]+/)", mail.outbox[0].body).group(1)

    client.post(link)
    response = client.post("/accounts/login/", {"login": GOOD["email"], "password": GOOD["password1"]})

    assert EmailAddress.objects.get(email=GOOD["email"]).verified
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_an_unconfirmed_person_cannot_sign_in(client):
    sign_up(client)
    client.logout()

    client.post("/accounts/login/", {"login": GOOD["email"], "password": GOOD["password1"]})

    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "pas-un-courriel"}, "email", "Saisissez une adresse de courriel valide."),
        ({"password1": "court", "password2": "court"}, "password1", "au minimum 10 caractères"),
        ({"password1": "motdepasse", "password2": "motdepasse"}, "password1", "trop courant"),
        ({"password2": "autre-chose-encore-2026"}, "password2", "mot de passe"),
        ({"display_name": ""}, "display_name", "Ce champ est obligatoire."),
    ],
)
def test_bad_sign_up_shows_a_french_error_and_creates_nothing(client, changes, field, message):
    response = sign_up(client, **changes)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert '<div class="error-summary" role="alert"' in response.content.decode()
    assert not User.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_bad_sign_up_under_en_shows_an_english_error(client):
    response = sign_up(client, prefix="/en", email="not-an-email")

    assert "Enter a valid email address." in response.context["form"].errors["email"]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_duplicate_email_creates_no_account_and_tells_the_owner_without_revealing_it(client, partner):
    # Saying "this address is taken" on the page would let anyone find out who has an account,
    # so the page says the same as for a new address and the message goes to the address itself.
    response = sign_up(client, email=partner.email.upper())

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(email__iexact=partner.email).count() == 1
    assert [message.to for message in mail.outbox] == [[partner.email]]
    assert "existe déjà" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_error_summary_links_to_each_field_in_error(client):
    page = sign_up(client, email="x", display_name="").content.decode()

    assert 'href="#id_email"' in page
    assert 'href="#id_display_name"' in page
    assert 'aria-invalid="true"' in page


@pytest.mark.django_db
def test_required_fields_are_marked_in_text(client):
    page = client.get("/accounts/signup/").content.decode()

    assert page.count("(obligatoire)") == 5


@pytest.mark.django_db
def test_password_reset_sends_a_link_only_to_a_known_address(client, partner):
    client.post("/accounts/password/reset/", {"email": partner.email})
    client.post("/accounts/password/reset/", {"email": "inconnu@exemple.test"})

    by_recipient = {message.to[0]: message.body for message in mail.outbox}
    assert "/accounts/password/reset/key/" in by_recipient[partner.email]
    assert "/accounts/password/reset/key/" not in by_recipient.get("inconnu@exemple.test", "")


@pytest.mark.django_db
def test_sign_out_requires_a_post(client, partner):
    client.force_login(partner)

    client.get("/accounts/logout/")
    assert client.get("/").context["user"].is_authenticated

    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_repeated_failed_sign_ins_lock_the_account_even_with_the_right_password(client, partner):
    for attempt in range(6):
        client.post("/accounts/login/", {"login": partner.email, "password": f"mauvais-{attempt}"})

    response = client.post("/accounts/login/", {"login": partner.email, "password": "mot-de-passe-de-test-42"})

    assert response.status_code == 200
    assert "Trop de tentatives de connexion échouées" in " ".join(response.context["form"].non_field_errors())
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_too_many_sign_ups_from_one_address_get_a_french_429_page(client):
    responses = [
        sign_up(client, email=f"personne{n}@exemple.test", password2="ne-correspond-pas-2026") for n in range(25)
    ]

    assert responses[-1].status_code == 429
    assert "Trop de tentatives" in responses[-1].content.decode()
    assert all(response.status_code in (200, 429) for response in responses)


@pytest.mark.django_db
def test_a_person_can_sign_in_with_a_code_sent_by_email_instead_of_a_password(client, partner):
    client.post("/accounts/login/code/", {"email": partner.email})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE).group(1)

    client.post("/accounts/login/code/confirm/", {"code": code})

    assert client.get("/").context["user"] == partner
