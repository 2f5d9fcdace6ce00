"""Who may open which initiatives and learnings page. Anything a person may not see, or may
not change on a change page, answers 404 (never 403) and changes nothing."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative, InitiativePartner, Learning, PhaseChange
from tests.factories import LearningFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["visitor", "member", "organizer", "other_organizer", "staff"]


@pytest.fixture
def world(public_initiative, members_initiative, team_initiative, published_learning, draft_learning, partner):
    """Karim's three initiatives (one per visibility), a published learning and a draft, a
    partner organization, a second team member (Amélie) who can be removed and Léa, who has
    an account and can be added."""
    organization = OrganizationFactory(name="CIUSSS du Centre-Sud")
    public_initiative.team.add(partner)
    return {
        "public": public_initiative,
        "members": members_initiative,
        "team": team_initiative,
        "published": published_learning,
        "draft": draft_learning,
        "organization": organization,
        "partner_row": InitiativePartner.objects.create(
            initiative=public_initiative, organization=organization, role="funder"
        ),
        "second_member": partner,
        "recruit": UserFactory(email="nouvelle.recrue@exemple.test", display_name="Léa"),
    }


def _sign_in(client, request, persona: str):
    user = {
        "visitor": None,
        "member": "outsider",
        "organizer": "organizer",
        "other_organizer": "other_organizer",
        "staff": "staff",
    }[persona]
    if user is not None:
        client.force_login(request.getfixturevalue(user))
    return client


def _state() -> tuple:
    """What any of the actions below would change."""
    return (
        sorted(Initiative.objects.values_list("pk", "version", "phase", "title")),
        PhaseChange.objects.count(),
        sorted(InitiativePartner.objects.values_list("pk", "role")),
        sorted(Initiative.team.through.objects.values_list("initiative_id", "user_id")),
        sorted(Learning.objects.values_list("pk", "status", "version")),
    )


def _update_data(initiative: Initiative) -> dict:
    return {
        "title": f"{initiative.title} (modifiée)",
        "summary": initiative.summary,
        "kind": initiative.kind,
        "territories": [territory.pk for territory in initiative.territories.all()],
        "visibility": initiative.visibility,
        "version": initiative.version,
    }


# Each page: (method, how to build its address and data from the world).
PAGES = {
    "list": ("get", lambda w: (reverse("initiatives:list"), None)),
    "export": ("get", lambda w: (reverse("initiatives:export"), None)),
    "detail public": ("get", lambda w: (w["public"].get_absolute_url(), None)),
    "detail members": ("get", lambda w: (w["members"].get_absolute_url(), None)),
    "detail team": ("get", lambda w: (w["team"].get_absolute_url(), None)),
    "create": ("get", lambda w: (reverse("initiatives:create"), None)),
    "edit": ("get", lambda w: (reverse("initiatives:update", args=[w["public"].slug]), None)),
    "edit team-only": ("get", lambda w: (reverse("initiatives:update", args=[w["team"].slug]), None)),
    "edit (save)": (
        "post",
        lambda w: (reverse("initiatives:update", args=[w["public"].slug]), _update_data(w["public"])),
    ),
    "history": ("get", lambda w: (reverse("initiatives:history", args=[w["public"].slug]), None)),
    "phase": (
        "post",
        lambda w: (
            reverse("initiatives:phase", args=[w["public"].slug]),
            {"phase-phase": "evaluation", "phase-changed_on": f"{timezone.localdate():%Y-%m-%d}"},
        ),
    ),
    "partner add": (
        "post",
        lambda w: (
            reverse("initiatives:partner-add", args=[w["public"].slug]),
            {"partner-organization": w["organization"].pk, "partner-role": "scientific"},
        ),
    ),
    "partner remove": (
        "post",
        lambda w: (reverse("initiatives:partner-remove", args=[w["public"].slug, w["partner_row"].pk]), {}),
    ),
    "team add": (
        "post",
        lambda w: (
            reverse("initiatives:team-add", args=[w["public"].slug]),
            {"team-email": w["recruit"].email},
        ),
    ),
    "team remove": (
        "post",
        lambda w: (reverse("initiatives:team-remove", args=[w["public"].slug, w["second_member"].pk]), {}),
    ),
    "learnings": ("get", lambda w: (reverse("initiatives:learnings"), None)),
    "learnings export": ("get", lambda w: (reverse("initiatives:learnings-export"), None)),
    "learning published": ("get", lambda w: (w["published"].get_absolute_url(), None)),
    "learning draft": ("get", lambda w: (w["draft"].get_absolute_url(), None)),
    "learning create": ("get", lambda w: (reverse("initiatives:learning-create", args=[w["public"].slug]), None)),
    "learning create (save)": (
        "post",
        lambda w: (
            reverse("initiatives:learning-create", args=[w["public"].slug]),
            {
                "title": "Essai",
                "statement": "Texte",
                "kind": "obstacle",
                "knowledge_type": "practical",
                "licence": "CC-BY-4.0",
            },
        ),
    ),
    "learning edit": ("get", lambda w: (reverse("initiatives:learning-update", args=[w["published"].pk]), None)),
    "learning publish": ("post", lambda w: (reverse("initiatives:learning-publish", args=[w["draft"].pk]), {})),
}

#                          visitor member organizer other_organizer staff
EXPECTED = {
    "list":                   (200, 200, 200, 200, 200),
    "export":                 (200, 200, 200, 200, 200),
    "detail public":          (200, 200, 200, 200, 200),
    "detail members":         (404, 200, 200, 200, 200),
    "detail team":            (404, 404, 200, 404, 200),
    "create":                 (302, 200, 200, 200, 200),
    "edit":                   (404, 404, 200, 404, 200),
    "edit team-only":         (404, 404, 200, 404, 200),
    "edit (save)":            (404, 404, 302, 404, 302),
    "history":                (404, 404, 200, 404, 200),
    "phase":                  (404, 404, 302, 404, 302),
    "partner add":            (404, 404, 302, 404, 302),
    "partner remove":         (404, 404, 302, 404, 302),
    "team add":               (404, 404, 302, 404, 302),
    "team remove":            (404, 404, 302, 404, 302),
    "learnings":              (200, 200, 200, 200, 200),
    "learnings export":       (200, 200, 200, 200, 200),
    "learning published":     (200, 200, 200, 200, 200),
    "learning draft":         (404, 404, 200, 404, 200),
    "learning create":        (404, 404, 200, 404, 200),
    "learning create (save)": (404, 404, 302, 404, 302),
    "learning edit":          (404, 404, 200, 404, 200),
    "learning publish":       (404, 404, 302, 404, 302),
}  # fmt: skip

MATRIX = [
    pytest.param(page, persona, EXPECTED[page][index], id=f"{page}-{persona}")
    for page in PAGES
    for index, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("page", "persona", "expected"), MATRIX)
def test_permission_matrix(client, request, world, page, persona, expected):
    method, build = PAGES[page]
    url, data = build(world)
    _sign_in(client, request, persona)
    before = _state()

    response = getattr(client, method)(url, data) if method == "post" else client.get(url)

    assert response.status_code == expected
    if expected == 404 or method == "get":
        assert _state() == before  # refused or only read: nothing changed
    if method == "post" and expected == 302:
        assert _state() != before
    if page == "create" and persona == "visitor":
        assert response["Location"].startswith(reverse("account_login"))


def test_a_visitor_posting_a_new_initiative_is_sent_to_sign_in_and_nothing_is_created(client, montreal):
    response = client.post(
        reverse("initiatives:create"),
        {
            "title": "Anonyme",
            "summary": "Résumé",
            "kind": "community",
            "territories": [montreal.pk],
            "visibility": "public",
        },
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Initiative.objects.filter(title="Anonyme").exists()


def test_an_unknown_initiative_or_learning_is_404(client, staff):
    client.force_login(staff)

    assert client.get(reverse("initiatives:detail", args=["n-existe-pas"])).status_code == 404
    assert client.get(reverse("initiatives:learning-detail", args=[999999])).status_code == 404
    assert client.get(reverse("initiatives:update", args=["n-existe-pas"])).status_code == 404


def _exported_titles(response) -> set[str]:
    content = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return {row[0] for row in list(csv.reader(io.StringIO(content)))[1:]}


PUBLIC = {"Cuisines collectives du Centre-Sud", "Jardins partagés de Limoilou"}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("visitor", PUBLIC),
        ("member", PUBLIC | {"Table des aînés"}),
        ("other_organizer", PUBLIC | {"Table des aînés"}),
        ("organizer", PUBLIC | {"Table des aînés", "Projet confidentiel"}),
        ("staff", PUBLIC | {"Table des aînés", "Projet confidentiel"}),
    ],
)
def test_the_initiative_export_holds_only_what_the_person_may_read(client, request, world, persona, expected):
    request.getfixturevalue("other_organizer")  # Josée's public initiative in the Capitale-Nationale
    _sign_in(client, request, persona)

    titles = _exported_titles(client.get(reverse("initiatives:export")))

    assert titles == expected


@pytest.mark.parametrize(
    ("persona", "sees_drafts"),
    [("visitor", False), ("member", False), ("other_organizer", False), ("organizer", True), ("staff", True)],
)
def test_the_learning_export_holds_drafts_only_for_those_who_may_read_them(
    client, request, world, persona, sees_drafts
):
    LearningFactory(initiative=world["team"], title="Appris dans le projet confidentiel")
    _sign_in(client, request, persona)

    titles = _exported_titles(client.get(reverse("initiatives:learnings-export")))

    assert "La confiance précède la participation" in titles
    assert ("Brouillon à relire" in titles) is sees_drafts
    assert ("Appris dans le projet confidentiel" in titles) is sees_drafts


def test_the_lists_show_only_what_the_person_may_read(client, outsider, world):
    client.force_login(outsider)

    initiatives = client.get(reverse("initiatives:list")).content.decode()
    learnings = client.get(reverse("initiatives:learnings")).content.decode()

    assert "Table des aînés" in initiatives
    assert "Projet confidentiel" not in initiatives
    assert "Brouillon à relire" not in learnings
