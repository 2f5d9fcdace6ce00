"""Benchmarks of the co-built indicators, run by ``bench.run`` (``--only indicators``).

- Importing 1,003,200 measurement rows end to end, validation included: a CSV file of 20
  indicators × Québec and the 18 RSS × 20 strata × 132 months (2015 to 2025), written once on
  disk with Québec French numbers in part of the rows ("1 234", "71,3"), then uploaded, mapped,
  checked, confirmed and imported through the services (the Celery tasks' bodies called in
  turn, each step timed), then imported a second time (nothing changes). The process's peak
  memory is read from ``getrusage`` after resetting the kernel's high-water mark, so the figure
  is the import's own.
- The measurements API over BENCH_MEASUREMENTS stored rows (default 5,000,000, written once by
  ``indicators.demo.seed_scale``, kept between runs with ``--keepdb``): typical filters.

Run on PostgreSQL, as in production:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/eco_bench_ind REDIS_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python -m bench.run --only indicators --keepdb
"""

import os
import random
import resource
import tempfile
import time
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

MEASUREMENTS = int(os.environ.get("BENCH_MEASUREMENTS", "5000000"))
DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR", tempfile.gettempdir())) / "ecosysteme-bench"
IMPORT_PREFIX = "BANC-"
IMPORT_INDICATORS = 20
IMPORT_MONTHS = int(os.environ.get("BENCH_IMPORT_MONTHS", "132"))
STEWARD = "mathieu@exemple.test"
HEADER = "indicateur;territoire;periode;dimension;categorie;valeur;numerateur;denominateur"
MAPPING = {
    "indicator": "indicateur",
    "territory": "territoire",
    "period": "periode",
    "dimension": "dimension",
    "category": "categorie",
    "value": "valeur",
    "numerator": "numerateur",
    "denominator": "denominateur",
}


# --- Data ------------------------------------------------------------------------------------


def seed() -> dict:
    """The demo data (Mathieu, the demo indicators), then the stored volume, written once: what a
    kept database already holds is reused, and its seeding figures are left as they were."""
    from django.core.management import call_command

    from indicators import demo
    from indicators.models import Indicator, Measurement

    seeding = {}
    if not Indicator.objects.filter(code="PREM-RECO").exists():
        started = time.perf_counter()
        call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        seeding["indicators_seed_demo_s"] = round(time.perf_counter() - started, 1)
    stored = Measurement.objects.filter(indicator__code__startswith=demo.SCALE_PREFIX).count()
    if stored < MEASUREMENTS:
        started = time.perf_counter()
        generated = demo.seed_scale(count=MEASUREMENTS - stored)
        seconds = time.perf_counter() - started
        seeding["indicators_seed_scale_s"] = round(seconds, 1)
        seeding["indicators_seed_scale_rows_per_s"] = round(generated["measurements"] / seconds)
        _analyze()
    return {
        "seeding": seeding,
        "data": {"measurements": Measurement.objects.count(), "indicators": Indicator.objects.count()},
    }


def _analyze() -> None:
    if connection.vendor == "postgresql":
        from indicators.models import Measurement

        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Measurement._meta.db_table}")


def api_requests() -> list[tuple[str, str]]:
    """(name, path) of the measurements API requests to time: anonymous, public values."""
    from indicators import demo

    measurements = reverse("measurement-list")
    code = f"{demo.SCALE_PREFIX}0001"
    rows = f"{MEASUREMENTS:,} rows"
    return [
        (f"api measurements, first page ({rows})", measurements),
        (
            f"api measurements, indicator + territory ({rows})",
            f"{measurements}?indicator={code}&territory=06",
        ),
        (
            f"api measurements, indicator + period range ({rows})",
            f"{measurements}?indicator={code}&period_after=2020-01-01&period_before=2020-12-31",
        ),
        (
            f"api measurements, indicator + territory + stratum ({rows})",
            f"{measurements}?indicator={code}&territory=06&dimension=age&category=65-74",
        ),
    ]


# --- The file to import ----------------------------------------------------------------------


def _months() -> list[str]:
    return [f"{2015 + month // 12}-{month % 12 + 1:02d}" for month in range(IMPORT_MONTHS)]


def _french(number: float, decimals: int) -> str:
    """1234.5 written the Québec French way: "1 234,5"."""
    return f"{number:,.{decimals}f}".replace(",", " ").replace(".", ",")


def import_file() -> Path:
    """The CSV file of the import benchmark, written on the first run and kept."""
    path = DATA_DIR / f"mesures-{IMPORT_INDICATORS}x19x20x{IMPORT_MONTHS}.csv"
    if path.exists():
        return path
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2026)  # noqa: S311  (benchmark data, not secrets)
    territories = ["QC", *(f"{number:02d}" for number in range(1, 19))]
    strata = _strata()
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8", newline="\n") as file:
        file.write(HEADER + "\n")
        for number in range(1, IMPORT_INDICATORS + 1):
            code = f"{IMPORT_PREFIX}{number:02d}"
            kind = _kind(number)
            lines = []
            for month in _months():
                for territory in territories:
                    for dimension, category in strata:
                        lines.append(f"{code};{territory};{month};{dimension};{category};{_values(kind, rng)}\n")
            file.write("".join(lines))
    partial.rename(path)
    return path


def _strata() -> list[tuple[str, str]]:
    from indicators.models import Stratum

    return list(Stratum.objects.order_by("position").values_list("dimension", "code"))


def _kind(number: int) -> str:
    return ["percent", "count", "score", "rate_100000", "days"][number % 5]


def _values(kind: str, rng: random.Random) -> str:
    """The value, numerator and denominator columns: French numbers in about half the rows."""
    french = rng.random() < 0.5
    if kind in ("percent", "rate_100000"):
        denominator = rng.randint(200, 250_000)
        share = rng.uniform(0.2, 0.95) if kind == "percent" else rng.uniform(0.0001, 0.002)
        numerator = round(denominator * share)
        if french:
            return f";{_french(numerator, 0)};{_french(denominator, 0)}"
        return f";{numerator};{denominator}"
    if kind == "count":
        value = rng.randint(0, 120_000) if rng.random() > 0.02 else rng.randint(1, 4)
        return f"{_french(value, 0) if french else value};;"
    value = rng.uniform(40, 90) if kind == "score" else rng.uniform(20, 400)
    return f"{_french(value, 1) if french else f'{value:.1f}'};;"


def _import_indicators(steward) -> list[int]:
    """The indicators the file is about: adopted, stewarded by Mathieu (written on the model, as
    the other generated volume is)."""
    from indicators.models import Direction, Frequency, Indicator, IndicatorVersion

    ids = []
    for number in range(1, IMPORT_INDICATORS + 1):
        code = f"{IMPORT_PREFIX}{number:02d}"
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            indicator = Indicator.objects.create(code=code, family="process", aim_dimension="value", status="adopted")
            version = IndicatorVersion.objects.create(
                indicator=indicator,
                number=1,
                name=f"Indicateur du banc d’essai {number:02d}",
                definition="Un indicateur pour mesurer l’import.",
                rationale="Mesurer l’import d’un million de valeurs.",
                unit=_kind(number),
                direction=Direction.NEITHER,
                data_source="Banc d’essai",
                frequency=Frequency.MONTHLY,
                adopted_at=timezone.now(),
            )
            Indicator.objects.filter(pk=indicator.pk).update(current=version, in_force=version)
        indicator.stewards.add(steward)
        ids.append(indicator.pk)
    return ids


# --- Timing the import -----------------------------------------------------------------------


def _reset_peak_memory() -> bool:
    """Reset the kernel's high-water mark of this process's memory (Linux 4.0 and later), so
    that ``ru_maxrss`` afterwards is the peak of what follows."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def _current_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def _one_import(steward, path: Path) -> dict:
    from indicators import services
    from indicators.models import ImportBatch

    size = path.stat().st_size
    memory = {"rss_before_mb": _current_mb(), "peak_before_mb": _peak_mb()}
    memory["peak_reset"] = _reset_peak_memory()
    steps = {}
    started = clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        steps[name] = now - clock
        clock = now

    with path.open("rb") as file:
        upload = UploadedFile(file, name=path.name, content_type="text/csv", size=size)
        batch = services.import_create(by=steward, file=upload)
    step("upload")
    services.import_map(batch=batch, by=steward, mapping=MAPPING, source="Banc d’essai")
    step("map")
    batch = services.import_check(batch_id=batch.pk)
    step("check")
    if batch.status != ImportBatch.Status.VALID:
        raise RuntimeError(f"The benchmark file did not check: {batch.status} {batch.errors[:3]}")
    services.import_confirm(batch=batch, by=steward)
    step("confirm")
    batch = services.import_run(batch_id=batch.pk)
    step("run")
    if batch.status != ImportBatch.Status.DONE:
        raise RuntimeError(f"The benchmark import failed: {batch.failure}")
    total = time.perf_counter() - started
    memory["peak_mb"] = _peak_mb()
    rows = batch.row_count
    return {
        "rows": rows,
        "file_mb": round(size / 1024 / 1024, 1),
        "seconds": round(total, 1),
        "rows_per_s": round(rows / total),
        "steps": {
            name: {"seconds": round(seconds, 2), "rows_per_s": round(rows / seconds) if seconds > 0.5 else None}
            for name, seconds in steps.items()
        },
        "inserted": batch.inserted,
        "updated": batch.updated,
        "unchanged": batch.unchanged,
        "memory": memory,
    }


def _clear(indicator_ids: list[int]) -> None:
    """Delete the benchmark's measurements in one statement (the ORM would first load a million
    rows to send their deletion signals)."""
    from indicators.models import Measurement

    placeholders = ", ".join(["%s"] * len(indicator_ids))
    with connection.cursor() as cursor:
        table = Measurement._meta.db_table  # from the model; every value is a parameter
        cursor.execute(f"DELETE FROM {table} WHERE indicator_id IN ({placeholders})", indicator_ids)  # noqa: S608


def import_figures() -> dict:
    """Import the file twice into the benchmark's indicators (cleared first), then clear them so
    that the API is measured over the stored volume only."""
    from ecosystem.models import User
    from indicators.tasks import import_check_task, import_run_task

    steward = User.objects.get(email=STEWARD)
    indicator_ids = _import_indicators(steward)
    started = time.perf_counter()
    path = import_file()
    file_s = time.perf_counter() - started
    _clear(indicator_ids)
    limit = max(settings.INDICATORS_IMPORT_MAX_BYTES, path.stat().st_size + 1)
    # The services queue the tasks after commit; their bodies are called here, in turn, to time
    # each step, so nothing is queued.
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media, INDICATORS_IMPORT_MAX_BYTES=limit),
        mock.patch.object(import_check_task, "delay"),
        mock.patch.object(import_run_task, "delay"),
    ):
        first = _one_import(steward, path)
        _analyze()
        again = _one_import(steward, path)
    _clear(indicator_ids)
    _analyze()
    return {
        "file": {
            "path": str(path),
            "written_s": round(file_s, 1),
            "within_upload_limit": limit == settings.INDICATORS_IMPORT_MAX_BYTES,
        },
        "first import": first,
        "same file again": again,
    }
