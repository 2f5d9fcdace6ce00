"""A person's privacy pages: consents purpose by purpose, "my data" with the audit trail, the
account deletion page, the privacy page, and the digest preference that needs a consent."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from ecosystem import consents
from ecosystem.consents import CONSENT_TEXTS, ConsentText
from ecosystem.models import AuditEvent, Consent, Purpose
from ecosystem.selectors import consents_in_force
from ecosystem.services import consent_give, consent_withdraw
from partnerships.models import DiversityAnswers
from tests.factories import DEFAULT_PASSWORD, CommunityFactory, DiversityAnswersFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


def _fieldsets(page: str) -> list[str]:
    return re.findall(r"<fieldset.*?</fieldset>", page, re.DOTALL)


def _reauthenticate(client) -> None:
    """Type the password again, as allauth asks before a sensitive action."""
    response = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302


# --- Consents ------------------------------------------------------------------------------------


def test_each_purpose_has_its_own_fieldset_and_nothing_is_ticked(client, partner):
    client.force_login(partner)

    page = _page(client.get(reverse("consents")))

    fieldsets = _fieldsets(page)
    assert len(fieldsets) == len(CONSENT_TEXTS)
    for fieldset, (purpose, text) in zip(fieldsets, CONSENT_TEXTS.items(), strict=True):
        assert re.search(r"<legend>.*?</legend>", fieldset, re.DOTALL)
        assert str(text.title) in re.search(r"<legend>(.*?)</legend>", fieldset, re.DOTALL).group(1)
        assert escape(str(text.text)) in fieldset
        assert f"Version {text.version} de ce texte." in fieldset
        assert "Consentement non donné." in fieldset
        assert f'<input type="checkbox" name="purposes" value="{purpose}"' in fieldset
        assert "Retirer" not in fieldset
    assert page.count('type="checkbox"') == len(CONSENT_TEXTS)
    assert "checked" not in page
    assert "Enregistrer mes choix" in page


def test_a_person_gives_two_consents_in_one_post_and_withdraws_one_with_one_click(client, partner):
    client.force_login(partner)

    response = client.post(
        reverse("consents"), {"action": "give", "purposes": [Purpose.DIRECTORY, Purpose.CONTACT]}, follow=True
    )

    assert consents_in_force(user=partner) == {Purpose.DIRECTORY, Purpose.CONTACT}
    page = _page(response)
    assert "Votre consentement est enregistré : Figurer dans le répertoire des partenaires." in page
    directory = next(fieldset for fieldset in _fieldsets(page) if 'id="purpose-directory"' in fieldset)
    assert "Consentement donné le" in directory
    assert 'name="purposes"' not in directory  # given: no box to tick, a button to withdraw
    assert "Retirer" in directory
    assert str(CONSENT_TEXTS[Purpose.DIRECTORY].withdrawal) in directory

    response = client.post(reverse("consents"), {"action": "withdraw", "purpose": Purpose.CONTACT}, follow=True)

    assert consents_in_force(user=partner) == {Purpose.DIRECTORY}
    assert "Votre consentement est retiré : Être contacté·e pour des appels à partenaires." in _page(response)
    contact = Consent.objects.get(user=partner, purpose=Purpose.CONTACT)
    assert contact.withdrawn_at is not None  # kept in the history


def test_withdrawing_the_diversity_consent_deletes_the_answers_at_once(client, partner):
    consent_give(user=partner, purpose=Purpose.DIVERSITY)
    DiversityAnswersFactory(user=partner)
    client.force_login(partner)

    client.post(reverse("consents"), {"action": "withdraw", "purpose": Purpose.DIVERSITY})

    assert not DiversityAnswers.objects.filter(user=partner).exists()
    assert Purpose.DIVERSITY not in consents_in_force(user=partner)


def test_a_new_version_of_a_text_asks_again_with_an_unticked_box(client, partner, monkeypatch):
    consent_give(user=partner, purpose=Purpose.DIRECTORY)
    old = consents.CONSENT_TEXTS[Purpose.DIRECTORY]
    monkeypatch.setitem(
        consents.CONSENT_TEXTS,
        Purpose.DIRECTORY,
        ConsentText(version=old.version + 1, title=old.title, text=old.text, withdrawal=old.withdrawal),
    )
    client.force_login(partner)

    page = _page(client.get(reverse("consents")))

    directory = next(fieldset for fieldset in _fieldsets(page) if 'id="purpose-directory"' in fieldset)
    assert "veuillez consentir de nouveau" in directory
    assert f"Version {old.version + 1} de ce texte." in directory
    assert f"(version {old.version})" in directory
    assert "Je consens au nouveau texte" in directory
    assert "checked" not in page

    client.post(reverse("consents"), {"action": "give", "purposes": [Purpose.DIRECTORY]})

    assert Purpose.DIRECTORY in consents_in_force(user=partner)


def test_saving_with_nothing_ticked_says_so_and_records_nothing(client, partner):
    client.force_login(partner)

    response = client.post(reverse("consents"), {"action": "give"})

    assert response.status_code == 200
    assert "Cochez la case d’au moins une finalité pour donner votre consentement." in _page(response)
    assert '<div class="error-summary" role="alert"' in _page(response)
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"action": "give", "purposes": ["marketing"]},
        {"action": "give", "purposes": [Purpose.DIRECTORY, "marketing"]},
    ],
)
def test_an_unknown_purpose_is_refused_and_nothing_is_recorded(client, partner, data):
    client.force_login(partner)

    response = client.post(reverse("consents"), data)

    assert response.status_code == 200
    assert "Cette finalité n’existe pas ou vous y consentez déjà." in _page(response)
    assert not Consent.objects.exists()


def test_giving_again_a_consent_in_force_is_refused_without_a_second_row(client, partner):
    consent_give(user=partner, purpose=Purpose.DIGESTS)
    client.force_login(partner)

    response = client.post(reverse("consents"), {"action": "give", "purposes": [Purpose.DIGESTS]})

    assert "Cette finalité n’existe pas ou vous y consentez déjà." in _page(response)
    assert Consent.objects.filter(user=partner).count() == 1


def test_withdrawing_an_unknown_or_absent_consent_changes_nothing(client, partner):
    consent_give(user=partner, purpose=Purpose.DIGESTS)
    client.force_login(partner)

    unknown = client.post(reverse("consents"), {"action": "withdraw", "purpose": "marketing"}, follow=True)
    absent = client.post(reverse("consents"), {"action": "withdraw", "purpose": Purpose.CONTACT}, follow=True)

    assert "Cette finalité n’existe pas." in _page(unknown)
    assert "Vous n’aviez pas donné ce consentement : rien n’a changé." in _page(absent)
    assert consents_in_force(user=partner) == {Purpose.DIGESTS}
    assert Consent.objects.filter(user=partner).count() == 1


def test_an_unknown_action_is_a_bad_request(client, partner):
    client.force_login(partner)

    assert client.post(reverse("consents"), {"action": "everything"}).status_code == 400
    assert not Consent.objects.exists()


def test_the_history_lists_every_consent_given_and_withdrawn(client, partner):
    consent_give(user=partner, purpose=Purpose.DIRECTORY)
    consent_withdraw(user=partner, purpose=Purpose.DIRECTORY)
    consent_give(user=partner, purpose=Purpose.DIRECTORY)
    client.force_login(partner)

    page = _page(client.get(reverse("consents")))

    table = page.split("Historique de mes consentements</h2>")[1]
    assert table.count('<th scope="row">Figurer dans le répertoire des partenaires</th>') == 2
    assert table.count("Non retiré") == 1
    assert '<th scope="col">Retiré le</th>' in table


def test_someone_elses_consents_never_show(client, partner, outsider):
    consent_give(user=outsider, purpose=Purpose.DIRECTORY)
    client.force_login(partner)

    page = _page(client.get(reverse("consents")))

    assert "Consentement donné le" not in page
    assert "Vous n’avez encore donné aucun consentement." in page


def test_the_consents_page_is_in_english_under_en(client, partner):
    client.force_login(partner)

    page = _page(client.get("/en/account/consents/"))

    assert "<h1>My consents</h1>" in page
    assert str(CONSENT_TEXTS[Purpose.DIGESTS].title) in page
    assert "Save my choices" in page


@pytest.mark.parametrize("rows", [1, 30])
def test_the_consents_page_runs_the_same_queries_for_1_or_many_rows(client, partner, django_assert_num_queries, rows):
    for _ in range(rows):
        consent_give(user=partner, purpose=Purpose.DIRECTORY)
        consent_withdraw(user=partner, purpose=Purpose.DIRECTORY)
    client.force_login(partner)

    # session, user, the open consents (overview), the history, the menu's unread notifications.
    with django_assert_num_queries(5):
        response = client.get(reverse("consents"))

    assert response.status_code == 200


# --- My data -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["consents", "my-data", "account-delete"])
def test_anonymous_people_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_my_data_shows_who_viewed_or_changed_my_information_by_display_name(client, partner, organizer):
    AuditEvent.objects.create(actor=organizer, subject_id=partner.pk, action="viewed", what="partner profile")
    AuditEvent.objects.create(
        actor=partner, subject_id=partner.pk, action="changed", what="partner profile: bio, languages, unknown_field"
    )
    AuditEvent.objects.create(actor=partner, subject_id=partner.pk, action="consent_given", what="directory")
    AuditEvent.objects.create(actor=None, subject_id=partner.pk, action="changed", what="diversity answers")
    AuditEvent.objects.create(actor=organizer, subject_id=organizer.pk, action="viewed", what="someone else's")
    client.force_login(partner)

    page = _page(client.get(reverse("my-data")))

    trail = page.split('id="audit-trail"')[1]
    assert "<td>Karim</td>" in trail
    assert "<td>Vous</td>" in trail
    assert "<td>ancien·ne membre</td>" in trail
    assert "<td>votre profil de partenaire</td>" in trail
    assert "<td>votre profil de partenaire : courte présentation, langues, unknown_field</td>" in trail
    assert "Figurer dans le répertoire des partenaires" in trail
    assert "vos réponses sur la diversité" in trail
    assert "someone else" not in trail
    assert organizer.email not in page
    assert f'href="{reverse("account-delete")}"' in page


def test_the_audit_trail_is_paginated(client, partner, organizer):
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=organizer, subject_id=partner.pk, action="viewed", what="partner profile") for _ in range(25)
    )
    client.force_login(partner)

    first = client.get(reverse("my-data"))
    second = client.get(reverse("my-data"), {"page": 2})

    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5


@pytest.mark.parametrize("rows", [1, 30])
def test_my_data_runs_the_same_queries_for_1_or_many_rows(
    client, partner, organizer, django_assert_num_queries, rows, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=organizer, subject_id=partner.pk, action="viewed", what="partner profile") for _ in range(rows)
    )
    from ecosystem.services import data_export_request

    for _ in range(min(rows, 3)):
        with django_capture_on_commit_callbacks(execute=True):
            data_export_request(user=partner)
    client.force_login(partner)

    # session, user, the exports, the count of audit events, the page of them with their
    # actors, the menu's unread notifications.
    with django_assert_num_queries(6):
        response = client.get(reverse("my-data"))

    assert response.status_code == 200


def test_asking_for_my_data_needs_the_password_again(client, partner):
    client.force_login(partner)

    response = client.post(reverse("my-data"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not partner.data_exports.exists()


def test_after_typing_the_password_the_request_goes_through(
    client, partner, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(partner)
    client.post(reverse("my-data"))  # suspended until the password is typed again

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{reverse('account_reauthenticate')}?next={reverse('my-data')}", {"password": DEFAULT_PASSWORD}
        )

    assert response.status_code == 302
    export = partner.data_exports.get()
    assert export.status == "ready"
    page = _page(client.get(reverse("my-data")))
    assert f'href="{reverse("data-export-download", args=[export.pk])}"' in page
    assert f"<td>{export.get_status_display()}</td>" in page


def test_a_second_request_once_reauthenticated_lists_both_downloads(
    client, partner, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(partner)
    _reauthenticate(client)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("my-data"), follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("my-data"))

    # The task runs once the request's transaction commits, after the message was written.
    assert "Vos données sont en préparation." in _page(first)
    assert partner.data_exports.count() == 2
    page = _page(client.get(reverse("my-data")))
    assert page.count("Télécharger<span") == 2


# --- Deleting the account: the page --------------------------------------------------------------


def test_the_deletion_page_says_what_is_erased_and_what_stays(client, partner):
    client.force_login(partner)

    page = _page(client.get(reverse("account-delete")))

    for erased in (
        "adresse courriel",
        "profil de partenaire",
        "réponses sur la diversité",
        "Vos consentements",
        "espaces de coapprentissage",
        "candidatures",
        "notifications",
        "téléchargements de vos données",
    ):
        assert erased in page, erased
    assert "« ancien·ne membre »" in page
    assert "Vos engagements restent, sans votre nom" in page
    assert 'type="checkbox" name="confirm"' in page
    assert "checked" not in page


# --- The privacy page ----------------------------------------------------------------------------

ANCHORS = ("fins", "moyens", "conservation", "roles", "plaintes", "responsable", "hors-quebec", "version")


@pytest.mark.parametrize("path", ["/confidentialite/", "/en/privacy/"])
def test_the_privacy_page_has_every_section(client, path):
    page = _page(client.get(path))

    for anchor in ANCHORS:
        assert f'id="{anchor}"' in page, anchor
    for text in CONSENT_TEXTS.values():
        assert str(text.title) in page


def test_the_privacy_page_is_in_plain_french(client):
    page = _page(client.get("/confidentialite/"))

    assert "Commission d’accès à l’information du Québec" in page
    assert "conservé 7 jours, puis supprimé" in page
    assert "« ancien·ne membre »" in page
    assert "Figurer dans le répertoire des partenaires" in page
    assert "Version 2 de cette page" in page


def test_the_privacy_page_is_in_english_under_en(client):
    page = _page(client.get("/en/privacy/"))

    assert "Commission d’accès à l’information du Québec" in page
    assert "is kept 7 days, then deleted" in page
    assert "Be listed in the partner directory" in page


def test_the_rights_link_to_the_person_pages_once_signed_in(client, partner):
    anonymous = _page(client.get("/confidentialite/"))
    client.force_login(partner)
    signed_in = _page(client.get("/confidentialite/"))

    for name in ("consents", "my-data", "account-delete"):
        assert f'href="{reverse(name)}"' not in anonymous
        assert f'href="{reverse(name)}"' in signed_in
    assert f'href="{reverse("account_login")}"' in anonymous


# --- Digest preferences need the digest consent --------------------------------------------------


def test_the_digest_preference_says_the_consent_is_needed_until_it_is_given(client, partner):
    community = CommunityFactory()
    MembershipFactory(community=community, user=partner)
    client.force_login(partner)
    url = reverse("communities:preferences", kwargs={"slug": community.slug})

    without = _page(client.get(url))
    consent_give(user=partner, purpose=Purpose.DIGESTS)
    with_consent = _page(client.get(url))

    assert "demandent aussi votre consentement « Résumés par courriel »" in without
    assert f'href="{reverse("consents")}"' in without
    assert "demandent aussi votre consentement" not in with_consent
