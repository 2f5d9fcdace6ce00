"""What each person can read, search and find elsewhere, against the database."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404

from ecosystem.models import Territory, Theme
from initiatives import selectors
from initiatives.filters import InitiativeFilter, LearningFilter
from tests.factories import InitiativeFactory, LearningFactory, TerritoryFactory

VISITOR = AnonymousUser()


def titles(queryset):
    return sorted(item.title for item in queryset)


@pytest.fixture
def three_visibilities(public_initiative, members_initiative, team_initiative):
    return public_initiative, members_initiative, team_initiative


def test_a_visitor_reads_public_initiatives_only(three_visibilities):
    assert titles(selectors.initiative_list(user=VISITOR)) == ["Cuisines collectives du Centre-Sud"]


def test_a_member_also_reads_members_only_initiatives(three_visibilities, outsider):
    assert titles(selectors.initiative_list(user=outsider)) == ["Cuisines collectives du Centre-Sud", "Table des aînés"]


def test_the_team_and_staff_read_team_only_initiatives(three_visibilities, organizer, staff):
    everything = ["Cuisines collectives du Centre-Sud", "Projet confidentiel", "Table des aînés"]
    assert titles(selectors.initiative_list(user=organizer)) == everything
    assert titles(selectors.initiative_list(user=staff)) == everything


def test_another_organizer_does_not_read_someone_elses_team_only_initiative(three_visibilities, other_organizer):
    assert "Projet confidentiel" not in titles(selectors.initiative_list(user=other_organizer))


def test_an_invisible_initiative_is_missing_not_forbidden(team_initiative, outsider):
    with pytest.raises(Http404):
        selectors.initiative_get(user=outsider, slug=team_initiative.slug)
    with pytest.raises(Http404):
        selectors.initiative_get(user=VISITOR, slug="nexiste-pas")


def test_only_the_team_gets_an_initiative_for_change(public_initiative, organizer, outsider, other_organizer, staff):
    assert selectors.initiative_get_for_change(user=organizer, slug=public_initiative.slug) == public_initiative
    assert selectors.initiative_get_for_change(user=staff, slug=public_initiative.slug) == public_initiative
    for person in (VISITOR, outsider, other_organizer):
        with pytest.raises(Http404):
            selectors.initiative_get_for_change(user=person, slug=public_initiative.slug)


def test_a_team_member_sees_each_initiative_once(public_initiative, organizer, facilitator):
    public_initiative.team.add(facilitator)

    assert selectors.initiative_list(user=organizer).filter(pk=public_initiative.pk).count() == 1


def test_drafts_are_read_by_their_author_and_the_team_only(draft_learning, organizer, outsider, staff):
    assert list(selectors.learning_list(user=organizer)) == [draft_learning]
    assert list(selectors.learning_list(user=staff)) == [draft_learning]
    assert not selectors.learning_list(user=outsider).exists()
    assert not selectors.learning_list(user=VISITOR).exists()


def test_published_learnings_follow_their_initiatives_visibility(
    organizer, outsider, members_initiative, team_initiative
):
    LearningFactory(initiative=members_initiative, title="Pour les membres")
    LearningFactory(initiative=team_initiative, title="Pour l'équipe")
    LearningFactory(initiative=None, territory=Territory.objects.get(code="01"), title="Sans initiative")

    assert titles(selectors.learning_list(user=VISITOR)) == ["Sans initiative"]
    assert titles(selectors.learning_list(user=outsider)) == ["Pour les membres", "Sans initiative"]
    assert titles(selectors.learning_list(user=organizer)) == ["Pour l'équipe", "Pour les membres", "Sans initiative"]


def test_the_initiative_page_lists_drafts_first_for_the_team(
    public_initiative, published_learning, draft_learning, organizer
):
    assert list(selectors.initiative_learnings(user=organizer, initiative=public_initiative)) == [
        draft_learning,
        published_learning,
    ]
    assert list(selectors.initiative_learnings(user=VISITOR, initiative=public_initiative)) == [published_learning]


# --- Filters and search -------------------------------------------------------------------------


def filtered(data, user=VISITOR):
    return titles(InitiativeFilter(data, queryset=selectors.initiative_list(user=user)).qs)


def test_search_ignores_accents_and_case(db):
    InitiativeFactory(title="Cuisines collectives à l'école", summary="Des élèves cuisinent avec des aînés.")
    InitiativeFactory(title="Marche du matin", summary="Marcher ensemble au parc.")

    assert filtered({"q": "ECOLE eleves"}) == ["Cuisines collectives à l'école"]
    assert filtered({"q": "aînés"}) == ["Cuisines collectives à l'école"]
    assert filtered({"q": "aines"}) == ["Cuisines collectives à l'école"]


def test_search_covers_the_description(db):
    InitiativeFactory(title="Projet A", description="Un **potager** partagé derrière le CLSC.")

    assert filtered({"q": "potager"}) == ["Projet A"]


def test_search_never_reveals_what_the_person_cannot_read(team_initiative):
    assert filtered({"q": "confidentiel"}) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="French stemming needs PostgreSQL")
def test_search_on_postgresql_matches_word_forms_and_ranks_titles_first(db):
    InitiativeFactory(title="Jardin communautaire", summary="Des bénévoles y travaillent.")
    InitiativeFactory(title="Un bénévole au cœur du quartier", summary="Une initiative.")
    InitiativeFactory(title="Sans rapport", summary="Une autre initiative.")

    found = InitiativeFilter({"q": "benevoles"}, queryset=selectors.initiative_list(user=VISITOR)).qs

    assert [item.title for item in found] == ["Un bénévole au cœur du quartier", "Jardin communautaire"]


def test_a_region_finds_the_initiatives_of_its_local_territories(db, montreal, capitale_nationale):
    centre_sud = TerritoryFactory(name_fr="Centre-Sud", parent=montreal)
    InitiativeFactory(title="Dans le quartier", territories=[centre_sud])
    InitiativeFactory(title="À Québec", territories=[capitale_nationale])

    assert filtered({"territory": "06"}) == ["Dans le quartier"]
    assert filtered({"territory": centre_sud.code}) == ["Dans le quartier"]
    assert filtered({"territory": "QC"}) == ["Dans le quartier", "À Québec"]


def test_filters_combine(db, isolation):
    InitiativeFactory(title="Bon thème, bonne phase", themes=[isolation], phase="evaluation")
    InitiativeFactory(title="Bon thème, autre phase", themes=[isolation], phase="idea")
    InitiativeFactory(title="Autre thème", phase="evaluation")

    assert filtered({"theme": "isolement-social", "phase": "evaluation"}) == ["Bon thème, bonne phase"]


def test_an_unknown_territory_or_theme_is_a_form_error_not_a_crash(public_initiative):
    filterset = InitiativeFilter(
        {"territory": "99", "theme": "inconnu"}, queryset=selectors.initiative_list(user=VISITOR)
    )

    assert not filterset.is_valid()
    assert set(filterset.errors) == {"territory", "theme"}


def test_the_learning_feed_filters_by_the_initiatives_phase_and_searches_the_statement(published_learning):
    LearningFactory(title="Autre", statement="Rien à voir.", initiative=InitiativeFactory(phase="idea"))

    found = LearningFilter(
        {"q": "prenom", "phase": "experimentation"}, queryset=selectors.learning_list(user=VISITOR)
    ).qs
    assert list(found) == [published_learning]


# --- Déjà essayé ailleurs? ---------------------------------------------------------------------


@pytest.fixture
def learnings_elsewhere(isolation, capitale_nationale):
    """Learnings of other territories: two share the isolation theme, one does not."""
    food = Theme.objects.get(slug="systemes-alimentaires")
    quebec = InitiativeFactory(title="À Québec", territories=[capitale_nationale], themes=[isolation])
    rimouski = InitiativeFactory(title="À Rimouski", territories=[Territory.objects.get(code="01")], themes=[food])
    return {
        "shared": LearningFactory(initiative=quebec, title="Briser l'isolement par le repas", themes=[isolation, food]),
        "shared_one": LearningFactory(initiative=quebec, title="Un appel par semaine", themes=[isolation]),
        "unrelated": LearningFactory(initiative=rimouski, title="Les semis de printemps", themes=[food]),
        "draft": LearningFactory(
            initiative=quebec, title="Brouillon", themes=[isolation], status="draft", published_at=None
        ),
    }


def test_similar_learnings_come_from_other_territories_sharing_themes(
    public_initiative, published_learning, learnings_elsewhere
):
    similar = selectors.learnings_similar_to_initiative(user=VISITOR, initiative=public_initiative)

    assert learnings_elsewhere["shared"] in similar
    assert learnings_elsewhere["shared_one"] in similar
    assert published_learning not in similar  # same initiative, same territory
    assert learnings_elsewhere["draft"] not in similar
    if connection.vendor != "postgresql":
        assert learnings_elsewhere["unrelated"] not in similar


def test_learnings_sharing_more_themes_come_first(public_initiative, learnings_elsewhere):
    public_initiative.themes.add(Theme.objects.get(slug="systemes-alimentaires"))

    similar = selectors.learnings_similar_to_initiative(user=VISITOR, initiative=public_initiative)

    assert similar[0] == learnings_elsewhere["shared"]


def test_similar_learnings_of_a_learning_exclude_itself_and_its_territory(published_learning, learnings_elsewhere):
    similar = selectors.learnings_similar_to_learning(user=VISITOR, learning=published_learning)

    assert published_learning not in similar
    assert {learnings_elsewhere["shared"], learnings_elsewhere["shared_one"]} <= set(similar)


def test_similar_learnings_respect_visibility(public_initiative, capitale_nationale, isolation):
    hidden = InitiativeFactory(visibility="team", territories=[capitale_nationale], themes=[isolation])
    LearningFactory(initiative=hidden, themes=[isolation])

    assert selectors.learnings_similar_to_initiative(user=VISITOR, initiative=public_initiative) == []


def test_similar_learnings_cost_a_fixed_number_of_queries(
    public_initiative, learnings_elsewhere, django_assert_num_queries
):
    public_initiative = selectors.initiative_get(user=VISITOR, slug=public_initiative.slug)
    # 1 the ids of the best candidates; 2 their rows with initiative, territory and author; 3 their themes.
    with django_assert_num_queries(3):
        similar = selectors.learnings_similar_to_initiative(user=VISITOR, initiative=public_initiative)
        [list(learning.themes.all()) for learning in similar]
