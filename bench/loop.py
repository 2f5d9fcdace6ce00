"""Benchmarks of the learning loop (issue #7), run by ``bench.run`` (``--only loop``).

(a) A synthesis run over the volume the issue names: BENCH_LOOP_MEASUREMENTS measurements
    (default 1,000,000, from ``indicators.demo.seed_scale``: generated indicators × Québec and
    the 18 RSS × 20 strata × 132 months, 2015 to 2025, so each year holds about a tenth),
    BENCH_LOOP_INITIATIVES initiatives (default 100,000, from ``initiatives.demo.seed_scale``:
    three to seven learnings each, about 500,000, their phase changes and publications spread
    from 2015 to today). ``loop.services.synthesis_run`` is timed for the year with the most data
    (measurements and published learnings dated in it), its steps timed by wrapping the
    functions of ``loop.synthesis`` it calls, its slowest queries listed; then the indicator part
    (``_indicator_figures`` over the year's periods) is compared with the bare SQL aggregate
    over the same window of measurements (by indicator × territory × month), measured in the
    same run. The run is timed twice: on a year without snapshots (they are inserted) and again
    (they are replaced). Then the run beat starts every night is timed: the current year (and
    the previous one during the first quarter), its snapshots replaced.
(b) The public dashboard pages under BENCH_LOOP_CONNECTIONS concurrent keep-alive connections
    (default 32), served by gunicorn with production settings on the benchmark database, next
    to a minimal Django view served the same way (``bench/urls.py``): requests per second and
    latency percentiles, from a load generator in this process (asyncio, raw HTTP/1.1) that
    shares the machine's cores with the server and the database.

The generated learnings are written in bulk, without the signal that splits their titles
into ``LearningWord`` rows: the seeding splits them afterwards (``loop.words.learning_words_fill``).

With ``--keepdb`` the volume is written once and reused: on this 2-core machine the seeding
took 14 minutes (the 100,000 initiatives 11 min; the measurements 23 s), a kept run about
1 min 30 s.
"""

import asyncio
import datetime
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

INITIATIVES = int(os.environ.get("BENCH_LOOP_INITIATIVES", "100000"))
MEASUREMENTS = int(os.environ.get("BENCH_LOOP_MEASUREMENTS", "1000000"))
CONNECTIONS = int(os.environ.get("BENCH_LOOP_CONNECTIONS", "32"))
SECONDS = float(os.environ.get("BENCH_LOOP_SECONDS", "15"))
WARMUP = float(os.environ.get("BENCH_LOOP_WARMUP", "3"))
# Two processes for two cores: the pages are CPU-bound Python, and the load generator and
# PostgreSQL need the same cores; four threads each overlap the waits on the database and
# Redis. The same shape as docker-compose.yml's web service.
WORKERS = int(os.environ.get("BENCH_LOOP_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_LOOP_THREADS", "4"))
ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("BENCH_DATA_DIR", tempfile.gettempdir())) / "ecosysteme-bench"

# A connection is closed after this many requests, as browsers and load balancers recycle
# theirs: otherwise the 32 connections stay with whichever gunicorn worker accepted them first,
# and one worker may serve most of them while the other idles.
REQUESTS_PER_CONNECTION = int(os.environ.get("BENCH_LOOP_REQUESTS_PER_CONNECTION", "100"))

TARGET_RUN_S = 30.0
TARGET_INDICATOR_RATIO = 2.0
TARGET_THROUGHPUT_SHARE = 0.40
TARGET_P99_MS = 100.0

# The functions of loop.synthesis a run goes through, timed one by one.
SYNTHESIS_STEPS = (
    "_count_flows",
    "_count_stocks",
    "suppress",
    "_recurring_words",
    "_median_days",
    "_indicator_figures",
)


# --- Data ------------------------------------------------------------------------------------


def seed() -> dict:
    """The demo data, then the volume up to the totals asked for (what is there is reused:
    after the pages' 10,000 initiatives, or in a database kept from an earlier run)."""
    from django.core.management import call_command

    from indicators import demo as indicators_demo
    from indicators.models import Indicator, Measurement
    from initiatives import demo as initiatives_demo
    from initiatives.models import Initiative
    from loop.models import LearningWord
    from loop.words import learning_words_fill

    seeding: dict = {}
    if not Indicator.objects.filter(code="PREM-RECO").exists():
        started = time.perf_counter()
        call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        seeding["seed_demo_s"] = round(time.perf_counter() - started, 1)
    missing = INITIATIVES - Initiative.objects.count()
    if missing > 0:
        started = time.perf_counter()
        made = initiatives_demo.seed_scale(count=missing)
        seconds = time.perf_counter() - started
        seeding["initiatives_seed_scale_s"] = round(seconds, 1)
        seeding["initiatives_seed_scale"] = made
    if "initiatives_seed_scale" in seeding or not LearningWord.objects.exists():
        # The learnings were written in bulk, without the signal that splits their titles.
        started = time.perf_counter()
        seeding["learning_words"] = learning_words_fill()
        seeding["learning_words_s"] = round(time.perf_counter() - started, 1)
    missing = MEASUREMENTS - Measurement.objects.count()
    if missing > 0:
        started = time.perf_counter()
        made = indicators_demo.seed_scale(count=missing)
        seconds = time.perf_counter() - started
        seeding["indicators_seed_scale_s"] = round(seconds, 1)
        seeding["indicators_seed_scale_rows_per_s"] = round(made["measurements"] / seconds)
    if seeding and connection.vendor == "postgresql":
        # Fresh planner statistics and visibility maps (index-only scans), as autovacuum
        # would give in production after such a load.
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        seeding["vacuum_analyze_s"] = round(time.perf_counter() - started, 1)
    return {"seeding": seeding, "data": volume()}


def volume() -> dict:
    from indicators.models import Measurement
    from initiatives.models import Initiative, Learning, PhaseChange

    return {
        "initiatives": Initiative.objects.count(),
        "learnings": Learning.objects.count(),
        "published learnings": Learning.objects.published().count(),
        "phase changes": PhaseChange.objects.count(),
        "measurements": Measurement.objects.count(),
    }


def by_year() -> dict[int, dict[str, int]]:
    """Measurements (by the start of their period) and published learnings in each year."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from indicators.models import Measurement
    from initiatives.models import Learning

    years: dict[int, dict[str, int]] = defaultdict(lambda: {"measurements": 0, "published learnings": 0})
    for row in Measurement.objects.values(year=ExtractYear("period_start")).annotate(n=Count("pk")).order_by():
        years[row["year"]]["measurements"] = row["n"]
    published = Learning.objects.published().filter(published_at__isnull=False)
    for row in published.values(year=ExtractYear("published_at")).annotate(n=Count("pk")).order_by():
        years[row["year"]]["published learnings"] = row["n"]
    return dict(sorted(years.items()))


def busiest_year(years: dict[int, dict[str, int]]) -> int:
    this_year = timezone.localdate().year
    candidates = {year: sum(counts.values()) for year, counts in years.items() if year <= this_year}
    return max(candidates, key=lambda year: (candidates[year], year))


# --- (a) The synthesis -----------------------------------------------------------------------


class Timings:
    """Wall time spent in wrapped functions, and in each SQL query (via an execute wrapper)."""

    def __init__(self) -> None:
        self.steps: dict[str, float] = defaultdict(float)
        self.calls: Counter = Counter()
        self.queries: list[tuple[float, str, object]] = []

    def wrap(self, name: str, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.steps[name] += time.perf_counter() - started
                self.calls[name] += 1

        return timed

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql, params))


def _timed_run(years: list[int], today: datetime.date) -> tuple[float, object, Timings]:
    from loop import services, synthesis
    from loop.models import SynthesisRun

    timings = Timings()
    patches = [
        mock.patch.object(synthesis, name, timings.wrap(name, getattr(synthesis, name))) for name in SYNTHESIS_STEPS
    ]
    patches.append(mock.patch.object(services, "_store", timings.wrap("_store", services._store)))
    run = SynthesisRun.objects.create(years=years, trigger=SynthesisRun.Trigger.MANUAL)
    for patch in patches:
        patch.start()
    try:
        with connection.execute_wrapper(timings):
            started = time.perf_counter()
            run = services.synthesis_run(run_id=run.pk, today=today)
            seconds = time.perf_counter() - started
    finally:
        for patch in patches:
            patch.stop()
    if run.status != SynthesisRun.Status.DONE:
        raise RuntimeError(f"The benchmark's synthesis run failed: {run.status} {run.failure}")
    return seconds, run, timings


FROM = re.compile(r'\bFROM "(\w+)"')


def by_table(queries) -> dict[str, dict]:
    """SQL time and query count by the first table each query reads (its FROM clause)."""
    tables: dict[str, list] = defaultdict(lambda: [0, 0.0])
    for taken, sql, _params in queries:
        found = FROM.search(sql)
        entry = tables[found.group(1) if found else "other"]
        entry[0] += 1
        entry[1] += taken
    ranked = sorted(tables.items(), key=lambda item: -item[1][1])
    return {table: {"queries": count, "seconds": round(taken, 2)} for table, (count, taken) in ranked}


def _run_figures(seconds: float, run, timings: Timings) -> dict:
    steps = {name: round(timings.steps.get(name, 0.0), 2) for name in (*SYNTHESIS_STEPS, "_store")}
    steps["the rest (shaping the documents, progress)"] = round(seconds - sum(timings.steps.values()), 2)
    slowest = sorted(timings.queries, key=lambda query: -query[0])[:5]
    figures = {
        "seconds": round(seconds, 2),
        "snapshots": run.synthesis_count,
        "steps_s": steps,
        "queries": len(timings.queries),
        "sql_s": round(sum(query[0] for query in timings.queries), 2),
        "sql_s_by_table": by_table(timings.queries),
        "slowest_queries": [{"seconds": round(taken, 2), "sql": sql[:300]} for taken, sql, _params in slowest],
    }
    if seconds >= TARGET_RUN_S and slowest:
        _taken, sql, params = slowest[0]
        figures["slowest_query_plan"] = explain(sql, params)
    return figures


def _window_sql() -> str:
    from indicators.models import Measurement

    table = Measurement._meta.db_table
    # The same rows _indicator_figures reads (its filters on this table), without its window.
    return (
        "SELECT indicator_id, territory_id, date_trunc('month', period_start), count(*), avg(value) "  # noqa: S608
        f"FROM {table} WHERE territory_id = ANY(%s) AND NOT suppressed AND value IS NOT NULL "
        "AND period_end <= %s AND period_start >= %s GROUP BY 1, 2, 3"
    )


def bare_aggregate(year_periods, territories: list[int]) -> dict:
    """The bare aggregate over each period's window of measurements, as _indicator_figures
    reads it (``period_start >= start − LOOKBACK`` and ``period_end <= end``), rows fetched."""
    from loop.synthesis import LOOKBACK

    per_period, rows, groups = {}, 0, 0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for period in year_periods:
            begun = time.perf_counter()
            cursor.execute(_window_sql(), [territories, period.end, period.start - LOOKBACK])
            fetched = cursor.fetchall()
            per_period[period.label] = round(time.perf_counter() - begun, 3)
            groups += len(fetched)
            rows += sum(row[3] for row in fetched)
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "per_period_s": per_period,
        "rows_aggregated": rows,
        "groups": groups,
    }


def indicator_part(year_periods, territories: list[int]) -> dict:
    """_indicator_figures over the year's periods, alone (warm), per period."""
    from loop import synthesis

    per_period = {}
    timings = Timings()
    started = time.perf_counter()
    with connection.execute_wrapper(timings):
        for period in year_periods:
            begun = time.perf_counter()
            synthesis._indicator_figures(period, territories)
            per_period[period.label] = round(time.perf_counter() - begun, 3)
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "per_period_s": per_period,
        # The queries' time (rows fetched included) and the rest, in Python.
        "sql_s": round(sum(query[0] for query in timings.queries), 3),
    }


def explain(sql: str, params) -> list[str]:
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def _indicator_queries(period, territories: list[int]) -> list[tuple[str, object]]:
    """The queries on the measurements that _indicator_figures sends for ``period``."""
    from indicators.models import Measurement
    from loop import synthesis

    timings = Timings()
    with connection.execute_wrapper(timings):
        synthesis._indicator_figures(period, territories)
    table = Measurement._meta.db_table
    return [(sql, params) for _taken, sql, params in timings.queries if f'FROM "{table}"' in sql]


def synthesis_figures() -> dict:
    from ecosystem.models import Territory
    from loop import services, synthesis
    from loop.models import Synthesis

    years = by_year()
    year = busiest_year(years)
    today = timezone.localdate()
    year_periods = synthesis.year_periods(year, today=today)
    province = Territory.objects.province().pk
    territories = [province, *Territory.objects.regions().values_list("pk", flat=True)]
    # The first run inserts the year's snapshots; a kept database already holds them.
    Synthesis.objects.filter(period_start__year=year).delete()
    first = _run_figures(*_timed_run([year], today))
    bare = bare_aggregate(year_periods, territories)
    again = _run_figures(*_timed_run([year], today))
    alone = indicator_part(year_periods, territories)
    # What beat runs every night: the current year and the one before, their snapshots replaced.
    nightly_years = services.nightly_years(today)
    nightly = _run_figures(*_timed_run(nightly_years, today))
    figures = {
        "year": year,
        "periods": [period.label for period in year_periods],
        "volume_by_year": {str(key): value for key, value in years.items()},
        "year_volume": years[year],
        "first run": first,
        "run again": again,
        "nightly run": {"years": nightly_years, **nightly},
        "indicator part": {
            "in the first run_s": first["steps_s"]["_indicator_figures"],
            "in the second run_s": again["steps_s"]["_indicator_figures"],
            "alone_s": alone["seconds"],
            "alone_per_period_s": alone["per_period_s"],
            "alone_sql_s": alone["sql_s"],
        },
        "bare aggregate": bare,
    }
    ratio = again["steps_s"]["_indicator_figures"] / bare["seconds"]
    figures["indicator ratio"] = round(ratio, 2)
    figures["targets"] = {
        "run_under_30_s": first["seconds"] < TARGET_RUN_S and again["seconds"] < TARGET_RUN_S,
        "nightly_run_under_30_s": nightly["seconds"] < TARGET_RUN_S,
        "indicator_within_2x": ratio <= TARGET_INDICATOR_RATIO,
    }
    # Where the time goes: the plans of the indicator query and of the bare aggregate (the
    # year's window), and of the run's slowest queries when the run is over its target.
    year_period = year_periods[0]
    from loop.synthesis import LOOKBACK

    plans = {
        "indicator queries (year)": [
            explain(sql, params) for sql, params in _indicator_queries(year_period, territories)
        ],
        "bare aggregate (year)": explain(_window_sql(), [territories, year_period.end, year_period.start - LOOKBACK]),
    }
    figures["plans"] = plans
    return figures


def print_synthesis(figures: dict) -> None:
    print(f"synthesis of {figures['year']} ({', '.join(figures['periods'])}): volume {figures['year_volume']}")
    for name in ("first run", "run again", "nightly run"):
        run = figures[name]
        steps = ", ".join(f"{step} {seconds} s" for step, seconds in run["steps_s"].items())
        if name == "nightly run":
            name = f"nightly run of {' and '.join(map(str, run['years']))}:"
        print(
            f"  {name:10} {run['seconds']:6.2f} s, {run['snapshots']} snapshots, {run['queries']} queries"
            f" ({run['sql_s']} s in SQL): {steps}"
        )
    part, bare = figures["indicator part"], figures["bare aggregate"]
    print(
        f"  indicator part {part['in the second run_s']} s in the run ({part['alone_s']} s alone) vs bare aggregate"
        f" {bare['seconds']} s over {bare['rows_aggregated']:,} rows: ratio {figures['indicator ratio']}"
        f" (target ≤ {TARGET_INDICATOR_RATIO})"
    )


# --- (b) The dashboard pages under load ------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    """DATABASE_URL with the benchmark's (test) database name."""
    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return urllib.parse.urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))


def _server_environment(static_root: Path) -> dict:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": _database_url(),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret-key-never-used-elsewhere-0123456789"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "ACCOUNT_DEFAULT_HTTP_PROTOCOL": "http",
        "LOG_LEVEL": "WARNING",
        "BENCH_STATIC_ROOT": str(static_root),
    }
    environment.pop("DJANGO_DEBUG", None)
    return environment


def collect_static(environment: dict) -> float | None:
    """The hashed, compressed static files production serves (its storage needs the manifest),
    collected again only when the project's static files changed since the last run."""
    manifest = Path(environment["BENCH_STATIC_ROOT"]) / "staticfiles.json"
    if manifest.exists():
        newest = max((path.stat().st_mtime for path in (ROOT / "static").rglob("*") if path.is_file()), default=0)
        if newest < manifest.stat().st_mtime:
            return None
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    return time.perf_counter() - started


@contextmanager
def gunicorn(environment: dict):
    """Serve the platform with gunicorn on a free port; yield (host, port, process)."""
    port = _free_port()
    workdir = Path(tempfile.mkdtemp(prefix="bench-gunicorn-"))
    log = workdir / "gunicorn.log"
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "ecosystem.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--worker-class=gthread",
        f"--workers={WORKERS}",
        f"--threads={THREADS}",
        "--timeout=30",
        "--worker-tmp-dir=/dev/shm",
        f"--control-socket={workdir / 'gunicorn.ctl'}",
        f"--error-logfile={log}",
        "--log-level=warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {log.read_text()[-2000:] if log.exists() else ''}")
            status = _get_status("127.0.0.1", port, "/bench/minimal/")
            if status == 200:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer: {status}")
            time.sleep(0.2)
        yield "127.0.0.1", port, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        errors = log.read_text() if log.exists() else ""
        shutil.rmtree(workdir, ignore_errors=True)
        if "Traceback" in errors:
            print(errors[-3000:], file=sys.stderr)


def _get_status(host: str, port: int, path: str) -> int | None:
    import http.client

    try:
        client = http.client.HTTPConnection(host, port, timeout=10)
        client.request("GET", path)
        response = client.getresponse()
        response.read()
        client.close()
        return response.status
    except OSError:
        return None


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one HTTP/1.1 response; return (status, whether the server closes the connection)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip().lower()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, headers.get("connection") == "close"


async def _client(host: str, port: int, request: bytes, measure_from: float, until: float, results: dict) -> None:
    reader = writer = None
    sent = 0
    while True:
        started = time.perf_counter()
        if started >= until:
            break
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
                results["connections"] += 1
                sent = 0
            writer.write(request)
            sent += 1
            status, close = await _read_response(reader)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as error:
            if measure_from <= time.perf_counter() <= until:
                results["errors"][type(error).__name__] += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.01)
            continue
        finished = time.perf_counter()
        # What completes within the measured window, whenever it started (a slow page's
        # requests straddle the window's edges).
        if measure_from <= finished <= until:
            results["latencies"].append(finished - started)
            results["statuses"][status] += 1
        if close or sent >= REQUESTS_PER_CONNECTION:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


def _cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children (gunicorn's master and workers), from /proc."""
    try:
        pids = [pid, *map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
        ticks = 0
        for each in pids:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    except (OSError, ValueError):
        return 0.0
    return ticks / os.sysconf("SC_CLK_TCK")


def _machine_busy_seconds() -> float:
    """CPU time used on all cores (everything but idle and iowait), from /proc/stat."""
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def load(
    host: str,
    port: int,
    path: str,
    *,
    connections: int = CONNECTIONS,
    seconds: float = SECONDS,
    server_pid: int | None = None,
) -> dict:
    """``connections`` clients sending GET ``path`` back to back on keep-alive connections for
    ``WARMUP`` + ``seconds``; figures over the responses completed in the last ``seconds``."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/html\r\n"
        "Accept-Language: fr-CA,fr;q=0.9\r\nUser-Agent: ecosysteme-bench\r\n\r\n"
    ).encode()
    results: dict = {"latencies": [], "statuses": Counter(), "errors": Counter(), "connections": 0}

    async def main() -> None:
        now = time.perf_counter()
        measure_from, until = now + WARMUP, now + WARMUP + seconds
        await asyncio.gather(*(_client(host, port, request, measure_from, until, results) for _ in range(connections)))

    cpu, server, busy = time.process_time(), _cpu_seconds(server_pid or 0), _machine_busy_seconds()
    wall = time.perf_counter()
    asyncio.run(main())
    # The clients finish their last requests after the window: CPU is shared over the whole run.
    wall = time.perf_counter() - wall
    cpu, server = time.process_time() - cpu, _cpu_seconds(server_pid or 0) - server
    busy = _machine_busy_seconds() - busy
    latencies = sorted(results["latencies"])
    done = len(latencies)
    ok = results["statuses"].get(200, 0)

    def percentile(share: float) -> float | None:  # nearest rank
        return round(latencies[math.ceil(done * share) - 1] * 1000, 1) if done else None

    return {
        "path": path,
        "connections": connections,
        "seconds": seconds,
        "requests": done,
        "requests_per_s": round(ok / seconds, 1),
        "median_ms": round(statistics.median(latencies) * 1000, 1) if done else None,
        "p95_ms": percentile(0.95),
        "p99_ms": percentile(0.99),
        "max_ms": round(latencies[-1] * 1000, 1) if done else None,
        "errors": done - ok + sum(results["errors"].values()),
        "statuses": {str(status): count for status, count in sorted(results["statuses"].items())},
        "connection_errors": dict(results["errors"]),
        # CPU used, in cores (2 = the whole machine), over warm-up and measure: the load
        # generator (this process), gunicorn's processes, and everything (PostgreSQL, Redis...).
        "cpu_cores": {
            "load_generator": round(cpu / wall, 2),
            "gunicorn": round(server / wall, 2),
            "machine": round(busy / wall, 2),
        },
    }


def pages() -> list[tuple[str, str]]:
    with translation.override(settings.LANGUAGE_CODE):
        return [
            ("minimal view", "/bench/minimal/"),
            ("dashboard, Québec", reverse("loop:dashboard")),
            ("dashboard, RSS 06", reverse("loop:dashboard-region", args=["06"])),
        ]


# A public page that exists, measured instead when the dashboard answers something else than 200
# (the harness keeps giving figures while the dashboard is being written).
FALLBACK = ("home page (the dashboard did not answer 200)", "/")


def profile(path: str) -> dict:
    """One anonymous request in this process: time, queries, the slowest ones (and the plan of
    the slowest), to say where a page's time goes."""
    from django.test import Client

    client = Client()
    client.get(path)  # warm up
    timings = Timings()
    with connection.execute_wrapper(timings):
        started = time.perf_counter()
        response = client.get(path)
        seconds = time.perf_counter() - started
    slowest = sorted(timings.queries, key=lambda query: -query[0])[:3]
    figures = {
        "status": response.status_code,
        "ms": round(seconds * 1000, 1),
        "queries": len(timings.queries),
        "sql_ms": round(sum(query[0] for query in timings.queries) * 1000, 1),
        "slowest_queries": [{"ms": round(taken * 1000, 1), "sql": sql[:400]} for taken, sql, _params in slowest],
    }
    if slowest and slowest[0][0] > 0.02:
        figures["slowest_query_plan"] = explain(slowest[0][1], slowest[0][2])
    return figures


def http_figures() -> dict:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    environment = _server_environment(DATA_DIR / "static")
    collect_s = collect_static(environment)
    figures: dict = {
        "server": {
            "gunicorn": f"gthread, {WORKERS} workers × {THREADS} threads",
            "settings": "ecosystem.settings.production (DEBUG off) + the minimal view's URL",
            "cache": "RedisCache" if os.environ.get("REDIS_URL") else "LocMemCache",
            "conn_max_age": int(os.environ.get("CONN_MAX_AGE", "0")),
            "collectstatic_s": round(collect_s, 1) if collect_s is not None else "kept from an earlier run",
        },
        "load generator": "asyncio, raw HTTP/1.1 keep-alive, same machine",
        "pages": {},
    }
    with gunicorn(environment) as (host, port, process):
        measured = pages()
        checked = []
        for name, path in measured:
            status = _get_status(host, port, path)
            if status != 200:
                figures["pages"][name] = {"path": path, "status": status, "measured": False}
                if FALLBACK not in checked:
                    checked.append(FALLBACK)
                continue
            checked.append((name, path))
        for name, path in checked:
            load_average = os.getloadavg()[0]
            figures["pages"][name] = figure = load(host, port, path, server_pid=process.pid)
            figure["load_average_1min_before"] = round(load_average, 2)
            cpu = figure["cpu_cores"]
            print(
                f"  {name:45} {figure['requests_per_s']:8.1f} req/s  median {figure['median_ms']} ms"
                f"  p95 {figure['p95_ms']} ms  p99 {figure['p99_ms']} ms  errors {figure['errors']}"
                f"  (CPU cores: load generator {cpu['load_generator']}, gunicorn {cpu['gunicorn']},"
                f" machine {cpu['machine']})"
            )
    # Where a page's time goes: one request in this process, its queries timed.
    for name, path in checked:
        if name != "minimal view":
            figures["pages"][name]["profile"] = profile(path)
    minimal = figures["pages"]["minimal view"]["requests_per_s"]
    ratios = {}
    for name, figure in figures["pages"].items():
        if name != "minimal view" and figure.get("requests_per_s"):
            ratios[name] = {
                "throughput_share_of_minimal": round(figure["requests_per_s"] / minimal, 3) if minimal else None,
                "p99_ms": figure["p99_ms"],
                "meets_targets": bool(
                    minimal
                    and figure["requests_per_s"] / minimal >= TARGET_THROUGHPUT_SHARE
                    and figure["p99_ms"] is not None
                    and figure["p99_ms"] < TARGET_P99_MS
                    and figure["errors"] == 0
                ),
            }
    figures["ratios"] = ratios
    return figures


# --- Both ------------------------------------------------------------------------------------


def run() -> dict:
    started = time.perf_counter()
    data = seed()
    print(f"loop: seeded {data['data']} in {data['seeding'] or 'nothing (kept)'}")
    load_average = os.getloadavg()[0]
    synthesis = synthesis_figures()
    synthesis["load_average_1min_before"] = round(load_average, 2)
    print_synthesis(synthesis)
    if connection.vendor == "postgresql":
        http = http_figures()
    else:  # gunicorn's processes cannot reach the test process's in-memory SQLite database
        http = {"skipped": "needs PostgreSQL (DATABASE_URL)", "pages": {}, "ratios": {}}
    figures = {
        "seeding": data["seeding"],
        "data": data["data"],
        "synthesis": synthesis,
        "dashboard under load": http,
        "bench_s": round(time.perf_counter() - started, 1),
    }
    print_summary(figures)
    return figures


def print_summary(figures: dict) -> None:
    synthesis, http = figures["synthesis"], figures["dashboard under load"]
    rows = [
        (
            "synthesis run (first / again)",
            f"{synthesis['first run']['seconds']} s / {synthesis['run again']['seconds']} s",
            f"< {TARGET_RUN_S:.0f} s",
            synthesis["targets"]["run_under_30_s"],
        ),
        (
            f"nightly run ({' + '.join(map(str, synthesis['nightly run']['years']))})",
            f"{synthesis['nightly run']['seconds']} s",
            f"< {TARGET_RUN_S:.0f} s",
            synthesis["targets"]["nightly_run_under_30_s"],
        ),
        (
            "indicator part / bare aggregate",
            f"{synthesis['indicator part']['in the second run_s']} s / {synthesis['bare aggregate']['seconds']} s"
            f" = {synthesis['indicator ratio']}",
            f"≤ {TARGET_INDICATOR_RATIO}",
            synthesis["targets"]["indicator_within_2x"],
        ),
    ]
    if "minimal view" in http["pages"]:
        minimal = http["pages"]["minimal view"]
        rows.append(("minimal view", f"{minimal['requests_per_s']} req/s, p99 {minimal['p99_ms']} ms", "", None))
    for name, ratio in http["ratios"].items():
        page = http["pages"][name]
        rows.append(
            (
                name,
                f"{page['requests_per_s']} req/s ({ratio['throughput_share_of_minimal']:.0%} of minimal),"
                f" p99 {ratio['p99_ms']} ms, errors {page['errors']}",
                f"≥ {TARGET_THROUGHPUT_SHARE:.0%}, p99 < {TARGET_P99_MS:.0f} ms",
                ratio["meets_targets"],
            )
        )
    for name, page in http["pages"].items():
        if page.get("measured") is False:
            rows.append((name, f"answers {page['status']}: not measured", "", False))
    print("\nloop benchmark summary")
    for name, value, target, met in rows:
        mark = "" if met is None else ("ok" if met else "MISSED")
        print(f"  {name:48} {value:60} {target:28} {mark}")
    print(f"  (whole loop bench: {figures['bench_s']} s, seeding included: {figures['seeding'] or 'kept'})")
    print(
        f"  (load average over 1 min when the synthesis started: {synthesis['load_average_1min_before']} on"
        f" {os.cpu_count()} cores; other processes on the machine share them)"
    )
