"""Benchmarks: `make bench`. Figures go to bench/results.json, never into test assertions.

Each scenario requests a page many times in-process (Django's test client, no network) on a
throw-away test database, and records median and p95 latency and the query count. Later
issues add their scenarios (large lists, imports, syntheses) to SCENARIOS.
"""

import json
import os
import platform
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecosystem.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results.json"
REPEAT = int(os.environ.get("BENCH_REPEAT", "200"))

SCENARIOS = {
    "home page (fr)": "/",
    "home page (en)": "/en/",
    "health": "/health/",
    "api territories list": "/api/v1/territories/",
    "api organizations list": "/api/v1/organizations/",
}


def measure(client: Client, path: str) -> dict:
    client.get(path)  # warm up caches and lazy imports
    durations = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(path)
        durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    settings.DEBUG = True
    reset_queries()
    client.get(path)
    queries = len(connection.queries)
    settings.DEBUG = False
    durations.sort()
    return {
        "path": path,
        "requests": REPEAT,
        "median_ms": round(statistics.median(durations), 2),
        "p95_ms": round(durations[int(len(durations) * 0.95) - 1], 2),
        "queries": queries,
    }


def main() -> None:
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        from django.core.management import call_command

        call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        client = Client()
        figures = {name: measure(client, path) for name, path in SCENARIOS.items()}
    finally:
        teardown_databases(databases, verbosity=0)
    results = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "database": connection.vendor,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "scenarios": figures,
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    for name, figure in figures.items():
        median, p95, queries = figure["median_ms"], figure["p95_ms"], figure["queries"]
        print(f"{name:28} median {median:7.2f} ms  p95 {p95:7.2f} ms  {queries} queries")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
