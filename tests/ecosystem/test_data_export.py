""" "Download my data": the archive holds every personal field of its owner and nothing of anyone
else, only its owner downloads it, and it is gone after seven days."""

import datetime
import io
import json
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from communities.models import Registration
from ecosystem.models import DataExport, Notification, Purpose, Territory, Theme, User
from ecosystem.services import consent_give, consent_withdraw, data_export_request, data_exports_purge
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CommunityFactory,
    DiversityAnswersFactory,
    EngagementFactory,
    GatheringFactory,
    InitiativeFactory,
    LearningFactory,
    MembershipFactory,
    PartnerProfileFactory,
    PostFactory,
    ResourceFactory,
    ThreadFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Archives are written to a folder of this test, never to the project's media folder."""
    settings.MEDIA_ROOT = tmp_path


@dataclass
class Person:
    user: User
    values: list[str] = field(default_factory=list)  # every value the person gave, as written


@dataclass
class Place:
    initiative: object
    community: object
    call: object
    thread: object


def shared_places() -> Place:
    initiative = InitiativeFactory(title="Cuisine collective de Verdun")
    community = CommunityFactory(name="Cercle des proches aidants de Verdun")
    call = CallFactory(initiative=initiative, title="Appel pour la cuisine collective")
    thread = ThreadFactory(community=community, title="Nos trucs pour souffler un peu")
    return Place(initiative, community, call, thread)


def person_with_everything(place: Place, *, email: str, display_name: str) -> Person:
    """A person who filled every personal field the platform holds, across every app."""
    user = UserFactory(email=email, display_name=display_name, preferred_language=User.Language.ENGLISH)
    person = Person(user, [email, display_name, "en"])
    for purpose in (Purpose.DIRECTORY, Purpose.CONTACT, Purpose.DIVERSITY, Purpose.LIVED_EXPERIENCE):
        consent_give(user=user, purpose=purpose)
    consent_withdraw(user=user, purpose=Purpose.CONTACT)
    person.values += [Purpose.DIRECTORY, Purpose.CONTACT, Purpose.DIVERSITY, Purpose.LIVED_EXPERIENCE]

    theme = Theme.objects.get(slug="isolement-social")
    PartnerProfileFactory(
        user=user,
        partner_types=["proche_aidant", "pair_aidant"],
        region=Territory.objects.get(kind=Territory.Kind.RSS, code="03"),
        languages=["fr", "ht"],
        contact_channels=["platform", "phone"],
        availability_hours=137,
        training="Formation partenaire-marqueur, Université Laval, 2024",
        bio="Présentation-marqueur : proche aidante de mon père.",
        experience_words="Vécu-marqueur MPOC",
        experience_themes=[theme],
    )
    person.values += [
        "proche_aidant",
        "pair_aidant",
        "03 Capitale-Nationale",
        "ht",
        "phone",
        "137",
        "Formation partenaire-marqueur, Université Laval, 2024",
        "Présentation-marqueur : proche aidante de mon père.",
        "Vécu-marqueur MPOC",
        theme.name,
    ]
    DiversityAnswersFactory(
        user=user,
        age_band="55_64",
        gender="non_binary",
        indigenous="yes",
        racialized="declined",
        disability="yes",
        newcomer="no",
        income_band="low",
        simplified_material="yes",
        setting="rural",
    )
    person.values += ["55_64", "non_binary", "declined", "low", "rural"]

    EngagementFactory(
        partner=user,
        initiative=place.initiative,
        level="co_leadership",
        sphere="governance",
        governance_level="regional",
        from_start=True,
        started_on=datetime.date(2025, 2, 3),
        ended_on=datetime.date(2026, 4, 5),
        hours=Decimal("12.5"),
        compensation="compensated",
        outcome="Résultat-marqueur : le menu est traduit en créole.",
    )
    person.values += [
        place.initiative.title,
        "co_leadership",
        "governance",
        "regional",
        "2025-02-03",
        "2026-04-05",
        "12.5",
        "compensated",
        "Résultat-marqueur : le menu est traduit en créole.",
    ]
    ApplicationFactory(call=place.call, applicant=user, message="Candidature-marqueur : j’ai cuisiné pour 40.")
    person.values += [place.call.title, "Candidature-marqueur : j’ai cuisiné pour 40."]

    LearningFactory(
        initiative=place.initiative,
        author=user,
        title="Apprentissage-marqueur publié",
        statement="Énoncé-marqueur : les gens reviennent quand on cuisine ensemble.",
        transfer_conditions="Conditions-marqueur : une cuisine accessible.",
    )
    person.values += [
        "Apprentissage-marqueur publié",
        "Énoncé-marqueur : les gens reviennent quand on cuisine ensemble.",
        "Conditions-marqueur : une cuisine accessible.",
    ]
    place.initiative.team.add(user)

    MembershipFactory(
        community=place.community, user=user, message="Adhésion-marqueur : je veux apprendre.", weekly_digest=True
    )
    person.values += [place.community.name, "Adhésion-marqueur : je veux apprendre."]
    gathering = GatheringFactory(community=place.community, title="Rencontre-marqueur de janvier")
    Registration.objects.create(gathering=gathering, user=user, attended=True)
    person.values += ["Rencontre-marqueur de janvier"]
    own_thread = ThreadFactory(community=place.community, author=user, title="Fil-marqueur sur le répit")
    PostFactory(thread=place.thread, author=user, body="Message-marqueur : le répit du jeudi m’aide.")
    person.values += [
        "Fil-marqueur sur le répit",
        place.thread.title,
        "Message-marqueur : le répit du jeudi m’aide.",
    ]
    assert own_thread.posts.count() == 1
    ResourceFactory(
        community=place.community,
        added_by=user,
        title="Ressource-marqueur",
        description="Description-marqueur du guide.",
        link="https://exemple.test/ressource-marqueur",
    )
    person.values += ["Ressource-marqueur", "Description-marqueur du guide.", "https://exemple.test/ressource-marqueur"]

    Notification.objects.create(
        recipient=user, kind=Notification.Kind.JOIN_APPROVED, place=place.community.name, url="/"
    )
    person.values += ["join_approved"]
    return person


def someone_else_alongside(place: Place) -> User:
    """A person in the same initiative, space, call and thread, with their own personal data."""
    other = UserFactory(email="berenice.zz-unique@exemple.test", display_name="Bérénice-Zz-Unique")
    consent_give(user=other, purpose=Purpose.DIVERSITY)
    PartnerProfileFactory(user=other, bio="Bio-de-Bérénice-Zz")
    DiversityAnswersFactory(user=other, income_band="high")
    place.initiative.team.add(other)
    EngagementFactory(partner=other, initiative=place.initiative, outcome="Résultat-de-Bérénice-Zz")
    ApplicationFactory(call=place.call, applicant=other, message="Candidature-de-Bérénice-Zz")
    LearningFactory(initiative=place.initiative, author=other, title="Apprentissage-de-Bérénice-Zz")
    MembershipFactory(community=place.community, user=other, message="Adhésion-de-Bérénice-Zz")
    PostFactory(thread=place.thread, author=other, body="Message-de-Bérénice-Zz")
    return other


def build_export(user: User, capture) -> DataExport:
    with capture(execute=True):
        export = data_export_request(user=user)
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    return export


def read_archive(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_the_archive_holds_every_personal_field_in_json_and_in_csv(django_capture_on_commit_callbacks):
    place = shared_places()
    person = person_with_everything(place, email="zephyrine.marqueur@exemple.test", display_name="Zéphyrine-Marqueur")

    export = build_export(person.user, django_capture_on_commit_callbacks)

    files = read_archive(export.file.read())
    document = json.loads(files["data.json"])
    data_json = json.dumps(document, ensure_ascii=False)
    csv_text = "\n".join(text for name, text in files.items() if name.endswith(".csv"))
    for value in person.values:
        assert value in data_json, value
        assert value in csv_text, value
    sections = {
        "account",
        "consents",
        "notifications",
        "audit_trail",
        "learnings",
        "initiative_teams",
        "memberships",
        "registrations",
        "threads",
        "posts",
        "resources_shared",
        "partner_profile",
        "diversity_answers",
        "engagements",
        "applications",
    }
    assert sections <= set(document["sections"])
    assert {f"{section}.csv" for section in sections} <= set(files)
    assert all(text.startswith("\ufeff") for name, text in files.items() if name.endswith(".csv"))
    assert document["sections"]["account"][0]["preferred_language"] == "en"
    assert document["sections"]["partner_profile"][0]["languages"] == ["fr", "ht"]
    assert document["sections"]["partner_profile"][0]["availability_hours"] == 137
    assert document["sections"]["diversity_answers"][0]["indigenous"] == "yes"
    assert document["sections"]["registrations"][0]["attended"] is True
    assert document["sections"]["memberships"][0]["weekly_digest"] is True
    assert [row["withdrawn_at"] is not None for row in document["sections"]["consents"]].count(True) == 1


def test_the_archive_holds_nothing_of_anyone_else(django_capture_on_commit_callbacks):
    place = shared_places()
    person = person_with_everything(place, email="zephyrine.marqueur@exemple.test", display_name="Zéphyrine-Marqueur")
    other = someone_else_alongside(place)

    export = build_export(person.user, django_capture_on_commit_callbacks)

    everything = "\n".join(read_archive(export.file.read()).values())
    for marker in (other.email, other.display_name, "Bérénice-Zz", "berenice", "high"):
        assert marker not in everything, marker
    assert "Zéphyrine-Marqueur" in everything


# --- The download --------------------------------------------------------------------------------


def test_the_owner_downloads_the_archive_as_an_attachment(client, partner, django_capture_on_commit_callbacks):
    export = build_export(partner, django_capture_on_commit_callbacks)
    client.force_login(partner)

    response = client.get(reverse("data-export-download", args=[export.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    files = read_archive(b"".join(response.streaming_content))
    assert json.loads(files["data.json"])["person"] == partner.email


def test_someone_else_gets_404_for_my_archive(client, partner, outsider, django_capture_on_commit_callbacks):
    export = build_export(partner, django_capture_on_commit_callbacks)
    client.force_login(outsider)

    response = client.get(reverse("data-export-download", args=[export.pk]))

    assert response.status_code == 404
    assert default_storage.exists(export.file.name)


def test_anonymous_people_are_sent_to_sign_in(client, partner, django_capture_on_commit_callbacks):
    export = build_export(partner, django_capture_on_commit_callbacks)

    response = client.get(reverse("data-export-download", args=[export.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_archive_still_being_prepared_is_not_found(client, partner):
    now = timezone.now()
    export = DataExport.objects.create(user=partner, requested_at=now, expires_at=now + DataExport.LIFETIME)
    client.force_login(partner)

    assert client.get(reverse("data-export-download", args=[export.pk])).status_code == 404


def test_the_archive_is_never_served_from_media(client, partner, django_capture_on_commit_callbacks):
    export = build_export(partner, django_capture_on_commit_callbacks)
    client.force_login(partner)

    assert client.get(f"/media/{export.file.name}").status_code == 404
    assert not reverse("data-export-download", args=[export.pk]).startswith("/media/")


def test_after_seven_days_the_link_answers_410_and_the_file_is_gone(
    client, partner, django_capture_on_commit_callbacks
):
    export = build_export(partner, django_capture_on_commit_callbacks)
    name = export.file.name
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client.force_login(partner)

    response = client.get(reverse("data-export-download", args=[export.pk]))
    again = client.get(reverse("data-export-download", args=[export.pk]))

    assert response.status_code == 410
    assert "Ce téléchargement n’est plus disponible" in response.content.decode()
    assert "pendant 7 jours seulement" in response.content.decode()
    assert not default_storage.exists(name)
    assert again.status_code == 410
    page = client.get(reverse("my-data")).content.decode()
    assert "N’est plus disponible" in page
    assert reverse("data-export-download", args=[export.pk]) not in page


def test_the_expired_page_is_in_english_under_en(client, partner, django_capture_on_commit_callbacks):
    export = build_export(partner, django_capture_on_commit_callbacks)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    client.force_login(partner)

    response = client.get(f"/en/account/my-data/{export.pk}/download/")

    assert response.status_code == 410
    assert "This download is no longer available" in response.content.decode()


def test_the_purge_removes_expired_exports_and_their_files_only(partner, outsider, django_capture_on_commit_callbacks):
    expired = build_export(partner, django_capture_on_commit_callbacks)
    fresh = build_export(outsider, django_capture_on_commit_callbacks)
    DataExport.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))

    assert data_exports_purge() == 1

    assert not DataExport.objects.filter(pk=expired.pk).exists()
    assert not default_storage.exists(expired.file.name)
    assert DataExport.objects.filter(pk=fresh.pk).exists()
    assert default_storage.exists(fresh.file.name)
