"""Reads on the strategic watch: who reads which signal, the triage queue, what a signal may be
linked to, and the board's counts by RSS × kind with small counts written "< 5"."""

import pytest
from django.http import Http404

from ecosystem.figures import suppressed_text
from ecosystem.models import Territory
from loop import selectors
from loop.models import Signal
from tests.factories import (
    CommunityFactory,
    InitiativeFactory,
    MembershipFactory,
    SignalFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def co_facilitator(facilitator):
    MembershipFactory(user=facilitator, role="co_facilitator")
    return facilitator


@pytest.fixture
def new_signal(partner):
    return SignalFactory(submitted_by=partner, title="Transport vers les rendez-vous")


# --- Who reads what ------------------------------------------------------------------------------


def test_a_new_signal_is_read_by_its_author_and_those_who_triage_only(
    new_signal, partner, co_facilitator, staff, outsider
):
    from django.contrib.auth.models import AnonymousUser

    assert selectors.signal_get(user=partner, pk=new_signal.pk) == new_signal
    assert selectors.signal_get(user=co_facilitator, pk=new_signal.pk) == new_signal
    assert selectors.signal_get(user=staff, pk=new_signal.pk) == new_signal
    for user in (outsider, AnonymousUser()):
        with pytest.raises(Http404):
            selectors.signal_get(user=user, pk=new_signal.pk)


def test_a_reviewed_signal_is_read_by_everyone(partner, outsider):
    from django.contrib.auth.models import AnonymousUser

    signal = SignalFactory(submitted_by=partner, status="in_review")

    assert selectors.signal_get(user=outsider, pk=signal.pk) == signal
    assert selectors.signal_get(user=AnonymousUser(), pk=signal.pk) == signal


def test_the_board_lists_reviewed_signals_only_even_for_those_who_triage(new_signal, co_facilitator, partner):
    reviewed = SignalFactory(status="handled")

    assert list(selectors.signal_board_list(user=co_facilitator)) == [reviewed]
    assert list(selectors.signal_board_list(user=partner)) == [reviewed]


def test_the_author_is_named_to_themselves_and_to_those_who_triage(new_signal, partner, co_facilitator, outsider):
    from django.contrib.auth.models import AnonymousUser

    assert selectors.signal_shows_author(user=partner, signal=new_signal)
    assert selectors.signal_shows_author(user=co_facilitator, signal=new_signal)
    assert not selectors.signal_shows_author(user=outsider, signal=new_signal)
    assert not selectors.signal_shows_author(user=AnonymousUser(), signal=new_signal)


# --- Triage --------------------------------------------------------------------------------------


def test_the_triage_queue_puts_open_signals_first(co_facilitator):
    handled = SignalFactory(status="handled")
    in_review = SignalFactory(status="in_review")
    new = SignalFactory(status="new")
    newer_handled = SignalFactory(status="handled")

    assert list(selectors.signal_triage_queue(user=co_facilitator)) == [new, in_review, newer_handled, handled]


def test_the_triage_queue_and_its_signals_answer_404_to_others(new_signal, partner, outsider, co_facilitator):
    assert selectors.signal_can_triage(user=co_facilitator)
    for user in (partner, outsider):
        assert not selectors.signal_can_triage(user=user)
        with pytest.raises(Http404):
            selectors.signal_triage_queue(user=user)
        with pytest.raises(Http404):
            selectors.signal_get_for_triage(user=user, pk=new_signal.pk)
    assert selectors.signal_get_for_triage(user=co_facilitator, pk=new_signal.pk) == new_signal


def test_a_signal_is_linked_only_to_what_the_person_may_read(co_facilitator, organizer):
    public = InitiativeFactory(title="Cuisine collective")
    team_only = InitiativeFactory(title="Projet d’équipe", visibility="team", team=[organizer])
    open_space = CommunityFactory(name="Espace ouvert")
    closed_space = CommunityFactory(name="Espace fermé", visibility="members")

    initiatives = list(selectors.signal_initiative_choices(user=co_facilitator))
    communities = list(selectors.signal_community_choices(user=co_facilitator))

    assert public in initiatives and team_only not in initiatives
    assert open_space in communities and closed_space not in communities


def test_a_linked_initiative_is_named_only_to_those_who_may_read_it(organizer, outsider):
    team_only = InitiativeFactory(visibility="team", team=[organizer])
    signal = SignalFactory(status="linked", initiative=team_only)

    assert selectors.signal_linked_initiative(user=organizer, signal=signal) == team_only
    assert selectors.signal_linked_initiative(user=outsider, signal=signal) is None


# --- Counts by RSS -------------------------------------------------------------------------------


def _row(counts, code: str):
    return next(row for row in counts.regions if row.territory.code == code)


def test_counts_are_by_rss_in_code_order_with_small_counts_suppressed(montreal, capitale, quebec):
    local = TerritoryFactory(parent=montreal)
    for _ in range(4):
        SignalFactory(kind="need", territory=montreal, status="in_review")
    SignalFactory(kind="need", territory=local, status="handled")  # counted in Montréal
    SignalFactory(kind="issue", territory=capitale, status="handled")
    SignalFactory(kind="issue", territory=capitale, status="in_review")
    SignalFactory(kind="practice", territory=quebec, status="handled")
    SignalFactory(kind="need", territory=capitale, status="new")  # not reviewed: not counted

    counts = selectors.signal_counts_by_region(queryset=selectors.signal_board_list(user=None))

    assert [row.territory.code for row in counts.regions] == [f"{code:02d}" for code in range(1, 19)]
    assert [value for value, _label in counts.kinds] == ["need", "issue", "practice", "collaboration"]
    montreal_row = _row(counts, "06")
    assert [str(figure) for figure in montreal_row.by_kind] == ["5", "0", "0", "0"]
    assert str(montreal_row.total) == "5"
    capitale_row = _row(counts, "03")
    assert [str(figure) for figure in capitale_row.by_kind] == ["0", suppressed_text(), "0", "0"]
    assert str(capitale_row.total) == suppressed_text() and capitale_row.total.value is None
    assert str(_row(counts, "01").total) == "0"
    assert str(counts.province_only.by_kind[2]) == suppressed_text()
    assert counts.province.territory == quebec
    assert [figure.count for figure in counts.province.by_kind] == [5, 2, 1, 0]
    assert str(counts.province.total) == "8"


def test_counts_follow_the_queryset_they_are_given(montreal, theme):
    SignalFactory(kind="need", territory=montreal, status="handled", themes=[theme])
    SignalFactory(kind="need", territory=montreal, status="handled")

    counts = selectors.signal_counts_by_region(queryset=Signal.objects.filter(themes=theme))

    assert _row(counts, "06").total.count == 1


def test_counts_take_two_queries_whatever_the_number_of_signals(django_assert_num_queries, montreal):
    for index in range(30):
        region = Territory.objects.regions()[index % 18]
        SignalFactory(territory=region, status="handled", submitted_by=UserFactory())

    # the 18 RSS (with Québec, their parent); one aggregate by RSS × kind
    with django_assert_num_queries(2):
        counts = selectors.signal_counts_by_region(queryset=Signal.objects.reviewed())

    assert counts.province.total.count == 30
