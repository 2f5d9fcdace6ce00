"""The staff's synthesis page: the recent runs, a period calculated on demand, and the run's page
with its progress bar (htmx polling, a refresh without JavaScript). Staff only."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from loop import services
from loop.models import Synthesis, SynthesisRun
from tests.factories import LearningFactory

RUNS = "loop:synthesis-runs"


def run_url(run: SynthesisRun) -> str:
    return reverse("loop:synthesis-run", kwargs={"pk": run.pk})


@pytest.fixture
def queued(db):
    return SynthesisRun.objects.create(years=[2025], trigger=SynthesisRun.Trigger.NIGHTLY)


# --- Who may see it ----------------------------------------------------------------------------


def test_a_visitor_is_sent_to_sign_in(client, queued):
    for url in (reverse(RUNS), run_url(queued)):
        response = client.get(url)

        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("persona", ["partner", "organizer", "facilitator", "decision_maker", "outsider"])
def test_anyone_but_staff_gets_404(client, queued, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse(RUNS)).status_code == 404
    assert client.get(run_url(queued)).status_code == 404
    assert client.post(reverse(RUNS), {"period": "2025"}).status_code == 404
    assert SynthesisRun.objects.count() == 1


def test_an_unknown_run_answers_404(client, staff):
    client.force_login(staff)

    assert client.get(reverse("loop:synthesis-run", kwargs={"pk": 999})).status_code == 404


# --- The list and the form -----------------------------------------------------------------------


def test_staff_read_the_recent_runs(client, staff, queued):
    failed = SynthesisRun.objects.create(
        years=[2024],
        trigger=SynthesisRun.Trigger.MANUAL,
        requested_by=staff,
        status=SynthesisRun.Status.FAILED,
        failure="Le calcul a échoué et la synthèse précédente reste publiée.",
    )
    client.force_login(staff)

    response = client.get(reverse(RUNS))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="period"' in page
    assert run_url(queued) in page
    assert run_url(failed) in page
    assert "Sophie" in page
    assert "la synthèse précédente reste publiée" in page


def refusal(period: str, by) -> str:
    """What the services answer for ``period`` (in French, as the page shows it)."""
    try:
        services.synthesis_request(years=services.period_years(period), trigger=SynthesisRun.Trigger.MANUAL, by=by)
    except ValidationError as error:
        return error.messages[0]
    raise AssertionError(f"{period} was accepted")


@pytest.mark.parametrize(
    "period", ["2999", f"{timezone.localdate().year + 1}-T1", "2025-03", "2025-S05", "2025-03-15", "abc", "1999"]
)
def test_a_bad_period_is_refused_with_the_services_message_and_no_run(
    client, staff, period, django_capture_on_commit_callbacks
):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse(RUNS), {"period": period})

    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page
    assert response.context["form"].errors["period"] == [refusal(period, staff)]
    assert escape(refusal(period, staff)) in page
    assert SynthesisRun.objects.count() == 0
    assert callbacks == []


def test_the_future_is_refused_in_french(client, staff):
    client.force_login(staff)

    response = client.post(reverse(RUNS), {"period": "2999"})

    assert "pas encore commencé" in response.content.decode()
    assert SynthesisRun.objects.count() == 0


def test_an_empty_period_asks_for_one(client, staff):
    client.force_login(staff)

    response = client.post(reverse(RUNS), {"period": ""})

    assert "Écrivez l’année ou le trimestre à calculer" in response.content.decode()
    assert SynthesisRun.objects.count() == 0


def test_staff_calculate_a_quarter_and_follow_it_to_the_end(
    client, staff, montreal, django_capture_on_commit_callbacks
):
    for day in range(1, 7):
        LearningFactory(published_at=timezone.make_aware(datetime.datetime(2025, 8, day, 12)))
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse(RUNS), {"period": "2025-T3"})

    run = SynthesisRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == run_url(run)
    assert len(callbacks) == 2  # the task, then (once it committed) the dashboard's pages renewed
    assert run.years == [2025]
    assert run.trigger == SynthesisRun.Trigger.MANUAL
    assert run.requested_by == staff
    assert run.status == SynthesisRun.Status.DONE
    assert run.synthesis_count == Synthesis.objects.filter(run=run).count() > 0
    summer = Synthesis.objects.get(territory=montreal, theme=None, granularity="quarter", period_start="2025-07-01")
    assert summer.figures["learnings"]["total"] == 6

    page = client.get(run_url(run)).content.decode()
    assert "Terminé" in page
    assert reverse("loop:dashboard") in page
    assert reverse("loop:report", kwargs={"code": "QC", "period": "2025"}) in page
    assert "hx-get" not in page
    assert "<progress" not in page


@pytest.mark.django_db(transaction=True)
def test_a_broker_out_of_reach_fails_the_run_with_a_message_not_the_page(client, staff, monkeypatch):
    from kombu.exceptions import OperationalError

    from loop import tasks

    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.synthesis_run_task, "delay", unreachable)
    client.force_login(staff)

    response = client.post(reverse(RUNS), {"period": "2025"}, follow=True)

    run = SynthesisRun.objects.get()
    assert response.status_code == 200
    assert response.redirect_chain == [(run_url(run), 302)]
    assert run.status == SynthesisRun.Status.FAILED
    assert "La file des tâches est injoignable" in response.content.decode()
    assert Synthesis.objects.count() == 0


def test_a_failed_run_says_so(client, staff):
    run = SynthesisRun.objects.create(
        years=[2025],
        trigger=SynthesisRun.Trigger.MANUAL,
        status=SynthesisRun.Status.FAILED,
        failure="Le calcul a échoué et la synthèse précédente reste publiée.",
    )
    client.force_login(staff)

    page = client.get(run_url(run)).content.decode()

    assert "Le calcul a échoué" in page
    assert reverse(RUNS) in page


# --- The progress bar ----------------------------------------------------------------------------


def test_a_running_run_shows_its_progress_and_polls_every_two_seconds(client, staff, queued):
    SynthesisRun.objects.filter(pk=queued.pk).update(status=SynthesisRun.Status.RUNNING)
    cache.set(f"loop:synthesis-progress:{queued.pk}", 42)
    client.force_login(staff)

    page = client.get(run_url(queued)).content.decode()

    assert '<progress id="synthesis-progress" max="100" value="42">' in page
    assert f'hx-get="{run_url(queued)}"' in page
    assert 'hx-trigger="every 2s"' in page
    # Without JavaScript: the page reloads itself, and says how to refresh it.
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert f'<a href="{run_url(queued)}">' in page


def test_the_progress_partial_alone_answers_htmx(client, staff, queued):
    client.force_login(staff)

    response = client.get(run_url(queued), headers={"HX-Request": "true"})

    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="synthesis-progress-region"')
    assert "<progress" in page
    assert "<html" not in page
    assert "HX-Refresh" not in response
    assert "HX-Request" in response["Vary"]


def test_the_progress_partial_stops_polling_once_the_run_is_done(client, staff, queued):
    services.synthesis_run(run_id=queued.pk, today=datetime.date(2026, 1, 15))
    client.force_login(staff)

    response = client.get(run_url(queued), headers={"HX-Request": "true"})

    assert response.status_code == 286
    assert response["HX-Refresh"] == "true"
    assert "hx-get" not in response.content.decode()


def test_only_get_reaches_a_run(client, staff, queued):
    client.force_login(staff)

    assert client.post(run_url(queued)).status_code == 405


# --- Queries -------------------------------------------------------------------------------------


def test_the_list_takes_the_same_queries_for_one_or_many_runs(client, staff, queued, django_assert_num_queries):
    client.force_login(staff)
    # session, user, unread notifications (the menu), the page's count and rows (with who
    # requested them, joined)
    with django_assert_num_queries(5):
        assert client.get(reverse(RUNS)).status_code == 200

    for year in range(2015, 2025):
        SynthesisRun.objects.create(years=[year], trigger=SynthesisRun.Trigger.MANUAL, requested_by=staff)
    with django_assert_num_queries(5):
        assert client.get(reverse(RUNS)).status_code == 200
