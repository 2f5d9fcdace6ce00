"""Who may open which page of the co-learning spaces, and call which endpoint of their API.

Six people: a visitor (not signed in), Paul (outsider, part of nothing), Karim (pending: his
request waits in the public space, an invitation waits for him in the members-only one), Amélie
(member of both), Josée (co-facilitator of both) and Sophie (platform staff). Every page and
every endpoint is tried by each of them, in the public space and in the members-only one.

Anything a person may not see answers 404 (never 403) and changes nothing; an action a person
may see but not take is refused with a message and changes nothing. What is said inside a
members-only space, a gathering's link, a hidden message, a draft and anyone's e-mail address
never reach a person who may not read them.
"""

import datetime
import json

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from communities import services
from communities.emails import digest_unsubscribe_token
from communities.models import Community, Gathering, Harvest, Membership, Post, Registration, Resource, Thread
from communities.urls import urlpatterns as community_urlpatterns
from ecosystem.models import Notification, Territory, Theme
from ecosystem.services import notification_send
from ecosystem.urls import router
from initiatives.models import Learning
from initiatives.services import learning_publish
from tests.factories import CommunityFactory, GatheringFactory, MembershipFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["visitor", "outsider", "pending", "member", "co_facilitator", "staff"]
# Who reads inside the members-only space, and who is given a gathering's link in either space.
READERS = {"member", "co_facilitator", "staff"}
# Who may read a hidden message (on its history page) and the draft Josée harvested.
FACILITATORS = {"co_facilitator", "staff"}

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PUBLIC_LINK = "https://visio.exemple.test/forum-public"
PRIVATE_LINK = "https://visio.exemple.test/cercle-prive"
# What is said inside the members-only space: none of it may reach the visitor, Paul or Karim.
PRIVATE_SECRETS = [
    PRIVATE_LINK,
    "Cercle de mars",
    "Bilan de l’automne",
    "Fatigue de compassion",
    "Réponse confidentielle du cercle",
    "Carnet des proches aidants",
    "Bilan confidentiel",
    "Leçon publiée du cercle",
]
# Never shown but to the co-facilitators and staff, in either space.
HIDDEN_BODIES = ["Propos retiré du forum", "Propos retiré du cercle"]
DRAFTS = ["Brouillon récolté au forum", "Brouillon récolté au cercle"]


# --- The world ------------------------------------------------------------------------------------


def _cast() -> dict:
    """The people of tests/conftest.py and tests/communities/conftest.py, and their two spaces."""
    people = {
        "outsider": UserFactory(email="paul.externe@exemple.test", display_name="Paul"),
        "pending": UserFactory(email="karim.organisateur@exemple.test", display_name="Karim"),
        "member": UserFactory(email="amelie.partenaire@exemple.test", display_name="Amélie"),
        "co_facilitator": UserFactory(email="josee.animatrice@exemple.test", display_name="Josée"),
        "staff": UserFactory(
            email="sophie.personnel@exemple.test", display_name="Sophie", is_staff=True, is_superuser=True
        ),
    }
    montreal = Territory.objects.get(code="06")
    community = CommunityFactory(
        name="Partenaires en santé de Montréal",
        territories=[montreal],
        themes=[Theme.objects.get(slug="isolement-social")],
        created_by=people["co_facilitator"],
    )
    private_community = CommunityFactory(
        name="Cercle des proches aidants", visibility="members", membership_policy="invitation", territories=[montreal]
    )
    for space in (community, private_community):
        MembershipFactory(community=space, user=people["co_facilitator"], role="co_facilitator")
        MembershipFactory(community=space, user=people["member"])
    MembershipFactory(community=community, user=people["pending"], status="pending", message="J’aimerais participer.")
    services.membership_invite(community=private_community, by=people["co_facilitator"], user=people["pending"])
    return {"people": people, "montreal": montreal, "public": community, "private": private_community}


def _gatherings(community: Community, *, titles: tuple[str, str], link: str) -> tuple[Gathering, Gathering]:
    """An upcoming gathering next week and one that took place three days ago."""
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    upcoming = GatheringFactory(community=community, title=titles[0], link=link)
    past = GatheringFactory(
        community=community,
        title=titles[1],
        link=link,
        starts_at=three_days_ago,
        ends_at=three_days_ago + datetime.timedelta(hours=2),
    )
    return upcoming, past


def _space(community: Community, people: dict, *, names: dict, link: str) -> dict:
    """A space's content, made as its people would make it: through the services."""
    facilitator, partner = people["co_facilitator"], people["member"]
    upcoming, past = _gatherings(community, titles=names["gatherings"], link=link)
    thread = ThreadFactory(community=community, title=names["thread"], author=partner)
    opening = thread.posts.get()
    reply = services.post_create(thread=thread, by=facilitator, body=names["reply"])
    hidden = services.post_create(thread=thread, by=partner, body=names["hidden"])
    services.post_hide(post=hidden, by=facilitator, reason="Propos personnels")
    Registration.objects.create(gathering=past, user=partner)
    link_resource = services.resource_create(
        community=community, by=partner, title=names["link"], kind="guide", link="https://exemple.test/guide"
    )
    file_resource = services.resource_create(
        community=community,
        by=partner,
        title=names["file"],
        kind="tool",
        file=SimpleUploadedFile("affiche.png", PNG, content_type="image/png"),
    )
    harvest = {"statement": "On commence par un tour de prénoms.", "kind": "success_condition"}
    draft = services.gathering_harvest(
        gathering=past, by=facilitator, title=names["draft"], knowledge_type="experiential", **harvest
    )
    published = services.gathering_harvest(
        gathering=past, by=facilitator, title=names["published"], knowledge_type="practical", **harvest
    )
    learning_publish(learning=published, by=facilitator)
    return {
        "space": community,
        "gathering": upcoming,
        "past": past,
        "thread": thread,
        "opening": opening,
        "reply": reply,
        "hidden": hidden,
        "link": link_resource,
        "file": file_resource,
        "draft": draft,
        "published": published,
        "member": Membership.objects.get(community=community, user=partner),
        "waiting": Membership.objects.get(community=community, user=people["pending"]),
    }


def _build_world() -> dict:
    cast = _cast()
    people = cast["people"]
    public = _space(
        cast["public"],
        people,
        link=PUBLIC_LINK,
        names={
            "gatherings": ("Forum du printemps", "Atelier de l’hiver"),
            "thread": "Comment accueillir les nouveaux membres ?",
            "reply": "Bienvenue à toutes et à tous.",
            "hidden": HIDDEN_BODIES[0],
            "link": "Guide de l’accueil",
            "file": "Affiche du forum",
            "draft": DRAFTS[0],
            "published": "Apprentissage publié du forum",
        },
    )
    private = _space(
        cast["private"],
        people,
        link=PRIVATE_LINK,
        names={
            "gatherings": ("Cercle de mars", "Bilan de l’automne"),
            "thread": "Fatigue de compassion",
            "reply": "Réponse confidentielle du cercle",
            "hidden": HIDDEN_BODIES[1],
            "link": "Carnet des proches aidants",
            "file": "Bilan confidentiel",
            "draft": DRAFTS[1],
            "published": "Leçon publiée du cercle",
        },
    )
    lea = UserFactory(email="lea.membre@exemple.test", display_name="Léa")
    digest = MembershipFactory(community=cast["public"], user=lea, weekly_digest=True)
    notification_send(
        recipients=people.values(),
        kind=Notification.Kind.NEW_GATHERING,
        target=public["gathering"].title,
        place=cast["public"].name,
        url=public["gathering"].get_absolute_url(),
    )
    sessions = {}
    for persona, person in people.items():
        browser = Client()
        browser.force_login(person)
        sessions[persona] = browser.cookies[settings.SESSION_COOKIE_NAME].value
    return {
        "people": people,
        "sessions": sessions,
        "public": public,
        "private": private,
        "montreal": cast["montreal"],
        "unsubscribe_token": digest_unsubscribe_token(digest),
        "recruit": UserFactory(email="noemie.recrue@exemple.test", display_name="Noémie"),
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both spaces with an upcoming and a past gathering (Amélie registered for the past one),
    a thread with a reply and a hidden message, a link and a file, a harvested draft and a
    published learning. Karim's request waits in the public space and an invitation waits for
    him in the members-only one. Léa, a member of the public space, receives its digest;
    everyone signed in has an unread notification.

    Built once per module (and per xdist worker) in a transaction rolled back at the end, as
    Django's ``setUpTestData`` does: each test runs in a savepoint of its own, so whatever it
    changes is undone before the next one."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("matrix-media"))
    media.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = _build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            media.disable()
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    media.disable()


def _sign_in(client, world: dict, persona: str):
    """Sign ``persona`` in with the session opened for them when the world was built."""
    if persona != "visitor":
        client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][persona]
    return client


# What a page or an endpoint of the spaces could change, read in plain SQL (this runs twice in
# each of a thousand tests): each model's rows in primary key order, with these fields.
WATCHED = [
    (Community, ["name", "slug", "visibility", "membership_policy", "updated_at"]),
    (Membership, ["community", "user", "role", "status", "invited_by", "weekly_digest", "message", "left_at"]),
    (Gathering, ["community", "title", "starts_at", "ends_at", "link", "updated_at"]),
    (Registration, ["gathering", "user", "attended"]),
    (Thread, ["community", "title", "last_activity_at"]),
    (Post, ["thread", "body", "edited_at", "hidden_at", "hidden_reason"]),
    (Post.history.model, []),  # every version of every message
    (Resource, ["community", "title", "link", "file"]),
    (Harvest, ["gathering", "learning"]),
    (Learning, ["title", "status", "version"]),
    (Notification, ["recipient", "read_at"]),
]


def _state() -> list:
    """Everything a page or an endpoint of the spaces could change."""
    quote = connection.ops.quote_name
    state = []
    with connection.cursor() as cursor:
        for model, fields in WATCHED:
            pk = quote(model._meta.pk.column)
            columns = ", ".join([pk, *(quote(model._meta.get_field(field).column) for field in fields)])
            cursor.execute(f"SELECT {columns} FROM {quote(model._meta.db_table)} ORDER BY {pk}")  # noqa: S608
            state.append(cursor.fetchall())
    return state


def _assert_nothing_leaks(content: str, persona: str) -> None:
    """What ``persona`` may not read is not in the answer they got."""
    assert "@exemple.test" not in content  # people are shown by their display name only
    if persona not in READERS:
        for secret in [*PRIVATE_SECRETS, PUBLIC_LINK]:
            assert secret not in content, secret
    if persona not in FACILITATORS:
        for secret in HIDDEN_BODIES + DRAFTS:
            assert secret not in content, secret


# --- The pages ------------------------------------------------------------------------------------


def _gathering_data(**overrides) -> dict:
    data = {
        "title": "Forum des partenaires",
        "starts_at": "2030-04-10T09:00",
        "ends_at": "2030-04-10T16:30",
        "format": "hybrid",
        "place": "Centre communautaire Hochelaga, salle 2",
        "link": "https://visio.exemple.test/nouveau-forum",
        "agenda": "1. Accueil",
        "notes": "",
    }
    return {**data, **overrides}


def _community_data(w: dict, community: Community | None = None) -> dict:
    data = {
        "name": "Table des aînés de Rosemont",
        "kind": "concertation",
        "purpose": "Réunir aînés, proches et intervenants.",
        "charter": "- **Prénoms** seulement.",
        "scope": "local",
        "governance": "",
        "founded_year": "",
        "territories": [w["montreal"].pk],
        "themes": [],
        "host_organizations": [],
        "membership_policy": "on_request",
        "visibility": "public",
    }
    if community is not None:
        data.update(
            name=f"{community.name} (renommé)",
            membership_policy=community.membership_policy,
            visibility=community.visibility,
        )
    return data


HARVEST_DATA = {
    "title": "Commencer par un tour de prénoms",
    "statement": "Quand chacun se présente par son prénom, les partenaires prennent la parole plus tôt.",
    "kind": "success_condition",
    "knowledge_type": "experiential",
    "transfer_conditions": "",
    "themes": [],
    "territory": "",
    "licence": "CC-BY-NC-4.0",
    "initiative": "",
}
RESOURCE_DATA = {"title": "Nouveau guide", "kind": "guide", "description": "", "link": "https://exemple.test/nouveau"}

# Each case: (URL name, method, the object of the space in the URL, the data sent). ``data``
# is a dict, or a function of the world and the space's part of it.
ROUTES = {
    "list GET": ("list", "get", None, None),
    "create GET": ("create", "get", None, None),
    "create POST": ("create", "post", None, lambda w, s: _community_data(w)),
    "unsubscribe GET": ("unsubscribe", "get", "token", None),
    "unsubscribe POST": ("unsubscribe", "post", "token", {}),
    "unsubscribe (tampered link) GET": ("unsubscribe", "get", "bad token", None),
    "unsubscribe (tampered link) POST": ("unsubscribe", "post", "bad token", {}),
    "detail GET": ("detail", "get", None, None),
    "update GET": ("update", "get", None, None),
    "update POST": ("update", "post", None, lambda w, s: _community_data(w, s["space"])),
    "join GET": ("join", "get", None, None),
    "join POST": ("join", "post", None, {"message": "J’aimerais participer."}),
    "leave GET": ("leave", "get", None, None),
    "leave POST": ("leave", "post", None, {}),
    "pending-cancel GET": ("pending-cancel", "get", None, None),
    "pending-cancel POST": ("pending-cancel", "post", None, {}),
    "preferences GET": ("preferences", "get", None, None),
    "preferences POST": ("preferences", "post", None, {"weekly_digest": "on"}),
    "members GET": ("members", "get", None, None),
    "manage GET": ("manage", "get", None, None),
    "invite GET": ("invite", "get", None, None),
    "invite POST": ("invite", "post", None, lambda w, s: {"invite-email": w["recruit"].email}),
    "invite (no such account) POST": ("invite", "post", None, {"invite-email": "personne@ailleurs.test"}),
    "membership-approve GET": ("membership-approve", "get", "waiting", None),
    "membership-approve POST": ("membership-approve", "post", "waiting", {}),
    "membership-decline GET": ("membership-decline", "get", "waiting", None),
    "membership-decline POST": ("membership-decline", "post", "waiting", {}),
    "membership-remove GET": ("membership-remove", "get", "member", None),
    "membership-remove POST": ("membership-remove", "post", "member", {}),
    "membership-role GET": ("membership-role", "get", "member", None),
    "membership-role POST": ("membership-role", "post", "member", {"role": "co_facilitator"}),
    "gatherings GET": ("gatherings", "get", None, None),
    "gathering-create GET": ("gathering-create", "get", None, None),
    "gathering-create POST": ("gathering-create", "post", None, _gathering_data()),
    "gathering-create (ends before it starts) POST": (
        "gathering-create",
        "post",
        None,
        _gathering_data(ends_at="2030-04-10T08:00"),
    ),
    "gathering-detail GET": ("gathering-detail", "get", "gathering", None),
    "gathering-update GET": ("gathering-update", "get", "gathering", None),
    "gathering-update POST": ("gathering-update", "post", "gathering", _gathering_data(title="Forum déplacé")),
    "gathering-registration GET": ("gathering-registration", "get", "gathering", None),
    "gathering-registration POST": ("gathering-registration", "post", "gathering", {"action": "register"}),
    "gathering-attendance GET": ("gathering-attendance", "get", "past", None),
    "gathering-attendance POST": (
        "gathering-attendance",
        "post",
        "past",
        lambda w, s: {"attendance-attended": [w["people"]["member"].pk]},
    ),
    "gathering-harvest GET": ("gathering-harvest", "get", "past", None),
    "gathering-harvest POST": ("gathering-harvest", "post", "past", HARVEST_DATA),
    "threads GET": ("threads", "get", None, None),
    "thread-create GET": ("thread-create", "get", None, None),
    "thread-create POST": ("thread-create", "post", None, {"title": "Nouveau sujet", "body": "Bonjour à tous."}),
    "thread-detail GET": ("thread-detail", "get", "thread", None),
    "thread-detail (reply) POST": ("thread-detail", "post", "thread", {"body": "Merci pour ce fil."}),
    "post-update GET": ("post-update", "get", "opening", None),
    "post-update POST": ("post-update", "post", "opening", {"body": "Texte corrigé."}),
    "post-update (hidden message) GET": ("post-update", "get", "hidden", None),
    "post-update (hidden message) POST": ("post-update", "post", "hidden", {"body": "Texte corrigé."}),
    "post-hide GET": ("post-hide", "get", "reply", None),
    "post-hide POST": ("post-hide", "post", "reply", {"hidden_reason": "Hors sujet."}),
    "post-hide (no reason) POST": ("post-hide", "post", "reply", {"hidden_reason": ""}),
    "post-unhide GET": ("post-unhide", "get", "hidden", None),
    "post-unhide POST": ("post-unhide", "post", "hidden", {}),
    "post-history GET": ("post-history", "get", "opening", None),
    "post-history (hidden message) GET": ("post-history", "get", "hidden", None),
    "resources GET": ("resources", "get", None, None),
    "resource-create GET": ("resource-create", "get", None, None),
    "resource-create POST": ("resource-create", "post", None, RESOURCE_DATA),
    "resource-create (neither link nor file) POST": (
        "resource-create",
        "post",
        None,
        {"title": "Vide", "kind": "guide"},
    ),
    "resource-detail GET": ("resource-detail", "get", "file", None),
    "resource-download GET": ("resource-download", "get", "file", None),
    "resource-download (a link) GET": ("resource-download", "get", "link", None),
    "resource-delete GET": ("resource-delete", "get", "link", None),
    "resource-delete POST": ("resource-delete", "post", "link", {}),
    "notifications GET": ("notifications", "get", None, None),
    "notifications POST": ("notifications", "post", None, {}),
}

# What each person gets. A number is the status, with nothing changed; "login": sent to sign in,
# nothing changed; "done": redirected after the change was made; "changed": 200 after the change
# was made; "refused": redirected with an error message, nothing changed; "form": the form again
# with its errors (200), nothing changed; "notice": the page says who may take part instead of
# showing the form (200), nothing changed. In the public space Karim's request waits and Josée
# is the only co-facilitator; in the members-only one (by invitation) an invitation waits for
# Karim. Membership actions target Karim's membership, removal and role change Amélie's.
#                                                     visitor   outsider   pending    member     co_facilitator staff
EXPECTED = {
    "list GET":                                      (200,      200,       200,       200,       200,       200),
    "create GET":                                    ("login",  200,       200,       200,       200,       200),
    "create POST":                                   ("login",  "done",    "done",    "done",    "done",    "done"),
    "unsubscribe GET":                               (200,      200,       200,       200,       200,       200),
    "unsubscribe POST":                              ("changed", "changed", "changed", "changed", "changed", "changed"),
    "unsubscribe (tampered link) GET":               (400,      400,       400,       400,       400,       400),
    "unsubscribe (tampered link) POST":              (400,      400,       400,       400,       400,       400),
    "detail GET @public":                            (200,      200,       200,       200,       200,       200),
    "detail GET @private":                           (200,      200,       200,       200,       200,       200),
    "update GET @public":                            ("login",  404,       404,       404,       200,       200),
    "update GET @private":                           ("login",  404,       404,       404,       200,       200),
    "update POST @public":                           ("login",  404,       404,       404,       "done",    "done"),
    "update POST @private":                          ("login",  404,       404,       404,       "done",    "done"),
    "join GET @public":                              ("login",  405,       405,       405,       405,       405),
    "join GET @private":                             ("login",  405,       405,       405,       405,       405),
    "join POST @public":                             ("login",  "done",    "refused", "refused", "refused", "done"),
    "join POST @private":                            ("login",  "refused", "done",    "refused", "refused", "refused"),
    "leave GET @public":                             ("login",  405,       405,       405,       405,       405),
    "leave GET @private":                            ("login",  405,       405,       405,       405,       405),
    "leave POST @public":                            ("login",  "refused", "refused", "done",    "refused", "refused"),
    "leave POST @private":                           ("login",  "refused", "refused", "done",    "refused", "refused"),
    "pending-cancel GET @public":                    ("login",  405,       405,       405,       405,       405),
    "pending-cancel GET @private":                   ("login",  405,       405,       405,       405,       405),
    "pending-cancel POST @public":                   ("login",  "refused", "done",    "refused", "refused", "refused"),
    "pending-cancel POST @private":                  ("login",  "refused", "done",    "refused", "refused", "refused"),
    "preferences GET @public":                       ("login",  404,       404,       200,       200,       404),
    "preferences GET @private":                      ("login",  404,       404,       200,       200,       404),
    "preferences POST @public":                      ("login",  404,       404,       "done",    "done",    404),
    "preferences POST @private":                     ("login",  404,       404,       "done",    "done",    404),
    "members GET @public":                           (404,      404,       404,       200,       200,       200),
    "members GET @private":                          (404,      404,       404,       200,       200,       200),
    "manage GET @public":                            ("login",  404,       404,       404,       200,       200),
    "manage GET @private":                           ("login",  404,       404,       404,       200,       200),
    "invite GET @public":                            ("login",  405,       405,       405,       405,       405),
    "invite GET @private":                           ("login",  405,       405,       405,       405,       405),
    "invite POST @public":                           ("login",  404,       404,       404,       "done",    "done"),
    "invite POST @private":                          ("login",  404,       404,       404,       "done",    "done"),
    "invite (no such account) POST @public":         ("login",  404,       404,       404,       "form",    "form"),
    "invite (no such account) POST @private":        ("login",  404,       404,       404,       "form",    "form"),
    "membership-approve GET @public":                ("login",  405,       405,       405,       405,       405),
    "membership-approve GET @private":               ("login",  405,       405,       405,       405,       405),
    "membership-approve POST @public":               ("login",  404,       404,       404,       "done",    "done"),
    # An invitation waits for its person: no co-facilitator can accept it in their place.
    "membership-approve POST @private":              ("login",  404,       404,       404,       "refused", "refused"),
    "membership-decline GET @public":                ("login",  405,       405,       405,       405,       405),
    "membership-decline GET @private":               ("login",  405,       405,       405,       405,       405),
    "membership-decline POST @public":               ("login",  404,       404,       404,       "done",    "done"),
    "membership-decline POST @private":              ("login",  404,       404,       404,       "done",    "done"),
    "membership-remove GET @public":                 ("login",  405,       405,       405,       405,       405),
    "membership-remove GET @private":                ("login",  405,       405,       405,       405,       405),
    "membership-remove POST @public":                ("login",  404,       404,       404,       "done",    "done"),
    "membership-remove POST @private":               ("login",  404,       404,       404,       "done",    "done"),
    "membership-role GET @public":                   ("login",  405,       405,       405,       405,       405),
    "membership-role GET @private":                  ("login",  405,       405,       405,       405,       405),
    "membership-role POST @public":                  ("login",  404,       404,       404,       "done",    "done"),
    "membership-role POST @private":                 ("login",  404,       404,       404,       "done",    "done"),
    "gatherings GET @public":                        (200,      200,       200,       200,       200,       200),
    "gatherings GET @private":                       (404,      404,       404,       200,       200,       200),
    "gathering-create GET @public":                  ("login",  404,       404,       404,       200,       200),
    "gathering-create GET @private":                 ("login",  404,       404,       404,       200,       200),
    "gathering-create POST @public":                 ("login",  404,       404,       404,       "done",    "done"),
    "gathering-create POST @private":                ("login",  404,       404,       404,       "done",    "done"),
    "gathering-create (ends before it starts) POST @public":  ("login", 404, 404,     404,       "form",    "form"),
    "gathering-create (ends before it starts) POST @private": ("login", 404, 404,     404,       "form",    "form"),
    "gathering-detail GET @public":                  (200,      200,       200,       200,       200,       200),
    "gathering-detail GET @private":                 (404,      404,       404,       200,       200,       200),
    "gathering-update GET @public":                  ("login",  404,       404,       404,       200,       200),
    "gathering-update GET @private":                 ("login",  404,       404,       404,       200,       200),
    "gathering-update POST @public":                 ("login",  404,       404,       404,       "done",    "done"),
    "gathering-update POST @private":                ("login",  404,       404,       404,       "done",    "done"),
    "gathering-registration GET @public":            ("login",  405,       405,       405,       405,       405),
    "gathering-registration GET @private":           ("login",  405,       405,       405,       405,       405),
    # Staff read and facilitate every space, but only its members take part in it.
    "gathering-registration POST @public":           ("login",  "refused", "refused", "done",    "done",    "refused"),
    "gathering-registration POST @private":          ("login",  404,       404,       "done",    "done",    "refused"),
    "gathering-attendance GET @public":              ("login",  405,       405,       405,       405,       405),
    "gathering-attendance GET @private":             ("login",  405,       405,       405,       405,       405),
    "gathering-attendance POST @public":             ("login",  404,       404,       404,       "done",    "done"),
    "gathering-attendance POST @private":            ("login",  404,       404,       404,       "done",    "done"),
    "gathering-harvest GET @public":                 ("login",  404,       404,       404,       200,       200),
    "gathering-harvest GET @private":                ("login",  404,       404,       404,       200,       200),
    "gathering-harvest POST @public":                ("login",  404,       404,       404,       "done",    "done"),
    "gathering-harvest POST @private":               ("login",  404,       404,       404,       "done",    "done"),
    "threads GET @public":                           (200,      200,       200,       200,       200,       200),
    "threads GET @private":                          (404,      404,       404,       200,       200,       200),
    "thread-create GET @public":                     ("login",  200,       200,       200,       200,       200),
    "thread-create GET @private":                    ("login",  404,       404,       200,       200,       200),
    "thread-create POST @public":                    ("login",  "refused", "refused", "done",    "done",    "refused"),
    "thread-create POST @private":                   ("login",  404,       404,       "done",    "done",    "refused"),
    "thread-detail GET @public":                     (200,      200,       200,       200,       200,       200),
    "thread-detail GET @private":                    (404,      404,       404,       200,       200,       200),
    "thread-detail (reply) POST @public":            ("login",  "refused", "refused", "done",    "done",    "refused"),
    "thread-detail (reply) POST @private":           (404,      404,       404,       "done",    "done",    "refused"),
    # Only its author corrects a message (Amélie opened the thread).
    "post-update GET @public":                       ("login",  404,       404,       200,       404,       404),
    "post-update GET @private":                      ("login",  404,       404,       200,       404,       404),
    "post-update POST @public":                      ("login",  404,       404,       "done",    404,       404),
    "post-update POST @private":                     ("login",  404,       404,       "done",    404,       404),
    "post-update (hidden message) GET @public":      ("login",  404,       404,       200,       404,       404),
    "post-update (hidden message) GET @private":     ("login",  404,       404,       200,       404,       404),
    "post-update (hidden message) POST @public":     ("login",  404,       404,       "form",    404,       404),
    "post-update (hidden message) POST @private":    ("login",  404,       404,       "form",    404,       404),
    "post-hide GET @public":                         ("login",  404,       404,       404,       200,       200),
    "post-hide GET @private":                        ("login",  404,       404,       404,       200,       200),
    "post-hide POST @public":                        ("login",  404,       404,       404,       "done",    "done"),
    "post-hide POST @private":                       ("login",  404,       404,       404,       "done",    "done"),
    "post-hide (no reason) POST @public":            ("login",  404,       404,       404,       "form",    "form"),
    "post-hide (no reason) POST @private":           ("login",  404,       404,       404,       "form",    "form"),
    "post-unhide GET @public":                       ("login",  405,       405,       405,       405,       405),
    "post-unhide GET @private":                      ("login",  405,       405,       405,       405,       405),
    "post-unhide POST @public":                      ("login",  404,       404,       404,       "done",    "done"),
    "post-unhide POST @private":                     ("login",  404,       404,       404,       "done",    "done"),
    "post-history GET @public":                      (200,      200,       200,       200,       200,       200),
    "post-history GET @private":                     (404,      404,       404,       200,       200,       200),
    # What was hidden stays hidden, from its author too.
    "post-history (hidden message) GET @public":     (404,      404,       404,       404,       200,       200),
    "post-history (hidden message) GET @private":    (404,      404,       404,       404,       200,       200),
    "resources GET @public":                         (200,      200,       200,       200,       200,       200),
    "resources GET @private":                        (404,      404,       404,       200,       200,       200),
    "resource-create GET @public":                   ("login",  200,       200,       200,       200,       200),
    "resource-create GET @private":                  ("login",  404,       404,       200,       200,       200),
    "resource-create POST @public":                  ("login",  "refused", "refused", "done",    "done",    "refused"),
    "resource-create POST @private":                 ("login",  404,       404,       "done",    "done",    "refused"),
    "resource-create (neither link nor file) POST @public":  ("login", "notice", "notice", "form", "form",  "notice"),
    "resource-create (neither link nor file) POST @private": ("login", 404,     404,     "form",   "form",    "notice"),
    "resource-detail GET @public":                   (200,      200,       200,       200,       200,       200),
    "resource-detail GET @private":                  (404,      404,       404,       200,       200,       200),
    "resource-download GET @public":                 (200,      200,       200,       200,       200,       200),
    "resource-download GET @private":                (404,      404,       404,       200,       200,       200),
    "resource-download (a link) GET @public":        (404,      404,       404,       404,       404,       404),
    "resource-download (a link) GET @private":       (404,      404,       404,       404,       404,       404),
    "resource-delete GET @public":                   ("login",  405,       405,       405,       405,       405),
    "resource-delete GET @private":                  ("login",  405,       405,       405,       405,       405),
    # Amélie shared it; a co-facilitator may remove it too.
    "resource-delete POST @public":                  ("login",  404,       404,       "done",    "done",    "done"),
    "resource-delete POST @private":                 ("login",  404,       404,       "done",    "done",    "done"),
    "notifications GET":                             ("login",  200,       200,       200,       200,       200),
    "notifications POST":                            ("login",  "done",    "done",    "done",    "done",    "done"),
}  # fmt: skip


def _split(case: str) -> tuple[str, str | None]:
    """``"join POST @public"`` → ``("join POST", "public")``."""
    route, _at, space = case.partition(" @")
    return route, space or None


def _address(w: dict, case: str) -> tuple[str, str, dict | None]:
    route, space = _split(case)
    name, method, target, data = ROUTES[route]
    if name == "notifications":
        url = reverse("notifications")
    elif target in ("token", "bad token"):
        token = w["unsubscribe_token"] + ("x" if target == "bad token" else "")
        url = reverse("communities:unsubscribe", kwargs={"token": token})
    else:
        kwargs = {}
        if space is not None:
            kwargs["slug"] = w[space]["space"].slug
        if target is not None:
            kwargs["pk"] = w[space][target].pk
        url = reverse(f"communities:{name}", kwargs=kwargs)
    if callable(data):
        data = data(w, w[space] if space else None)
    return method, url, data


def _told_why(response) -> bool:
    return any(message.level == messages.ERROR for message in get_messages(response.wsgi_request))


def _assert_outcome(response, expected, before) -> None:
    changed = _state() != before
    sign_in = reverse("account_login")
    location = response.get("Location", "")
    if expected == "done":
        assert response.status_code == 302
        assert not location.startswith(sign_in)
        assert changed
        return
    if expected == "changed":
        assert response.status_code == 200
        assert changed
        return
    assert not changed  # nothing written by a refused, redirected or read-only request
    if expected == "login":
        assert response.status_code == 302
        assert location.startswith(sign_in)
    elif expected == "refused":
        assert response.status_code == 302
        assert not location.startswith(sign_in)
        assert _told_why(response)
    elif expected == "form":
        assert response.status_code == 200
        assert 'class="error-summary"' in response.content.decode()
    elif expected == "notice":
        assert response.status_code == 200
        assert 'class="notice' in response.content.decode()
    else:
        assert response.status_code == expected


def _case_id(case: str, persona: str) -> str:
    return f"{case.replace(' @', ' in ')} by {persona}"


MATRIX = [
    pytest.param(case, persona, EXPECTED[case][index], id=_case_id(case, persona))
    for case in EXPECTED
    for index, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("case", "persona", "expected"), MATRIX)
def test_permission_matrix_of_the_pages(client, world, case, persona, expected):
    method, url, data = _address(world, case)
    _sign_in(client, world, persona)
    before = _state()

    response = client.post(url, data) if method == "post" else client.get(url)

    _assert_outcome(response, expected, before)
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        _assert_nothing_leaks(response.content.decode(), persona)


def _takes_a_slug(pattern: URLPattern) -> bool:
    return "<slug:slug>" in str(pattern.pattern)


# Pages that only show something: every other page is tried by POST too.
READ_ONLY = {
    "list",
    "detail",
    "members",
    "manage",
    "gatherings",
    "gathering-detail",
    "threads",
    "post-history",
    "resources",
    "resource-detail",
    "resource-download",
}


def test_the_matrix_covers_every_page_of_the_spaces_in_both_spaces():
    """A new page without an expectation for everyone, in each space, fails here."""
    names = {pattern.name for pattern in community_urlpatterns} | {"notifications"}
    with_slug = {pattern.name for pattern in community_urlpatterns if _takes_a_slug(pattern)}
    routes_by_name = {}
    for route, (name, *_rest) in ROUTES.items():
        routes_by_name.setdefault(name, set()).add(route)

    assert set(routes_by_name) == names
    assert {_split(case)[0] for case in EXPECTED} == set(ROUTES)
    for name, routes in routes_by_name.items():
        for route in routes:
            spaces = {_split(case)[1] for case in EXPECTED if _split(case)[0] == route}
            assert spaces == ({"public", "private"} if name in with_slug else {None}), route
        methods = {ROUTES[route][1] for route in routes}
        assert methods == ({"get"} if name in READ_ONLY else {"get", "post"}), name


# --- What the pages show to whom ------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_inside_of_the_members_only_space_is_shown_only_to_those_who_may_read_it(client, world, persona):
    _sign_in(client, world, persona)

    page = client.get(world["private"]["space"].get_absolute_url()).content.decode()

    inside = ["Cercle de mars", "Fatigue de compassion", "Carnet des proches aidants", "Leçon publiée du cercle"]
    assert "Cercle des proches aidants" in page  # every space shows its name, purpose and charter
    assert "Prénoms, pas de titres." in page
    for title in inside:
        assert (title in page) is (persona in READERS), title
    assert PRIVATE_LINK not in page  # links are on the gathering's own page
    assert (DRAFTS[1] in page) is (persona in FACILITATORS)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("space", ["public", "private"])
def test_a_gatherings_link_is_shown_only_to_active_members_and_staff(client, world, persona, space):
    gathering = world[space]["gathering"]
    link = PUBLIC_LINK if space == "public" else PRIVATE_LINK
    _sign_in(client, world, persona)

    response = client.get(gathering.get_absolute_url())

    if space == "private" and persona not in READERS:
        assert response.status_code == 404
        return
    page = response.content.decode()
    assert gathering.title in page
    assert (link in page) is (persona in READERS)
    assert ("Communiqué aux membres de l’espace." in page) is (persona not in READERS)


@pytest.mark.parametrize("persona", ["member", "co_facilitator", "staff"])
def test_the_member_list_shows_active_members_by_display_name_only(client, world, persona):
    _sign_in(client, world, persona)

    page = client.get(reverse("communities:members", kwargs={"slug": world["public"]["space"].slug})).content.decode()

    for name in ["Amélie", "Josée", "Léa"]:
        assert name in page
    assert "Karim" not in page  # his request still waits
    assert "@" not in page.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_hidden_message_shows_its_reason_to_everyone_and_its_text_to_no_one(client, world, persona):
    _sign_in(client, world, persona)

    page = client.get(world["public"]["thread"].get_absolute_url()).content.decode()

    assert "Message masqué par l’animation : Propos personnels" in page
    assert HIDDEN_BODIES[0] not in page
    assert "Bienvenue à toutes et à tous." in page


def test_the_history_of_a_hidden_message_keeps_its_text_for_the_co_facilitators(client, world):
    _sign_in(client, world, "co_facilitator")

    page = client.get(
        reverse(
            "communities:post-history",
            kwargs={"slug": world["public"]["space"].slug, "pk": world["public"]["hidden"].pk},
        )
    ).content.decode()

    assert HIDDEN_BODIES[0] in page


def test_correcting_a_hidden_message_does_not_hand_its_text_back_to_its_author(client, world):
    _sign_in(client, world, "member")

    response = client.get(
        reverse(
            "communities:post-update",
            kwargs={"slug": world["public"]["space"].slug, "pk": world["public"]["hidden"].pk},
        )
    )

    assert response.status_code == 200
    assert HIDDEN_BODIES[0] not in response.content.decode()


# --- The API --------------------------------------------------------------------------------------

API_ROUTES = {
    # case: (route name, method, the object of the URL, the data sent)
    "communities GET": ("community-list", "get", None, None),
    "communities POST": ("community-list", "post", None, {"name": "Nouvel espace"}),
    "community GET": ("community-detail", "get", "space", None),
    "community DELETE": ("community-detail", "delete", "space", None),
    "join GET": ("community-join", "get", "space", None),
    "join POST": ("community-join", "post", "space", {"message": "J’aimerais participer."}),
    "leave POST": ("community-leave", "post", "space", {}),
    "approve POST": ("community-approve", "post", "space", "waiting"),
    "approve (no such request) POST": ("community-approve", "post", "space", "nothing"),
    "gatherings GET": ("gathering-list", "get", None, None),
    "gatherings POST": ("gathering-list", "post", None, {"title": "Rencontre"}),
    "gathering GET": ("gathering-detail", "get", "gathering", None),
    "gathering DELETE": ("gathering-detail", "delete", "gathering", None),
    "resources GET": ("resource-list", "get", None, None),
    "resources POST": ("resource-list", "post", None, {"title": "Guide"}),
    "resource GET": ("resource-detail", "get", "file", None),
    "resource DELETE": ("resource-detail", "delete", "file", None),
}

# A number is the status, with nothing changed; "created" (201) and "done" (200): the change
# was made. Reading is open to all; writing needs a signed-in person (401 otherwise).
#                                               visitor  outsider   pending    member     co_facilitator staff
API_EXPECTED = {
    "communities GET":                         (200,     200,       200,       200,       200,       200),
    "communities POST":                        (401,     405,       405,       405,       405,       405),
    "community GET @public":                   (200,     200,       200,       200,       200,       200),
    "community GET @private":                  (200,     200,       200,       200,       200,       200),
    "community DELETE @public":                (401,     405,       405,       405,       405,       405),
    "community DELETE @private":               (401,     405,       405,       405,       405,       405),
    "join GET @public":                        (405,     405,       405,       405,       405,       405),
    "join GET @private":                       (405,     405,       405,       405,       405,       405),
    "join POST @public":                       (401,     "created", 400,       400,       400,       "created"),
    "join POST @private":                      (401,     400,       "created", 400,       400,       400),
    "leave POST @public":                      (401,     400,       400,       "done",    400,       400),
    "leave POST @private":                     (401,     400,       400,       "done",    400,       400),
    "approve POST @public":                    (401,     404,       404,       404,       "done",    "done"),
    # An invitation is not a request: it waits for its person.
    "approve POST @private":                   (401,     404,       404,       404,       400,       400),
    "approve (no such request) POST @public":  (401,     404,       404,       404,       400,       400),
    "approve (no such request) POST @private": (401,     404,       404,       404,       400,       400),
    "gatherings GET":                          (200,     200,       200,       200,       200,       200),
    "gatherings POST":                         (401,     405,       405,       405,       405,       405),
    "gathering GET @public":                   (200,     200,       200,       200,       200,       200),
    "gathering GET @private":                  (404,     404,       404,       200,       200,       200),
    "gathering DELETE @public":                (401,     405,       405,       405,       405,       405),
    "gathering DELETE @private":               (401,     405,       405,       405,       405,       405),
    "resources GET":                           (200,     200,       200,       200,       200,       200),
    "resources POST":                          (401,     405,       405,       405,       405,       405),
    "resource GET @public":                    (200,     200,       200,       200,       200,       200),
    "resource GET @private":                   (404,     404,       404,       200,       200,       200),
    "resource DELETE @public":                 (401,     405,       405,       405,       405,       405),
    "resource DELETE @private":                (401,     405,       405,       405,       405,       405),
}  # fmt: skip


def _api_address(w: dict, case: str) -> tuple[str, str, dict | None]:
    route, space = _split(case)
    name, method, target, data = API_ROUTES[route]
    kwargs = {}
    if target == "space":
        kwargs["slug"] = w[space]["space"].slug
    elif target is not None:
        kwargs["pk"] = w[space][target].pk
    if data == "waiting":
        data = {"membership": w[space]["waiting"].pk}
    elif data == "nothing":
        data = {"membership": w[space]["member"].pk}  # an active membership, not a request
    return method, reverse(name, kwargs=kwargs), data


API_MATRIX = [
    pytest.param(case, persona, API_EXPECTED[case][index], id=_case_id(case, persona))
    for case in API_EXPECTED
    for index, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("case", "persona", "expected"), API_MATRIX)
def test_permission_matrix_of_the_api(world, case, persona, expected):
    method, url, data = _api_address(world, case)
    client = _sign_in(APIClient(), world, persona)
    before = _state()

    response = getattr(client, method)(url, data, format="json") if data is not None else getattr(client, method)(url)

    changed = _state() != before
    if expected in ("created", "done"):
        assert response.status_code == (201 if expected == "created" else 200)
        assert changed
    else:
        assert response.status_code == expected
        assert not changed
    if response.status_code >= 400:
        assert set(response.json()) == {"detail", "errors"}  # the platform's one error shape
    if response.status_code == 200:
        _assert_nothing_leaks(response.content.decode(), persona)


def test_the_api_matrix_covers_every_endpoint_of_the_spaces():
    names = {
        url.name for url in router.urls if url.name and url.name.split("-")[0] in {"community", "gathering", "resource"}
    }

    assert {name for name, *_rest in API_ROUTES.values()} == names
    assert {_split(case)[0] for case in API_EXPECTED} == set(API_ROUTES)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_gives_what_is_said_inside_and_the_links_to_readers_only(world, persona):
    client = _sign_in(APIClient(), world, persona)

    gatherings = client.get(reverse("gathering-list")).json()["results"]
    resources = client.get(reverse("resource-list")).json()["results"]

    links = {row["title"]: row["link"] for row in gatherings}
    titles = {row["title"] for row in resources}
    reads = persona in READERS
    assert ("Cercle de mars" in links) is reads
    assert ("Bilan confidentiel" in titles) is reads
    assert links["Forum du printemps"] == (PUBLIC_LINK if reads else None)
    assert "Affiche du forum" in titles
    assert "@exemple.test" not in json.dumps([gatherings, resources])
