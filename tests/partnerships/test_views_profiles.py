"""The partner-profile pages: one's own profile, creating and changing it, the diversity
questions, the directory of those who chose to be listed, and one partner's page.

Amélie (partner) has a profile and no consent unless a test gives some; Karim (organizer) is on
the team of "Hôpital à domicile"; Paul (outsider) organizes nothing."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from ecosystem.models import AuditEvent, Purpose
from ecosystem.services import consent_withdraw
from partnerships.models import DiversityAnswers, PartnerProfile
from tests.factories import (
    DiversityAnswersFactory,
    EngagementFactory,
    PartnerProfileFactory,
    TerritoryFactory,
    UserFactory,
)

from .conftest import give

pytestmark = pytest.mark.django_db

AMELIE_EMAIL = "amelie.partenaire@exemple.test"
LIVED_WORDS = "MPOC, proche aidante de mon conjoint"


def _page(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _url(name: str, **kwargs) -> str:
    return reverse(f"partnerships:{name}", kwargs=kwargs)


def _en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(f"partnerships:{name}", kwargs=kwargs)


def _profile_data(region, /, **overrides) -> dict:
    data = {
        "partner_types": ["patient", "proche_aidant"],
        "region": region.pk,
        "languages": ["fr", "en"],
        "contact_channels": ["platform"],
        "availability_hours": "6",
        "training": "Formation au partenariat, 2023.",
        "bio": "Je vis avec une maladie chronique.",
    }
    data.update(overrides)
    return data


def _checked_radios(page: str) -> list[str]:
    return [tag for tag in re.findall(r"<input[^>]*>", page) if 'type="radio"' in tag and "checked" in tag]


@pytest.fixture
def lived_profile(partner_profile, isolation):
    """Amélie's profile with her lived experience, which she consents to share."""
    give(partner_profile.user, Purpose.LIVED_EXPERIENCE)
    partner_profile.experience_words = LIVED_WORDS
    partner_profile.save()
    partner_profile.experience_themes.set([isolation])
    return partner_profile


# --- Who may open the pages ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["profile", "profile-edit", "diversity", "directory"])
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    url = _url(name)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_anonymous_visitors_are_sent_to_sign_in_for_a_partner(client, partner_profile):
    response = client.get(_url("partner-detail", user_id=partner_profile.user_id))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEWED).exists()


def test_outsider_gets_404_on_a_private_profile_and_nothing_is_audited(client, outsider, partner_profile):
    client.force_login(outsider)

    response = client.get(_url("partner-detail", user_id=partner_profile.user_id))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(subject_id=partner_profile.user_id).exists()


def test_unknown_partner_answers_404(client, outsider):
    client.force_login(outsider)

    assert client.get(_url("partner-detail", user_id=987654)).status_code == 404


def test_organizer_of_an_engagement_reads_the_profile_and_the_view_is_audited(
    client, organizer, partner, partner_profile, initiative
):
    EngagementFactory(partner=partner, initiative=initiative)
    client.force_login(organizer)

    response = client.get(_url("partner-detail", user_id=partner.pk))

    page = _page(response)
    assert response.status_code == 200
    assert "Amélie" in page
    assert "Proche aidant" in page
    assert "06 Montréal" in page
    assert AMELIE_EMAIL not in page
    event = AuditEvent.objects.get(subject_id=partner.pk)
    assert (event.actor, event.action, event.what) == (organizer, AuditEvent.Action.VIEWED, "partner profile")


def test_lived_experience_is_shown_to_an_organizer_only_while_it_is_shared(
    client, organizer, partner, lived_profile, initiative
):
    EngagementFactory(partner=partner, initiative=initiative)
    client.force_login(organizer)

    shared = _page(client.get(_url("partner-detail", user_id=partner.pk)))
    consent_withdraw(user=partner, purpose=Purpose.LIVED_EXPERIENCE)
    # Even if words were left behind (a consent to an older text is kept, not erased).
    PartnerProfile.objects.filter(pk=lived_profile.pk).update(experience_words=LIVED_WORDS)
    withdrawn = _page(client.get(_url("partner-detail", user_id=partner.pk)))

    assert LIVED_WORDS in shared
    assert "Isolement social" in shared
    assert LIVED_WORDS not in withdrawn
    assert "Savoir expérientiel" not in withdrawn


# --- One's own profile ---------------------------------------------------------------------------


def test_without_a_profile_the_page_explains_it_and_offers_to_create_one(client, outsider):
    client.force_login(outsider)

    response = client.get(_url("profile"))

    page = _page(response)
    assert response.status_code == 200
    assert "privé" in page
    assert f'href="{_url("profile-edit")}"' in page
    assert "Créer mon profil de partenaire" in page


def test_the_profile_page_shows_everything_to_its_owner_with_the_consents(client, partner, lived_profile):
    give(partner, Purpose.DIVERSITY)
    DiversityAnswersFactory(user=partner)
    client.force_login(partner)

    response = client.get(_url("profile"))

    page = _page(response)
    assert response.status_code == 200
    assert LIVED_WORDS in page
    assert "45 à 54 ans" in page  # her own diversity answer, to her only
    consents = {state.purpose: state.given for state in response.context["consents"]}
    assert consents[Purpose.LIVED_EXPERIENCE] and consents[Purpose.DIVERSITY]
    assert not consents[Purpose.DIRECTORY]
    for name in ("consents", "my-data", "partnerships:engagement-list", "partnerships:call-list"):
        assert f'href="{reverse(name)}"' in page
    assert f'href="{_url("profile-edit")}"' in page
    assert f'href="{_url("diversity")}"' in page


def test_the_menu_links_to_the_profile_and_marks_it_current(client, partner, partner_profile):
    client.force_login(partner)

    page = _page(client.get(_url("profile")))

    assert f'<a href="{_url("profile")}" aria-current="page">' in page
    assert f'href="{_url("call-list")}"' in page


def test_a_person_creates_their_profile(client, outsider, capitale):
    client.force_login(outsider)

    response = client.post(_url("profile-edit"), _profile_data(capitale))

    assert response.status_code == 302
    assert response.url == _url("profile")
    profile = PartnerProfile.objects.get(user=outsider)
    assert profile.partner_types == ["patient", "proche_aidant"]
    assert (profile.region, profile.languages, profile.availability_hours) == (capitale, ["fr", "en"], 6)
    assert AuditEvent.objects.filter(subject_id=outsider.pk, action=AuditEvent.Action.CHANGED).exists()
    follow = client.get(response.url)
    assert any("consentements" in message for message in _messages(follow))


def test_the_form_offers_the_18_regions_in_code_order_and_checkboxes_in_fieldsets(client, outsider):
    client.force_login(outsider)

    response = client.get(_url("profile-edit"))

    page = _page(response)
    regions = list(response.context["form"].fields["region"].queryset)
    assert len(regions) == 18
    assert [region.code for region in regions] == sorted(region.code for region in regions)
    assert "06 – Montréal" in page
    assert "<legend>Types de partenaire" in page
    assert 'type="checkbox" name="partner_types"' in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"partner_types": []}, "partner_types"), ({"languages": []}, "languages"), ({"region": "999999"}, "region")],
)
def test_bad_profile_input_is_answered_on_the_form_and_nothing_is_stored(client, outsider, capitale, overrides, field):
    client.force_login(outsider)

    response = client.post(_url("profile-edit"), _profile_data(capitale, **overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert "error-summary" in _page(response)
    assert not PartnerProfile.objects.filter(user=outsider).exists()


def test_a_local_territory_is_not_a_region(client, outsider, montreal):
    local = TerritoryFactory(parent=montreal)
    client.force_login(outsider)

    response = client.post(_url("profile-edit"), _profile_data(montreal, region=local.pk))

    assert "18 régions sociosanitaires" in response.context["form"].errors["region"][0]
    assert not PartnerProfile.objects.filter(user=outsider).exists()


def test_lived_experience_fields_appear_only_with_the_consent(client, partner, partner_profile):
    client.force_login(partner)

    without = _page(client.get(_url("profile-edit")))
    give(partner, Purpose.LIVED_EXPERIENCE)
    with_consent = _page(client.get(_url("profile-edit")))

    assert 'name="experience_words"' not in without
    assert f'href="{reverse("consents")}"' in without
    assert 'name="experience_words"' in with_consent


def test_lived_experience_sent_without_the_consent_is_refused_and_nothing_is_stored(
    client, partner, partner_profile, montreal
):
    client.force_login(partner)

    response = client.post(
        _url("profile-edit"), _profile_data(montreal, bio="Nouvelle bio", experience_words=LIVED_WORDS)
    )

    assert response.status_code == 200
    assert "consentement" in response.context["form"].errors["experience_words"][0]
    partner_profile.refresh_from_db()
    assert partner_profile.experience_words == ""
    assert partner_profile.bio == "Proche aidante depuis dix ans."


def test_the_owner_updates_their_lived_experience_with_the_consent(
    client, partner, partner_profile, montreal, isolation
):
    give(partner, Purpose.LIVED_EXPERIENCE)
    client.force_login(partner)

    response = client.post(
        _url("profile-edit"),
        _profile_data(montreal, experience_words=LIVED_WORDS, experience_themes=[isolation.pk]),
    )

    assert response.status_code == 302
    partner_profile.refresh_from_db()
    assert partner_profile.experience_words == LIVED_WORDS
    assert list(partner_profile.experience_themes.all()) == [isolation]


# --- Diversity -----------------------------------------------------------------------------------


def test_without_the_consent_the_diversity_page_explains_and_shows_no_form(client, partner, partner_profile):
    client.force_login(partner)

    response = client.get(_url("diversity"))

    page = _page(response)
    assert response.status_code == 200
    assert 'type="radio"' not in page
    assert f'href="{reverse("consents")}"' in page


def test_diversity_answers_sent_without_the_consent_change_nothing(client, partner, partner_profile):
    client.force_login(partner)

    response = client.post(_url("diversity"), {"age_band": "45_54", "gender": "woman"}, follow=True)

    assert not DiversityAnswers.objects.filter(user=partner).exists()
    assert any("consentement" in message for message in _messages(response))


def test_nothing_is_chosen_in_advance_on_a_first_visit(client, partner, partner_profile):
    give(partner, Purpose.DIVERSITY)
    client.force_login(partner)

    page = _page(client.get(_url("diversity")))

    assert page.count('type="radio"') > 9
    assert _checked_radios(page) == []
    assert page.count('value="declined"') == len(DiversityAnswers.QUESTIONS)  # "prefer not to answer"
    assert page.count("<legend>") == len(DiversityAnswers.QUESTIONS)


def test_diversity_answers_are_stored_with_the_consent_and_shown_again(client, partner, partner_profile):
    give(partner, Purpose.DIVERSITY)
    client.force_login(partner)

    response = client.post(_url("diversity"), {"age_band": "45_54", "indigenous": "declined"})

    assert response.status_code == 302
    answers = DiversityAnswers.objects.get(user=partner)
    assert (answers.age_band, answers.indigenous, answers.gender) == ("45_54", "declined", "")
    checked = _checked_radios(_page(client.get(_url("diversity"))))
    assert len(checked) == 2
    assert any('value="45_54"' in tag for tag in checked)


def test_an_unknown_diversity_answer_is_refused_on_the_form(client, partner, partner_profile):
    give(partner, Purpose.DIVERSITY)
    client.force_login(partner)

    response = client.post(_url("diversity"), {"age_band": "under_14"})

    assert response.status_code == 200
    assert response.context["form"].errors["age_band"]
    assert not DiversityAnswers.objects.filter(user=partner).exists()


def test_the_delete_button_erases_the_answers(client, partner, partner_profile):
    give(partner, Purpose.DIVERSITY)
    DiversityAnswersFactory(user=partner)
    client.force_login(partner)

    page = _page(client.get(_url("diversity")))
    response = client.post(_url("diversity"), {"erase": "1"})

    assert 'name="erase"' in page
    assert response.status_code == 302
    assert not DiversityAnswers.objects.filter(user=partner).exists()


# --- The directory -------------------------------------------------------------------------------


def test_the_directory_lists_only_people_who_chose_to_be_listed(client, outsider, partner, lived_profile):
    listed = PartnerProfileFactory(user=UserFactory(display_name="Rosalie", email="rosalie@exemple.test"))
    give(listed.user, Purpose.DIRECTORY, Purpose.LIVED_EXPERIENCE)
    listed.experience_words = "Diabète de type 1"
    listed.save()
    client.force_login(outsider)

    response = client.get(_url("directory"))

    page = _page(response)
    assert response.status_code == 200
    assert "Rosalie" in page
    assert "Amélie" not in page  # no directory consent
    assert "Diabète de type 1" not in page  # the directory never shows lived experience
    assert "rosalie@exemple.test" not in page
    assert f'href="{_url("partner-detail", user_id=listed.user_id)}"' in page


def test_the_directory_never_shows_lived_experience_or_emails(client, outsider, partner, lived_profile):
    give(partner, Purpose.DIRECTORY)
    client.force_login(outsider)

    page = _page(client.get(_url("directory")))

    assert "Amélie" in page
    assert LIVED_WORDS not in page
    assert "Isolement social" not in page
    assert AMELIE_EMAIL not in page


def test_a_listed_partner_can_be_opened_from_the_directory_and_the_view_is_audited(
    client, outsider, partner, lived_profile
):
    give(partner, Purpose.DIRECTORY)
    client.force_login(outsider)

    response = client.get(_url("partner-detail", user_id=partner.pk))

    assert response.status_code == 200
    assert AMELIE_EMAIL not in _page(response)
    assert AuditEvent.objects.filter(subject_id=partner.pk, actor=outsider, action="viewed").exists()


def test_the_directory_filters_by_region_type_and_language(client, outsider, capitale):
    quebec = PartnerProfileFactory(
        user=UserFactory(display_name="Rosalie"), region=capitale, partner_types=["jeune"], languages=["en"]
    )
    montreal = PartnerProfileFactory(user=UserFactory(display_name="Léon"))
    give(quebec.user, Purpose.DIRECTORY)
    give(montreal.user, Purpose.DIRECTORY)
    client.force_login(outsider)

    by_region = client.get(_url("directory"), {"region": capitale.pk})
    by_type = client.get(_url("directory"), {"partner_type": "proche_aidant"})
    by_language = client.get(_url("directory"), {"language": "en"})

    assert list(by_region.context["page"].object_list) == [quebec]
    assert list(by_type.context["page"].object_list) == [montreal]
    assert list(by_language.context["page"].object_list) == [quebec]


def test_an_unknown_filter_value_is_said_and_lists_nothing(client, outsider, partner, partner_profile):
    give(partner, Purpose.DIRECTORY)
    client.force_login(outsider)

    response = client.get(_url("directory"), {"region": "999999"})

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert "notice--error" in _page(response)


def test_htmx_gets_only_the_directory_results(client, outsider, partner, partner_profile):
    give(partner, Purpose.DIRECTORY)
    client.force_login(outsider)

    response = client.get(_url("directory"), {"language": "fr"}, headers={"HX-Request": "true"})

    page = _page(response)
    assert page.lstrip().startswith('<section id="results"')
    assert "Amélie" in page
    assert "<h1>" not in page


@pytest.mark.parametrize("rows", [1, 30])
def test_the_directory_runs_the_same_queries_for_1_or_30_profiles(client, outsider, django_assert_num_queries, rows):
    for _ in range(rows):
        give(PartnerProfileFactory().user, Purpose.DIRECTORY)
    client.force_login(outsider)

    # session, user, the count, the menu's unread notifications, the filter form's regions, the
    # page of profiles (with their person and region).
    with django_assert_num_queries(6):
        response = client.get(_url("directory"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(rows, 20)


# --- Nobody else's e-mail ------------------------------------------------------------------------


def test_no_page_others_see_contains_amelies_email(client, organizer, outsider, partner, lived_profile, initiative):
    give(partner, Purpose.DIRECTORY, Purpose.DIVERSITY)
    DiversityAnswersFactory(user=partner)
    EngagementFactory(partner=partner, initiative=initiative)
    pages = []
    for viewer in (organizer, outsider):
        client.force_login(viewer)
        for url in (_url("directory"), _url("partner-detail", user_id=partner.pk), _url("profile")):
            response = client.get(url)
            assert response.status_code == 200
            pages.append(_page(response))

    assert not any(AMELIE_EMAIL in page for page in pages)
    assert not any("45 à 54 ans" in page for page in pages)  # nor her diversity answers


# --- English -------------------------------------------------------------------------------------


def test_the_english_pages_work(client, partner, partner_profile):
    give(partner, Purpose.DIVERSITY, Purpose.DIRECTORY)
    client.force_login(partner)

    responses = {
        name: client.get(url)
        for name, url in [
            ("profile", _en("profile")),
            ("edit", _en("profile-edit")),
            ("diversity", _en("diversity")),
            ("directory", _en("directory")),
            ("detail", _en("partner-detail", user_id=partner.pk)),
        ]
    }

    assert _en("profile").startswith("/en/")
    assert {name: response.status_code for name, response in responses.items()} == dict.fromkeys(responses, 200)
    assert "<h1>My partner profile</h1>" in _page(responses["profile"])
    assert "Prefer not to answer" in _page(responses["diversity"])
    assert "Partner directory" in _page(responses["directory"])
