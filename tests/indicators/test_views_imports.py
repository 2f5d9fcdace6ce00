"""The steward's import page, through the browser's requests: uploading a CSV or XLSX file,
mapping its columns, reading the preview with every row error, confirming, the progress region
polled by htmx, the result, the history and the error report. Mathieu (steward) stewards
PREM-RECO (a percentage) and ATTENTE-GAMF (a count); tasks run eagerly once the transaction
commits."""

import csv
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from openpyxl import Workbook

from indicators import services
from indicators.importing import MAPPED_FIELDS
from indicators.models import ImportBatch, Measurement
from tests.factories import IndicatorFactory, MeasurementFactory, UserFactory

from .conftest import MAPPING, check_file, csv_upload

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _url(name: str, *args) -> str:
    return reverse(f"indicators:{name}", args=args)


def _page(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _mapping_data(**overrides) -> dict:
    data = dict.fromkeys(MAPPED_FIELDS, "")
    data.update(MAPPING)
    data.update(fixed_indicator="", source="Sondage sur l’expérience 2025")
    data.update(overrides)
    return data


def _form_data(form, **overrides) -> dict:
    """What the browser sends back for a form as the page shows it (the guessed columns)."""
    data = {name: form[name].value() or "" for name in form.fields if name != "cumulative"}
    data.update(overrides)
    return data


def _upload(client, upload):
    return client.post(_url("import-list"), {"file": upload})


def _uploaded(client, upload) -> ImportBatch:
    response = _upload(client, upload)
    batch = ImportBatch.objects.latest("pk")
    assert response.status_code == 302
    assert response.url == batch.get_absolute_url()
    return batch


def _map(client, django_capture_on_commit_callbacks, batch, data=None):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(batch.get_absolute_url(), data or _mapping_data())
    batch.refresh_from_db()
    return response


def _confirm(client, django_capture_on_commit_callbacks, batch):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("import-confirm", batch.pk))
    batch.refresh_from_db()
    return response


def _xlsx(rows: list[list], name: str = "valeurs.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile(name, content.getvalue(), content_type=XLSX)


def _report(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


# --- Who may import --------------------------------------------------------------------------


def test_a_visitor_is_sent_to_sign_in(client, steward, indicator):
    batch = services.import_create(by=steward, file=csv_upload(["PREM-RECO;06;2025-T1;;;71,3;;"]))
    for url in (_url("import-list"), batch.get_absolute_url(), _url("import-errors", batch.pk)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url
    response = client.post(_url("import-list"), {"file": csv_upload(["PREM-RECO;06;2025-T1;;;71,3;;"])})
    assert response.status_code == 302
    assert ImportBatch.objects.count() == 1


def test_someone_who_stewards_nothing_gets_404_and_uploads_nothing(client, outsider):
    client.force_login(outsider)
    assert client.get(_url("import-list")).status_code == 404
    assert _upload(client, csv_upload(["PREM-RECO;06;2025-T1;;;71,3;;"])).status_code == 404
    assert not ImportBatch.objects.exists()


def test_another_stewards_import_is_404_on_every_page(client, steward, indicator, django_capture_on_commit_callbacks):
    batch = check_file(steward, csv_upload(["PREM-RECO;06;2025-T1;;;140;;"]))
    assert batch.status == ImportBatch.Status.INVALID
    other = UserFactory(display_name="Hélène")
    IndicatorFactory(code="PROM-QDV", stewards=[other])
    client.force_login(other)

    assert client.get(_url("import-list")).status_code == 200
    assert client.get(batch.get_absolute_url()).status_code == 404
    assert client.get(batch.get_absolute_url(), headers={"HX-Request": "true"}).status_code == 404
    assert client.get(_url("import-errors", batch.pk)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(batch.get_absolute_url(), _mapping_data()).status_code == 404
        assert client.post(_url("import-confirm", batch.pk)).status_code == 404
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.INVALID
    assert batch.source == "Sondage 2025"
    assert batch.original_name not in _page(client.get(_url("import-list")))


def test_staff_read_every_import_and_its_report(client, staff, steward, indicator):
    batch = check_file(steward, csv_upload(["PREM-RECO;06;2025-T1;;;140;;"], name="sondage-mathieu.csv"))
    client.force_login(staff)

    page = _page(client.get(_url("import-list")))
    assert "sondage-mathieu.csv" in page
    assert "Mathieu" in page
    assert client.get(batch.get_absolute_url()).status_code == 200
    assert client.get(_url("import-errors", batch.pk)).status_code == 200


# --- The whole journey -----------------------------------------------------------------------


def test_a_steward_imports_a_csv_of_quebec_french_numbers(
    client, steward, indicator, count_indicator, montreal, capitale, total, women, django_capture_on_commit_callbacks
):
    client.force_login(steward)
    page = _page(client.get(_url("import-list")))
    assert 'accept=".csv,.xlsx"' in page
    assert "50 Mo" in page
    assert "Vous n’avez encore importé aucun fichier." in page

    upload = csv_upload(
        [
            "ATTENTE-GAMF;06;2025-T1;;;1 234,5;;",
            "PREM-RECO;Montréal;2025-T1;sexe;femmes;71,3;;",
            'PREM-RECO;03;2025-T1;total;total;;"1 234";2 000',
        ],
        name="valeurs-2025.csv",
    )
    batch = _uploaded(client, upload)
    assert batch.status == ImportBatch.Status.UPLOADED

    response = client.get(batch.get_absolute_url())
    form = response.context["form"]
    assert {key: form[key].value() for key in MAPPED_FIELDS} == {
        "indicator": "indicateur",
        "territory": "territoire",
        "period": "periode",
        "dimension": "dimension",
        "category": "categorie",
        "value": "valeur",
        "numerator": "numerateur",
        "denominator": "denominateur",
        "ci_low": "",
        "ci_high": "",
    }
    assert '<option value="valeur" selected>valeur</option>' in _page(response)
    assert not Measurement.objects.exists()

    response = _map(client, django_capture_on_commit_callbacks, batch, _form_data(form, source="Sondage 2025"))
    assert response.status_code == 302
    assert batch.status == ImportBatch.Status.VALID

    page = _page(client.get(batch.get_absolute_url()))
    assert "3 lignes vérifiées, aucune erreur." in page
    assert "1\xa0234,5" in page  # read as a number, written back the French way
    assert "71,3" in page
    assert "61,7" in page  # 1 234 / 2 000, as a percentage
    assert "Femmes" in page
    assert indicator.get_absolute_url() in page
    assert count_indicator.get_absolute_url() in page
    assert "Confirmer l’importation" in page
    assert not Measurement.objects.exists()  # nothing written before confirming

    response = _confirm(client, django_capture_on_commit_callbacks, batch)
    assert response.status_code == 302
    assert response.url == batch.get_absolute_url()
    assert batch.status == ImportBatch.Status.DONE

    page = _page(client.get(batch.get_absolute_url()))
    assert "Valeurs : 3 nouvelles, 0 modifiée, 0 inchangée." in page
    assert indicator.get_absolute_url() in page
    values = {
        (m.indicator.code, m.territory_id, m.stratum_id): float(m.value)
        for m in Measurement.objects.select_related("indicator")
    }
    assert values == {
        ("ATTENTE-GAMF", montreal.pk, total.pk): pytest.approx(1234.5),
        ("PREM-RECO", montreal.pk, women.pk): pytest.approx(71.3),
        ("PREM-RECO", capitale.pk, total.pk): pytest.approx(61.7),
    }
    assert set(Measurement.objects.values_list("source", "batch")) == {("Sondage 2025", batch.pk)}

    history = _page(client.get(_url("import-list")))
    assert "valeurs-2025.csv" in history
    assert "Importé" in history


def test_a_steward_imports_an_xlsx_workbook(client, steward, indicator, montreal, django_capture_on_commit_callbacks):
    client.force_login(steward)
    upload = _xlsx(
        [
            ["Indicateur", "RSS", "Période", "Valeur", "IC inf", "IC sup"],
            ["PREM-RECO", "06", "2025-T1", 71.3, "68,2", 74.4],
            ["PREM-RECO", "06", "2025-T2", "72,5", 69.1, 75.9],
        ]
    )
    batch = _uploaded(client, upload)
    assert batch.format == ImportBatch.Format.XLSX

    form = client.get(batch.get_absolute_url()).context["form"]
    assert form["indicator"].value() == "Indicateur"
    assert form["territory"].value() == "RSS"
    assert form["period"].value() == "Période"
    assert form["value"].value() == "Valeur"
    assert (form["ci_low"].value(), form["ci_high"].value()) == ("IC inf", "IC sup")
    _map(client, django_capture_on_commit_callbacks, batch, _form_data(form, source="Sondage 2025"))
    assert batch.status == ImportBatch.Status.VALID
    assert "2 lignes vérifiées, aucune erreur." in _page(client.get(batch.get_absolute_url()))

    _confirm(client, django_capture_on_commit_callbacks, batch)
    assert batch.status == ImportBatch.Status.DONE
    second = Measurement.objects.get(period_start__month=4)
    assert (float(second.value), float(second.ci_low), float(second.ci_high)) == (
        pytest.approx(72.5),
        pytest.approx(69.1),
        pytest.approx(75.9),
    )
    assert Measurement.objects.filter(territory=montreal).count() == 2


def test_one_indicator_can_be_chosen_for_a_file_without_indicator_codes(
    client, steward, indicator, django_capture_on_commit_callbacks
):
    client.force_login(steward)
    batch = _uploaded(client, csv_upload(["06;2025;71,3"], header="territoire;periode;valeur"))
    page = _page(client.get(batch.get_absolute_url()))
    assert "PREM-RECO – Part des usagers qui recommanderaient le service" in page

    data = _mapping_data(indicator="", dimension="", category="", numerator="", denominator="")
    data["fixed_indicator"] = "PREM-RECO"
    _map(client, django_capture_on_commit_callbacks, batch, data)
    assert batch.status == ImportBatch.Status.VALID
    assert batch.mapping["fixed_indicator"] == "PREM-RECO"


def test_reimporting_the_same_file_changes_nothing(client, steward, indicator, django_capture_on_commit_callbacks):
    client.force_login(steward)
    lines = ["PREM-RECO;06;2025-T1;;;71,3;;", "PREM-RECO;03;2025-T1;;;64,8;;"]
    for _round in range(2):
        batch = _uploaded(client, csv_upload(lines))
        _map(client, django_capture_on_commit_callbacks, batch)
        _confirm(client, django_capture_on_commit_callbacks, batch)
        assert batch.status == ImportBatch.Status.DONE

    assert (batch.inserted, batch.updated, batch.unchanged) == (0, 0, 2)
    assert "Valeurs : 0 nouvelle, 0 modifiée, 2 inchangées." in _page(client.get(batch.get_absolute_url()))
    assert Measurement.objects.count() == 2


# --- Bad input: a clear message per row, nothing written -------------------------------------


def _message(msgid: str, **values) -> str:
    return _(msgid) % values


BAD_ROWS = {
    "unknown indicator": (
        "NOPE;06;2025-T1;;;71,3;;",
        "indicateur",
        "NOPE",
        lambda: _message("Unknown indicator “%(code)s”.", code="NOPE"),
    ),
    "unknown territory": (
        "PREM-RECO;Atlantide;2025-T1;;;71,3;;",
        "territoire",
        "Atlantide",
        lambda: _message("Unknown territory “%(name)s”.", name="Atlantide"),
    ),
    "unknown stratum": (
        "PREM-RECO;06;2025-T1;sexe;autre-chose;71,3;;",
        "categorie",
        "autre-chose",
        lambda: _message("Unknown category “%(name)s” for this dimension.", name="autre-chose"),
    ),
    "a date that is not a date": (
        "PREM-RECO;06;2025-02-30;;;71,3;;",
        "periode",
        "2025-02-30",
        lambda: _message(
            "“%(text)s” is not a period: write 2024, 2024-T1, 2024-03, 2024-S05 or 2024-03-15.", text="2025-02-30"
        ),
    ),
    "a percentage of 140": (
        "PREM-RECO;06;2025-T1;;;140;;",
        "valeur",
        "140",
        lambda: _message("A percentage must be between 0 and 100 (here %(value)s).", value="140"),
    ),
    "N/A in a numeric column": (
        "PREM-RECO;06;2025-T1;;;N/A;;",
        "valeur",
        "N/A",
        lambda: _message("“%(value)s” is not a number.", value="N/A"),
    ),
    "< 5 in a numeric column": (
        "PREM-RECO;06;2025-T1;;;;< 5;40",
        "numerateur",
        "< 5",
        lambda: _message(
            "“%(value)s” is a suppressed value, not a number: give the count; the platform hides small counts itself.",
            value="< 5",
        ),
    ),
    "a duplicated row": (
        "PREM-RECO;03;2025-T1;total;total;64,8;;",
        "",
        "",
        lambda: _message("This row repeats row %(first)s: same indicator, territory, period and stratum.", first=3),
    ),
    "a formula cell": (
        'PREM-RECO;"=HYPERLINK(""http://exemple.test"",""ici"")";2025-T1;;;71,3;;',
        "territoire",
        '=HYPERLINK("http://exemple.test","ici")',
        lambda: _message("Formulas are not accepted: give the value itself."),
    ),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_a_bad_row_is_shown_with_its_message_and_nothing_is_written(
    client, steward, indicator, django_capture_on_commit_callbacks, case
):
    line, column, value, message = BAD_ROWS[case]
    existing = MeasurementFactory(indicator=indicator, value=50)
    client.force_login(steward)
    # Row 2 is good, row 3 is good too unless row 4 repeats it, row 4 is the bad one.
    upload = csv_upload(["PREM-RECO;06;2025-T2;;;71,3;;", "PREM-RECO;03;2025-T1;;;64,8;;", line])
    batch = _uploaded(client, upload)
    _map(client, django_capture_on_commit_callbacks, batch)

    assert batch.status == ImportBatch.Status.INVALID
    assert (batch.row_count, batch.error_count) == (3, 1)
    assert batch.errors == [{"row": 4, "column": column, "value": value, "message": message()}]
    page = _page(client.get(batch.get_absolute_url()))
    assert "3 lignes lues, 1 avec des erreurs." in page
    assert escape(message()) in page
    assert "Rien n’a été écrit." in page
    assert _url("import-errors", batch.pk) in page
    assert '<select name="value"' in page  # the mapping form, to map again
    assert "Confirmer l’importation" not in page

    response = _confirm(client, django_capture_on_commit_callbacks, batch)
    assert response.status_code == 302
    assert list(Measurement.objects.all()) == [existing]
    existing.refresh_from_db()
    assert existing.value == 50
    assert batch.status == ImportBatch.Status.INVALID


def test_confirming_a_file_with_errors_is_refused_with_a_message(
    client, steward, indicator, django_capture_on_commit_callbacks
):
    batch = check_file(steward, csv_upload(["PREM-RECO;06;2025-T1;;;140;;"]))
    client.force_login(steward)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("import-confirm", batch.pk), follow=True)
    assert _messages(response) == [_("Only a file checked without errors can be imported.")]
    assert client.get(_url("import-confirm", batch.pk)).status_code == 405
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.INVALID
    assert not Measurement.objects.exists()


def _zip_that_is_no_workbook() -> bytes:
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        archive.writestr("notes.txt", "Pas un classeur.")
    return content.getvalue()


BAD_FILES = {
    "a 0-byte file": ("vide.csv", b"", "The file is empty."),
    "a PNG renamed .csv": (
        "image.csv",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        "This file is neither a CSV file nor an XLSX workbook.",
    ),
    "a PDF renamed .csv": (
        "rapport.csv",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "This file is neither a CSV file nor an XLSX workbook.",
    ),
    "an unreadable workbook": (
        "classeur.xlsx",
        _zip_that_is_no_workbook(),
        "This file cannot be read: is it a CSV file or an XLSX workbook?",
    ),
    "a file without header": ("vide.csv", b"\n\n", "The file has no header row with the names of its columns."),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_on_the_form_and_nothing_is_kept(client, steward, indicator, case):
    name, content, message = BAD_FILES[case]
    client.force_login(steward)
    response = _upload(client, SimpleUploadedFile(name, content, content_type="text/csv"))

    assert response.status_code == 200
    assert escape(_(message)) in _page(response)
    assert response.context["form"].errors["file"] == [_(message)]
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_limit_is_refused(client, steward, indicator, settings):
    settings.INDICATORS_IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(steward)
    assert "1 Mo" in _page(client.get(_url("import-list")))
    lines = ["PREM-RECO;06;2025-T1;;;71,3;;"] * (1024 * 1024 // 28 + 10)

    response = _upload(client, csv_upload(lines))

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        _("The file is larger than %(size)s MB: split it.") % {"size": 1}
    ]
    assert not ImportBatch.objects.exists()


def test_a_mapping_the_service_refuses_is_shown_on_the_form(
    client, steward, indicator, django_capture_on_commit_callbacks
):
    client.force_login(steward)
    batch = _uploaded(client, csv_upload(["PREM-RECO;06;2025-T1;;;71,3;;"]))

    response = _map(client, django_capture_on_commit_callbacks, batch, _mapping_data(period=""))

    assert response.status_code == 200
    assert response.context["form"].errors["period"] == [_("Choose the column that holds this.")]
    assert batch.status == ImportBatch.Status.UPLOADED

    response = _map(client, django_capture_on_commit_callbacks, batch, _mapping_data(source=" "))
    assert response.status_code == 200
    assert "source" in response.context["form"].errors
    assert batch.status == ImportBatch.Status.UPLOADED

    data = _mapping_data(fixed_indicator="PREM-RECO")
    response = _map(client, django_capture_on_commit_callbacks, batch, data)
    assert response.status_code == 200
    assert "fixed_indicator" in response.context["form"].errors
    assert batch.status == ImportBatch.Status.UPLOADED


def test_a_file_can_be_mapped_again_after_errors(client, steward, indicator, django_capture_on_commit_callbacks):
    client.force_login(steward)
    upload = csv_upload(["PREM-RECO;06;2025-T1;71,3;1 200"], header="indicateur;territoire;periode;note;valeur")
    batch = _uploaded(client, upload)
    _map(
        client,
        django_capture_on_commit_callbacks,
        batch,
        _mapping_data(dimension="", category="", numerator="", denominator=""),
    )
    assert batch.status == ImportBatch.Status.INVALID  # 1 200 is not a percentage

    data = _mapping_data(dimension="", category="", numerator="", denominator="", value="note")
    _map(client, django_capture_on_commit_callbacks, batch, data)
    assert batch.status == ImportBatch.Status.VALID
    assert not Measurement.objects.exists()


def test_an_imported_file_cannot_be_mapped_again(client, steward, indicator, django_capture_on_commit_callbacks):
    client.force_login(steward)
    batch = _uploaded(client, csv_upload(["PREM-RECO;06;2025-T1;;;71,3;;"]))
    _map(client, django_capture_on_commit_callbacks, batch)
    _confirm(client, django_capture_on_commit_callbacks, batch)
    assert batch.status == ImportBatch.Status.DONE

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(batch.get_absolute_url(), _mapping_data(), follow=True)

    assert _messages(response)[-1] == _("This file is already being imported or has been imported.")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert Measurement.objects.count() == 1


# --- The error report ------------------------------------------------------------------------


def test_the_error_report_downloads_every_error_and_the_page_shows_the_first_200(client, steward, indicator):
    lines = [f"PREM-RECO;06;{2000 + n % 20}-T{n % 4 + 1};;;{150 + n};;" for n in range(205)]
    batch = check_file(steward, csv_upload(lines))
    assert (batch.row_count, batch.error_count, len(batch.errors)) == (205, 205, 200)
    client.force_login(steward)

    page = _page(client.get(batch.get_absolute_url()))
    assert page.count("<tr>") == 201  # the header and 200 errors
    assert "5 autres lignes avec des erreurs sont dans le rapport complet." in page

    response = client.get(_url("import-errors", batch.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".csv" in response["Content-Disposition"]
    rows = _report(response)
    assert len(rows) == 1 + 205
    assert [row[0] for row in rows[1:]] == [str(line) for line in range(2, 207)]
    assert all(row[1] == "valeur" for row in rows[1:])


def test_a_formula_is_neutralized_in_the_error_report(client, steward, indicator):
    upload = _xlsx(
        [
            ["indicateur", "territoire", "periode", "valeur"],
            ["PREM-RECO", "06", "2025-T1", '=HYPERLINK("http://exemple.test","ici")'],
        ]
    )
    batch = check_file(
        steward, upload, mapping={key: MAPPING[key] for key in ("indicator", "territory", "period", "value")}
    )
    assert batch.status == ImportBatch.Status.INVALID
    client.force_login(steward)

    rows = _report(client.get(_url("import-errors", batch.pk)))

    assert rows[1][:3] == ["2", "valeur", '\'=HYPERLINK("http://exemple.test","ici")']
    assert rows[1][3] == _("Formulas are not accepted: give the value itself.")
    assert not Measurement.objects.exists()


def test_there_is_no_report_to_download_for_a_file_without_errors(client, steward, indicator):
    batch = check_file(steward, csv_upload(["PREM-RECO;06;2025-T1;;;71,3;;"]))
    assert batch.status == ImportBatch.Status.VALID
    client.force_login(steward)
    assert client.get(_url("import-errors", batch.pk)).status_code == 404


# --- Progress --------------------------------------------------------------------------------


def test_while_the_file_is_checked_the_page_shows_its_progress(client, steward, indicator):
    batch = services.import_create(by=steward, file=csv_upload(["PREM-RECO;06;2025-T1;;;71,3;;"]))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.VALIDATING)
    services._set_progress(batch.pk, 42)
    client.force_login(steward)

    page = _page(client.get(batch.get_absolute_url()))
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert re.search(
        r'<div id="import-progress-region" role="status" aria-live="polite"[^>]*hx-trigger="every 1s"', page
    )
    assert '<label for="import-progress">' in page
    assert '<progress id="import-progress" max="100" value="42">42 %</progress>' in page

    response = client.get(batch.get_absolute_url(), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    fragment = _page(response)
    assert fragment.lstrip().startswith('<div id="import-progress-region"')
    assert "<html" not in fragment
    assert 'value="42"' in fragment


def test_polling_stops_with_286_once_the_work_is_done(client, steward, indicator):
    batch = check_file(steward, csv_upload(["PREM-RECO;06;2025-T1;;;71,3;;"]))
    client.force_login(steward)

    response = client.get(batch.get_absolute_url(), headers={"HX-Request": "true"})

    assert response.status_code == 286
    assert response["HX-Refresh"] == "true"
    fragment = _page(response)
    assert "Voir le résultat" in fragment
    assert "hx-trigger" not in fragment
    assert "<noscript>" not in _page(client.get(batch.get_absolute_url()))


def test_a_failed_import_says_what_went_wrong(client, steward, indicator):
    batch = check_file(steward, csv_upload(["PREM-RECO;06;2025-T1;;;71,3;;"]))
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.FAILED, failure="Le travailleur a disparu."
    )
    client.force_login(steward)
    page = _page(client.get(batch.get_absolute_url()))
    assert "Le travailleur a disparu." in page
    assert "Confirmer l’importation" not in page


def test_the_pages_speak_english_under_en(client, steward, indicator):
    batch = check_file(steward, csv_upload(["PREM-RECO;06;2025-T1;;;71,3;;"]))
    client.force_login(steward)
    with translation.override("en"):
        url = batch.get_absolute_url()
        list_url = _url("import-list")
    assert "1 row checked, no error." in _page(client.get(url))
    assert "Upload a file" in _page(client.get(list_url))


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("imports", [1, 30])
def test_the_history_runs_the_same_queries_for_1_or_30_imports(
    client, steward, indicator, django_assert_num_queries, imports
):
    for number in range(imports):
        ImportBatch.objects.create(
            created_by=steward,
            file=f"indicators/imports/{number}.csv",
            original_name=f"valeurs-{number}.csv",
            format="csv",
            source="Sondage 2025",
            status=ImportBatch.Status.DONE,
            row_count=10,
            inserted=10,
        )
    client.force_login(steward)
    # The session, the user, whether they steward an indicator, the count of their imports, the
    # menu's unread notifications and one page of imports (with who uploaded each).
    with django_assert_num_queries(6):
        response = client.get(_url("import-list"))
    assert response.status_code == 200
    assert _page(response).count("valeurs-") == min(imports, 20)
