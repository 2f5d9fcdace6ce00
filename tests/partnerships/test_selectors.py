"""Selectors: who may read what, ranking by fit, aggregates with small counts suppressed."""

import itertools

import pytest
from django.http import Http404

from ecosystem.models import AuditEvent, Purpose, Territory, Theme
from partnerships import selectors
from partnerships.models import AgeBand, PartnerProfile, PartnerType
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    DiversityAnswersFactory,
    EngagementFactory,
    InitiativeFactory,
    PartnerProfileFactory,
    UserFactory,
)

from .conftest import give

pytestmark = pytest.mark.django_db


def contactable(**values) -> PartnerProfile:
    profile = PartnerProfileFactory(**values)
    give(profile.user, Purpose.CONTACT)
    return profile


class TestProfileReading:
    def test_a_profile_is_private_by_default(self, partner_profile, partner, outsider, organizer):
        assert selectors.partner_profile_get(viewer=partner, user_id=partner.pk) == partner_profile
        for viewer in (outsider, organizer):
            with pytest.raises(Http404):
                selectors.partner_profile_get(viewer=viewer, user_id=partner.pk)
        assert not AuditEvent.objects.filter(action="viewed").exists()

    def test_organizers_of_what_the_partner_takes_part_in_read_it_and_the_view_is_audited(
        self, partner_profile, partner, organizer, initiative
    ):
        EngagementFactory(partner=partner, initiative=initiative)

        selectors.partner_profile_get(viewer=organizer, user_id=partner.pk)

        event = AuditEvent.objects.get(action="viewed")
        assert event.actor == organizer and event.subject_id == partner.pk

    def test_applying_shows_the_profile_to_the_call_organizers(self, partner_profile, partner, organizer, call):
        ApplicationFactory(call=call, applicant=partner)
        assert selectors.partner_profile_get(viewer=organizer, user_id=partner.pk) == partner_profile

    def test_the_directory_lists_only_those_who_consented_and_only_for_signed_in_people(
        self, partner_profile, partner, outsider
    ):
        from django.contrib.auth.models import AnonymousUser

        assert list(selectors.partner_directory(user=outsider)) == []
        give(partner, Purpose.DIRECTORY)
        assert list(selectors.partner_directory(user=outsider)) == [partner_profile]
        assert list(selectors.partner_directory(user=AnonymousUser())) == []


class TestSuggestions:
    def test_only_partners_who_consented_to_be_contacted_ranked_by_fit(self, call, montreal, capitale, isolation):
        call.themes.set([isolation])
        best = contactable(partner_types=["proche_aidant"], region=montreal)
        give(best.user, Purpose.LIVED_EXPERIENCE)
        best.experience_themes.set([isolation])
        middle = contactable(partner_types=["proche_aidant"], region=capitale)
        far = contactable(partner_types=["citoyen"], region=capitale, languages=["en"])
        PartnerProfileFactory(partner_types=["proche_aidant"], region=montreal)  # no consent

        suggestions = selectors.call_suggestions(call=call)

        assert [suggestion.profile for suggestion in suggestions] == [best, middle, far]
        assert suggestions[0].fit.score > suggestions[1].fit.score > suggestions[2].fit.score
        # The database's ranking follows the same rules as fit(), which gives the reasons.
        assert [suggestion.profile.score for suggestion in suggestions] == [s.fit.score for s in suggestions]

    def test_the_database_scores_every_candidate_as_fit_does(self, call, montreal, capitale, isolation):
        food = Theme.objects.exclude(pk=isolation.pk).first()
        call.themes.set([isolation, food])
        call.languages = ["fr", "ar"]
        call.partner_types = ["proche_aidant", "jeune"]
        call.save()
        for index, (types, languages, region) in enumerate(
            itertools.product([["patient"], ["jeune", "citoyen"]], [["en"], ["ar"], ["fr", "en"]], [montreal, capitale])
        ):
            profile = contactable(partner_types=types, languages=languages, region=region)
            profile.experience_themes.set([isolation, food][: index % 3])
            if index % 2:
                give(profile.user, Purpose.LIVED_EXPERIENCE)

        suggestions = selectors.call_suggestions(call=call, limit=100)

        assert len(suggestions) == 12
        assert [suggestion.profile.score for suggestion in suggestions] == [s.fit.score for s in suggestions]
        assert len({suggestion.fit.score for suggestion in suggestions}) > 4

    def test_lived_experience_counts_only_with_its_consent(self, call, montreal, isolation):
        call.themes.set([isolation])
        profile = contactable(region=montreal)
        profile.experience_themes.set([isolation])  # left over, consent never given
        (suggestion,) = selectors.call_suggestions(call=call)
        assert selectors.REASON_THEMES not in suggestion.fit.reasons

    def test_applicants_and_people_already_engaged_are_not_suggested(self, call, montreal):
        applied = contactable(region=montreal)
        ApplicationFactory(call=call, applicant=applied.user)
        engaged = contactable(region=montreal)
        EngagementFactory(partner=engaged.user, initiative=call.initiative)
        assert selectors.call_suggestions(call=call) == []

    def test_partners_carrying_many_engagements_are_flagged(self, call, montreal):
        busy = contactable(region=montreal)
        for _ in range(selectors.MANY_ENGAGEMENTS):
            EngagementFactory(partner=busy.user)
        (suggestion,) = selectors.call_suggestions(call=call)
        assert suggestion.carries_many and suggestion.active_engagements == selectors.MANY_ENGAGEMENTS

    def test_query_count_does_not_grow_with_partners(self, call, montreal, django_assert_num_queries):
        for _ in range(30):
            contactable(region=montreal)
        call = selectors.call_get_for_organizer(user=call.created_by, pk=call.pk)
        # themes and territories are prefetched; the best candidates, scored and ranked by the
        # database, with their region and account; their domains.
        with django_assert_num_queries(2):
            assert len(selectors.call_suggestions(call=call)) == selectors.SUGGESTIONS


class TestCallsForPartner:
    def test_nothing_without_the_contact_consent(self, call, partner, partner_profile):
        for_you = selectors.calls_for_partner(user=partner)
        assert (for_you.has_profile, for_you.contact_consent, for_you.calls) == (True, False, None)
        give(partner, Purpose.CONTACT)
        (row,) = selectors.calls_for_partner(user=partner).calls
        assert row.call == call and row.application is None

    def test_calls_that_do_not_fit_are_left_out(self, call, partner, partner_profile, capitale):
        give(partner, Purpose.CONTACT)
        CallFactory(partner_types=["jeune"], languages=["en"], territories=[capitale])
        assert [row.call for row in selectors.calls_for_partner(user=partner).calls] == [call]


class TestCoverage:
    def engage(self, initiative, count, **answers):
        people = []
        for _ in range(count):
            person = UserFactory()
            PartnerProfileFactory(user=person)
            EngagementFactory(partner=person, initiative=initiative)
            if answers:
                give(person, Purpose.DIVERSITY)
                DiversityAnswersFactory(user=person, **answers)
            people.append(person)
        return people

    def test_diversity_is_hidden_under_five_respondents(self, initiative):
        self.engage(initiative, 4, age_band="25_34")
        coverage = selectors.team_coverage(target=initiative)
        assert coverage.partners.suppressed and not coverage.diversity_shown

    def test_groups_under_five_show_as_less_than_five_and_missing_groups_are_named(self, initiative):
        self.engage(initiative, 5, age_band="25_34")
        self.engage(initiative, 2, age_band="75_plus")
        coverage = selectors.team_coverage(target=initiative, sought_types=["proche_aidant", "jeune"])

        assert coverage.diversity_shown
        ages = coverage.diversity[0]
        figures = {row.key: str(row.figure) for row in ages.rows}
        assert figures["25_34"] == "5" and figures["75_plus"] == "< 5"
        assert AgeBand.A45_54.label in ages.missing
        assert coverage.missing_types == [PartnerType.YOUTH.label]

    def test_answers_without_a_consent_in_force_are_not_counted(self, initiative):
        people = self.engage(initiative, 5, age_band="25_34")
        from ecosystem.models import Consent

        Consent.objects.filter(user=people[0]).update(version=0)  # given to an older text
        coverage = selectors.team_coverage(target=initiative)
        assert coverage.respondents.count == 4 and not coverage.diversity_shown


class TestPartnershipFigures:
    def test_shares_come_from_engagements_and_small_counts_are_suppressed(self, hospital, montreal):
        initiatives = [InitiativeFactory(lead_organization=hospital, territories=[montreal]) for _ in range(10)]
        for initiative in initiatives[:6]:
            EngagementFactory(initiative=initiative, level="co_construction", from_start=True)
        for initiative in initiatives[6:8]:
            EngagementFactory(initiative=initiative, level="consultation")
        EngagementFactory(initiative=initiatives[9], level="co_leadership", status="declined")  # does not count

        figures = selectors.partnership_figures(organization=hospital)

        assert figures.initiatives.count == 10
        assert (figures.co_construction.count, figures.co_construction.percent) == (6, 60.0)
        assert figures.from_start.count == 6
        levels = {row.key: row.figure for row in figures.engagements_by_level}
        assert str(levels["consultation"]) == "< 5" and levels["consultation"].value is None
        assert levels["co_construction"].value == 6
        (region,) = figures.by_territory
        assert region.figure.count == 6 and region.figure.total == 10
        care = next(row for row in figures.by_sphere if row.figure.count)
        assert care.figure.count == 6

    def test_a_small_organization_shows_no_share(self, hospital, montreal):
        initiative = InitiativeFactory(lead_organization=hospital, territories=[montreal])
        EngagementFactory(initiative=initiative)
        figures = selectors.partnership_figures(organization=hospital)
        assert figures.co_construction.suppressed and figures.co_construction.percent is None


def test_regions_of_local_territories(montreal):
    from tests.factories import TerritoryFactory

    local = TerritoryFactory(parent=montreal)
    assert selectors._regions_of([local]) == {montreal.pk}
    assert selectors._regions_of([Territory.objects.province()]) is None
