"""The indicators' lifecycle, the adoption rule, versioning, co-construction and targets, through
the services against the database."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ecosystem.exceptions import ApplicationError
from indicators import services
from indicators.models import Contribution, Indicator, IndicatorVersion, Target
from tests.factories import ContributionFactory, IndicatorFactory, UserFactory

DEFINITION = {
    "name": "Qualité de vie rapportée en hospitalisation à domicile",
    "definition": "Ce que les personnes hospitalisées à domicile disent de leur qualité de vie.",
    "rationale": "Être soigné chez soi n’a de sens que si la vie y reste bonne.",
    "unit": "score",
    "direction": "higher",
    "data_source": "Questionnaire rempli à la fin du séjour",
    "frequency": "quarterly",
}


def endorse(indicator, user, role):
    return services.contribution_add(indicator=indicator, by=user, kind="endorsement", role=role)


@pytest.fixture
def in_co_construction(proposed, steward):
    return services.indicator_open(indicator=proposed, by=steward)


class TestLifecycle:
    def test_a_steward_proposes_an_indicator_with_its_first_version(self, steward, indicator):
        created = services.indicator_create(
            by=steward, code="prom-qdv", family="prom", aim_dimension="experience", **DEFINITION
        )

        assert created.code == "PROM-QDV"
        assert created.status == Indicator.Status.PROPOSED
        assert created.current.number == 1 and created.current.name == DEFINITION["name"]
        assert created.in_force is None
        assert list(created.stewards.all()) == [steward]

    def test_only_stewards_and_staff_propose(self, outsider, staff):
        with pytest.raises(PermissionDenied):
            services.indicator_create(by=outsider, code="X-1", family="prom", aim_dimension="experience", **DEFINITION)
        assert not Indicator.objects.filter(code="X-1").exists()

        services.indicator_create(by=staff, code="X-1", family="prom", aim_dimension="experience", **DEFINITION)

    def test_a_code_is_capitals_digits_and_hyphens_and_unique(self, steward, indicator):
        with pytest.raises(ValidationError) as error:
            services.indicator_create(
                by=steward, code="prem reco!", family="prom", aim_dimension="experience", **DEFINITION
            )
        assert "code" in error.value.message_dict
        with pytest.raises(ValidationError):
            services.indicator_create(
                by=steward, code="PREM-RECO", family="prom", aim_dimension="experience", **DEFINITION
            )
        assert Indicator.objects.filter(code__startswith="PREM").count() == 1
        assert IndicatorVersion.objects.filter(indicator__code="PREM-RECO").count() == 1

    def test_proposed_then_co_construction_then_adopted_then_retired(
        self, in_co_construction, steward, partner_profile, partner, organizer
    ):
        indicator = in_co_construction
        assert indicator.status == Indicator.Status.CO_CONSTRUCTION
        endorse(indicator, partner, "partner")
        endorse(indicator, organizer, "professional")

        indicator = services.indicator_adopt(indicator=indicator, by=steward)
        assert indicator.status == Indicator.Status.ADOPTED
        assert indicator.in_force == indicator.current and indicator.current.adopted_at is not None
        assert indicator.current.adopted_by == steward

        indicator = services.indicator_retire(indicator=indicator, by=steward)
        assert indicator.status == Indicator.Status.RETIRED
        with pytest.raises(ApplicationError):
            services.indicator_retire(indicator=indicator, by=steward)
        with pytest.raises(ApplicationError):
            services.indicator_update(indicator=indicator, by=steward, name="Autre nom")

    def test_only_a_proposed_indicator_is_opened(self, indicator, steward):
        with pytest.raises(ApplicationError):
            services.indicator_open(indicator=indicator, by=steward)

    def test_another_indicators_steward_cannot_act(self, in_co_construction):
        someone = UserFactory()
        IndicatorFactory(stewards=[someone])
        for action in (services.indicator_adopt, services.indicator_retire):
            with pytest.raises(PermissionDenied):
                action(indicator=in_co_construction, by=someone)
        in_co_construction.refresh_from_db()
        assert in_co_construction.status == Indicator.Status.CO_CONSTRUCTION


class TestAdoptionRule:
    def test_refused_without_any_endorsement(self, in_co_construction, steward):
        with pytest.raises(ApplicationError, match="partenaire en santé"):
            services.indicator_adopt(indicator=in_co_construction, by=steward)
        in_co_construction.refresh_from_db()
        assert in_co_construction.status == Indicator.Status.CO_CONSTRUCTION
        assert in_co_construction.current.adopted_at is None and in_co_construction.in_force is None

    @pytest.mark.parametrize("role", ["partner", "professional"])
    def test_refused_with_only_one_role(self, in_co_construction, steward, role):
        for _ in range(3):
            ContributionFactory(indicator=in_co_construction, role=role)
        with pytest.raises(ApplicationError):
            services.indicator_adopt(indicator=in_co_construction, by=steward)
        in_co_construction.refresh_from_db()
        assert in_co_construction.status == Indicator.Status.CO_CONSTRUCTION

    def test_comments_and_proposals_are_not_endorsements(self, in_co_construction, steward):
        ContributionFactory(indicator=in_co_construction, role="partner", kind="comment", text="Bien.")
        ContributionFactory(indicator=in_co_construction, role="professional", kind="proposal", field="name", text="X")
        with pytest.raises(ApplicationError):
            services.indicator_adopt(indicator=in_co_construction, by=steward)

    def test_a_withdrawn_endorsement_no_longer_counts(
        self, in_co_construction, steward, partner, partner_profile, organizer
    ):
        endorsement = endorse(in_co_construction, partner, "partner")
        endorse(in_co_construction, organizer, "professional")
        services.endorsement_withdraw(contribution=endorsement, by=partner)

        with pytest.raises(ApplicationError):
            services.indicator_adopt(indicator=in_co_construction, by=steward)

    def test_endorsements_of_an_older_version_do_not_count(
        self, in_co_construction, steward, partner, partner_profile, organizer
    ):
        endorse(in_co_construction, partner, "partner")
        endorse(in_co_construction, organizer, "professional")
        # The endorsed wording is frozen: changing it makes version 2, which nobody endorsed yet.
        version = services.indicator_update(indicator=in_co_construction, by=steward, name="Nouveau nom")
        assert version.number == 2

        with pytest.raises(ApplicationError):
            services.indicator_adopt(indicator=in_co_construction, by=steward)

    def test_proposed_indicators_take_no_endorsement(self, proposed, organizer):
        with pytest.raises(ApplicationError):
            endorse(proposed, organizer, "professional")
        assert not Contribution.objects.exists()


class TestVersioning:
    def test_a_draft_nobody_endorsed_is_changed_in_place(self, proposed, steward):
        version = services.indicator_update(
            indicator=proposed, by=steward, name="Nom plus clair", change_note="Plus clair"
        )

        assert version.number == 1 and version.name == "Nom plus clair"
        assert proposed.versions.count() == 1

    def test_changing_an_adopted_definition_creates_a_new_version(self, indicator, steward):
        first = indicator.current
        version = services.indicator_update(
            indicator=indicator, by=steward, limitations="Peu de répondants en région éloignée.", change_note="Limites"
        )

        indicator.refresh_from_db()
        first.refresh_from_db()
        assert version.number == 2 and indicator.current == version
        assert version.limitations == "Peu de répondants en région éloignée."
        assert version.name == first.name and version.unit == first.unit  # the rest carried over
        assert first.limitations == "" and first.adopted_at is not None  # the adopted wording is kept as it was
        assert indicator.in_force == first  # values keep following version 1 until version 2 is adopted
        assert indicator.status == Indicator.Status.CO_CONSTRUCTION
        assert indicator.values_version == first

    def test_adopting_the_revision_puts_it_in_force(self, indicator, steward, partner, partner_profile, organizer):
        version = services.indicator_update(indicator=indicator, by=steward, name="Recommanderaient le service")
        endorse(indicator, partner, "partner")
        endorse(indicator, organizer, "professional")

        indicator = services.indicator_adopt(indicator=indicator, by=steward)

        assert indicator.in_force == version and indicator.values_version == version
        assert indicator.versions.filter(adopted_at__isnull=False).count() == 2

    def test_an_unchanged_form_makes_no_version(self, indicator, steward):
        services.indicator_update(indicator=indicator, by=steward, name=indicator.current.name)
        assert indicator.versions.count() == 1

    def test_unknown_fields_are_refused(self, indicator, steward):
        with pytest.raises(ValidationError):
            services.indicator_update(indicator=indicator, by=steward, colour="blue")

    def test_only_stewards_change_a_definition(self, indicator, outsider, partner):
        for person in (outsider, partner):
            with pytest.raises(PermissionDenied):
                services.indicator_update(indicator=indicator, by=person, name="Piraté")
        assert indicator.versions.count() == 1


class TestContributions:
    def test_the_role_at_that_time_is_recorded(self, in_co_construction, partner, partner_profile):
        contribution = services.contribution_add(
            indicator=in_co_construction, by=partner, kind="comment", role="partner", text="Et les proches?"
        )

        assert contribution.role == "partner"
        assert contribution.role_detail  # from the partner profile's types, kept as they were
        assert contribution.version == in_co_construction.current
        assert contribution.credited is False

    def test_contributing_as_a_partner_needs_a_partner_profile(self, in_co_construction, organizer):
        with pytest.raises(ValidationError) as error:
            services.contribution_add(
                indicator=in_co_construction, by=organizer, kind="comment", role="partner", text="Hm"
            )
        assert "role" in error.value.message_dict
        assert not Contribution.objects.exists()

    def test_one_endorsement_per_person_and_version(self, in_co_construction, organizer):
        endorse(in_co_construction, organizer, "professional")
        with pytest.raises(ApplicationError):
            endorse(in_co_construction, organizer, "professional")
        assert Contribution.objects.count() == 1

    def test_an_empty_comment_or_proposal_is_refused(self, in_co_construction, organizer):
        with pytest.raises(ValidationError):
            services.contribution_add(indicator=in_co_construction, by=organizer, kind="comment", role="professional")
        with pytest.raises(ValidationError):
            services.contribution_add(
                indicator=in_co_construction,
                by=organizer,
                kind="proposal",
                role="professional",
                field="colour",
                text="x",
            )
        assert not Contribution.objects.exists()

    def test_visitors_cannot_contribute(self, in_co_construction):
        from django.contrib.auth.models import AnonymousUser

        with pytest.raises(PermissionDenied):
            services.contribution_add(
                indicator=in_co_construction, by=AnonymousUser(), kind="comment", role="partner", text="x"
            )

    def test_accepting_a_proposal_changes_the_definition(self, indicator, organizer, steward):
        proposal = services.contribution_add(
            indicator=indicator,
            by=organizer,
            kind="proposal",
            role="professional",
            field="exclusions",
            text="Les personnes décédées pendant le séjour.",
        )

        version = services.proposal_accept(contribution=proposal, by=steward)

        proposal.refresh_from_db()
        assert proposal.proposal_status == "accepted"
        assert version.number == 2 and version.exclusions == "Les personnes décédées pendant le séjour."
        with pytest.raises(ApplicationError):
            services.proposal_decline(contribution=proposal, by=steward)

    def test_only_stewards_answer_proposals(self, indicator, organizer):
        proposal = services.contribution_add(
            indicator=indicator, by=organizer, kind="proposal", role="professional", field="name", text="Autre"
        )
        with pytest.raises(PermissionDenied):
            services.proposal_accept(contribution=proposal, by=organizer)
        proposal.refresh_from_db()
        assert proposal.proposal_status == "open" and indicator.versions.count() == 1

    def test_an_endorsement_of_an_adopted_version_stays(
        self, in_co_construction, steward, partner, partner_profile, organizer
    ):
        endorsement = endorse(in_co_construction, partner, "partner")
        endorse(in_co_construction, organizer, "professional")
        services.indicator_adopt(indicator=in_co_construction, by=steward)

        with pytest.raises(ApplicationError):
            services.endorsement_withdraw(contribution=endorsement, by=partner)


class TestTargets:
    def test_a_steward_sets_a_target_per_level_territory_and_period(self, indicator, steward, montreal):
        target = services.target_save(
            indicator=indicator,
            by=steward,
            level="regional",
            territory=montreal,
            period="2027",
            value=80,
            rationale="Rejoindre les régions comparables.",
        )

        assert (target.granularity, str(target.period_start), str(target.period_end)) == (
            "year",
            "2027-01-01",
            "2027-12-31",
        )

    @pytest.mark.parametrize(
        ("period", "value", "field"),
        [
            ("2027-T5", 80, "period"),
            ("2027-02-30", 80, "period"),
            ("l’an prochain", 80, "period"),
            ("2027", 140, "value"),
            ("2027", -1, "value"),
        ],
    )
    def test_bad_targets_are_refused_and_nothing_is_written(self, indicator, steward, montreal, period, value, field):
        with pytest.raises(ValidationError) as error:
            services.target_save(
                indicator=indicator,
                by=steward,
                level="regional",
                territory=montreal,
                period=period,
                value=value,
                rationale="x",
            )
        assert field in error.value.message_dict
        assert not Target.objects.exists()

    def test_one_target_per_level_territory_and_period(self, indicator, steward, montreal):
        values = {
            "indicator": indicator,
            "by": steward,
            "level": "regional",
            "territory": montreal,
            "period": "2027",
            "rationale": "x",
        }
        services.target_save(value=80, **values)
        with pytest.raises(ValidationError):
            services.target_save(value=85, **values)
        assert Target.objects.get().value == 80

    def test_only_stewards_set_targets(self, indicator, organizer, montreal):
        with pytest.raises(PermissionDenied):
            services.target_save(
                indicator=indicator,
                by=organizer,
                level="regional",
                territory=montreal,
                period="2027",
                value=80,
                rationale="x",
            )
