import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from ecosystem.consents import CONSENT_TEXTS
from ecosystem.models import AuditEvent, Consent, Notification, Organization, Purpose, Territory, User
from initiatives.models import Initiative
from partnerships import demo
from partnerships.models import (
    Application,
    Call,
    DiversityAnswers,
    Engagement,
    GovernanceBody,
    GovernanceLevel,
    Language,
    Level,
    PartnerProfile,
    PartnerType,
    Sphere,
)
from partnerships.selectors import call_list, call_suggestions, partnership_figures, team_coverage
from tests.initiatives.test_demo import REAL_SURNAMES

DEMO_MODELS = [PartnerProfile, DiversityAnswers, GovernanceBody, Engagement, Call, Application, Consent, AuditEvent]


@pytest.fixture
def seeded(db):
    call_command("seed_demo", until="partnerships", verbosity=0)


def rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in [*DEMO_MODELS, Notification, User]}


def person(email: str) -> User:
    return User.objects.get(email=email)


def test_seed_creates_about_sixty_partners_across_the_18_regions_with_varied_profiles(seeded):
    profiles = PartnerProfile.objects.select_related("region")

    assert profiles.count() == len(demo.PARTNERS)
    assert 55 <= profiles.count() <= 65
    assert {profile.region.code for profile in profiles} == set(
        Territory.objects.regions().values_list("code", flat=True)
    )
    types = {value for profile in profiles for value in profile.partner_types}
    assert types == set(PartnerType.values)
    languages = [value for profile in profiles for value in profile.languages]
    assert {"fr", "en", "ar", "es", "ht", "iu", "cr"} <= set(languages)
    assert languages.count("fr") > len(profiles) * 0.8  # mostly French
    assert len({tuple(profile.contact_channels) for profile in profiles}) >= 4
    assert len({profile.availability_hours for profile in profiles}) >= 5
    assert profiles.exclude(training="").count() >= 10
    assert all(profile.bio for profile in profiles.exclude(user__email="francine.d@exemple.test"))
    assert all(profile.user.email.endswith("@exemple.test") for profile in profiles)


def test_every_consent_was_given_through_the_service_to_the_current_text(seeded):
    consents = Consent.objects.filter(user__partner_profile__isnull=False)

    assert consents.count() >= 120
    assert set(consents.values_list("purpose", flat=True)) == {
        Purpose.DIRECTORY,
        Purpose.CONTACT,
        Purpose.DIVERSITY,
        Purpose.LIVED_EXPERIENCE,
    }
    for consent in consents:
        assert Consent.objects.in_force().filter(pk=consent.pk).exists()
        assert consent.version == CONSENT_TEXTS[consent.purpose].version
        assert AuditEvent.objects.filter(
            subject_id=consent.user_id, actor_id=consent.user_id, action="consent_given", what=consent.purpose
        ).exists()
    # Each purpose is a separate choice: people consent to some and not others.
    per_person = [
        set(profile.user.consents.values_list("purpose", flat=True))
        for profile in PartnerProfile.objects.select_related("user")
    ]
    assert len({frozenset(purposes) for purposes in per_person}) >= 6
    assert set() in per_person  # someone consented to nothing at all


def test_lived_experience_and_diversity_answers_exist_only_with_their_consent(seeded):
    sharing = PartnerProfile.objects.exclude(experience_words="")
    answers = DiversityAnswers.objects.all()

    assert sharing.count() >= 20
    assert answers.count() >= 20
    for profile in sharing:
        assert profile.user.consents.in_force().filter(purpose=Purpose.LIVED_EXPERIENCE).exists()
        assert profile.experience_themes.exists()
    for record in answers:
        assert record.user.consents.in_force().filter(purpose=Purpose.DIVERSITY).exists()
    assert not PartnerProfile.objects.filter(experience_themes__isnull=False).exclude(
        user__consents__purpose=Purpose.LIVED_EXPERIENCE
    )
    declined = sum(
        getattr(record, question) == "declined" for record in answers for question, *_ in DiversityAnswers.QUESTIONS
    )
    assert declined >= 20  # many "prefer not to answer"
    words = " ".join(sharing.values_list("experience_words", flat=True))
    for expected in ("MPOC", "proche aidante de mon conjoint", "Santé mentale", "Arthroplastie"):
        assert expected.lower() in words.lower(), expected


def test_amelie_has_a_full_profile_listed_open_to_contact_and_sharing_her_lived_experience(seeded):
    amelie = person("amelie@exemple.test")
    profile = amelie.partner_profile

    assert set(profile.partner_types) == {"patient", "proche_aidant"}
    assert profile.region.code == "06"
    assert profile.bio and profile.training and profile.availability_hours
    assert profile.experience_themes.exists() and profile.experience_words
    in_force = set(amelie.consents.in_force().values_list("purpose", flat=True))
    assert {Purpose.DIRECTORY, Purpose.CONTACT, Purpose.LIVED_EXPERIENCE} <= in_force


def test_the_hospital_at_home_partner_was_involved_from_the_start_at_co_construction(seeded):
    hospital = Initiative.objects.get(title=demo.HOSPITAL_AT_HOME)
    engagement = Engagement.objects.get(initiative=hospital, partner__email="amelie@exemple.test")

    assert engagement.from_start
    assert engagement.level == Level.CO_CONSTRUCTION
    assert engagement.status == "confirmed" and engagement.confirmed_at
    assert engagement.recorded_by.email == "karim@exemple.test"
    assert engagement.outcome
    assert Notification.objects.filter(recipient=engagement.partner, kind="engagement_proposed").exists()


def test_engagements_cover_every_level_sphere_and_governance_level_mostly_confirmed(seeded):
    engagements = Engagement.objects.all()
    statuses = list(engagements.values_list("status", flat=True))

    assert engagements.count() >= 60
    assert set(engagements.values_list("level", flat=True)) == set(Level.values)
    assert set(engagements.values_list("sphere", flat=True)) == set(Sphere.values)
    assert set(engagements.values_list("governance_level", flat=True)) == set(GovernanceLevel.values)
    assert statuses.count("confirmed") > len(statuses) * 0.75
    assert statuses.count("proposed") >= 3 and statuses.count("declined") >= 1
    assert engagements.filter(ended_on__lt=timezone.localdate()).count() >= 5
    assert {"volunteer", "compensated"} == set(engagements.values_list("compensation", flat=True))
    assert engagements.exclude(outcome="").count() >= 20
    for kind in ("initiative", "community", "governance_body"):
        assert engagements.filter(**{f"{kind}__isnull": False}).exists(), kind
    for engagement in engagements.select_related("initiative", "community", "governance_body", "recorded_by"):
        engagement.full_clean()
        assert Engagement.objects.organized_by(engagement.recorded_by).filter(pk=engagement.pk).exists()


def test_governance_bodies_have_organizers_among_the_demo_people(seeded):
    bodies = GovernanceBody.objects.all()

    assert bodies.count() >= 3
    assert {"establishment", "regional"} <= set(bodies.values_list("governance_level", flat=True))
    assert bodies.filter(name__icontains="comité des usagers").exists()
    assert bodies.filter(name__icontains="conseil d'administration").exists()
    for body in bodies:
        organizers = list(body.organizers.all())
        assert organizers, body.name
        assert all(user.email.endswith("@exemple.test") for user in organizers)


def test_open_calls_in_the_coming_weeks_with_pending_accepted_and_declined_applications(seeded):
    today = timezone.localdate()
    board = call_list(user=AnonymousUser())

    assert board.count() >= 5
    for call in board:
        assert today < call.deadline <= today + datetime.timedelta(weeks=6)
    assert {"initiative", "community", "governance_body"} == {call.target_kind for call in board}
    pending = Application.objects.filter(status="pending", call__in=board)
    assert pending.count() >= 5
    assert pending.values("call").distinct().count() >= 3
    accepted = Application.objects.filter(status="accepted")
    assert accepted.exists()
    for application in accepted:
        assert application.engagement.partner == application.applicant
        assert application.engagement.level == application.call.level
    assert Application.objects.filter(status="declined").exists()
    assert Notification.objects.filter(kind="call_invitation").exists()


def test_the_busy_call_suggests_other_contactable_partners(seeded):
    call = Call.objects.get(title=demo.BUSY_CALL)

    suggestions = call_suggestions(call=call)

    assert len(suggestions) >= 5
    applicants = set(call.applications.values_list("applicant_id", flat=True))
    assert not applicants & {suggestion.profile.user_id for suggestion in suggestions}
    for suggestion in suggestions:
        assert suggestion.profile.user.consents.in_force().filter(purpose=Purpose.CONTACT).exists()


def test_hospital_at_home_shows_its_partners_in_aggregate_and_its_organization_real_counts(seeded):
    hospital = Initiative.objects.get(title=demo.HOSPITAL_AT_HOME)
    coverage = team_coverage(target=hospital)
    figures = partnership_figures(organization=Organization.objects.get(slug="ciusss-ouest-de-l-ile"))

    assert coverage.partners.count >= 10 and not coverage.partners.suppressed
    assert coverage.diversity_shown
    shown = [row for row in figures.engagements_by_level if row.figure.count and not row.figure.suppressed]
    assert {row.key for row in shown} >= {"consultation", "collaboration", "co_construction"}
    assert figures.from_start.count == 1


def test_seed_twice_creates_nothing_new(seeded):
    before = rows()

    counts = demo.seed(demo_password=None)

    assert set(counts.values()) == {0}
    assert rows() == before


def test_demo_partners_name_no_real_person(seeded):
    texts = [*PartnerProfile.objects.values_list("bio", "training", "experience_words")]
    texts += Engagement.objects.values_list("outcome")
    texts += Call.objects.values_list("title", "description")
    texts += Application.objects.values_list("message")
    texts += GovernanceBody.objects.values_list("name", "description")
    texts += User.objects.filter(partner_profile__isnull=False).values_list("display_name", "email")
    text = "\n".join(value for row in texts for value in row)

    for surname in REAL_SURNAMES:
        assert not re.search(rf"\b{re.escape(surname)}\b", text, re.IGNORECASE), surname


# --- seed_scale ------------------------------------------------------------------------------


def contactable() -> int:
    return PartnerProfile.objects.active().consenting_to(Purpose.CONTACT).count()


def test_scale_adds_contactable_partners_and_some_who_are_not(seeded):
    before, contactable_before = rows(), contactable()

    counts = demo.seed_scale(count=300)

    after = rows()
    assert counts["partner profiles"] == after["PartnerProfile"] - before["PartnerProfile"] == 330
    assert contactable() - contactable_before == 300
    assert counts["people"] == after["User"] - before["User"] == 330
    assert counts["consents"] == after["Consent"] - before["Consent"]
    assert 30 <= counts["diversity answers"] == after["DiversityAnswers"] - before["DiversityAnswers"] <= 130
    assert counts["engagements"] == after["Engagement"] - before["Engagement"] >= 60
    assert counts["applications"] == 300 // 50 == after["Application"] - before["Application"]
    assert after["AuditEvent"] == before["AuditEvent"]
    assert after["Notification"] == before["Notification"]


def test_scaled_partners_are_valid_and_share_only_what_they_consented_to(seeded):
    demo.seed_scale(count=200)
    generated = PartnerProfile.objects.filter(user__email__startswith="partenaire-").select_related("user")

    sharing = 0
    for profile in generated:
        profile.full_clean()
        in_force = set(profile.user.consents.in_force().values_list("purpose", flat=True))
        if profile.experience_words or profile.experience_themes.exists():
            assert Purpose.LIVED_EXPERIENCE in in_force
            sharing += 1
        if DiversityAnswers.objects.filter(user=profile.user).exists():
            assert Purpose.DIVERSITY in in_force
        assert not profile.user.has_usable_password()
    assert 40 <= sharing <= 110
    assert {language for profile in generated for language in profile.languages} > {Language.FRENCH}
    for engagement in Engagement.objects.filter(partner__email__startswith="partenaire-")[:50]:
        engagement.full_clean()
        assert engagement.initiative.team.filter(pk=engagement.recorded_by_id).exists()


def test_scaled_partners_are_ranked_among_the_suggestions_of_a_call(seeded):
    call = Call.objects.get(title=demo.BUSY_CALL)
    demo.seed_scale(count=200)

    suggestions = call_suggestions(call=call)

    assert len(suggestions) == 20
    scores = [suggestion.fit.score for suggestion in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert call.applications.count() >= 5 + 200 // 50


def test_scale_twice_adds_new_people(seeded):
    demo.seed_scale(count=50)
    demo.seed_scale(count=50)

    emails = list(User.objects.filter(email__startswith="partenaire-").values_list("email", flat=True))
    assert len(emails) == len(set(emails)) == 110


def test_scale_of_zero_adds_nothing(seeded):
    before = rows()

    counts = demo.seed_scale(count=0)

    assert set(counts.values()) == {0}
    assert rows() == before


@pytest.mark.django_db
def test_a_dry_run_with_scale_writes_no_partner():
    call_command("seed_demo", until="partnerships", dry_run=True, scale=20, verbosity=0)

    assert not PartnerProfile.objects.exists()
    assert not Consent.objects.exists()
