"""Importing measurements through the services: what a file may hold, what it may not (a clear
message per row, nothing written), re-imports, running totals and suppression."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from ecosystem.exceptions import ApplicationError
from indicators import importing, services
from indicators.models import ImportBatch, Measurement
from tests.factories import IndicatorFactory, MeasurementFactory
from tests.indicators.conftest import HEADER, MAPPING, check_file, csv_upload, import_file


def messages(batch: ImportBatch) -> list[str]:
    return [error["message"] for error in batch.errors]


def values() -> list[tuple]:
    return list(
        Measurement.objects.order_by("territory__code", "period_start", "stratum__position").values_list(
            "territory__code", "period_start", "stratum__code", "value"
        )
    )


class TestReadingAFile:
    def test_quebec_french_numbers_codes_and_names(self, steward, indicator):
        batch = import_file(
            steward,
            csv_upload(
                [
                    "PREM-RECO;06;2025-T1;;;71,3;;",
                    "PREM-RECO;Capitale-Nationale;2025-T1;Total;Total;;1 712;2 000",
                    "prem-reco;06;2025-T1;Sexe;Femmes;;1\u00a0234,0;1\u202f500",
                ]
            ),
        )

        assert batch.status == ImportBatch.Status.DONE, batch.errors
        assert (batch.row_count, batch.inserted, batch.updated, batch.unchanged) == (3, 3, 0, 0)
        stored = {
            (m.territory.code, m.stratum.code): m for m in Measurement.objects.select_related("territory", "stratum")
        }
        assert stored["06", "total"].value == Decimal("71.3")
        assert stored["03", "total"].value == Decimal("85.6")  # derived: 1712 / 2000 × 100
        assert stored["03", "total"].numerator == 1712 and stored["03", "total"].denominator == 2000
        assert stored["06", "femmes"].value == Decimal("82.2667")
        first = stored["06", "total"]
        assert (first.granularity, first.period_start, first.period_end) == (
            "quarter",
            datetime.date(2025, 1, 1),
            datetime.date(2025, 3, 31),
        )
        assert first.version == indicator.in_force and first.source == "Sondage 2025" and first.batch == batch

    @pytest.mark.parametrize(
        ("text", "granularity", "start", "end"),
        [
            ("2024", "year", "2024-01-01", "2024-12-31"),
            ("2024-T4", "quarter", "2024-10-01", "2024-12-31"),
            ("2024-Q2", "quarter", "2024-04-01", "2024-06-30"),
            ("2024-02", "month", "2024-02-01", "2024-02-29"),
            ("2024-S05", "week", "2024-01-29", "2024-02-04"),
            ("2024-03-15", "day", "2024-03-15", "2024-03-15"),
        ],
    )
    def test_periods(self, steward, indicator, text, granularity, start, end):
        import_file(steward, csv_upload([f"PREM-RECO;06;{text};;;50;;"]))

        measurement = Measurement.objects.get()
        assert (measurement.granularity, str(measurement.period_start), str(measurement.period_end)) == (
            granularity,
            start,
            end,
        )

    def test_comma_separated_and_windows_1252_files(self, steward, indicator):
        header = HEADER.replace(";", ",")
        lines = ['PREM-RECO,Montréal,2025-T1,,,"71,3",,']
        batch = import_file(steward, csv_upload(lines, header=header, encoding="cp1252"))

        assert batch.status == ImportBatch.Status.DONE, batch.errors
        assert Measurement.objects.get().value == Decimal("71.3")

    def test_an_xlsx_workbook(self, steward, indicator):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(HEADER.split(";"))
        sheet.append(["PREM-RECO", "06", "2025-T1", None, None, 71.3, None, None])
        sheet.append(["PREM-RECO", "03", datetime.datetime(2025, 3, 15), None, None, None, 80, 100])
        content = io.BytesIO()
        workbook.save(content)
        upload = SimpleUploadedFile("valeurs.xlsx", content.getvalue())

        batch = import_file(steward, upload)

        assert batch.format == "xlsx" and batch.status == ImportBatch.Status.DONE, batch.errors
        assert sorted(Measurement.objects.values_list("granularity", "value")) == [
            ("day", Decimal("80")),
            ("quarter", Decimal("71.3")),
        ]

    def test_a_file_about_one_indicator(self, steward, indicator):
        mapping = {"territory": "territoire", "period": "periode", "value": "valeur", "fixed_indicator": "prem-reco"}
        batch = import_file(steward, csv_upload(["06;2025;70"], header="territoire;periode;valeur"), mapping=mapping)

        assert batch.status == ImportBatch.Status.DONE, batch.errors
        assert Measurement.objects.get().indicator == indicator

    def test_the_preview_keeps_the_first_rows_as_read(self, steward, indicator):
        batch = check_file(steward, csv_upload(["PREM-RECO;06;2025-T1;;;71,3;;"]))

        assert batch.status == ImportBatch.Status.VALID
        assert batch.sample[0]["value"] == 71.3 and batch.sample[0]["period"] == "2025-T1"
        assert not Measurement.objects.exists()  # the preview writes nothing


class TestBadInput:
    @pytest.mark.parametrize(
        ("line", "column", "message"),
        [
            ("INCONNU;06;2025-T1;;;50;;", "indicateur", "Indicateur inconnu"),
            ("PREM-RECO;99;2025-T1;;;50;;", "territoire", "Territoire inconnu"),
            ("PREM-RECO;Atlantide;2025-T1;;;50;;", "territoire", "Territoire inconnu"),
            ("PREM-RECO;06;2025-T1;couleur;bleu;50;;", "dimension", "Dimension d’équité inconnue"),
            ("PREM-RECO;06;2025-T1;sexe;martien;50;;", "categorie", "Catégorie inconnue"),
            ("PREM-RECO;06;2025-02-30;;;50;;", "periode", "n’est pas une période"),
            ("PREM-RECO;06;hier;;;50;;", "periode", "n’est pas une période"),
            ("PREM-RECO;06;2025-T1;;;140;;", "valeur", "entre 0 et 100"),
            ("PREM-RECO;06;2025-T1;;;;150;100", "valeur", "entre 0 et 100"),
            ("PREM-RECO;06;2025-T1;;;N/A;;", "valeur", "n’est pas un nombre"),
            ("PREM-RECO;06;2025-T1;;;< 5;;", "valeur", "valeur masquée"),
            ("PREM-RECO;06;2025-T1;;;;12;0", "denominateur", "plus grand que zéro"),
            ("PREM-RECO;06;2025-T1;;;;12;", "denominateur", "ou aucun des deux"),
            ("PREM-RECO;06;2025-T1;;;;;", "valeur", "La valeur est manquante"),
            ("PREM-RECO;06;2025-T1;;;60;12;100", "valeur", "ne correspond pas"),
            ('PREM-RECO;=HYPERLINK("http://x.test";"06");2025-T1;;;50;;', "territoire", "formules"),
            ("=1+1;06;2025-T1;;;50;;", "indicateur", "formules"),
        ],
    )
    def test_each_bad_row_gets_a_clear_message_and_nothing_is_written(self, steward, indicator, line, column, message):
        batch = check_file(steward, csv_upload(["PREM-RECO;06;2024-T4;;;70;;", line]))

        assert batch.status == ImportBatch.Status.INVALID
        assert batch.error_count == 1 and batch.row_count == 2
        assert batch.errors[0]["row"] == 3 and batch.errors[0]["column"] == column
        assert message in batch.errors[0]["message"], batch.errors
        with pytest.raises(ApplicationError):
            services.import_confirm(batch=batch, by=steward)
        assert not Measurement.objects.exists()

    def test_a_count_cannot_be_negative(self, steward, count_indicator):
        batch = check_file(steward, csv_upload(["ATTENTE-GAMF;06;2025-T1;;;-3;;"]))
        assert "ne peut pas être négative" in messages(batch)[0]

    def test_a_duplicated_row_names_the_first_one(self, steward, indicator):
        batch = check_file(
            steward,
            csv_upload(
                ["PREM-RECO;06;2025-T1;;;70;;", "PREM-RECO;07;2025-T1;;;70;;", "PREM-RECO;Montréal;2025-T1;Total;;71;;"]
            ),
        )

        assert batch.status == ImportBatch.Status.INVALID
        assert batch.errors == [
            {
                "row": 4,
                "column": "",
                "value": "",
                "message": "Cette ligne répète la ligne 2 : même indicateur, territoire, période et strate.",
            }
        ]

    def test_an_indicator_one_does_not_steward(self, steward, indicator):
        IndicatorFactory(code="AUTRE", adopted=True)
        batch = check_file(steward, csv_upload(["AUTRE;06;2025-T1;;;50;;"]))
        assert "Vous n’êtes pas responsable" in messages(batch)[0]

    def test_every_error_goes_to_the_report_formulas_neutralized(self, steward, indicator):
        lines = [f"PREM-RECO;06;2025-T1;;;{value};;" for value in ("abc", '=HYPERLINK("http://x.test")', "101")]
        batch = check_file(steward, csv_upload(lines))

        report = batch.error_report.open("rb").read().decode("utf-8-sig")
        assert report.splitlines()[0] == "ligne,colonne,valeur,erreur"
        assert len(report.splitlines()) == 4
        assert "'=HYPERLINK" in report and ",=HYPERLINK" not in report

    @pytest.mark.parametrize(
        ("content", "name", "message"),
        [
            (b"", "vide.csv", "vide"),
            (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image.csv", "ni un fichier CSV"),
            (b"%PDF-1.7\n" + b"x" * 64, "rapport.csv", "ni un fichier CSV"),
            (b"PK\x03\x04 not really a workbook", "faux.xlsx", "illisible"),
            (b"\n\n", "vide.csv", "en-tête"),
        ],
    )
    def test_bad_files_are_refused_and_nothing_is_kept(self, steward, indicator, content, name, message):
        with pytest.raises(ValidationError) as error:
            services.import_create(by=steward, file=SimpleUploadedFile(name, content))
        assert message in error.value.message_dict["file"][0]
        assert not ImportBatch.objects.exists()

    def test_a_file_over_the_limit(self, steward, indicator, settings):
        settings.INDICATORS_IMPORT_MAX_BYTES = 1024 * 1024
        big = csv_upload(["PREM-RECO;06;2025-T1;;;71,3;;"] * 40_000)
        with pytest.raises(ValidationError, match="dépasse 1 Mo"):
            services.import_create(by=steward, file=big)
        assert not ImportBatch.objects.exists()

    def test_a_header_without_rows(self, steward, indicator):
        batch = check_file(steward, csv_upload([]))
        assert batch.status == ImportBatch.Status.INVALID and "aucune ligne" in messages(batch)[0]

    def test_a_mapping_to_missing_columns(self, steward, indicator):
        batch = services.import_create(by=steward, file=csv_upload(["PREM-RECO;06;2025-T1;;;71;;"]))
        with pytest.raises(ValidationError) as error:
            services.import_map(batch=batch, by=steward, mapping={**MAPPING, "territory": "region"}, source="x")
        assert "territory" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            services.import_map(batch=batch, by=steward, mapping={"territory": "territoire"}, source="")
        assert {"period", "indicator", "value"} <= set(error.value.message_dict)
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.UPLOADED

    def test_only_stewards_import_and_only_their_own_files(self, steward, indicator, outsider, organizer):
        with pytest.raises(PermissionDenied):
            services.import_create(by=outsider, file=csv_upload(["PREM-RECO;06;2025-T1;;;71;;"]))
        batch = services.import_create(by=steward, file=csv_upload(["PREM-RECO;06;2025-T1;;;71;;"]))
        IndicatorFactory(stewards=[organizer])
        with pytest.raises(PermissionDenied):
            services.import_map(batch=batch, by=organizer, mapping=MAPPING, source="x")


class TestReimport:
    LINES = [
        "PREM-RECO;06;2025-T1;;;71,3;;",
        "PREM-RECO;03;2025-T1;;;;1 712;2 000",
        "PREM-RECO;06;2025-T1;sexe;femmes;;2;3",
    ]

    def test_importing_the_same_file_again_changes_nothing(self, steward, indicator):
        first = import_file(steward, csv_upload(self.LINES))
        before = list(Measurement.objects.order_by("pk").values())

        again = import_file(steward, csv_upload(self.LINES))

        assert again.status == ImportBatch.Status.DONE
        assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
        assert list(Measurement.objects.order_by("pk").values()) == before  # batch included: rows untouched
        assert Measurement.objects.filter(batch=first).count() == 3

    def test_a_corrected_value_is_updated_in_place(self, steward, indicator):
        import_file(steward, csv_upload(self.LINES))
        corrected = import_file(steward, csv_upload(["PREM-RECO;06;2025-T1;;;72;;", *self.LINES[1:]]))

        assert (corrected.inserted, corrected.updated, corrected.unchanged) == (0, 1, 2)
        assert Measurement.objects.count() == 3
        assert Measurement.objects.get(territory__code="06", stratum__code="total").value == 72

    def test_a_failure_while_writing_leaves_nothing(self, steward, indicator, monkeypatch):
        batch = check_file(steward, csv_upload(self.LINES))

        def broken(**kwargs):
            raise RuntimeError("disk full")

        monkeypatch.setattr(importing, "suppress_complementary", broken)
        services.import_confirm(batch=batch, by=steward)
        batch = services.import_run(batch_id=batch.pk)

        assert batch.status == ImportBatch.Status.FAILED and "rien n’a été enregistré" in batch.failure
        assert not Measurement.objects.exists()


class TestRunningTotals:
    def lines(self, totals, territory="06"):
        return [
            f"ATTENTE-GAMF;{territory};2025-T{quarter};;;{total};;" for quarter, total in enumerate(totals, start=1)
        ]

    def test_the_count_of_each_period_is_its_difference(self, steward, count_indicator):
        batch = import_file(
            steward, csv_upload(self.lines([120, 150, 150, 210]) + self.lines([7, 9], "03")), cumulative=True
        )

        assert batch.status == ImportBatch.Status.DONE, batch.errors
        assert [v for code, _start, _stratum, v in values() if code == "06"] == [120, 30, 0, 60]
        assert [v for code, _start, _stratum, v in values() if code == "03"] == [7, 2]

    @pytest.mark.parametrize(
        ("totals_lines", "message"),
        [
            (["ATTENTE-GAMF;06;2025-T2;;;100;;", "ATTENTE-GAMF;06;2025-T1;;;80;;"], "ordre chronologique"),
            (["ATTENTE-GAMF;06;2025-T1;;;80;;", "ATTENTE-GAMF;06;2025-T3;;;100;;"], "Il manque une période"),
            (["ATTENTE-GAMF;06;2025-T1;;;80;;", "ATTENTE-GAMF;06;2025-T2;;;70;;"], "Le cumul diminue"),
        ],
    )
    def test_series_that_cannot_be_differenced(self, steward, count_indicator, totals_lines, message):
        batch = check_file(steward, csv_upload(totals_lines), cumulative=True)
        assert batch.status == ImportBatch.Status.INVALID and message in messages(batch)[0]

    def test_only_for_counts(self, steward, indicator):
        batch = check_file(steward, csv_upload(["PREM-RECO;06;2025-T1;;;50;;"]), cumulative=True)
        assert "nombre" in messages(batch)[0]


class TestSuppression:
    def test_a_small_count_and_the_cell_that_would_reveal_it_are_suppressed(self, steward, count_indicator):
        # Région 06, 2025-T1, by age: 12, 3 and 9 people (total 24). Publishing 12, 9 and 24 would give 3 away.
        lines = [
            "ATTENTE-GAMF;06;2025-T1;;;24;;",
            "ATTENTE-GAMF;06;2025-T1;groupe d'âge;18-34;12;;",
            "ATTENTE-GAMF;06;2025-T1;groupe d'âge;35-64;3;;",
            "ATTENTE-GAMF;06;2025-T1;groupe d'âge;65-74;9;;",
            "ATTENTE-GAMF;06;2025-T1;sexe;femmes;14;;",
            "ATTENTE-GAMF;06;2025-T1;sexe;hommes;10;;",
        ]
        import_file(steward, csv_upload(lines))

        suppressed = dict(Measurement.objects.values_list("stratum__code", "suppressed"))
        assert suppressed == {
            "total": False,
            "18-34": False,
            "35-64": True,
            "65-74": True,
            "femmes": False,
            "hommes": False,
        }
        small = dict(Measurement.objects.values_list("stratum__code", "small"))
        assert small["35-64"] and not small["65-74"]

    def test_a_rate_with_a_small_numerator_is_suppressed(self, steward, indicator):
        import_file(steward, csv_upload(["PREM-RECO;06;2025-T1;;;;4;6", "PREM-RECO;03;2025-T1;;;;40;60"]))
        assert dict(Measurement.objects.values_list("territory__code", "suppressed")) == {"06": True, "03": False}

    def test_a_zero_is_not_a_small_count(self, steward, count_indicator):
        import_file(steward, csv_upload(["ATTENTE-GAMF;06;2025-T1;;;0;;"]))
        assert not Measurement.objects.get().suppressed

    def test_a_correction_lifts_the_complementary_suppression(self, steward, count_indicator):
        lines = ["ATTENTE-GAMF;06;2025-T1;sexe;femmes;3;;", "ATTENTE-GAMF;06;2025-T1;sexe;hommes;10;;"]
        import_file(steward, csv_upload(lines))
        assert Measurement.objects.filter(suppressed=True).count() == 2

        import_file(steward, csv_upload(["ATTENTE-GAMF;06;2025-T1;sexe;femmes;30;;", lines[1]]))

        assert not Measurement.objects.filter(suppressed=True).exists()

    def test_the_complementary_cell_may_come_from_an_earlier_import(self, steward, count_indicator, montreal):
        MeasurementFactory(
            indicator=count_indicator, territory=montreal, stratum_id=_stratum("sex", "hommes"), value=10
        )
        import_file(steward, csv_upload(["ATTENTE-GAMF;06;2025-T1;sexe;femmes;2;;"]))
        assert Measurement.objects.filter(suppressed=True).count() == 2


def _stratum(dimension, code):
    from indicators.models import Stratum

    return Stratum.objects.get(dimension=dimension, code=code).pk
