"""Benchmarks: `make bench`. Figures go to bench/results.json, never into test assertions.

Each scenario requests a page many times in-process (Django's test client, no network) on a
throw-away test database, and records median and p95 latency and the query count. The
database holds the demo data plus BENCH_SCALE generated initiatives (about five learnings
each, default 10,000 initiatives and 50,000 learnings) and the co-learning spaces' share of
the same scale (1,000 spaces, about 10,000 memberships, 100,000 posts, the demo space
"Expériences" busy with members and one long thread), and BENCH_PARTNERS generated health
partners (default 10,000, all open to calls, plus a tenth who are not; engagements for a fifth
of them, BENCH_PARTNERS/20 calls and one demo call with BENCH_PARTNERS/50 applicants), so lists,
search, the API and the ranking of suggested partners are measured at a realistic volume. Run
it on PostgreSQL, as in production:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ecosystem REDIS_URL=redis://127.0.0.1:6379/15 make bench

The learning loop's benchmarks (``bench/loop.py``: a synthesis run over 1,000,000 measurements,
100,000 initiatives and 500,000 learnings, and the public dashboard pages under 32 concurrent
connections served by gunicorn) run after the pages, on the same database topped up to their
volume; their figures go under the "loop" key. The indicators' benchmarks
(``bench/indicators.py``: importing a million measurements, and the measurements API over five
million stored rows) run last. ``--only pages``, ``--only loop`` or ``--only indicators`` runs one
group and updates its figures in results.json, leaving the others' as they were; without the
pages, ``--keepdb`` keeps the test database between runs, so the volume is written once.
"""

import argparse
import json
import math
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecosystem.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results.json"
REPEAT = int(os.environ.get("BENCH_REPEAT", "200"))
# Pages over the generated volume take tens of milliseconds; fewer requests keep
# `make bench` within a few minutes and still give a stable median.
HEAVY_REPEAT = int(os.environ.get("BENCH_HEAVY_REPEAT", "30"))
SCALE = int(os.environ.get("BENCH_SCALE", "10000"))
# Partners open to calls, among whom a call's suggestions are ranked (issue #5 asks for 10,000).
PARTNERS = int(os.environ.get("BENCH_PARTNERS", "10000"))


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    heavy: bool = False
    # As Karim, a community organizer (members' items, his team's drafts) and a member of the
    # co-learning space "Expériences".
    signed_in: bool = False
    # A selector timed directly rather than a page (``path`` then names it).
    function: Callable[[], object] | None = None


def with_query(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}"


def scenarios() -> list[Scenario]:
    """The pages to measure; run once the data is loaded (the long thread's id is looked up)."""
    from communities.demo import BUSY_SPACE, BUSY_THREAD
    from communities.models import Community, Thread
    from partnerships.demo import BUSY_CALL
    from partnerships.models import Call
    from partnerships.selectors import call_suggestions

    busy = Community.objects.get(name=BUSY_SPACE)
    long_thread = Thread.objects.get(community=busy, title=BUSY_THREAD)
    busy_call = Call.objects.get(title=BUSY_CALL)  # on Karim's initiative, with many applicants
    with translation.override(settings.LANGUAGE_CODE):
        initiatives, learnings = reverse("initiatives:list"), reverse("initiatives:learnings")
        caring_community = reverse(
            "initiatives:detail", kwargs={"slug": "communaute-soignante-du-centre-sud-de-montreal"}
        )
        communities = reverse("communities:list")
        busy_space = reverse("communities:detail", kwargs={"slug": busy.slug})
        busy_thread = reverse("communities:thread-detail", kwargs={"slug": busy.slug, "pk": long_thread.pk})
        calls = reverse("partnerships:call-list")
        busy_call_applications = reverse("partnerships:call-applications", kwargs={"pk": busy_call.pk})
    api_initiatives, api_learnings = reverse("initiative-list"), reverse("learning-list")
    api_communities = reverse("community-list")
    return [
        Scenario("home page (fr)", "/"),
        Scenario("home page (en)", "/en/"),
        Scenario("health", "/health/"),
        Scenario("api territories list", "/api/v1/territories/"),
        Scenario("api organizations list", "/api/v1/organizations/"),
        Scenario("initiative list", initiatives, heavy=True),
        Scenario("initiative list (signed in)", initiatives, heavy=True, signed_in=True),
        Scenario("initiative list, region 06", with_query(initiatives, territory="06"), heavy=True),
        Scenario("initiative list, page 100", with_query(initiatives, page=100), heavy=True),
        Scenario("initiative search 'école'", with_query(initiatives, q="école"), heavy=True),
        Scenario("initiative search 'ecole'", with_query(initiatives, q="ecole"), heavy=True),
        Scenario("initiative search 'isolement'", with_query(initiatives, q="isolement"), heavy=True),
        Scenario("initiative detail", caring_community, heavy=True),
        Scenario("learnings feed", learnings, heavy=True),
        Scenario("learnings feed (signed in)", learnings, heavy=True, signed_in=True),
        Scenario("learnings search 'isolement'", with_query(learnings, q="isolement"), heavy=True),
        Scenario("api initiatives list", api_initiatives, heavy=True),
        Scenario("api learnings list", api_learnings, heavy=True),
        Scenario("api initiatives search 'école'", with_query(api_initiatives, q="école"), heavy=True),
        Scenario("api initiatives search 'ecole'", with_query(api_initiatives, q="ecole"), heavy=True),
        Scenario("api learnings search 'isolement'", with_query(api_learnings, q="isolement"), heavy=True),
        Scenario("community directory", communities, heavy=True),
        Scenario("community directory (signed in)", communities, heavy=True, signed_in=True),
        Scenario("community directory search 'isolement'", with_query(communities, q="isolement"), heavy=True),
        Scenario("community page, busy space", busy_space, heavy=True),
        Scenario("community page, busy space (member)", busy_space, heavy=True, signed_in=True),
        Scenario("thread page, long thread", busy_thread, heavy=True),
        Scenario("thread page, long thread (member)", busy_thread, heavy=True, signed_in=True),
        Scenario("api communities list", api_communities, heavy=True),
        Scenario("calls board", calls, heavy=True),
        Scenario("call applications, busy call (organizer)", busy_call_applications, heavy=True, signed_in=True),
        Scenario(
            f"call suggestions, {PARTNERS:,} partners",
            "partnerships.selectors.call_suggestions",
            heavy=True,
            function=lambda: call_suggestions(call=busy_call),
        ),
    ]


def measure(client: Client, path: str, repeat: int = REPEAT) -> dict:
    client.get(path)  # warm up caches and lazy imports
    durations = []
    for _ in range(repeat):
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
        "requests": repeat,
        "median_ms": round(statistics.median(durations), 2),
        "p95_ms": round(durations[math.ceil(len(durations) * 0.95) - 1], 2),  # nearest rank
        "queries": queries,
    }


def measure_function(name: str, function: Callable[[], object], repeat: int) -> dict:
    """Like ``measure``, for a selector called directly (no request, no template)."""
    function()  # warm up
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        durations.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        function()
    durations.sort()
    return {
        "function": name,
        "requests": repeat,
        "median_ms": round(statistics.median(durations), 2),
        "p95_ms": round(durations[math.ceil(len(durations) * 0.95) - 1], 2),  # nearest rank
        "queries": len(captured),
    }


def seed() -> dict:
    """Load the demo data and the generated volume; return how long it took and what it holds."""
    from django.core.management import call_command

    from communities import demo as communities_demo
    from communities.models import Community, Membership, Post, Thread
    from ecosystem.models import Purpose, User
    from initiatives.demo import seed_scale
    from initiatives.models import Initiative, Learning
    from partnerships import demo as partnerships_demo
    from partnerships.models import Application, Call, Engagement, PartnerProfile

    started = time.perf_counter()
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    seed_demo_s = time.perf_counter() - started
    started = time.perf_counter()
    seed_scale(count=SCALE)
    seed_scale_s = time.perf_counter() - started
    started = time.perf_counter()
    communities_demo.seed_scale(count=SCALE)
    communities_seed_scale_s = time.perf_counter() - started
    started = time.perf_counter()
    partnerships_demo.seed_scale(count=PARTNERS)
    partnerships_seed_scale_s = time.perf_counter() - started
    contactable = PartnerProfile.objects.active().consenting_to(Purpose.CONTACT).count()
    assert contactable >= PARTNERS, (contactable, PARTNERS)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give in production
    return {
        "seeding": {
            "seed_demo_s": round(seed_demo_s, 1),
            "seed_scale_s": round(seed_scale_s, 1),
            "communities_seed_scale_s": round(communities_seed_scale_s, 1),
            "partnerships_seed_scale_s": round(partnerships_seed_scale_s, 1),
            "scale": SCALE,
            "partners": PARTNERS,
        },
        "data": {
            "initiatives": Initiative.objects.count(),
            "public initiatives": Initiative.objects.filter(visibility="public").count(),
            "learnings": Learning.objects.count(),
            "published learnings": Learning.objects.published().count(),
            "people": User.objects.count(),
            "communities": Community.objects.count(),
            "active memberships": Membership.objects.active().count(),
            "threads": Thread.objects.count(),
            "posts": Post.objects.count(),
            "partner profiles": PartnerProfile.objects.count(),
            "partners open to calls": contactable,
            "engagements": Engagement.objects.count(),
            "open calls": Call.objects.open().count(),
            "applications to the busy call": Application.objects.filter(
                call__title=partnerships_demo.BUSY_CALL
            ).count(),
        },
    }


def database_settings() -> dict:
    """The server settings that move the figures (PostgreSQL's JIT compiles costly plans)."""
    if connection.vendor != "postgresql":
        return {"version": connection.Database.sqlite_version}
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version'), current_setting('jit')")
        version, jit = cursor.fetchone()
    return {"version": version, "jit": jit}


def run_scenarios(scenarios: list[Scenario]) -> dict:
    from ecosystem.models import User

    anonymous, organizer = Client(), Client()
    organizer.force_login(User.objects.get(email="karim@exemple.test"))
    figures = {}
    for scenario in scenarios:
        repeat = HEAVY_REPEAT if scenario.heavy else REPEAT
        if scenario.function is not None:
            figures[scenario.name] = figure = measure_function(scenario.path, scenario.function, repeat)
        else:
            client = organizer if scenario.signed_in else anonymous
            figures[scenario.name] = figure = measure(client, scenario.path, repeat)
        median, p95, queries = figure["median_ms"], figure["p95_ms"], figure["queries"]
        print(f"{scenario.name:40} median {median:8.2f} ms  p95 {p95:8.2f} ms  {queries} queries")
    return figures


def run_pages() -> tuple[dict, dict]:
    volume = seed()
    print(f"seeded {volume['data']} in {volume['seeding']}")
    return volume, run_scenarios(scenarios())


def run_indicators() -> tuple[dict, dict, dict]:
    from bench import indicators

    volume = indicators.seed()
    print(f"seeded {volume['data']} in {volume['seeding']}")
    imports = indicators.import_figures()
    for name, figure in imports.items():
        if "rows" in figure:
            steps = ", ".join(f"{step} {values['seconds']} s" for step, values in figure["steps"].items())
            print(
                f"import, {name:20} {figure['rows']:,} rows in {figure['seconds']} s = {figure['rows_per_s']:,} rows/s"
                f" ({steps}); peak memory {figure['memory']['peak_mb']} MB"
            )
    requests = [Scenario(name, path, heavy=True) for name, path in indicators.api_requests()]
    return volume, run_scenarios(requests), imports


def run_loop() -> dict:
    from bench import loop

    return loop.run()


# In this order: the loop tops the pages' volume up to its own, the indicators' to theirs.
GROUPS = ["pages", "loop", "indicators"]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only",
        choices=GROUPS,
        action="append",
        help="Run only this group of scenarios (repeat for several); the other groups' figures are kept.",
    )
    parser.add_argument(
        "--keepdb", action="store_true", help="Keep the test database, and the volume written in it, for the next run."
    )
    options = parser.parse_args()
    if options.keepdb and "pages" in (options.only or GROUPS):
        # The pages' seeding adds its generated volume again on every run.
        parser.error("--keepdb is for --only indicators and --only loop")
    return options


def main() -> None:
    options = arguments()
    groups = options.only or GROUPS
    setup_test_environment()
    # Nothing is rolled back between scenarios: the database's contents are not serialized (with
    # --keepdb that would read millions of rows into memory).
    databases = setup_databases(verbosity=0, interactive=False, keepdb=options.keepdb, serialized_aliases=set())
    volume: dict = {"seeding": {}, "data": {}}
    figures: dict = {}
    imports: dict | None = None
    loop: dict | None = None
    try:
        server = database_settings()
        if "pages" in groups:
            pages_volume, figures = run_pages()
            for key in volume:
                volume[key].update(pages_volume[key])
        if "loop" in groups:
            loop = run_loop()
        if "indicators" in groups:
            indicators_volume, indicator_figures, imports = run_indicators()
            for key in volume:
                volume[key].update(indicators_volume[key])
            figures.update(indicator_figures)
    finally:
        teardown_databases(databases, verbosity=0, keepdb=options.keepdb)
    results = json.loads(RESULTS.read_text()) if options.only and RESULTS.exists() else {}
    measured_at = datetime.now(UTC).isoformat(timespec="seconds")
    results.update(
        {
            "measured_at": measured_at,
            # A run of one group leaves the other groups' figures, measured when they were.
            "measured_at_by_group": {**results.get("measured_at_by_group", {}), **dict.fromkeys(groups, measured_at)},
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
            "database": connection.vendor,
            "database_settings": server,
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        }
    )
    for key in volume:
        results[key] = {**results.get(key, {}), **volume[key]}
    results["scenarios"] = {**results.get("scenarios", {}), **figures}
    if imports is not None:
        results["indicator imports"] = imports
    if loop is not None:
        # A kept database's volume was written by an earlier run: its seeding figures stay.
        loop["seeding"] = loop["seeding"] or results.get("loop", {}).get("seeding", {})
        results["loop"] = loop
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
