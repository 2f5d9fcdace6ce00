"""The REST API of the co-learning spaces: what each person may read, the membership actions,
token authentication, query counts and the schema.

In "Partenaires en santé de Montréal" (public, on request) Josée co-facilitates, Amélie is a
member and Karim's request waits; in "Cercle des proches aidants" (members only, by
invitation) Josée co-facilitates, Amélie is a member and Karim's invitation waits. Paul
(outsider) is signed in but part of nothing; Sophie is staff. Every space is listed; what is
said inside a members-only space, and a gathering's link, are for its active members.
"""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from communities.models import Membership
from ecosystem.models import Notification, Theme
from ecosystem.services import api_token_create, api_token_revoke
from tests.factories import (
    CommunityFactory,
    GatheringFactory,
    MembershipFactory,
    OrganizationFactory,
    ResourceFactory,
    UserFactory,
)

PERSONAS = {
    "visitor": None,
    "outsider": "outsider",
    "pending": "organizer",
    "member": "partner",
    "co_facilitator": "facilitator",
    "staff": "staff",
}
INSIDERS = {"member", "co_facilitator", "staff"}


@pytest.fixture
def api(request):
    """``api("member")``: an API client signed in as that persona (``"visitor"``: anonymous),
    asking for English."""

    def client_for(persona: str) -> APIClient:
        client = APIClient()
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        if PERSONAS[persona]:
            client.force_login(request.getfixturevalue(PERSONAS[persona]))
        return client

    return client_for


@pytest.fixture
def cast(community, private_community, organizer, facilitator, outsider, staff, isolation):
    """Both spaces with a gathering and two resources each (a link and a file)."""
    MembershipFactory(community=private_community, user=organizer, status="pending", invited_by=facilitator)
    host = OrganizationFactory(slug="ciusss-centre-sud")
    community.host_organizations.set([host])
    community.founded_year, community.governance = 2017, "self_managed"
    community.save()
    GatheringFactory(community=community, title="Forum du printemps", created_by=facilitator)
    GatheringFactory(community=private_community, title="Cercle de mars", link="https://visio.exemple.test/cercle")
    ResourceFactory(community=community, title="Guide de l’accueil").themes.set([isolation])
    _file_resource(community, title="Gabarit de compte rendu")
    ResourceFactory(community=private_community, title="Carnet des proches aidants")
    _file_resource(private_community, title="Bilan confidentiel")


def _file_resource(community, **fields):
    return ResourceFactory(
        community=community,
        kind="template",
        link="",
        file=f"resources/{community.pk}/0123456789abcdef.pdf",
        file_name="compte-rendu.pdf",
        file_size=48213,
        content_type="application/pdf",
        **fields,
    )


def _memberships() -> set[tuple]:
    return set(
        Membership.objects.values_list("community_id", "user_id", "role", "status", "message", "joined_at", "left_at")
    )


# --- Reading spaces -----------------------------------------------------------------------------

MY_MEMBERSHIP = {
    "visitor": (None, None),
    "outsider": (None, None),
    "pending": ({"role": "member", "status": "pending"}, {"role": "member", "status": "pending"}),
    "member": ({"role": "member", "status": "active"}, {"role": "member", "status": "active"}),
    "co_facilitator": (
        {"role": "co_facilitator", "status": "active"},
        {"role": "co_facilitator", "status": "active"},
    ),
    "staff": (None, None),
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_directory_lists_every_space_with_the_callers_membership_and_no_members(api, cast, persona):
    response = api(persona).get("/api/v1/communities/")

    assert response.status_code == 200
    rows = {row["name"]: row for row in response.json()["results"]}
    assert set(rows) == {"Partenaires en santé de Montréal", "Cercle des proches aidants"}
    public, private = rows["Partenaires en santé de Montréal"], rows["Cercle des proches aidants"]
    assert (public["my_membership"], private["my_membership"]) == MY_MEMBERSHIP[persona]
    assert (public["member_count"], private["member_count"]) == (2, 2)  # pending people do not count
    assert "Amélie" not in response.content.decode()
    assert "@exemple.test" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("space", ["community", "private_community"])
def test_every_space_reads_the_same_for_everyone_but_the_membership(api, cast, request, persona, space):
    community = request.getfixturevalue(space)

    response = api(persona).get(f"/api/v1/communities/{community.slug}/")

    assert response.status_code == 200
    data = response.json()
    assert data["slug"] == community.slug
    assert data["my_membership"] == MY_MEMBERSHIP[persona][space == "private_community"]
    assert "members" not in data and "memberships" not in data
    assert "Amélie" not in response.content.decode()


@pytest.mark.django_db
def test_a_space_shows_its_fields_and_page_address(api, cast, community):
    data = api("visitor").get(f"/api/v1/communities/{community.slug}/").json()

    assert data == {
        "slug": "partenaires-en-sante-de-montreal",
        "url": "http://testserver/en/communities/partenaires-en-sante-de-montreal/",
        "name": "Partenaires en santé de Montréal",
        "kind": "practice",
        "scope": "regional",
        "governance": "self_managed",
        "founded_year": 2017,
        "purpose": "Mettre en commun nos expériences du partenariat de soins.",
        "charter": community.charter,
        "membership_policy": "on_request",
        "visibility": "public",
        "territories": ["06"],
        "themes": ["isolement-social"],
        "host_organizations": ["ciusss-centre-sud"],
        "member_count": 2,
        "my_membership": None,
    }
    assert data["charter"].startswith("- **Prénoms, pas de titres.**")  # the Markdown source


@pytest.mark.django_db
def test_the_page_address_is_french_by_default(cast, community):
    data = APIClient().get(f"/api/v1/communities/{community.slug}/").json()

    assert data["url"] == "http://testserver/communautes/partenaires-en-sante-de-montreal/"


@pytest.mark.django_db
def test_an_unknown_space_answers_404_with_the_platform_error_shape(api):
    response = api("staff").get("/api/v1/communities/nulle-part/")

    assert response.status_code == 404
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.django_db
def test_a_space_that_was_left_shows_the_left_membership(api, cast, community, partner):
    Membership.objects.filter(community=community, user=partner).update(status="left", left_at=timezone.now())

    data = api("member").get(f"/api/v1/communities/{community.slug}/").json()

    assert data["my_membership"] == {"role": "member", "status": "left"}
    assert data["member_count"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "learning_circle"}, {"Cercle des proches aidants"}),
        ({"scope": "provincial"}, {"Cercle des proches aidants"}),
        ({"theme": "isolement-social"}, {"Partenaires en santé de Montréal"}),
        ({"territory": "06"}, {"Partenaires en santé de Montréal", "Cercle des proches aidants"}),
        ({"territory": "03"}, set()),
        ({"q": "montreal"}, {"Partenaires en santé de Montréal"}),
    ],
)
def test_spaces_filter_by_kind_scope_theme_territory_and_search(api, cast, private_community, params, expected):
    private_community.kind, private_community.scope = "learning_circle", "provincial"
    private_community.save()

    response = api("visitor").get("/api/v1/communities/", params)

    assert response.status_code == 200
    assert {row["name"] for row in response.json()["results"]} == expected


@pytest.mark.django_db
def test_an_invalid_space_filter_answers_400(api, cast):
    response = api("visitor").get("/api/v1/communities/", {"kind": "secret_society"})

    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


# --- Reading gatherings ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_gatherings_of_a_members_only_space_are_listed_only_for_its_members(api, cast, persona):
    response = api(persona).get("/api/v1/gatherings/")

    assert response.status_code == 200
    titles = {row["title"] for row in response.json()["results"]}
    expected = {"Forum du printemps"} | ({"Cercle de mars"} if persona in INSIDERS else set())
    assert titles == expected


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_gatherings_link_is_given_only_to_the_active_members_of_its_space(api, cast, persona):
    response = api(persona).get("/api/v1/gatherings/", {"community": "partenaires-en-sante-de-montreal"})

    (row,) = response.json()["results"]
    expected = "https://visio.exemple.test/rencontre" if persona in INSIDERS else None
    assert row["link"] == expected


@pytest.mark.django_db
def test_a_members_link_is_not_shown_for_another_space_they_do_not_belong_to(api, cast, community, partner):
    other = CommunityFactory(name="Table de Laval")
    GatheringFactory(community=other, title="Table d’avril", link="https://visio.exemple.test/laval")

    response = api("member").get("/api/v1/gatherings/", {"community": other.slug})

    (row,) = response.json()["results"]
    assert row["title"] == "Table d’avril"
    assert row["link"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("visitor", 404),
        ("outsider", 404),
        ("pending", 404),
        ("member", 200),
        ("co_facilitator", 200),
        ("staff", 200),
    ],
)
def test_a_members_only_gathering_answers_404_to_those_outside(api, cast, private_community, persona, expected):
    gathering = private_community.gatherings.get()

    response = api(persona).get(f"/api/v1/gatherings/{gathering.pk}/")

    assert response.status_code == expected
    if expected == 404:
        assert set(response.json()) == {"detail", "errors"}
        assert "Cercle de mars" not in response.content.decode()
    else:
        assert response.json()["link"] == "https://visio.exemple.test/cercle"


@pytest.mark.django_db
def test_a_gathering_shows_its_fields(api, cast, community, partner):
    gathering = community.gatherings.get()
    gathering.agenda, gathering.format, gathering.place = "1. **Accueil**", "hybrid", "Salle 204"
    gathering.save()
    gathering.registrations.create(user=partner)

    data = api("member").get(f"/api/v1/gatherings/{gathering.pk}/").json()

    assert data == {
        "id": gathering.pk,
        "url": f"http://testserver/en/communities/{community.slug}/gatherings/{gathering.pk}/",
        "community": community.slug,
        "title": "Forum du printemps",
        "starts_at": data["starts_at"],
        "ends_at": data["ends_at"],
        "format": "hybrid",
        "place": "Salle 204",
        "link": "https://visio.exemple.test/rencontre",
        "agenda": "1. **Accueil**",
        "registration_count": 1,
    }
    starts_at = datetime.datetime.fromisoformat(data["starts_at"])
    assert starts_at == gathering.starts_at
    assert datetime.datetime.fromisoformat(data["ends_at"]) - starts_at == datetime.timedelta(minutes=90)


@pytest.mark.django_db
def test_gatherings_filter_by_space_format_and_dates(api, cast, community):
    in_a_month = timezone.now() + datetime.timedelta(days=30)
    GatheringFactory(
        community=community,
        title="Atelier en salle",
        format="in_person",
        place="Salle 204",
        link="",
        starts_at=in_a_month,
        ends_at=in_a_month + datetime.timedelta(hours=2),
    )
    client = api("member")

    def titles(params):
        return {row["title"] for row in client.get("/api/v1/gatherings/", params).json()["results"]}

    assert titles({"community": "cercle-des-proches-aidants"}) == {"Cercle de mars"}
    assert titles({"format": "in_person"}) == {"Atelier en salle"}
    assert titles({"starts_after": (in_a_month - datetime.timedelta(days=1)).isoformat()}) == {"Atelier en salle"}
    assert titles({"starts_before": (in_a_month - datetime.timedelta(days=1)).isoformat()}) == {
        "Forum du printemps",
        "Cercle de mars",
    }


@pytest.mark.django_db
def test_gatherings_come_latest_first(api, cast, community, past_gathering):
    response = api("visitor").get("/api/v1/gatherings/", {"community": community.slug})

    assert [row["title"] for row in response.json()["results"]] == ["Forum du printemps", "Atelier de l'hiver"]


@pytest.mark.django_db
def test_an_invalid_gathering_filter_answers_400(api, cast):
    response = api("visitor").get("/api/v1/gatherings/", {"starts_after": "next tuesday"})

    assert response.status_code == 400
    assert "starts_after" in response.json()["errors"]


# --- Reading resources ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_resources_of_a_members_only_space_are_listed_only_for_its_members(api, cast, persona):
    response = api(persona).get("/api/v1/resources/")

    assert response.status_code == 200
    titles = {row["title"] for row in response.json()["results"]}
    public = {"Guide de l’accueil", "Gabarit de compte rendu"}
    private = {"Carnet des proches aidants", "Bilan confidentiel"}
    assert titles == public | (private if persona in INSIDERS else set())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("visitor", 404),
        ("outsider", 404),
        ("pending", 404),
        ("member", 200),
        ("co_facilitator", 200),
        ("staff", 200),
    ],
)
def test_a_members_only_resource_answers_404_to_those_outside(api, cast, private_community, persona, expected):
    resource = private_community.resources.get(title="Bilan confidentiel")

    response = api(persona).get(f"/api/v1/resources/{resource.pk}/")

    assert response.status_code == expected
    if expected == 404:
        assert "Bilan confidentiel" not in response.content.decode()


@pytest.mark.django_db
def test_a_shared_file_gives_its_download_address_and_no_link(api, cast, community):
    resource = community.resources.get(title="Gabarit de compte rendu")

    data = api("visitor").get(f"/api/v1/resources/{resource.pk}/").json()

    assert data == {
        "id": resource.pk,
        "url": f"http://testserver/en/communities/{community.slug}/resources/{resource.pk}/",
        "community": community.slug,
        "title": "Gabarit de compte rendu",
        "kind": "template",
        "description": "",
        "link": None,
        "themes": [],
        "file_name": "compte-rendu.pdf",
        "file_size": 48213,
        "content_type": "application/pdf",
        "download_url": f"http://testserver/en/communities/{community.slug}/resources/{resource.pk}/download/",
        "created_at": data["created_at"],
    }
    assert "0123456789abcdef" not in str(data)  # the stored name stays private


@pytest.mark.django_db
def test_a_shared_link_has_no_file_and_no_download_address(api, cast, community):
    resource = community.resources.get(title="Guide de l’accueil")

    data = api("visitor").get(f"/api/v1/resources/{resource.pk}/").json()

    assert data["link"] == "https://exemple.test/guide.pdf"
    assert data["themes"] == ["isolement-social"]
    assert (data["file_name"], data["file_size"], data["content_type"], data["download_url"]) == (None,) * 4


@pytest.mark.django_db
def test_resources_filter_by_space_kind_and_theme(api, cast):
    client = api("member")

    def titles(params):
        return {row["title"] for row in client.get("/api/v1/resources/", params).json()["results"]}

    assert titles({"community": "cercle-des-proches-aidants"}) == {"Carnet des proches aidants", "Bilan confidentiel"}
    assert titles({"kind": "template"}) == {"Gabarit de compte rendu", "Bilan confidentiel"}
    assert titles({"theme": "isolement-social"}) == {"Guide de l’accueil"}


@pytest.mark.django_db
def test_an_invalid_resource_filter_answers_400(api, cast):
    response = api("visitor").get("/api/v1/resources/", {"theme": "astrologie"})

    assert response.status_code == 400
    assert "theme" in response.json()["errors"]


# --- Joining --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_joining_an_open_space_makes_an_active_member(api, cast, open_community, outsider):
    response = api("outsider").post(f"/api/v1/communities/{open_community.slug}/join/")

    assert response.status_code == 201
    assert response.json() == {"role": "member", "status": "active"}
    membership = Membership.objects.get(community=open_community, user=outsider)
    assert membership.is_active and membership.joined_at is not None


@pytest.mark.django_db
def test_joining_a_space_on_request_waits_for_a_co_facilitator(api, cast, community, outsider, facilitator):
    response = api("outsider").post(
        f"/api/v1/communities/{community.slug}/join/", {"message": "Je suis proche aidant."}, format="json"
    )

    assert response.status_code == 201
    assert response.json() == {"role": "member", "status": "pending"}
    membership = Membership.objects.get(community=community, user=outsider)
    assert (membership.status, membership.message) == ("pending", "Je suis proche aidant.")
    assert Notification.objects.filter(recipient=facilitator, kind="join_request").exists()


@pytest.mark.django_db
def test_an_invited_person_joins_by_accepting_the_invitation(api, cast, private_community, organizer):
    response = api("pending").post(f"/api/v1/communities/{private_community.slug}/join/")

    assert response.status_code == 201
    assert response.json() == {"role": "member", "status": "active"}
    assert Membership.objects.get(community=private_community, user=organizer).is_active


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "space", "message"),
    [
        ("member", "community", "You are already a member of this space."),
        ("co_facilitator", "community", "You are already a member of this space."),
        ("pending", "community", "Your request to join is already waiting for a co-facilitator."),
        ("outsider", "private_community", "This space welcomes new members by invitation of its co-facilitators."),
        ("staff", "private_community", "This space welcomes new members by invitation of its co-facilitators."),
    ],
)
def test_a_refused_join_answers_400_and_writes_nothing(api, cast, request, persona, space, message):
    community = request.getfixturevalue(space)
    before = _memberships()

    response = api(persona).post(f"/api/v1/communities/{community.slug}/join/")

    assert response.status_code == 400
    assert response.json() == {"detail": message, "errors": {}}
    assert _memberships() == before


@pytest.mark.django_db
def test_a_refusal_is_in_french_by_default(cast, community, partner):
    client = APIClient()
    client.force_login(partner)

    response = client.post(f"/api/v1/communities/{community.slug}/join/")

    assert response.status_code == 400
    assert response.json()["detail"] == "Vous êtes déjà membre de cet espace."
    assert response["Content-Language"] == "fr-ca"


@pytest.mark.django_db
def test_a_visitor_must_sign_in_to_join(api, cast, open_community):
    before = _memberships()

    response = api("visitor").post(f"/api/v1/communities/{open_community.slug}/join/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert _memberships() == before


@pytest.mark.django_db
def test_joining_an_unknown_space_answers_404(api, cast):
    before = _memberships()

    response = api("outsider").post("/api/v1/communities/nulle-part/join/")

    assert response.status_code == 404
    assert _memberships() == before


@pytest.mark.django_db
def test_a_join_message_that_is_too_long_is_refused(api, cast, community, outsider):
    response = api("outsider").post(
        f"/api/v1/communities/{community.slug}/join/", {"message": "x" * 1001}, format="json"
    )

    assert response.status_code == 400
    assert "message" in response.json()["errors"]
    assert not Membership.objects.filter(user=outsider).exists()


# --- Leaving --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_leaves_a_space(api, cast, community, partner):
    response = api("member").post(f"/api/v1/communities/{community.slug}/leave/")

    assert response.status_code == 200
    assert response.json() == {"role": "member", "status": "left"}
    membership = Membership.objects.get(community=community, user=partner)
    assert membership.status == "left" and membership.left_at is not None


@pytest.mark.django_db
def test_the_last_co_facilitator_cannot_leave(api, cast, community, facilitator):
    before = _memberships()

    response = api("co_facilitator").post(f"/api/v1/communities/{community.slug}/leave/")

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "A space always keeps at least one co-facilitator. Name another co-facilitator first."
    )
    assert _memberships() == before
    assert Membership.objects.get(community=community, user=facilitator).is_co_facilitator


@pytest.mark.django_db
def test_a_co_facilitator_leaves_when_another_remains(api, cast, community, facilitator):
    MembershipFactory(community=community, user=UserFactory(), role="co_facilitator")

    response = api("co_facilitator").post(f"/api/v1/communities/{community.slug}/leave/")

    assert response.status_code == 200
    assert Membership.objects.get(community=community, user=facilitator).status == "left"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "pending", "staff"])
def test_someone_who_is_not_a_member_cannot_leave(api, cast, community, persona):
    before = _memberships()

    response = api(persona).post(f"/api/v1/communities/{community.slug}/leave/")

    assert response.status_code == 400
    assert response.json()["detail"] == "You are not a member of this space."
    assert _memberships() == before


@pytest.mark.django_db
def test_a_visitor_must_sign_in_to_leave(api, cast, community):
    response = api("visitor").post(f"/api/v1/communities/{community.slug}/leave/")

    assert response.status_code == 401


# --- Approving ------------------------------------------------------------------------------------


def _request_of(community, user) -> Membership:
    return Membership.objects.get(community=community, user=user)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["co_facilitator", "staff"])
def test_a_co_facilitator_or_staff_approves_a_request(api, cast, community, organizer, persona):
    waiting = _request_of(community, organizer)

    response = api(persona).post(
        f"/api/v1/communities/{community.slug}/approve/", {"membership": waiting.pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"role": "member", "status": "active"}
    waiting.refresh_from_db()
    assert waiting.is_active and waiting.joined_at is not None
    assert Notification.objects.filter(recipient=organizer, kind="join_approved").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"), [("outsider", 404), ("pending", 404), ("member", 404), ("visitor", 401)]
)
def test_only_co_facilitators_approve_others_get_404_and_nothing_changes(
    api, cast, community, organizer, persona, expected
):
    waiting = _request_of(community, organizer)
    before = _memberships()

    response = api(persona).post(
        f"/api/v1/communities/{community.slug}/approve/", {"membership": waiting.pk}, format="json"
    )

    assert response.status_code == expected
    assert set(response.json()) == {"detail", "errors"}
    assert _memberships() == before
    assert not Notification.objects.filter(kind="join_approved").exists()


@pytest.mark.django_db
def test_a_co_facilitator_of_another_space_gets_404(api, cast, community, organizer, outsider):
    MembershipFactory(community=CommunityFactory(name="Table de Laval"), user=outsider, role="co_facilitator")
    before = _memberships()

    response = api("outsider").post(
        f"/api/v1/communities/{community.slug}/approve/",
        {"membership": _request_of(community, organizer).pk},
        format="json",
    )

    assert response.status_code == 404
    assert _memberships() == before


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["an active member", "an invitation", "another space's request", "nobody"])
def test_approving_what_is_not_a_waiting_request_of_the_space_is_refused(
    api, cast, community, private_community, partner, organizer, which
):
    other_request = MembershipFactory(community=CommunityFactory(), user=partner, status="pending")
    membership_id = {
        "an active member": _request_of(community, partner).pk,
        "an invitation": _request_of(private_community, organizer).pk,
        "another space's request": other_request.pk,
        "nobody": 999999,
    }[which]
    slug = private_community.slug if which == "an invitation" else community.slug
    before = _memberships()

    response = api("co_facilitator").post(
        f"/api/v1/communities/{slug}/approve/", {"membership": membership_id}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"]["membership"] == [
        f"No request to join this space waits with the identifier “{membership_id}”."
    ]
    assert _memberships() == before


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{}, {"membership": "karim.organisateur@exemple.test"}])
def test_approving_needs_the_number_of_the_request(api, cast, community, body):
    before = _memberships()

    response = api("co_facilitator").post(f"/api/v1/communities/{community.slug}/approve/", body, format="json")

    assert response.status_code == 400
    assert "membership" in response.json()["errors"]
    assert _memberships() == before


# --- Token authentication -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_members_token_reads_the_inside_of_their_members_only_space(cast, partner):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {api_token_create(user=partner)}")

    gatherings = client.get("/api/v1/gatherings/", {"community": "cercle-des-proches-aidants"}).json()["results"]
    resources = client.get("/api/v1/resources/", {"community": "cercle-des-proches-aidants"}).json()["results"]
    space = client.get("/api/v1/communities/cercle-des-proches-aidants/").json()

    assert [(row["title"], row["link"]) for row in gatherings] == [
        ("Cercle de mars", "https://visio.exemple.test/cercle")
    ]
    assert len(resources) == 2
    assert space["my_membership"] == {"role": "member", "status": "active"}


@pytest.mark.django_db
def test_a_token_lets_a_program_join_and_leave_a_space(cast, open_community, outsider):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {api_token_create(user=outsider)}")

    joined = client.post(f"/api/v1/communities/{open_community.slug}/join/")
    left = client.post(f"/api/v1/communities/{open_community.slug}/leave/")

    assert (joined.status_code, left.status_code) == (201, 200)
    assert Membership.objects.get(community=open_community, user=outsider).status == "left"


@pytest.mark.django_db
def test_a_revoked_token_gets_401_and_joins_nothing(cast, open_community, outsider):
    key = api_token_create(user=outsider)
    api_token_revoke(user=outsider)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key}")

    joined = client.post(f"/api/v1/communities/{open_community.slug}/join/")
    listed = client.get("/api/v1/gatherings/")

    assert (joined.status_code, listed.status_code) == (401, 401)
    assert set(joined.json()) == {"detail", "errors"}
    assert not Membership.objects.filter(user=outsider).exists()


# --- Query counts ---------------------------------------------------------------------------------


def _add_spaces(count: int, member) -> None:
    host = OrganizationFactory()
    theme = Theme.objects.get(slug="sante-mentale")
    for _ in range(count):
        community = CommunityFactory(themes=[theme])
        community.host_organizations.add(host)
        MembershipFactory(community=community, user=member)
        MembershipFactory(community=community, role="co_facilitator")


@pytest.mark.django_db
def test_the_space_list_query_count_does_not_grow_with_rows(client, partner, django_assert_num_queries):
    client.force_login(partner)
    _add_spaces(1, partner)
    # 1. the session, 2. the signed-in person, 3. count for pagination, 4. the page with the
    # number of members and the person's memberships (annotations), 5. territories, 6. themes,
    # 7. host organizations, 8. the person's membership in each space
    with django_assert_num_queries(8):
        response = client.get("/api/v1/communities/")
    assert response.json()["count"] == 1

    _add_spaces(49, partner)
    with django_assert_num_queries(8):
        response = client.get("/api/v1/communities/")
    assert len(response.json()["results"]) == 50
    assert {row["my_membership"]["status"] for row in response.json()["results"]} == {"active"}


@pytest.mark.django_db
def test_the_space_list_query_count_for_a_visitor(client, partner, django_assert_num_queries):
    _add_spaces(50, partner)
    # 1. count for pagination, 2. the page with the number of members, 3. territories,
    # 4. themes, 5. host organizations
    with django_assert_num_queries(5):
        response = client.get("/api/v1/communities/")
    assert len(response.json()["results"]) == 50


def _add_gatherings(count: int, communities) -> None:
    for index in range(count):
        gathering = GatheringFactory(community=communities[index % len(communities)])
        gathering.registrations.create(user=UserFactory())


@pytest.mark.django_db
def test_the_gathering_list_query_count_does_not_grow_with_rows(
    client, partner, community, private_community, django_assert_num_queries
):
    client.force_login(partner)
    spaces = [community, private_community, CommunityFactory(visibility="public")]
    _add_gatherings(1, spaces)
    # 1. the session, 2. the signed-in person, 3. count for pagination, 4. the page with
    # its space (join), registrations and whether the person may see the link (annotations)
    with django_assert_num_queries(4):
        response = client.get("/api/v1/gatherings/")
    assert response.json()["count"] == 1

    _add_gatherings(49, spaces)
    with django_assert_num_queries(4):
        response = client.get("/api/v1/gatherings/")
    rows = response.json()["results"]
    assert len(rows) == 50
    assert {row["registration_count"] for row in rows} == {1}
    links = {row["community"]: row["link"] for row in rows}
    assert links[community.slug] == links[private_community.slug] == "https://visio.exemple.test/rencontre"
    assert links[spaces[2].slug] is None


def _add_resources(count: int, communities, theme) -> None:
    for index in range(count):
        community = communities[index % len(communities)]
        resource = _file_resource(community) if index % 2 else ResourceFactory(community=community)
        resource.themes.add(theme)


@pytest.mark.django_db
def test_the_resource_list_query_count_does_not_grow_with_rows(
    client, partner, community, private_community, isolation, django_assert_num_queries
):
    client.force_login(partner)
    spaces = [community, private_community]
    _add_resources(1, spaces, isolation)
    # 1. the session, 2. the signed-in person, 3. count for pagination,
    # 4. the page with its space and sharer (joins), 5. themes
    with django_assert_num_queries(5):
        response = client.get("/api/v1/resources/")
    assert response.json()["count"] == 1

    _add_resources(49, spaces, isolation)
    with django_assert_num_queries(5):
        response = client.get("/api/v1/resources/")
    rows = response.json()["results"]
    assert len(rows) == 50
    assert sum(row["download_url"] is not None for row in rows) == 24  # every other one is a file


# --- Schema ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_schema_documents_every_space_gathering_and_resource_endpoint(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    paths = schema["paths"]
    assert set(paths["/api/v1/communities/"]) == {"get"}
    assert set(paths["/api/v1/communities/{slug}/"]) == {"get"}
    for action in ("join", "leave", "approve"):
        assert set(paths[f"/api/v1/communities/{{slug}}/{action}/"]) == {"post"}
    assert set(paths["/api/v1/gatherings/"]) == set(paths["/api/v1/resources/"]) == {"get"}
    assert set(paths["/api/v1/gatherings/{id}/"]) == set(paths["/api/v1/resources/{id}/"]) == {"get"}

    def parameters(path):
        return {parameter["name"] for parameter in paths[path]["get"]["parameters"]}

    assert {"q", "territory", "theme", "kind", "scope", "page"} <= parameters("/api/v1/communities/")
    assert {"community", "format", "starts_after", "starts_before"} <= parameters("/api/v1/gatherings/")
    assert {"community", "kind", "theme"} <= parameters("/api/v1/resources/")
    assert set(paths["/api/v1/communities/{slug}/join/"]["post"]["responses"]) == {"201", "400", "401", "404"}
    components = schema["components"]["schemas"]
    assert components["Approve"]["properties"]["membership"]["type"] == "integer"
    assert components["Gathering"]["properties"]["link"]["nullable"] is True
    assert "my_membership" in components["Community"]["properties"]
