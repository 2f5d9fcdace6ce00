"""The decision log in the browser: the public list and sheet, and the decision-makers' pages to
record, change and delete a decision (who may, what bad input gives, that nothing is half-written),
and the learning's sheet saying it contributed to a decision."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative
from loop.models import Decision, Synthesis
from tests.conftest import decision_makers_group
from tests.factories import (
    DecisionFactory,
    IndicatorFactory,
    LearningFactory,
    OrganizationFactory,
    SignalFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="CIUSSS du Centre-Sud")


@pytest.fixture
def recorded(decision_maker, montreal, organization):
    """A decision Nathalie recorded in Montréal."""
    return DecisionFactory(
        title="Navette du soir", recorded_by=decision_maker, organization=organization, territory=montreal
    )


def _form_data(montreal, organization, /, **extra) -> dict:
    data = {
        "title": "Navette du soir vers les rendez-vous",
        "kind": "adaptation",
        "description": "Une navette est offerte le soir aux familles du quartier.",
        "level": "regional",
        "decided_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "organization": organization.pk,
        "territory": montreal.pk,
    }
    return data | extra


# --- The public log ---------------------------------------------------------------------------------


def test_a_visitor_reads_the_log_newest_first(client, montreal):
    DecisionFactory(title="Ancienne", decided_on=datetime.date(2024, 3, 1))
    DecisionFactory(title="Récente", decided_on=datetime.date(2025, 6, 1))

    response = client.get(reverse("loop:decision-list"))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Récente") < page.index("Ancienne")
    assert reverse("loop:decision-create") not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"territory": "06"}, {"Montréal"}),
        ({"territory": "QC"}, {"Montréal", "Capitale", "Québec"}),
        ({"level": "provincial"}, {"Québec"}),
        ({"kind": "adaptation"}, {"Capitale"}),
        ({"year": "2024"}, {"Capitale"}),
        ({"q": "navette"}, {"Montréal"}),
    ],
)
def test_the_log_filters_by_territory_level_kind_year_and_words(client, montreal, capitale, quebec, query, expected):
    DecisionFactory(title="Montréal", territory=montreal, decided_on=datetime.date(2025, 5, 1), description="Navette")
    DecisionFactory(title="Capitale", territory=capitale, kind="adaptation", decided_on=datetime.date(2024, 5, 1))
    DecisionFactory(title="Québec", territory=quebec, level="provincial", decided_on=datetime.date(2025, 2, 1))

    response = client.get(reverse("loop:decision-list"), query)

    assert response.status_code == 200
    titles = {decision.title for decision in response.context["page"].object_list}
    assert titles == expected


@pytest.mark.parametrize(
    "query",
    [{"territory": "99"}, {"year": "deux-mille"}, {"year": "2024.5"}, {"level": "mondial"}, {"page": "x"}],
)
def test_bad_filters_say_so_and_never_fail(client, query):
    DecisionFactory()

    response = client.get(reverse("loop:decision-list"), query)

    assert response.status_code == 200
    if "page" not in query:
        assert list(response.context["page"].object_list) == []
        assert "Ces filtres n’ont pas pu être appliqués" in response.content.decode()


def test_htmx_gets_only_the_results(client):
    DecisionFactory(title="Navette")

    response = client.get(reverse("loop:decision-list"), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "<h1>" not in response.content.decode()
    assert "Navette" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_the_log_runs_the_same_queries_for_1_or_30_rows(client, django_assert_num_queries, rows):
    for _ in range(rows):
        DecisionFactory()

    # count, the filter form's territories, the page of decisions (with organization and territory).
    with django_assert_num_queries(3):
        response = client.get(reverse("loop:decision-list"))

    assert response.status_code == 200


def test_the_sheet_shows_what_informed_it_as_far_as_the_reader_may_read(client, montreal, quebec):
    learning = LearningFactory(title="Le soir, les familles sont disponibles")
    hidden = LearningFactory(title="Note de l’équipe")
    Initiative.objects.filter(pk=hidden.initiative_id).update(visibility="team")
    reviewed = SignalFactory(title="Pas de transport le soir", status="in_review")
    untriaged = SignalFactory(title="Signalement non trié", status="new")
    indicator = IndicatorFactory(adopted=True, code="PREM-RECO")
    region = Synthesis.objects.create(
        territory=montreal,
        granularity="quarter",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31),
        computed_at=timezone.now(),
    )
    province = Synthesis.objects.create(
        territory=quebec,
        granularity="year",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        computed_at=timezone.now(),
    )
    decision = DecisionFactory(title="Navette du soir", learnings=[learning, hidden])
    decision.signals.set([reviewed, untriaged])
    decision.syntheses.set([region, province])
    decision.indicators.set([indicator])

    response = client.get(reverse("loop:decision-detail", args=[decision.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Navette du soir" in page
    assert "Le soir, les familles sont disponibles" in page
    assert "Note de l’équipe" not in page
    assert "Pas de transport le soir" in page
    assert "Signalement non trié" not in page
    assert f'href="{reverse("loop:dashboard-region", args=["06"])}?period=2025-T1"' in page
    assert f'href="{reverse("loop:dashboard")}?period=2024"' in page
    assert indicator.get_absolute_url() in page
    assert reverse("loop:decision-update", args=[decision.pk]) not in page


def test_an_unknown_decision_is_404(client):
    assert client.get(reverse("loop:decision-detail", args=[999999])).status_code == 404


# --- Recording ---------------------------------------------------------------------------------------


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("loop:decision-create"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["partner", "organizer", "facilitator", "outsider"])
def test_people_who_are_not_decision_makers_get_404(client, request, persona, montreal, organization):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("loop:decision-create")).status_code == 404
    assert client.post(reverse("loop:decision-create"), _form_data(montreal, organization)).status_code == 404
    assert not Decision.objects.exists()


def test_a_decision_maker_records_a_decision_citing_a_learning(client, decision_maker, montreal, organization):
    learning = LearningFactory(title="Le soir, les familles sont disponibles")
    signal = SignalFactory(status="handled")
    indicator = IndicatorFactory(adopted=True)
    client.force_login(decision_maker)

    form_page = client.get(reverse("loop:decision-create"))
    assert form_page.status_code == 200
    assert "Le soir, les familles sont disponibles" in form_page.content.decode()

    response = client.post(
        reverse("loop:decision-create"),
        _form_data(montreal, organization, learnings=[learning.pk], signals=[signal.pk], indicators=[indicator.pk]),
    )

    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("loop:decision-detail", args=[decision.pk])
    assert decision.recorded_by == decision_maker and decision.kind == "adaptation"
    assert list(decision.learnings.all()) == [learning]
    assert list(decision.signals.all()) == [signal]
    assert list(decision.indicators.all()) == [indicator]
    assert _messages(response)


def test_the_form_lists_the_sources_of_a_chosen_territory(client, decision_maker, montreal, capitale):
    from tests.factories import InitiativeFactory

    LearningFactory(title="Apprentissage montréalais", initiative=InitiativeFactory(territories=[montreal]))
    LearningFactory(title="Apprentissage de Québec", initiative=InitiativeFactory(territories=[capitale]))
    client.force_login(decision_maker)

    page = client.get(reverse("loop:decision-create"), {"territoire": "06"}).content.decode()

    assert "Apprentissage montréalais" in page
    assert "Apprentissage de Québec" not in page
    assert client.get(reverse("loop:decision-create"), {"territoire": "zz"}).status_code == 200


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"title": ""}, "title"),
        ({"level": "mondial"}, "level"),
        ({"decided_on": "hier"}, "decided_on"),
        ({"decided_on": "2999-01-01"}, "decided_on"),
        ({"organization": "999999"}, "organization"),
        ({"territory": "abc"}, "territory"),
        ({"learnings": ["abc"]}, "learnings"),
        ({"indicators": ["999999"]}, "indicators"),
    ],
)
def test_bad_input_gives_form_errors_and_writes_nothing(client, decision_maker, montreal, organization, extra, field):
    client.force_login(decision_maker)

    response = client.post(reverse("loop:decision-create"), _form_data(montreal, organization, **extra))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Decision.objects.exists()


def test_a_future_date_is_refused_with_the_services_message(client, decision_maker, montreal, organization):
    client.force_login(decision_maker)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = client.post(reverse("loop:decision-create"), _form_data(montreal, organization, decided_on=tomorrow))

    assert response.status_code == 200
    assert "la date est dans le futur" in response.content.decode()
    assert not Decision.objects.exists()


def test_an_unpublished_learning_posted_by_hand_is_refused_with_the_services_message(
    client, decision_maker, montreal, organization
):
    draft = LearningFactory(title="Brouillon de Nathalie", status="draft", published_at=None, author=decision_maker)
    client.force_login(decision_maker)

    response = client.post(reverse("loop:decision-create"), _form_data(montreal, organization, learnings=[draft.pk]))

    assert response.status_code == 200
    [error] = response.context["form"].errors["learnings"]
    assert "« Brouillon de Nathalie »" in error
    assert "publiés" in error  # the French message from the service
    assert not Decision.objects.exists()
    assert not draft.informed_decisions.exists()


def test_a_draft_the_decision_maker_may_not_read_is_refused_without_its_title(
    client, decision_maker, montreal, organization
):
    draft = LearningFactory(title="Brouillon d’une autre équipe", status="draft", published_at=None)
    client.force_login(decision_maker)

    response = client.post(reverse("loop:decision-create"), _form_data(montreal, organization, learnings=[draft.pk]))

    assert response.status_code == 200
    assert "learnings" in response.context["form"].errors
    assert "Brouillon d’une autre équipe" not in response.content.decode()
    assert not Decision.objects.exists()


def test_an_untriaged_signal_is_refused(client, decision_maker, montreal, organization):
    own = SignalFactory(status="new", submitted_by=decision_maker, title="Mon signalement")
    client.force_login(decision_maker)

    response = client.post(reverse("loop:decision-create"), _form_data(montreal, organization, signals=[own.pk]))

    assert response.status_code == 200
    assert "signals" in response.context["form"].errors
    assert not Decision.objects.exists()


def test_a_draft_synthesis_cannot_be_cited(client, decision_maker, montreal, organization):
    draft = Synthesis.objects.create(
        territory=montreal,
        granularity="year",
        period_start=datetime.date(timezone.localdate().year, 1, 1),
        period_end=datetime.date(timezone.localdate().year, 12, 31),
        computed_at=timezone.now(),
        provisional=True,
    )
    client.force_login(decision_maker)

    response = client.post(reverse("loop:decision-create"), _form_data(montreal, organization, syntheses=[draft.pk]))

    assert response.status_code == 200
    assert "syntheses" in response.context["form"].errors
    assert not Decision.objects.exists()


# --- Changing and deleting ---------------------------------------------------------------------------


def test_the_change_form_starts_from_the_decision_and_what_it_cites(client, decision_maker, recorded, montreal):
    cited = LearningFactory(title="Les familles manquent de transport le soir")
    recorded.learnings.set([cited])
    client.force_login(decision_maker)

    form = client.get(reverse("loop:decision-update", args=[recorded.pk])).context["form"]

    assert form["title"].value() == "Navette du soir"
    assert form["territory"].value() == montreal.pk
    assert form["organization"].value() == recorded.organization_id
    assert [str(value) for value in form["learnings"].value()] == [str(cited.pk)]


def test_its_author_changes_it(client, decision_maker, recorded, montreal, organization):
    client.force_login(decision_maker)

    assert client.get(reverse("loop:decision-update", args=[recorded.pk])).status_code == 200
    response = client.post(
        reverse("loop:decision-update", args=[recorded.pk]), _form_data(montreal, organization, title="Navette élargie")
    )

    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.title == "Navette élargie"


def test_a_refused_change_changes_nothing(client, decision_maker, recorded, montreal, organization):
    client.force_login(decision_maker)

    response = client.post(
        reverse("loop:decision-update", args=[recorded.pk]),
        _form_data(montreal, organization, title="Autre", decided_on="2999-01-01"),
    )

    assert response.status_code == 200
    recorded.refresh_from_db()
    assert recorded.title == "Navette du soir"


def _colleague():
    colleague = UserFactory(display_name="Collègue")
    colleague.groups.add(decision_makers_group())
    return colleague


@pytest.mark.parametrize("persona", ["anonymous", "partner", "outsider", "colleague"])
def test_others_get_404_on_change_and_delete(client, request, persona, recorded, montreal, organization):
    if persona == "colleague":
        client.force_login(_colleague())
    elif persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("loop:decision-update", args=[recorded.pk])).status_code == 404
    assert (
        client.post(
            reverse("loop:decision-update", args=[recorded.pk]), _form_data(montreal, organization, title="Changé")
        ).status_code
        == 404
    )
    assert client.get(reverse("loop:decision-delete", args=[recorded.pk])).status_code == 404
    assert client.post(reverse("loop:decision-delete", args=[recorded.pk])).status_code == 404
    recorded.refresh_from_db()
    assert recorded.title == "Navette du soir"


def test_its_author_deletes_it_after_confirming(client, decision_maker, recorded):
    client.force_login(decision_maker)

    confirm = client.get(reverse("loop:decision-delete", args=[recorded.pk]))
    assert confirm.status_code == 200 and Decision.objects.exists()

    response = client.post(reverse("loop:decision-delete", args=[recorded.pk]))

    assert response.status_code == 302 and response["Location"] == reverse("loop:decision-list")
    assert not Decision.objects.exists()


def test_staff_change_and_delete_any_decision(client, staff, recorded):
    client.force_login(staff)

    page = client.get(reverse("loop:decision-detail", args=[recorded.pk])).content.decode()
    assert reverse("loop:decision-update", args=[recorded.pk]) in page
    assert client.post(reverse("loop:decision-delete", args=[recorded.pk])).status_code == 302
    assert not Decision.objects.exists()


# --- The learning's sheet -------------------------------------------------------------------------------


def test_the_learning_says_it_contributed_to_a_decision_once_cited(client):
    learning = LearningFactory()
    url = reverse("initiatives:learning-detail", args=[learning.pk])

    assert "A contribué à une décision" not in client.get(url).content.decode()

    decision = DecisionFactory(title="Navette du soir", learnings=[learning])

    page = client.get(url).content.decode()
    assert "A contribué à une décision" in page
    assert reverse("loop:decision-detail", args=[decision.pk]) in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_learning_page_reads_its_decisions_in_one_query(client):
    learning = LearningFactory()
    url = reverse("initiatives:learning-detail", args=[learning.pk])
    DecisionFactory(learnings=[learning])
    one = _queries(client, url)

    for _ in range(4):
        DecisionFactory(learnings=[learning])

    assert _queries(client, url) == one


@pytest.mark.parametrize("rows", [1, 10])
def test_the_sheet_runs_the_same_queries_for_1_or_10_sources(client, montreal, django_assert_num_queries, rows):
    decision = DecisionFactory(learnings=[LearningFactory() for _ in range(rows)])
    decision.signals.set([SignalFactory(status="in_review") for _ in range(rows)])
    decision.indicators.set([IndicatorFactory(adopted=True) for _ in range(rows)])
    decision.syntheses.set(
        [
            Synthesis.objects.create(
                territory=montreal,
                granularity="quarter",
                period_start=datetime.date(2020 + n, 1, 1),
                period_end=datetime.date(2020 + n, 3, 31),
                computed_at=timezone.now(),
            )
            for n in range(rows)
        ]
    )

    # the decision (with organization, territory, author), its learnings, signals, syntheses and
    # indicators (each with what the page shows of them).
    with django_assert_num_queries(5):
        response = client.get(reverse("loop:decision-detail", args=[decision.pk]))

    assert response.status_code == 200
    assert len(response.context["sources"].learnings) == rows
