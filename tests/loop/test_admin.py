"""The administration of the learning loop: staff read signals, decisions, snapshots and runs;
snapshots and runs are never written here, but a run for the current year can be started; a
decision is corrected through the service and its rules."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from loop.models import Decision, Signal, Synthesis, SynthesisRun
from tests.factories import DecisionFactory, LearningFactory, SignalFactory

pytestmark = pytest.mark.django_db

MODELS = [Signal, Decision, Synthesis, SynthesisRun]
READ_ONLY = [Signal, Synthesis, SynthesisRun]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def objects(decision_maker, partner, quebec, theme):
    learning = LearningFactory(title="Le transport compte")
    signal = SignalFactory(submitted_by=partner, title="Transport rural", status="handled", themes=[theme])
    decision = DecisionFactory(recorded_by=decision_maker, title="Transport solidaire", learnings=[learning])
    decision.signals.set([signal])
    synthesis = Synthesis.objects.create(
        territory=quebec,
        granularity="year",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        computed_at=timezone.now(),
        figures={"signals": {"total": None}},
    )
    run = SynthesisRun.objects.create(years=[2025], trigger="nightly", status="done", synthesis_count=1)
    return {Signal: signal, Decision: decision, Synthesis: synthesis, SynthesisRun: run, "learning": learning}


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_staff_see_the_list_and_each_row(client, staff, objects, model):
    client.force_login(staff)

    listing = client.get(admin_url(model, "changelist"))
    row = client.get(admin_url(model, "change", objects[model].pk))

    assert listing.status_code == 200
    assert listing.context["cl"].result_count == model.objects.count() >= 1
    assert row.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("persona", [None, "decision_maker", "partner"])
def test_the_admin_is_for_staff_only(client, objects, model, persona, request):
    if persona:
        client.force_login(request.getfixturevalue(persona))

    for response in (
        client.get(admin_url(model, "changelist")),
        client.get(admin_url(model, "change", objects[model].pk)),
    ):
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("model", "query"),
    [
        (Signal, {"q": "rural", "status__exact": "handled", "kind__exact": "need"}),
        (Decision, {"q": "solidaire", "level__exact": "regional", "kind__exact": "decision"}),
        (Synthesis, {"q": "QC", "granularity__exact": "year", "provisional__exact": "0"}),
        (SynthesisRun, {"status__exact": "done", "trigger__exact": "nightly"}),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_staff_search_and_filter_each_list(client, staff, objects, model, query):
    client.force_login(staff)

    response = client.get(admin_url(model, "changelist"), query)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [objects[model]]


def test_signals_filter_by_territory(client, staff, objects, capitale):
    client.force_login(staff)
    SignalFactory(territory=capitale)

    response = client.get(admin_url(Signal, "changelist"), {"territory__id__exact": objects[Signal].territory_id})

    assert list(response.context["cl"].result_list) == [objects[Signal]]


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda model: model.__name__)
def test_nobody_adds_changes_or_deletes_rows_written_by_the_services(client, staff, objects, model, rf):
    client.force_login(staff)
    request = rf.get("/")
    request.user = staff
    model_admin = admin.site._registry[model]
    before = list(model.objects.values_list())

    added = client.post(admin_url(model, "add"), {})
    changed = client.post(admin_url(model, "change", objects[model].pk), {"title": "Changé", "status": "failed"})
    deleted = client.post(admin_url(model, "delete", objects[model].pk), {"post": "yes"})

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, objects[model])
    assert not model_admin.has_delete_permission(request, objects[model])
    assert (added.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    assert list(model.objects.values_list()) == before


def test_staff_start_a_run_for_the_current_year(client, staff, objects, django_capture_on_commit_callbacks):
    client.force_login(staff)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            admin_url(SynthesisRun, "changelist"),
            {"action": "start_current_year", "_selected_action": [objects[SynthesisRun].pk]},
            follow=True,
        )

    assert response.status_code == 200
    run = SynthesisRun.objects.exclude(pk=objects[SynthesisRun].pk).get()
    assert run.years == [timezone.localdate().year]
    assert (run.trigger, run.requested_by) == ("manual", staff)
    assert len(callbacks) == 1  # the task is queued once the run is saved
    assert str(run.years[0]) in response.content.decode()


def _decision_form(decision: Decision, **changes) -> dict:
    data = {
        "kind": decision.kind,
        "title": decision.title,
        "description": decision.description,
        "level": decision.level,
        "decided_on": decision.decided_on.isoformat(),
        "organization": decision.organization_id,
        "territory": decision.territory_id,
        "learnings": [learning.pk for learning in decision.learnings.all()],
        "signals": [signal.pk for signal in decision.signals.all()],
        "syntheses": [],
        "indicators": [],
    }
    return {**data, **changes}


def test_staff_correct_a_decision_through_the_service(client, staff, objects):
    decision = objects[Decision]
    client.force_login(staff)
    other = LearningFactory(title="Autre apprentissage")

    response = client.post(
        admin_url(Decision, "change", decision.pk),
        _decision_form(
            decision, title="Transport solidaire élargi", learnings=[other.pk], syntheses=[objects[Synthesis].pk]
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    decision.refresh_from_db()
    assert decision.title == "Transport solidaire élargi"
    assert list(decision.learnings.all()) == [other]
    assert list(decision.syntheses.all()) == [objects[Synthesis]]
    assert decision.recorded_by.email.startswith("nathalie")  # still hers


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"learnings": "draft"}, "Brouillon"),
        ({"decided_on": "2999-01-01"}, ""),
        ({"signals": "new"}, "Pas encore lu"),
    ],
)
def test_what_the_service_refuses_is_shown_on_the_form_and_nothing_changes(client, staff, objects, changes, message):
    decision = objects[Decision]
    client.force_login(staff)
    draft = LearningFactory(title="Brouillon", status="draft", published_at=None)
    unread = SignalFactory(title="Pas encore lu", status="new")
    values = {"draft": [draft.pk], "new": [unread.pk]}
    form = _decision_form(decision, title="Changé", **{key: values.get(value, value) for key, value in changes.items()})

    response = client.post(admin_url(Decision, "change", decision.pk), form)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert message in response.content.decode()
    decision.refresh_from_db()
    assert decision.title == "Transport solidaire"
    assert list(decision.learnings.all()) == [objects["learning"]]


def test_decisions_are_not_added_here_and_are_deleted_one_at_a_time(client, staff, objects):
    decision = objects[Decision]
    client.force_login(staff)

    added = client.post(admin_url(Decision, "add"), _decision_form(decision, title="Nouvelle"))
    client.post(admin_url(Decision, "changelist"), {"action": "delete_selected", "_selected_action": [decision.pk]})

    assert added.status_code == 403
    assert Decision.objects.filter(pk=decision.pk).exists()  # no bulk deletion
    deleted = client.post(admin_url(Decision, "delete", decision.pk), {"post": "yes"})
    assert deleted.status_code == 302
    assert not Decision.objects.exists()


def test_the_decision_links_are_picked_by_searching(client, staff, objects):
    client.force_login(staff)

    for field, term in [("learnings", "transport"), ("signals", "rural"), ("syntheses", "QC")]:
        response = client.get(
            reverse("admin:autocomplete"),
            {"term": term, "app_label": "loop", "model_name": "decision", "field_name": field},
        )
        assert response.status_code == 200, field
        assert len(response.json()["results"]) == 1, field
