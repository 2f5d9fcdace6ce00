"""A steward uploads a CSV with two bad rows, reads the preview and its errors, fixes the file,
imports it, watches the progress bar and finds the values on the indicator's sheet.

The import is queued, not run inline: the page shows its progress bar until the task runs
(here in the test's own thread: the real worker's behaviour is tested in
tests/indicators/test_worker.py), then shows the result without being reloaded by hand.
axe-core checks every page the journey visits."""

import pytest
from playwright.sync_api import Page, expect

from ecosystem.celery import app as celery_app
from indicators.models import ImportBatch, Measurement
from indicators.tasks import import_run_task
from tests.e2e.test_initiative_journey import french_url, sign_in
from tests.factories import IndicatorFactory, UserFactory

pytestmark = pytest.mark.e2e

HEADER = "indicateur;territoire;periode;dimension;categorie;valeur;numerateur;denominateur"
GOOD = [
    "PREM-RECO;06;2025-T1;Total;Total;71,3;;",
    "PREM-RECO;Capitale-Nationale;2025-T1;Total;Total;;1 712;2 000",
    "PREM-RECO;06;2025-T1;Sexe;Femmes;74,0;;",
    "PREM-RECO;06;2025-T1;Sexe;Hommes;68,5;;",
]
BAD = [
    *GOOD[:2],
    "PREM-RECO;Atlantide;2025-T1;Total;Total;70;;",  # no such territory
    "PREM-RECO;06;2025-T1;Sexe;Femmes;140;;",  # a percentage over 100
]


@pytest.fixture
def mathieu(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    steward = UserFactory(email="mathieu.e2e@exemple.test", display_name="Mathieu")
    IndicatorFactory(
        code="PREM-RECO",
        adopted=True,
        stewards=[steward],
        version__name="Part des usagers qui recommanderaient le service",
    )
    return steward


@pytest.fixture
def queued_tasks():
    """Tasks go to the broker instead of running inside the request (as with a real worker)."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True
    celery_app.control.purge() if celery_app.conf.broker_url.startswith("redis") else None


def upload(page: Page, base: str, tmp_path, name: str, lines: list[str]) -> None:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    page.goto(f"{base}{french_url('indicators:import-list')}")
    page.locator("main input[type=file]").set_input_files(str(path))
    page.locator("main form").get_by_role("button", name="Téléverser le fichier").click()
    # The columns are guessed from their names; the steward names the source and checks the file.
    expect(page.locator("main select").first).to_be_visible()
    page.locator("main input[name=source]").fill("Sondage sur l’expérience des usagers 2025")
    page.locator("main form").get_by_role("button", name="Vérifier le fichier").click()


def test_a_steward_fixes_a_file_imports_it_and_finds_the_values_on_the_sheet(
    live_server, page: Page, mathieu, tmp_path, assert_accessible, screenshot, request
):
    base = live_server.url
    sign_in(page, base, mathieu.email)

    # --- The first file has two bad rows: every error is listed, nothing is written ------------
    upload(page, base, tmp_path, "valeurs.csv", BAD)
    errors = page.locator("main table").filter(has_text="Atlantide")
    expect(errors).to_contain_text("Territoire inconnu")
    expect(errors).to_contain_text("entre 0 et 100")
    expect(errors.locator("tbody tr")).to_have_count(2)
    expect(
        page.locator(f'main a[href$="{french_url("indicators:import-errors", ImportBatch.objects.get().pk)}"]')
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "indicator-import-errors.png")
    assert not Measurement.objects.exists()

    # --- The corrected file passes: the preview shows the rows as read -------------------------
    upload(page, base, tmp_path, "valeurs-corrigees.csv", GOOD)
    expect(page.locator("main")).to_contain_text("4 lignes vérifiées, aucune erreur")
    expect(page.locator("main table")).to_contain_text("71,3")
    assert_accessible(page)
    batch = ImportBatch.objects.get(original_name="valeurs-corrigees.csv")
    assert batch.status == ImportBatch.Status.VALID and not Measurement.objects.exists()

    # --- Confirming queues the import: the progress bar shows until it is done ------------------
    request.getfixturevalue("queued_tasks")
    page.locator("main form").get_by_role("button", name="Confirmer l’importation").click()
    progress = page.locator("main [role=status] progress")
    expect(progress).to_be_visible()
    assert_accessible(page)
    screenshot(page, "indicator-import-progress.png")
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.IMPORTING

    import_run_task.apply(args=[batch.pk])  # what the worker does with the queued task

    # The page polls its progress and shows the result by itself.
    expect(page.locator("main h2#result-title")).to_be_visible(timeout=15_000)
    expect(page.locator("main")).to_contain_text("4 nouvelles")
    assert_accessible(page)
    assert Measurement.objects.count() == 4

    # --- The values are on the indicator's sheet ---------------------------------------------
    page.locator("main").get_by_role("link", name="PREM-RECO", exact=False).first.click()
    expect(page).to_have_url(f"{base}{french_url('indicators:detail', 'PREM-RECO')}")
    main = page.locator("main")
    expect(main).to_contain_text("71,3")
    expect(main).to_contain_text("85,6")  # 1 712 out of 2 000, derived
    assert_accessible(page)
    screenshot(page, "indicator-sheet.png")
