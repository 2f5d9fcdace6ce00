"""The administration of the health partners and of personal information: staff read, only
governance bodies are set up here, diversity answers are nowhere, and opening a partner's
profile is audited."""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from ecosystem.models import AuditEvent, Consent, DataExport, Purpose
from partnerships.models import Application, Call, DiversityAnswers, Engagement, GovernanceBody, PartnerProfile
from tests.factories import ApplicationFactory, EngagementFactory

from .conftest import give

pytestmark = pytest.mark.django_db

PARTNERSHIP_MODELS = [PartnerProfile, GovernanceBody, Engagement, Call, Application]
PERSONAL_MODELS = [Consent, AuditEvent, DataExport]


@pytest.fixture
def objects(partner, partner_profile, organizer, initiative, call, committee, isolation):
    """One row of each registered model: Amélie's profile with her lived experience, an
    engagement and an application of hers, her consents and their audit trail, an export."""
    give(partner, Purpose.LIVED_EXPERIENCE, Purpose.CONTACT)
    partner_profile.experience_words = "Proche aidante de ma mère"
    partner_profile.save()
    partner_profile.experience_themes.set([isolation])
    export = DataExport.objects.create(
        user=partner, status=DataExport.Status.READY, expires_at=timezone.now() + DataExport.LIFETIME
    )
    export.file.name = "exports/secret-amelie.zip"
    export.save()
    return {
        PartnerProfile: partner_profile,
        GovernanceBody: committee,
        Engagement: EngagementFactory(partner=partner, initiative=initiative),
        Call: call,
        Application: ApplicationFactory(call=call, applicant=partner),
        Consent: Consent.objects.filter(user=partner).first(),
        AuditEvent: AuditEvent.objects.filter(subject_id=partner.pk).first(),
        DataExport: export,
    }


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", PARTNERSHIP_MODELS + PERSONAL_MODELS, ids=lambda model: model.__name__)
def test_staff_see_the_list_and_each_row(client, staff, objects, model):
    client.force_login(staff)

    listing = client.get(admin_url(model, "changelist"))
    row = client.get(admin_url(model, "change", objects[model].pk))

    assert listing.status_code == 200
    assert listing.context["cl"].result_count == model.objects.count() >= 1
    assert row.status_code == 200


@pytest.mark.parametrize(
    ("model", "query"),
    [
        (PartnerProfile, {"q": "Amélie"}),
        (GovernanceBody, {"q": "usagers", "governance_level__exact": "establishment"}),
        (Engagement, {"q": "Amélie", "level__exact": "co_construction", "status__exact": "confirmed"}),
        (Call, {"q": "domicile", "status__exact": "open"}),
        (Application, {"q": "Amélie", "status__exact": "pending"}),
        (Consent, {"q": "Amélie", "purpose__exact": "contact"}),
        (DataExport, {"q": "Amélie", "status__exact": "ready"}),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_staff_search_and_filter_each_list(client, staff, objects, model, query):
    client.force_login(staff)

    response = client.get(admin_url(model, "changelist"), query)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [objects[model]]


@pytest.mark.parametrize("term", ["consent", "Amélie", "12abc"])
def test_the_audit_trail_is_searched_by_number_or_words_without_error(client, staff, objects, partner, term):
    client.force_login(staff)

    by_number = client.get(admin_url(AuditEvent, "changelist"), {"q": str(partner.pk)})
    by_words = client.get(admin_url(AuditEvent, "changelist"), {"q": term})

    assert by_number.status_code == by_words.status_code == 200
    assert {event.subject_id for event in by_number.context["cl"].result_list} == {partner.pk}


def test_the_profile_list_shows_no_lived_experience(client, staff, objects):
    client.force_login(staff)

    content = client.get(admin_url(PartnerProfile, "changelist")).content.decode()

    assert "Amélie" in content
    assert "Proche aidante de ma mère" not in content
    assert "Isolement social" not in content


def test_opening_a_profile_records_who_viewed_it(client, staff, objects, partner):
    client.force_login(staff)
    before = AuditEvent.objects.filter(action="viewed").count()

    response = client.get(admin_url(PartnerProfile, "change", objects[PartnerProfile].pk))

    assert "Proche aidante de ma mère" in response.content.decode()
    viewed = AuditEvent.objects.filter(action="viewed")
    assert viewed.count() == before + 1
    event = viewed.get()
    assert (event.actor, event.subject_id) == (staff, partner.pk)
    assert "partner profile" in event.what and "mère" not in event.what


def test_listing_profiles_or_opening_a_missing_one_records_no_view(client, staff, objects):
    client.force_login(staff)

    client.get(admin_url(PartnerProfile, "changelist"))
    missing = client.get(admin_url(PartnerProfile, "change", 999_999))

    assert missing.status_code == 302
    assert not AuditEvent.objects.filter(action="viewed").exists()


def test_diversity_answers_have_no_admin_page():
    assert not admin.site.is_registered(DiversityAnswers)
    with pytest.raises(NoReverseMatch):
        reverse("admin:partnerships_diversityanswers_changelist")


@pytest.mark.parametrize(
    "model", [PartnerProfile, Engagement, Call, Application, *PERSONAL_MODELS], ids=lambda model: model.__name__
)
def test_nobody_adds_changes_or_deletes_rows_written_by_the_services(client, staff, objects, model, rf):
    client.force_login(staff)
    request = rf.get("/")
    request.user = staff
    model_admin = admin.site._registry[model]
    before = list(model.objects.values_list())

    added = client.post(admin_url(model, "add"), {})
    changed = client.post(admin_url(model, "change", objects[model].pk), {"title": "Changé", "bio": "Changé"})
    deleted = client.post(admin_url(model, "delete", objects[model].pk), {"post": "yes"})

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, objects[model])
    assert not model_admin.has_delete_permission(request, objects[model])
    assert (added.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    assert list(model.objects.values_list()) == before


def test_a_data_export_page_neither_shows_nor_links_the_file(client, staff, objects):
    client.force_login(staff)

    listing = client.get(admin_url(DataExport, "changelist")).content.decode()
    row = client.get(admin_url(DataExport, "change", objects[DataExport].pk)).content.decode()

    for content in (listing, row):
        assert "secret-amelie" not in content
        assert "/media/" not in content


def test_staff_set_up_a_governance_body_with_its_organizers(client, staff, hospital, montreal, organizer, facilitator):
    client.force_login(staff)

    response = client.post(
        admin_url(GovernanceBody, "add"),
        {
            "name": "Conseil d'administration du CIUSSS",
            "organization": hospital.pk,
            "governance_level": "establishment",
            "territory": montreal.pk,
            "description": "",
            "organizers": [organizer.pk, facilitator.pk],
        },
    )

    assert response.status_code == 302
    body = GovernanceBody.objects.get(name="Conseil d'administration du CIUSSS")
    assert set(body.organizers.all()) == {organizer, facilitator}
    assert GovernanceBody.objects.organized_by(organizer).filter(pk=body.pk).exists()


def test_a_governance_body_without_a_name_is_refused_and_nothing_is_written(client, staff, hospital, montreal):
    client.force_login(staff)

    response = client.post(
        admin_url(GovernanceBody, "add"),
        {"name": "", "organization": hospital.pk, "governance_level": "establishment", "territory": montreal.pk},
    )

    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    assert not GovernanceBody.objects.exists()


def test_the_organizer_picker_searches_people(client, staff, committee, decision_maker):
    client.force_login(staff)

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Nath",
            "app_label": "partnerships",
            "model_name": "governancebody",
            "field_name": "organizers",
        },
    )

    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == [str(decision_maker)]


def test_the_admin_is_for_staff_only(client, partner, objects):
    client.force_login(partner)

    response = client.get(admin_url(PartnerProfile, "change", objects[PartnerProfile].pk))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not AuditEvent.objects.filter(action="viewed").exists()
