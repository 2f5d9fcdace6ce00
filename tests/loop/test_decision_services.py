"""Recording, changing and deleting decisions through the services: who may, what may be cited,
and that a refused write leaves nothing behind."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from ecosystem.exceptions import ApplicationError
from initiatives.models import Initiative
from loop import selectors, services
from loop.models import Decision
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


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="CIUSSS du Centre-Sud")


def record(by, montreal, organization, **extra) -> Decision:
    arguments = {
        "title": "Navette du soir vers les rendez-vous",
        "description": "Une navette est offerte le soir aux familles du quartier.",
        "level": "regional",
        "decided_on": timezone.localdate() - datetime.timedelta(days=3),
        "organization": organization,
        "territory": montreal,
    }
    return services.decision_create(by=by, **arguments | extra)


def test_a_decision_maker_records_a_decision_citing_a_published_learning(decision_maker, montreal, organization):
    learning = LearningFactory()
    signal = SignalFactory(status="in_review")
    indicator = IndicatorFactory(adopted=True)

    decision = record(
        decision_maker, montreal, organization, learnings=[learning], signals=[signal], indicators=[indicator]
    )

    assert decision.recorded_by == decision_maker
    assert list(decision.learnings.all()) == [learning]
    assert list(decision.signals.all()) == [signal]
    assert list(decision.indicators.all()) == [indicator]
    assert list(learning.informed_decisions.all()) == [decision]


def test_it_refuses_an_unpublished_learning_and_writes_nothing(decision_maker, montreal, organization):
    draft = LearningFactory(status="draft", published_at=None, title="Brouillon du comité")

    with pytest.raises(ValidationError) as error:
        record(decision_maker, montreal, organization, learnings=[draft])

    assert "« Brouillon du comité »" in error.value.message_dict["learnings"][0]
    assert not Decision.objects.exists()


def test_it_refuses_a_signal_nobody_has_triaged(decision_maker, montreal, organization):
    untriaged = SignalFactory(status="new")

    with pytest.raises(ValidationError) as error:
        record(decision_maker, montreal, organization, signals=[untriaged])

    assert "signals" in error.value.message_dict
    assert not Decision.objects.exists()


def test_it_refuses_a_date_in_the_future(decision_maker, montreal, organization):
    with pytest.raises(ValidationError) as error:
        record(decision_maker, montreal, organization, decided_on=timezone.localdate() + datetime.timedelta(days=1))

    assert "decided_on" in error.value.message_dict
    assert not Decision.objects.exists()


@pytest.mark.parametrize("persona", ["partner", "organizer", "outsider"])
def test_only_decision_makers_record_decisions(request, persona, montreal, organization):
    with pytest.raises(ApplicationError):
        record(request.getfixturevalue(persona), montreal, organization)

    assert not Decision.objects.exists()


def test_its_author_changes_it_and_replaces_its_links(decision_maker, montreal, organization):
    first, second = LearningFactory(), LearningFactory()
    decision = record(decision_maker, montreal, organization, learnings=[first])

    services.decision_update(decision=decision, by=decision_maker, title="Navette élargie", learnings=[second])

    decision.refresh_from_db()
    assert decision.title == "Navette élargie"
    assert list(decision.learnings.all()) == [second]


def test_a_change_citing_a_draft_changes_nothing(decision_maker, montreal, organization):
    published = LearningFactory()
    decision = record(decision_maker, montreal, organization, learnings=[published])

    with pytest.raises(ValidationError):
        services.decision_update(
            decision=decision,
            by=decision_maker,
            title="Autre titre",
            learnings=[LearningFactory(status="draft", published_at=None)],
        )

    decision.refresh_from_db()
    assert decision.title == "Navette du soir vers les rendez-vous"
    assert list(decision.learnings.all()) == [published]


def test_another_decision_maker_may_neither_change_nor_delete_it(decision_maker, montreal, organization):
    colleague = UserFactory()
    colleague.groups.add(decision_makers_group())
    decision = record(decision_maker, montreal, organization)

    with pytest.raises(ApplicationError):
        services.decision_update(decision=decision, by=colleague, title="Changé")
    with pytest.raises(ApplicationError):
        services.decision_delete(decision=decision, by=colleague)

    decision.refresh_from_db()
    assert decision.title == "Navette du soir vers les rendez-vous"


def test_staff_change_and_delete_any_decision(staff, decision_maker, montreal, organization):
    decision = record(decision_maker, montreal, organization)

    services.decision_update(decision=decision, by=staff, level="provincial")
    assert Decision.objects.get().level == "provincial"

    services.decision_delete(decision=decision, by=staff)
    assert not Decision.objects.exists()


def test_its_author_deletes_it_and_the_learning_stays(decision_maker, montreal, organization):
    learning = LearningFactory()
    decision = record(decision_maker, montreal, organization, learnings=[learning])

    services.decision_delete(decision=decision, by=decision_maker)

    assert not Decision.objects.exists()
    assert not learning.informed_decisions.exists()


# --- Selectors ------------------------------------------------------------------------------------


def test_the_sources_show_only_what_the_reader_may_read(partner):
    public = LearningFactory(title="Public")
    private = LearningFactory(title="Équipe seulement")
    Initiative.objects.filter(pk=private.initiative_id).update(visibility="team")
    decision = DecisionFactory(learnings=[public, private])

    assert [item.title for item in selectors.decision_sources(decision=decision, user=AnonymousUser()).learnings] == [
        "Public"
    ]
    assert "Équipe seulement" not in [
        item.title for item in selectors.decision_sources(decision=decision, user=partner).learnings
    ]


def test_a_signal_is_listed_among_the_sources_once_triaged():
    signal = SignalFactory(status="in_review")
    decision = DecisionFactory()
    decision.signals.set([signal])
    assert selectors.decision_sources(decision=decision, user=AnonymousUser()).signals == [signal]

    signal.status = "new"
    signal.save()
    assert selectors.decision_sources(decision=decision, user=AnonymousUser()).signals == []
