"""Services of the health partners against the real database: outcomes, and what must not happen."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ecosystem.exceptions import ApplicationError
from ecosystem.models import AuditEvent, Consent, Notification, Purpose
from ecosystem.services import consent_withdraw
from partnerships import services
from partnerships.models import Application, DiversityAnswers, Engagement, PartnerProfile
from tests.factories import ApplicationFactory, CallFactory, PartnerProfileFactory, TerritoryFactory, UserFactory

from .conftest import give

pytestmark = pytest.mark.django_db


def profile_values(region, **overrides):
    values = {
        "partner_types": ["patient", "proche_aidant"],
        "region": region,
        "languages": ["fr", "en"],
        "contact_channels": ["platform"],
        "availability_hours": 6,
        "training": "Formation au partenariat, 2025",
        "bio": "Patiente partenaire depuis 2019.",
    }
    return values | overrides


class TestPartnerProfile:
    def test_a_person_creates_their_profile_and_the_change_is_audited(self, partner, montreal):
        profile = services.partner_profile_save(user=partner, by=partner, **profile_values(montreal))

        assert PartnerProfile.objects.get(user=partner) == profile
        assert profile.partner_types == ["patient", "proche_aidant"]
        event = AuditEvent.objects.get(subject_id=partner.pk)
        assert event.actor == partner and event.action == "changed"
        assert "partner_types" in event.what and "Patiente" not in event.what

    def test_nobody_else_may_change_a_profile(self, partner, outsider, montreal):
        with pytest.raises(PermissionDenied):
            services.partner_profile_save(user=partner, by=outsider, **profile_values(montreal))
        assert not PartnerProfile.objects.exists()

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"partner_types": []}, "partner_types"),
            ({"partner_types": ["doctor"]}, "partner_types"),
            ({"partner_types": ["patient", "patient"]}, "partner_types"),
            ({"languages": []}, "languages"),
            ({"availability_hours": 500}, "availability_hours"),
        ],
    )
    def test_bad_values_are_refused_and_nothing_is_written(self, partner, montreal, overrides, field):
        with pytest.raises(ValidationError) as error:
            services.partner_profile_save(user=partner, by=partner, **profile_values(montreal, **overrides))
        assert field in error.value.message_dict
        assert not PartnerProfile.objects.exists()
        assert not AuditEvent.objects.exists()

    def test_the_region_must_be_one_of_the_18(self, partner, montreal):
        local = TerritoryFactory(parent=montreal)
        with pytest.raises(ValidationError):
            services.partner_profile_save(user=partner, by=partner, **profile_values(local))

    def test_lived_experience_needs_its_own_consent(self, partner, montreal, isolation):
        with pytest.raises(ValidationError) as error:
            services.partner_profile_save(user=partner, by=partner, experience_words="MPOC", **profile_values(montreal))
        assert "experience_words" in error.value.message_dict
        assert not PartnerProfile.objects.exists()

        give(partner, Purpose.LIVED_EXPERIENCE)
        profile = services.partner_profile_save(
            user=partner, by=partner, experience_words="MPOC", experience_themes=[isolation], **profile_values(montreal)
        )
        assert profile.experience_words == "MPOC"
        assert list(profile.experience_themes.all()) == [isolation]

    def test_withdrawing_the_lived_experience_consent_erases_it_at_once(self, partner, montreal, isolation):
        give(partner, Purpose.LIVED_EXPERIENCE)
        services.partner_profile_save(
            user=partner, by=partner, experience_words="MPOC", experience_themes=[isolation], **profile_values(montreal)
        )

        consent_withdraw(user=partner, purpose=Purpose.LIVED_EXPERIENCE)

        profile = PartnerProfile.objects.get(user=partner)
        assert profile.experience_words == ""
        assert not profile.experience_themes.exists()
        assert profile.bio  # the rest of the profile stays


class TestDiversity:
    ANSWERS = {"age_band": "35_44", "gender": "woman", "indigenous": "declined", "setting": "rural"}

    def test_answers_need_the_diversity_consent(self, partner):
        with pytest.raises(ApplicationError):
            services.diversity_answers_save(user=partner, by=partner, answers=self.ANSWERS)
        assert not DiversityAnswers.objects.exists()

    def test_answers_are_stored_apart_with_prefer_not_to_answer(self, partner):
        give(partner, Purpose.DIVERSITY)
        answers = services.diversity_answers_save(user=partner, by=partner, answers=self.ANSWERS)

        assert answers.indigenous == "declined"
        assert answers.income_band == ""  # unanswered, never inferred

    def test_nobody_else_may_answer_for_a_person_not_even_staff(self, partner, staff):
        give(partner, Purpose.DIVERSITY)
        with pytest.raises(PermissionDenied):
            services.diversity_answers_save(user=partner, by=staff, answers=self.ANSWERS)
        assert not DiversityAnswers.objects.exists()

    def test_under_14_is_refused_with_an_explanation(self, partner):
        give(partner, Purpose.DIVERSITY)
        with pytest.raises(ValidationError) as error:
            services.diversity_answers_save(user=partner, by=partner, answers={"age_band": "under_14"})
        assert "14" in error.value.message_dict["age_band"][0]
        assert not DiversityAnswers.objects.exists()

    @pytest.mark.parametrize("answers", [{"gender": "robot"}, {"shoe_size": "42"}])
    def test_unknown_answers_are_refused(self, partner, answers):
        give(partner, Purpose.DIVERSITY)
        with pytest.raises(ValidationError):
            services.diversity_answers_save(user=partner, by=partner, answers=answers)
        assert not DiversityAnswers.objects.exists()

    def test_withdrawing_the_consent_deletes_the_answers_in_the_same_transaction(self, partner):
        give(partner, Purpose.DIVERSITY)
        services.diversity_answers_save(user=partner, by=partner, answers=self.ANSWERS)

        assert consent_withdraw(user=partner, purpose=Purpose.DIVERSITY) is True

        assert not DiversityAnswers.objects.filter(user=partner).exists()
        consent = Consent.objects.get(user=partner, purpose=Purpose.DIVERSITY)
        assert consent.withdrawn_at is not None  # the history stays


class TestEngagements:
    def record(self, by, partner, target, **overrides):
        values = {"level": "co_construction", "sphere": "care", "governance_level": "team", "from_start": True}
        return services.engagement_record(by=by, partner=partner, target=target, **(values | overrides))

    def test_an_organizer_records_an_engagement_the_partner_confirms(
        self, organizer, partner, partner_profile, initiative
    ):
        engagement = self.record(organizer, partner, initiative)

        assert engagement.status == Engagement.Status.PROPOSED
        assert engagement.initiative == initiative and engagement.recorded_by == organizer
        notification = Notification.objects.get(recipient=partner)
        assert notification.kind == "engagement_proposed"

        services.engagement_confirm(engagement=engagement, by=partner)
        engagement.refresh_from_db()
        assert engagement.status == Engagement.Status.CONFIRMED and engagement.confirmed_at

    def test_only_the_partner_confirms(self, organizer, partner, partner_profile, initiative, outsider):
        engagement = self.record(organizer, partner, initiative)
        for person in (organizer, outsider):
            with pytest.raises(PermissionDenied):
                services.engagement_confirm(engagement=engagement, by=person)
        engagement.refresh_from_db()
        assert engagement.status == Engagement.Status.PROPOSED

    def test_nobody_records_an_engagement_on_what_they_do_not_organize(
        self, outsider, partner, partner_profile, initiative
    ):
        with pytest.raises(PermissionDenied):
            self.record(outsider, partner, initiative)
        assert not Engagement.objects.exists()
        assert not Notification.objects.exists()

    def test_co_facilitators_and_body_organizers_record_on_theirs(
        self, facilitator, decision_maker, partner, partner_profile, space, committee
    ):
        on_space = self.record(facilitator, partner, space, sphere="communities")
        on_committee = self.record(
            decision_maker, partner, committee, sphere="governance", governance_level="establishment"
        )
        assert on_space.community == space and on_committee.governance_body == committee
        with pytest.raises(PermissionDenied):
            self.record(facilitator, partner, committee)

    def test_the_partner_needs_a_profile(self, organizer, outsider, initiative):
        with pytest.raises(ValidationError):
            self.record(organizer, outsider, initiative)
        assert not Engagement.objects.exists()

    def test_dates_must_follow_each_other(self, organizer, partner, partner_profile, initiative):
        with pytest.raises(ValidationError) as error:
            self.record(
                organizer,
                partner,
                initiative,
                started_on=datetime.date(2026, 5, 1),
                ended_on=datetime.date(2026, 4, 1),
            )
        assert "ended_on" in error.value.message_dict
        assert not Engagement.objects.exists()

    def test_a_declined_engagement_stops_counting(self, organizer, partner, partner_profile, initiative):
        engagement = self.record(organizer, partner, initiative)
        services.engagement_decline(engagement=engagement, by=partner)
        assert not Engagement.objects.counted().exists()

    def test_update_refuses_fields_that_cannot_change(self, organizer, partner, partner_profile, initiative, outsider):
        engagement = self.record(organizer, partner, initiative)
        with pytest.raises(ValidationError):
            services.engagement_update(engagement=engagement, by=organizer, partner=outsider)
        services.engagement_update(engagement=engagement, by=organizer, hours=12, outcome="Le parcours a changé.")
        engagement.refresh_from_db()
        assert engagement.partner == partner and engagement.hours == 12


class TestCalls:
    def test_an_organizer_opens_a_call_on_their_initiative(self, organizer, initiative, montreal, isolation):
        call = services.call_create(
            by=organizer,
            target=initiative,
            title="Partenaires recherchés",
            description="Quatre rencontres.",
            sphere="care",
            level="co_construction",
            governance_level="team",
            deadline=timezone.localdate() + datetime.timedelta(days=10),
            partner_types=["patient"],
            themes=[isolation],
            territories=[montreal],
        )
        assert call.is_open and list(call.themes.all()) == [isolation]

    def test_a_deadline_in_the_past_is_refused(self, organizer, initiative):
        with pytest.raises(ValidationError) as error:
            services.call_create(
                by=organizer,
                target=initiative,
                title="Trop tard",
                description="…",
                sphere="care",
                level="consultation",
                governance_level="team",
                deadline=timezone.localdate() - datetime.timedelta(days=1),
            )
        assert "deadline" in error.value.message_dict

    def test_an_outsider_cannot_open_a_call(self, outsider, initiative):
        with pytest.raises(PermissionDenied):
            services.call_create(
                by=outsider,
                target=initiative,
                title="Non",
                description="…",
                sphere="care",
                level="consultation",
                governance_level="team",
                deadline=timezone.localdate(),
            )


class TestApplications:
    def test_a_partner_applies_and_the_organizers_are_notified(self, call, partner, partner_profile, organizer):
        application = services.application_create(call=call, applicant=partner, message="Je suis intéressée.")

        assert application.status == Application.Status.PENDING
        assert Notification.objects.get(recipient=organizer).kind == "application_received"

    def test_applying_twice_is_refused(self, call, partner, partner_profile):
        services.application_create(call=call, applicant=partner, message="Une fois.")
        with pytest.raises(ApplicationError):
            services.application_create(call=call, applicant=partner, message="Deux fois.")
        assert Application.objects.count() == 1

    def test_applying_after_the_deadline_or_once_closed_is_refused(self, call, partner, partner_profile, organizer):
        call.deadline = timezone.localdate() - datetime.timedelta(days=1)
        call.save()
        with pytest.raises(ApplicationError):
            services.application_create(call=call, applicant=partner, message="Trop tard.")
        other = CallFactory(initiative=call.initiative)
        services.call_close(call=other, by=organizer)
        with pytest.raises(ApplicationError):
            services.application_create(call=other, applicant=partner, message="Fermé.")
        assert not Application.objects.exists()

    def test_applying_needs_a_partner_profile(self, call, outsider):
        with pytest.raises(ApplicationError):
            services.application_create(call=call, applicant=outsider, message="Bonjour.")
        assert not Application.objects.exists()

    def test_accepting_creates_the_confirmed_engagement(self, call, partner, partner_profile, organizer):
        application = services.application_create(call=call, applicant=partner, message="Je suis intéressée.")

        engagement = services.application_accept(application=application, by=organizer)

        application.refresh_from_db()
        assert application.status == Application.Status.ACCEPTED and application.engagement == engagement
        assert engagement.partner == partner and engagement.initiative == call.initiative
        assert (engagement.level, engagement.sphere, engagement.status) == ("co_construction", "care", "confirmed")
        assert Notification.objects.filter(recipient=partner, kind="application_accepted").exists()

    def test_an_application_is_answered_once(self, call, partner, partner_profile, organizer):
        application = services.application_create(call=call, applicant=partner, message="Oui.")
        services.application_decline(application=application, by=organizer)
        with pytest.raises(ApplicationError):
            services.application_accept(application=application, by=organizer)
        assert not Engagement.objects.exists()

    def test_only_organizers_answer(self, call, partner, partner_profile, outsider):
        application = services.application_create(call=call, applicant=partner, message="Oui.")
        with pytest.raises(PermissionDenied):
            services.application_accept(application=application, by=outsider)
        with pytest.raises(PermissionDenied):
            services.application_accept(application=application, by=partner)
        application.refresh_from_db()
        assert application.status == Application.Status.PENDING and not Engagement.objects.exists()

    def test_the_applicant_withdraws_their_own(self, call, partner, partner_profile, outsider):
        application = services.application_create(call=call, applicant=partner, message="Oui.")
        with pytest.raises(PermissionDenied):
            services.application_withdraw(application=application, by=outsider)
        services.application_withdraw(application=application, by=partner)
        application.refresh_from_db()
        assert application.status == Application.Status.WITHDRAWN

    def test_inviting_needs_the_contact_consent(self, call, organizer):
        person = PartnerProfileFactory().user
        with pytest.raises(ApplicationError):
            services.call_invite(call=call, by=organizer, partner=person)
        give(person, Purpose.CONTACT)
        services.call_invite(call=call, by=organizer, partner=person)
        assert Notification.objects.get(recipient=person).kind == "call_invitation"

    def test_inviting_someone_who_applied_is_refused(self, call, organizer):
        person = UserFactory()
        PartnerProfileFactory(user=person)
        give(person, Purpose.CONTACT)
        ApplicationFactory(call=call, applicant=person)
        with pytest.raises(ApplicationError):
            services.call_invite(call=call, by=organizer, partner=person)


def test_changing_only_the_lived_experience_words_is_audited(partner, montreal):
    give(partner, Purpose.LIVED_EXPERIENCE)
    services.partner_profile_save(user=partner, by=partner, experience_words="MPOC", **profile_values(montreal))
    AuditEvent.objects.all().delete()

    services.partner_profile_save(
        user=partner, by=partner, experience_words="MPOC, proche aidance", **profile_values(montreal)
    )

    (event,) = AuditEvent.objects.filter(subject_id=partner.pk)
    assert event.what == "partner profile: experience_words"
