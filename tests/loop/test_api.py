"""The learning loop's REST API: watch signals (posted by anyone signed in, triaged by
co-facilitators and staff, the author's name for them only), synthesis snapshots (final ones for
everyone, drafts for decision-makers; the latest final quarter by default; bad filters answer 400
with a message) and the decision log (public; written by decision-makers through the services).

Josée co-facilitates a space (she triages); Nathalie is a decision-maker; Sophie is staff; Paul
(outsider) is signed in and part of nothing. Every response is also scanned by the suite-wide
fixture of ``tests/conftest.py`` for other people's e-mail addresses."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from indicators import periods
from loop.models import Decision, Signal, Synthesis
from tests.factories import (
    DecisionFactory,
    IndicatorFactory,
    InitiativeFactory,
    LearningFactory,
    MembershipFactory,
    OrganizationFactory,
    SignalFactory,
)

from .conftest import synthesize

pytestmark = pytest.mark.django_db

SIGNALS, SYNTHESES, DECISIONS = "/api/v1/signals/", "/api/v1/syntheses/", "/api/v1/decisions/"
CANNOT_CHANGE = "Ce champ ne peut pas être modifié."
PERSONAS = ["visitor", "partner", "organizer", "facilitator", "decision_maker", "outsider", "staff"]


@pytest.fixture
def api(request):
    """``api("partner")``: an API client signed in as that persona (``"visitor"``: anonymous)."""

    def client_for(persona: str) -> APIClient:
        client = APIClient()
        if persona != "visitor":
            client.force_login(request.getfixturevalue(persona))
        return client

    return client_for


@pytest.fixture
def facilitator(facilitator):
    """Josée co-facilitates a co-learning space: she triages watch signals."""
    MembershipFactory(user=facilitator, role="co_facilitator")
    return facilitator


@pytest.fixture
def signals(partner, organizer, montreal, theme):
    """Amélie's new signal (not public yet), Karim's signal under review, a handled one whose
    author's account is gone."""
    return {
        "new": SignalFactory(submitted_by=partner, title="Transport rural", themes=[theme]),
        "review": SignalFactory(
            submitted_by=organizer, status="in_review", kind="practice", triage_note="Vu par Josée."
        ),
        "handled": SignalFactory(submitted_by=None, status="handled", territory=montreal),
    }


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def errors(response, status: int = 400) -> dict:
    assert response.status_code == status, response.content
    data = response.json()
    assert set(data) == {"detail", "errors"}
    return data["errors"]


# --- Signals: reading ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, sees",
    [
        ("visitor", {"review", "handled"}),
        ("outsider", {"review", "handled"}),
        ("partner", {"new", "review", "handled"}),  # her own new signal
        ("organizer", {"review", "handled"}),
        ("facilitator", {"new", "review", "handled"}),
        ("staff", {"new", "review", "handled"}),
    ],
)
def test_who_reads_which_signals(api, signals, persona, sees):
    listed = ids(api(persona).get(SIGNALS))

    assert listed == {signals[name].pk for name in sees}
    for name, signal in signals.items():
        expected = 200 if name in sees else 404
        assert api(persona).get(f"{SIGNALS}{signal.pk}/").status_code == expected


@pytest.mark.parametrize(
    "persona, named",
    [("visitor", False), ("outsider", False), ("partner", False), ("organizer", True), ("facilitator", True)],
)
def test_the_author_is_given_to_the_author_and_to_those_who_triage_only(api, signals, persona, named):
    data = api(persona).get(f"{SIGNALS}{signals['review'].pk}/").json()

    assert (data["author"] == "Karim") is named
    assert (data["triage_note"] == "Vu par Josée.") is named
    if not named:
        assert data["author"] is None and data["triage_note"] is None
    assert data["kind"] == "practice" and data["kind_label"] not in ("", "practice")
    assert data["territory"] == "06" and data["url"].startswith("http://testserver/")


def test_signal_filters(api, signals, theme, capitale):
    elsewhere = SignalFactory(status="handled", kind="issue", territory=capitale)
    client = api("facilitator")

    assert ids(client.get(SIGNALS, {"kind": "issue"})) == {elsewhere.pk}
    assert ids(client.get(SIGNALS, {"status": "new"})) == {signals["new"].pk}
    assert ids(client.get(SIGNALS, {"territory": "03"})) == {elsewhere.pk}
    assert ids(client.get(SIGNALS, {"territory": "06"})) == {s.pk for s in signals.values()}
    assert ids(client.get(SIGNALS, {"theme": theme.slug})) == {signals["new"].pk}


@pytest.mark.parametrize(
    "query, field",
    [
        ("kind=rumour", "kind"),
        ("status=lost", "status"),
        ("territory=99", "territory"),
        ("territory=0%006", "territory"),
        ("theme=nope", "theme"),
        ("theme=tr%00", "theme"),
    ],
)
def test_bad_signal_filters_answer_400_with_a_message(api, signals, query, field):
    found = errors(api("visitor").get(f"{SIGNALS}?{query}"))

    assert field in found and found[field][0]


def test_signal_list_query_count_does_not_grow(api, partner, organizer, facilitator, theme, django_assert_num_queries):
    SignalFactory(submitted_by=partner, status="handled", themes=[theme])
    client = api("facilitator")
    # session + user, can_triage (once, kept on the user), count, page (joins), themes
    with django_assert_num_queries(6):
        assert client.get(SIGNALS).json()["count"] == 1
    for number in range(12):
        SignalFactory(
            submitted_by=organizer if number % 2 else partner,
            status="linked",
            themes=[theme],
            initiative=InitiativeFactory(),
        )
    with django_assert_num_queries(6):
        assert client.get(SIGNALS).json()["count"] == 13

    visitor = api("visitor")
    with django_assert_num_queries(3):  # count, page, themes
        assert visitor.get(SIGNALS).json()["count"] == 13


# --- Signals: writing ---------------------------------------------------------------------------


def test_anyone_signed_in_posts_a_signal_which_stays_out_of_public_view(api, outsider, theme):
    response = api("outsider").post(
        SIGNALS,
        {
            "kind": "need",
            "title": "Pas de répit",
            "description": "Aucun répit à moins de 50 km.",
            "territory": "06",
            "themes": [theme.slug],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "new" and data["author"] == "Paul" and data["themes"] == [theme.slug]
    signal = Signal.objects.get(pk=data["id"])
    assert signal.submitted_by == outsider and signal.territory.code == "06"
    assert api("visitor").get(f"{SIGNALS}{signal.pk}/").status_code == 404


def test_a_visitor_cannot_post_a_signal(api, montreal):
    response = api("visitor").post(
        SIGNALS, {"kind": "need", "title": "T", "description": "D", "territory": "06"}, format="json"
    )

    assert response.status_code in (401, 403)
    assert not Signal.objects.exists()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"territory": None}, "territory", "Choisissez le territoire"),
        ({"territory": "99"}, "territory", "99"),
        ({"kind": "rumour"}, "kind", ""),
        ({"title": ""}, "title", ""),
        ({"themes": ["nope"]}, "themes", "nope"),
        ({"status": "handled"}, "status", CANNOT_CHANGE),
        ({"submitted_by": 1}, "submitted_by", CANNOT_CHANGE),
    ],
)
def test_a_bad_signal_is_refused_with_a_message_and_nothing_is_written(api, montreal, changes, field, message):
    body = {"kind": "need", "title": "Titre", "description": "Ce que j'ai vu.", "territory": "06", **changes}
    if changes.get("territory", "") is None:
        del body["territory"]

    found = errors(api("partner").post(SIGNALS, body, format="json"))

    assert message in found[field][0]
    assert not Signal.objects.exists()


def test_a_signal_without_territory_is_refused_in_english_too(api, montreal):
    client = api("partner")
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")

    found = errors(client.post(SIGNALS, {"kind": "need", "title": "T", "description": "D"}, format="json"))

    assert found["territory"] == ["Choose the territory where this was noticed."]


@pytest.mark.parametrize("persona, status", [("visitor", 401), ("outsider", 403), ("partner", 403)])
def test_only_those_who_triage_may_triage(api, signals, persona, status):
    response = api(persona).post(f"{SIGNALS}{signals['new'].pk}/triage/", {"status": "handled"}, format="json")

    assert response.status_code in ((401, 403) if persona == "visitor" else (status,))
    signals["new"].refresh_from_db()
    assert signals["new"].status == "new" and signals["new"].triaged_by is None


def test_a_co_facilitator_triages_and_links_a_signal(api, signals, facilitator):
    initiative = InitiativeFactory()
    url = f"{SIGNALS}{signals['new'].pk}/triage/"

    response = api("facilitator").post(
        url, {"status": "linked", "note": "Relié au projet.", "initiative": initiative.slug}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "linked" and response.json()["initiative"] == initiative.slug
    signal = Signal.objects.get(pk=signals["new"].pk)
    assert signal.triaged_by == facilitator and signal.initiative == initiative
    assert api("visitor").get(f"{SIGNALS}{signal.pk}/").status_code == 200  # public once reviewed


@pytest.mark.parametrize(
    "body, field",
    [
        ({"status": "linked"}, "initiative"),
        ({"status": "lost"}, "status"),
        ({"status": "linked", "initiative": "nope"}, "initiative"),
        ({"status": "linked", "community": "nope"}, "community"),
        ({"status": "handled", "triaged_by": 3}, "triaged_by"),
    ],
)
def test_a_bad_triage_is_refused_and_nothing_changes(api, signals, facilitator, body, field):
    found = errors(api("facilitator").post(f"{SIGNALS}{signals['new'].pk}/triage/", body, format="json"))

    assert found[field][0]
    assert Signal.objects.get(pk=signals["new"].pk).status == "new"


def test_triaging_a_missing_signal_answers_404(api, facilitator):
    assert api("facilitator").post(f"{SIGNALS}999999/triage/", {"status": "handled"}, format="json").status_code == 404


def test_a_team_only_initiative_the_triager_cannot_read_is_unknown(api, signals, facilitator):
    hidden = InitiativeFactory(visibility="team")

    found = errors(
        api("facilitator").post(
            f"{SIGNALS}{signals['new'].pk}/triage/", {"status": "linked", "initiative": hidden.slug}, format="json"
        )
    )

    assert hidden.slug in found["initiative"][0]


# --- Syntheses ------------------------------------------------------------------------------------


def snapshot(territory, start: datetime.date, *, granularity="quarter", theme=None, provisional=False, figures=None):
    _granularity, _start, end = periods.of(granularity, start)
    return Synthesis.objects.create(
        territory=territory,
        granularity=granularity,
        period_start=start,
        period_end=end,
        theme=theme,
        computed_at=timezone.now(),
        provisional=provisional,
        figures=figures if figures is not None else {"signals": {"total": 7, "by_kind": {"need": None}}},
    )


@pytest.fixture
def snapshots(quebec, montreal, capitale, theme):
    """2025-T2 and 2025-T3 final for Québec, Montréal and the Capitale-Nationale (all themes),
    2025-T3 for one theme, the year 2025, and a draft of 2025-T4."""
    made = {}
    for start in (datetime.date(2025, 4, 1), datetime.date(2025, 7, 1)):
        for territory in (capitale, quebec, montreal):
            made[(territory.code, start.month)] = snapshot(territory, start)
    made["theme"] = snapshot(montreal, datetime.date(2025, 7, 1), theme=theme)
    made["year"] = snapshot(montreal, datetime.date(2025, 1, 1), granularity="year")
    made["draft"] = snapshot(montreal, datetime.date(2025, 10, 1), provisional=True)
    return made


def test_by_default_the_latest_final_quarter_of_all_themes_in_code_order(api, snapshots):
    data = api("visitor").get(SYNTHESES).json()

    rows = data["results"]
    assert [row["territory"] for row in rows] == ["03", "06", "QC"]
    assert {row["period"] for row in rows} == {"2025-T3"}
    assert all(row["theme"] is None and row["provisional"] is False for row in rows)
    row = rows[1]
    assert row["territory_name"] and row["granularity"] == "quarter"
    assert row["period_start"] == "2025-07-01" and row["computed_at"]
    assert row["figures"] == {"signals": {"total": 7, "by_kind": {"need": None}}}  # suppressed stays null


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"period": "2025-T2"}, [("03", 4), ("06", 4), ("QC", 4)]),
        ({"period": "2025-Q2"}, [("03", 4), ("06", 4), ("QC", 4)]),
        ({"territory": "06"}, [("06", 7)]),
        ({"territory": "QC", "period": "2025-T2"}, [("QC", 4)]),
        ({"theme": "transport"}, ["theme"]),
        ({"territory": "06", "period": "2025"}, ["year"]),
    ],
)
def test_synthesis_filters(api, snapshots, query, expected):
    listed = ids(api("visitor").get(SYNTHESES, query))

    assert listed == {snapshots[key].pk for key in expected}


def test_drafts_are_for_decision_makers_and_staff(api, snapshots):
    draft = snapshots["draft"]
    query = {"period": "2025-T4", "territory": "06"}

    for persona in ("visitor", "outsider", "facilitator"):
        assert ids(api(persona).get(SYNTHESES, query)) == set()
        assert api(persona).get(f"{SYNTHESES}{draft.pk}/").status_code == 404
    for persona in ("decision_maker", "staff"):
        assert ids(api(persona).get(SYNTHESES, query)) == {draft.pk}
        assert api(persona).get(f"{SYNTHESES}{draft.pk}/").json()["provisional"] is True
    # The default stays the latest *final* quarter, drafts or not.
    assert {row["period"] for row in api("decision_maker").get(SYNTHESES).json()["results"]} == {"2025-T3"}


def test_without_any_snapshot_the_list_is_empty(api, db):
    data = api("visitor").get(SYNTHESES).json()

    assert data["count"] == 0 and data["results"] == []


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("territory=99", "territory", "99"),
        ("territory=0611", "territory", "QC"),  # a local territory has no synthesis
        ("theme=nope", "theme", "nope"),
        ("period=2025-13", "period", "2025-13"),
        ("period=soon", "period", "soon"),
        ("period=2025-03", "period", "trimestre"),  # a month
        ("period=2999", "period", "pas encore commencé"),
        ("period=2999-T1", "period", "pas encore commencé"),
        ("territory=Q%00C", "territory", "nul"),
        ("period=2025%00", "period", "nul"),
        ("theme=a%00", "theme", "nul"),
    ],
)
def test_bad_synthesis_filters_answer_400_with_a_translated_message(api, snapshots, query, field, message):
    from ecosystem.models import Territory

    Territory.objects.get_or_create(
        code="0611",
        defaults={"kind": "rls", "name_fr": "RLS", "name_en": "RLS", "parent": Territory.objects.get(code="06")},
    )

    found = errors(api("visitor").get(f"{SYNTHESES}?{query}"))

    assert message in found[field][0]


def test_a_synthesis_computed_by_the_run_is_served_with_its_suppressed_counts(api, montreal, organizer):
    for _ in range(2):
        SignalFactory(
            submitted_by=organizer, status="handled", created_at=timezone.make_aware(datetime.datetime(2024, 5, 2, 10))
        )
    synthesize(2024, today=datetime.date(2025, 2, 1))

    rows = api("visitor").get(SYNTHESES, {"territory": "06", "period": "2024-T2"}).json()["results"]

    assert len(rows) == 1
    assert rows[0]["figures"]["signals"]["total"] is None  # two signals: "< 5"


def test_synthesis_list_query_count_does_not_grow(api, quebec, montreal, django_assert_num_queries):
    from ecosystem.models import Territory

    snapshot(quebec, datetime.date(2025, 7, 1))
    client = api("visitor")
    # latest final quarter, count, page (territory and theme joined)
    with django_assert_num_queries(3):
        assert client.get(SYNTHESES).json()["count"] == 1
    for region in Territory.objects.regions():
        snapshot(region, datetime.date(2025, 7, 1))
    with django_assert_num_queries(3):
        assert client.get(SYNTHESES).json()["count"] == 19


def test_syntheses_are_read_only(api, snapshots):
    pk = snapshots["year"].pk
    for persona in ("visitor", "staff"):
        client = api(persona)
        assert client.post(SYNTHESES, {}, format="json").status_code in (401, 403, 405)
        assert client.patch(f"{SYNTHESES}{pk}/", {}, format="json").status_code in (401, 403, 405)
        assert client.delete(f"{SYNTHESES}{pk}/").status_code in (401, 403, 405)
    assert Synthesis.objects.filter(pk=pk).exists()


# --- Decisions ------------------------------------------------------------------------------------


@pytest.fixture
def learning(db):
    return LearningFactory(title="Le transport compte")


@pytest.fixture
def decision(decision_maker, learning, montreal):
    hidden = LearningFactory(initiative=InitiativeFactory(visibility="team"), title="Apprentissage d'équipe")
    made = DecisionFactory(
        recorded_by=decision_maker, learnings=[learning, hidden], decided_on=datetime.date(2025, 3, 4)
    )
    made.signals.set([SignalFactory(status="handled")])
    made.indicators.set([IndicatorFactory(code="PREM-RECO")])
    return made


def test_decisions_are_public_with_what_informed_them(api, decision, learning):
    data = api("visitor").get(DECISIONS).json()

    assert data["count"] == 1
    row = data["results"][0]
    assert row["id"] == decision.pk and row["title"] == decision.title
    assert row["learnings"] == [learning.pk]  # not the team-only initiative's learning
    assert row["signals"] == list(decision.signals.values_list("pk", flat=True))
    assert row["indicators"] == ["PREM-RECO"] and row["syntheses"] == []
    assert row["territory"] == "06" and row["organization"] == decision.organization.slug
    assert row["level"] == "regional" and row["decided_on"] == "2025-03-04"
    assert "recorded_by" not in row
    assert len(api("staff").get(f"{DECISIONS}{decision.pk}/").json()["learnings"]) == 2


def test_decision_filters(api, decision, capitale):
    other = DecisionFactory(territory=capitale, level="local", kind="adaptation", decided_on=datetime.date(2024, 6, 1))
    client = api("visitor")

    assert ids(client.get(DECISIONS, {"territory": "03"})) == {other.pk}
    assert ids(client.get(DECISIONS, {"level": "local"})) == {other.pk}
    assert ids(client.get(DECISIONS, {"kind": "decision"})) == {decision.pk}
    assert ids(client.get(DECISIONS, {"year": 2025})) == {decision.pk}
    for query in ("territory=99", "level=galactic", "kind=whim", "year=soon"):
        assert errors(client.get(f"{DECISIONS}?{query}"))


def test_decision_list_query_count_does_not_grow(api, decision, django_assert_num_queries):
    client = api("visitor")
    # count, page (organization and territory joined), learnings, signals, syntheses, indicators
    with django_assert_num_queries(6):
        assert client.get(DECISIONS).json()["count"] == 1
    for _ in range(10):
        more = DecisionFactory(learnings=[LearningFactory()])
        more.signals.set([SignalFactory(status="handled")])
        more.indicators.set([IndicatorFactory()])
    with django_assert_num_queries(6):
        assert client.get(DECISIONS).json()["count"] == 11


@pytest.mark.parametrize("persona", ["outsider", "facilitator", "decision_maker", "staff"])
def test_decision_list_query_count_does_not_grow_for_anyone_signed_in(api, decision, persona):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(persona)
    with CaptureQueriesContext(connection) as one:
        assert client.get(DECISIONS).json()["count"] == 1
    for _ in range(8):
        more = DecisionFactory(learnings=[LearningFactory(), LearningFactory(status="draft", published_at=None)])
        more.signals.set([SignalFactory(status="handled"), SignalFactory(status="new")])
    with CaptureQueriesContext(connection) as many:
        assert client.get(DECISIONS).json()["count"] == 9

    assert len(many) == len(one)


@pytest.fixture
def decision_body(learning, montreal):
    organization = OrganizationFactory(slug="ciusss-centre-sud")
    return {
        "kind": "adaptation",
        "title": "Transport vers les rendez-vous",
        "description": "Un transport solidaire est offert.",
        "level": "regional",
        "decided_on": "2025-06-02",
        "organization": organization.slug,
        "territory": "06",
        "learnings": [learning.pk],
        "signals": [SignalFactory(status="handled").pk],
        "indicators": [IndicatorFactory(code="PREM-RECO").code],
    }


def test_a_decision_maker_records_a_decision(api, decision_maker, decision_body, learning):
    response = api("decision_maker").post(DECISIONS, decision_body, format="json")

    assert response.status_code == 201, response.content
    decision = Decision.objects.get(pk=response.json()["id"])
    assert decision.recorded_by == decision_maker and decision.kind == "adaptation"
    assert list(decision.learnings.all()) == [learning]
    assert response.json()["indicators"] == ["PREM-RECO"]


@pytest.mark.parametrize("persona, status", [("visitor", 401), ("partner", 403), ("facilitator", 403)])
def test_only_decision_makers_record_decisions(api, decision_body, persona, status):
    response = api(persona).post(DECISIONS, decision_body, format="json")

    assert response.status_code in ((401, 403) if persona == "visitor" else (status,))
    assert not Decision.objects.exists()


def test_citing_an_unpublished_learning_is_refused_with_its_title(api, staff, decision_body):
    draft = LearningFactory(title="Brouillon en cours", status="draft", published_at=None)

    found = errors(api("staff").post(DECISIONS, {**decision_body, "learnings": [draft.pk]}, format="json"))

    assert "Brouillon en cours" in found["learnings"][0]
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"learnings": [999999]}, "learnings"),
        ({"signals": [999999]}, "signals"),
        ({"syntheses": [999999]}, "syntheses"),
        ({"indicators": ["NOPE"]}, "indicators"),
        ({"organization": "nope"}, "organization"),
        ({"territory": "99"}, "territory"),
        ({"level": "galactic"}, "level"),
        ({"decided_on": "2999-01-01"}, "decided_on"),
        ({"decided_on": "hier"}, "decided_on"),
        ({"recorded_by": 1}, "recorded_by"),
        ({"learnings": "1"}, "learnings"),
    ],
)
def test_bad_decisions_are_refused_and_nothing_is_written(api, decision_maker, decision_body, changes, field):
    found = errors(api("decision_maker").post(DECISIONS, {**decision_body, **changes}, format="json"))

    assert found[field][0]
    assert not Decision.objects.exists()


def test_an_unreviewed_signal_or_a_hidden_learning_cannot_be_cited(api, decision_maker, decision_body):
    new_signal = SignalFactory(status="new", title="Pas encore lu")
    hidden = LearningFactory(initiative=InitiativeFactory(visibility="team"), title="Secret d'équipe")

    found = errors(api("decision_maker").post(DECISIONS, {**decision_body, "signals": [new_signal.pk]}, format="json"))
    assert found["signals"][0]  # unknown to her, or not triaged yet
    found = errors(api("decision_maker").post(DECISIONS, {**decision_body, "learnings": [hidden.pk]}, format="json"))
    assert "Secret" not in found["learnings"][0]  # never tells what she may not read
    assert not Decision.objects.exists()


def test_the_author_changes_and_deletes_a_decision(api, decision, learning):
    client = api("decision_maker")

    response = client.patch(f"{DECISIONS}{decision.pk}/", {"title": "Nouveau titre", "indicators": []}, format="json")

    assert response.status_code == 200, response.content
    decision.refresh_from_db()
    assert decision.title == "Nouveau titre" and not decision.indicators.exists()
    assert decision.learnings.count() == 2  # links left out keep their value
    assert client.delete(f"{DECISIONS}{decision.pk}/").status_code == 204
    assert not Decision.objects.filter(pk=decision.pk).exists()


def test_staff_change_any_decision(api, decision):
    assert api("staff").patch(f"{DECISIONS}{decision.pk}/", {"level": "local"}, format="json").status_code == 200
    assert Decision.objects.get(pk=decision.pk).level == "local"


@pytest.mark.parametrize("persona", ["partner", "outsider", "facilitator", "other_decision_maker"])
def test_others_cannot_change_a_decision_and_get_404(api, decision, persona, request):
    if persona == "other_decision_maker":
        from tests.conftest import decision_makers_group
        from tests.factories import UserFactory

        other = UserFactory(display_name="Marc")
        other.groups.add(decision_makers_group())
        client = APIClient()
        client.force_login(other)
    else:
        client = api(persona)

    assert client.patch(f"{DECISIONS}{decision.pk}/", {"title": "Piraté"}, format="json").status_code == 404
    assert client.delete(f"{DECISIONS}{decision.pk}/").status_code == 404
    assert Decision.objects.get(pk=decision.pk).title == decision.title


def test_a_visitor_cannot_change_a_decision(api, decision):
    client = api("visitor")

    assert client.patch(f"{DECISIONS}{decision.pk}/", {"title": "X"}, format="json").status_code in (401, 403)
    assert client.delete(f"{DECISIONS}{decision.pk}/").status_code in (401, 403)
    assert client.put(f"{DECISIONS}{decision.pk}/", {}, format="json").status_code in (401, 403, 405)
    assert Decision.objects.filter(pk=decision.pk, title=decision.title).exists()


def test_a_bad_change_writes_nothing(api, decision):
    draft = LearningFactory(status="draft", published_at=None, author=None)
    client = api("staff")

    found = errors(client.patch(f"{DECISIONS}{decision.pk}/", {"title": "X", "learnings": [draft.pk]}, format="json"))

    assert found["learnings"]
    decision.refresh_from_db()
    assert decision.title != "X" and decision.learnings.count() == 2


def test_missing_rows_answer_404(api, db):
    for url in (f"{SIGNALS}999999/", f"{SYNTHESES}999999/", f"{DECISIONS}999999/", f"{DECISIONS}abc/"):
        assert api("staff").get(url).status_code == 404


def test_the_schema_lists_the_loop_endpoints(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    text = response.content.decode()
    for path in ("/api/v1/signals/", "/api/v1/signals/{id}/triage/", "/api/v1/syntheses/", "/api/v1/decisions/{id}/"):
        assert path in text
