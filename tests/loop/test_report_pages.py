"""The reflective report: a territory (Québec or an RSS) and a quarter or a year, as a printable
page and as a PDF. Public, with final snapshots for visitors and drafts for staff and
decision-makers; a bad territory or period answers 404 with a message, never a 500."""

import builtins
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ecosystem.models import Territory
from indicators.models import Stratum
from initiatives.models import Learning
from loop.models import Synthesis, SynthesisRun
from loop.views import reports as report_views
from tests.factories import (
    DecisionFactory,
    InitiativeFactory,
    LearningFactory,
    MeasurementFactory,
    SignalFactory,
    TargetFactory,
)
from tests.loop.conftest import synthesize

# Every period of these tests is over: their snapshots are final.
AFTER = datetime.date(2026, 1, 15)
CALCULATED_ON = re.compile(r"Calculée? le")


def moment(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


def report_url(code: str, period: str) -> str:
    return reverse("loop:report", kwargs={"code": code, "period": period})


def pdf_url(code: str, period: str) -> str:
    return reverse("loop:report-pdf", kwargs={"code": code, "period": period})


@pytest.fixture
def field(montreal, capitale):
    """Montréal's third quarter of 2025: three published learnings of a public initiative (one
    cited by a decision), a draft, a learning of a team-only initiative, one published in the
    second quarter, and one in the Capitale-Nationale."""
    initiative = InitiativeFactory(title="Cuisines collectives du Centre-Sud")
    cited = LearningFactory(
        initiative=initiative,
        title="Le transport bloque la participation",
        statement="Sans navette, les familles éloignées ne viennent pas.\n\nUne navette du jeudi a tout changé.",
        transfer_conditions="Un partenaire de transport adapté sur le territoire.",
        kind="obstacle",
        published_at=moment(2025, 8, 5),
    )
    LearningFactory(initiative=initiative, title="Accueillir par le prénom", published_at=moment(2025, 7, 10))
    LearningFactory(initiative=initiative, title="Cuisiner avant de parler", published_at=moment(2025, 9, 1))
    LearningFactory(initiative=initiative, title="Brouillon en cours", status="draft", published_at=None)
    LearningFactory(
        initiative=InitiativeFactory(visibility="team"),
        title="Apprentissage réservé à l’équipe",
        published_at=moment(2025, 8, 1),
    )
    LearningFactory(initiative=initiative, title="Appris au printemps", published_at=moment(2025, 5, 2))
    LearningFactory(
        initiative=InitiativeFactory(territories=[capitale]),
        title="Appris à Québec",
        published_at=moment(2025, 8, 2),
    )
    signal = SignalFactory(title="Navettes demandées", status="in_review", created_at=moment(2025, 7, 20))
    decision = DecisionFactory(
        title="Navette du jeudi financée",
        decided_on=datetime.date(2025, 9, 15),
        learnings=[cited],
    )
    decision.signals.set([signal])
    DecisionFactory(title="Décision de Québec", territory=capitale, decided_on=datetime.date(2025, 9, 20))
    DecisionFactory(title="Décision de l’an dernier", decided_on=datetime.date(2024, 9, 20))
    return {"cited": cited, "decision": decision}


# --- The page ------------------------------------------------------------------------------------


def test_a_visitor_reads_the_report_of_an_rss_for_a_quarter(client, field):
    synthesize(2025, today=AFTER)

    response = client.get(report_url("06", "2025-T3"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "06 Montréal" in page
    assert CALCULATED_ON.search(page)
    assert "Brouillon" not in page
    # The period's public learnings in full, in the order they were published.
    assert page.index("Accueillir par le prénom") < page.index("Le transport bloque la participation")
    assert "Une navette du jeudi a tout changé." in page
    assert "Un partenaire de transport adapté sur le territoire." in page
    assert "Cuisiner avant de parler" in page
    for absent in ("Brouillon en cours", "Apprentissage réservé à l’équipe", "Appris au printemps", "Appris à Québec"):
        assert absent not in page
    # The period's decisions in the territory, with what informed them.
    assert "Navette du jeudi financée" in page
    assert "Navettes demandées" in page
    assert "Décision de Québec" not in page
    assert "Décision de l’an dernier" not in page
    # Three learnings: a count under 5, printed "< 5", never its value.
    assert response.context["report"].synthesis.figures["learnings"]["total"] is None
    assert "&lt; 5" in page


def test_the_year_report_holds_every_quarter(client, field):
    synthesize(2025, today=AFTER)

    page = client.get(report_url("06", "2025")).content.decode()

    assert "Appris au printemps" in page
    assert "Le transport bloque la participation" in page


def test_the_quebec_report_covers_every_region(client, field):
    synthesize(2025, today=AFTER)

    response = client.get(report_url("QC", "2025-T3"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ensemble du Québec" in page
    assert "Appris à Québec" in page
    assert "Décision de Québec" in page
    assert "Apprentissage réservé à l’équipe" not in page


def test_the_report_shows_the_indicators_with_target_and_previous_value(client, montreal, total):
    measurement = MeasurementFactory(
        indicator__code="PREM-ACCUEIL",
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 9, 30),
        value=71.3,
    )
    MeasurementFactory(
        indicator=measurement.indicator,
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2025, 6, 30),
        value=65,
    )
    TargetFactory(indicator=measurement.indicator, period_start=datetime.date(2025, 1, 1), value=80)
    synthesize(2025, today=AFTER)

    page = client.get(report_url("06", "2025-T3")).content.decode()

    assert "PREM-ACCUEIL" in page
    assert "71,3" in page
    assert "65,0" in page
    assert "80,0" in page


def test_an_english_reader_gets_the_report_at_its_english_address(client, field):
    from django.utils import translation

    synthesize(2025, today=AFTER)
    with translation.override("en"):  # the request activates English: restore French after it
        url = report_url("06", "2025-Q3")
        response = client.get(url)

    assert url.startswith("/en/")
    assert response.status_code == 200
    assert "Reflective report" in response.content.decode()


def test_without_a_snapshot_the_report_says_so(client, field):
    response = client.get(report_url("06", "2025-T3"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Aucune synthèse n’a encore été calculée" in page
    # The learnings and decisions are read from the records, so they are there all the same.
    assert "Le transport bloque la participation" in page
    assert "Navette du jeudi financée" in page


def test_a_period_still_running_is_a_draft_for_decision_makers_only(client, decision_maker, montreal):
    today = timezone.localdate()
    quarter = f"{today.year}-T{(today.month - 1) // 3 + 1}"
    synthesize(today.year)
    assert Synthesis.objects.filter(territory=montreal, provisional=True).exists()

    public = client.get(report_url("06", quarter)).content.decode()
    client.force_login(decision_maker)
    drafted = client.get(report_url("06", quarter)).content.decode()

    assert "n’est pas terminée" in public
    assert "Brouillon" not in public
    assert "Brouillon" in drafted
    assert CALCULATED_ON.search(drafted)


def test_staff_read_drafts_too(client, staff, montreal):
    today = timezone.localdate()
    synthesize(today.year)
    client.force_login(staff)

    page = client.get(report_url("06", str(today.year))).content.decode()

    assert "Brouillon" in page


@pytest.mark.parametrize("code", ["99", "00", "6", "montreal", "qc"])
def test_an_unknown_territory_answers_404(client, db, code):
    assert client.get(report_url(code, "2025")).status_code == 404


def test_a_local_territory_has_no_report(client, montreal):
    Territory.objects.create(kind=Territory.Kind.RLS, code="0611", name_fr="RLS du Centre-Sud", parent=montreal)

    assert client.get(report_url("0611", "2025")).status_code == 404


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("abc", "n’est pas une période"),
        ("2025-T5", "n’est pas une période"),
        ("2025-03", "un trimestre ou une année"),
        ("2025-S05", "un trimestre ou une année"),
        ("2025-03-15", "un trimestre ou une année"),
        ("2999", "pas encore commencé"),
        (f"{datetime.date.today().year + 1}-T1", "pas encore commencé"),
    ],
)
def test_a_bad_period_answers_404_with_a_message(client, montreal, period, message):
    for url in (report_url("06", period), pdf_url("06", period)):
        response = client.get(url)

        assert response.status_code == 404
        assert message in response.content.decode()


def test_the_report_is_read_only(client, montreal):
    assert client.post(report_url("06", "2025")).status_code == 405


def test_the_report_page_takes_the_same_queries_for_one_or_many_rows(
    client, field, montreal, django_assert_num_queries
):
    synthesize(2025, today=AFTER)
    # territory, snapshot, learnings, their themes, decisions, their learnings, signals,
    # syntheses and indicators (no indicator in the snapshot: no indicator or strata query)
    with django_assert_num_queries(9):
        assert client.get(report_url("06", "2025-T3")).status_code == 200

    for number in range(6):
        learning = LearningFactory(title=f"Encore {number}", published_at=moment(2025, 8, 10 + number))
        DecisionFactory(decided_on=datetime.date(2025, 8, 10 + number), learnings=[learning])
    with django_assert_num_queries(9):
        assert client.get(report_url("06", "2025-T3")).status_code == 200


def indicator_with_strata(code: str, women: float, men: float) -> None:
    """An indicator's third quarter of 2025 in Montréal: the total and the two sexes."""
    quarter = {"period_start": datetime.date(2025, 7, 1), "period_end": datetime.date(2025, 9, 30)}
    total = MeasurementFactory(indicator__code=code, value=(women + men) / 2, **quarter)
    for code_, value in (("femmes", women), ("hommes", men)):
        MeasurementFactory(
            indicator=total.indicator, stratum=Stratum.objects.get(dimension="sex", code=code_), value=value, **quarter
        )


def test_the_equity_gap_is_shown_with_the_strata_names(client, montreal):
    indicator_with_strata("PREM-ACCES", 60, 75)
    synthesize(2025, today=AFTER)

    page = client.get(report_url("06", "2025-T3")).content.decode()

    assert "Femmes : 60,0" in page
    assert "Hommes : 75,0" in page
    assert "1,25" in page


def test_the_report_takes_the_same_queries_for_one_or_many_indicators(client, montreal, django_assert_num_queries):
    indicator_with_strata("PREM-A", 60, 75)
    synthesize(2025, today=AFTER)
    # territory, snapshot, learnings, decisions, the indicators (with their versions) and the strata
    with django_assert_num_queries(6):
        assert client.get(report_url("06", "2025-T3")).status_code == 200

    indicator_with_strata("PREM-B", 50, 70)
    indicator_with_strata("PREM-C", 80, 82)
    synthesize(2025, today=AFTER)
    with django_assert_num_queries(6):
        response = client.get(report_url("06", "2025-T3"))
    assert [row.code for row in response.context["report"].figures.indicators] == ["PREM-A", "PREM-B", "PREM-C"]


def test_a_long_report_quotes_the_first_learnings_and_counts_the_others(client, montreal, monkeypatch):
    monkeypatch.setattr("loop.selectors.reports.REPORT_LEARNINGS_LIMIT", 2)
    for day in range(1, 5):
        LearningFactory(title=f"Apprentissage du {day} août", published_at=moment(2025, 8, day))

    page = client.get(report_url("06", "2025-T3")).content.decode()

    assert "Apprentissage du 2 août" in page
    assert "Apprentissage du 3 août" not in page
    assert "2 autres apprentissages" in page


# --- The PDF ---------------------------------------------------------------------------------------


def test_the_pdf_holds_the_report(client, field):
    synthesize(2025, today=AFTER)

    response = client.get(pdf_url("06", "2025-T3"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rapport-06-2025-T3.pdf"'
    assert response.content.startswith(b"%PDF")


def test_the_pdf_of_quebec_without_a_snapshot_is_still_a_pdf(client, db):
    response = client.get(pdf_url("QC", "2025"))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_without_weasyprint_the_pdf_link_offers_the_printable_page(client, field, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "weasyprint", None)

    response = client.get(pdf_url("06", "2025-T3"))

    assert response.status_code == 503
    page = response.content.decode()
    assert "Le PDF n’est pas offert ici" in page
    assert report_url("06", "2025-T3") in page


def test_without_pango_the_pdf_link_offers_the_printable_page(client, field, monkeypatch):
    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)

    response = client.get(pdf_url("06", "2025-T3"))

    assert response.status_code == 503
    assert report_url("06", "2025-T3") in response.content.decode()


def test_the_pdf_loads_only_the_platform_static_files():
    fetcher = report_views._pdf_fetcher()

    stylesheet = fetcher.fetch("http://testserver/static/css/main.css")
    assert b"--blue" in stylesheet.read()
    stylesheet.close()
    # A static path is read from disk whatever the host: nothing goes over the network.
    elsewhere = fetcher.fetch("https://example.com/static/css/main.css?v=1")
    assert b"--blue" in elsewhere.read()
    elsewhere.close()
    for url in (
        "http://testserver/static/../ecosystem/settings/base.py",
        "http://testserver/static//etc/passwd",
        "http://testserver/static/%2e%2e/manage.py",
        "http://testserver/static/css/missing.css",
        "http://testserver/media/secret.pdf",
        "https://example.com/font.woff2",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_nothing_is_written_by_reading_reports(client, field):
    synthesize(2025, today=AFTER)
    before = (Synthesis.objects.count(), SynthesisRun.objects.count(), Learning.objects.count())

    client.get(report_url("06", "2025-T3"))
    client.get(pdf_url("06", "2025-T3"))
    client.get(report_url("06", "abc"))

    assert (Synthesis.objects.count(), SynthesisRun.objects.count(), Learning.objects.count()) == before
