"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Every test in this folder is marked ``e2e`` and runs against the live server in a
transactional database with *serialized rollback*. The live server thread needs committed
data, so pytest-django flushes every table after each of these tests, which would also
delete the reference data loaded by the data migrations (the 18 health and social services
regions, the themes); serialized rollback restores that data before each test. The browser
tests run at the end of the session: the ordinary ``db`` tests never see a flushed database,
and no other test runs while Playwright's event loop is alive.

Accessibility: ``assert_accessible(page)`` runs axe-core. Playwright injects and runs it
through the DevTools protocol (``page.evaluate``), which the site's Content-Security-Policy
does not govern, so no ``bypass_csp`` is needed; the check still asserts that axe really ran.

Without Chromium the tests are skipped, unless ``E2E_REQUIRED=1`` is set (CI sets it): then
they fail, so that browser tests can never be silently skipped in CI.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

E2E_DIR = Path(__file__).resolve().parent

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# WCAG 2.0, 2.1 and 2.2 levels A and AA (axe-core 4.12 has no wcag22a tag).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

# Full-page screenshots of key pages, for humans to look at (E2E_SCREENSHOT_DIR overrides).
SCREENSHOT_DIR = Path(os.environ.get("E2E_SCREENSHOT_DIR") or Path(tempfile.gettempdir()) / "shots")


def _chromium_path() -> str | None:
    return shutil.which("chromium")


def _is_e2e(item) -> bool:
    return E2E_DIR in Path(str(item.path)).resolve().parents


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Mark the tests of this folder ``e2e``, give them a live-server-ready database, run them last.

    The markers go on before the other implementations run, so that pytest-django sees the
    ``django_db`` marker when it orders the tests and decides which databases to serialize.
    Then, after the other implementations, the browser tests move to the end, because once
    Playwright has started, an asyncio loop keeps running in the test thread until the session
    ends, which changes how Django behaves for every later test, and because each browser test
    leaves the database flushed (see ``_playwright_and_django``).
    """
    for item in items:
        if not _is_e2e(item):
            continue
        item.add_marker(pytest.mark.e2e)
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
    result = yield
    items[:] = [item for item in items if not _is_e2e(item)] + [item for item in items if _is_e2e(item)]
    return result


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The system Chromium; skip (or fail, when E2E_REQUIRED=1) if it is not installed."""
    path = _chromium_path()
    if path is None:
        reason = "Chromium not found on PATH (install Debian's chromium package) — browser tests not run"
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"E2E_REQUIRED=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_executable):
    """Launch Debian's Chromium (Playwright cannot download its own browsers here)."""
    return {
        **browser_type_launch_args,
        "executable_path": chromium_executable,
        "args": CHROMIUM_ARGS,
        "headless": browser_type_launch_args.get("headless", True),
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A visitor from Québec: French-Canadian browser, Montréal time."""
    return {
        **browser_context_args,
        "locale": "fr-CA",
        "timezone_id": "America/Toronto",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture(autouse=True)
def _require_chromium(chromium_executable):
    """Skip or fail every browser test before anything else when Chromium is missing."""


@pytest.fixture(scope="session", autouse=True)
def _playwright_and_django(request, chromium_executable, django_db_setup, django_db_blocker):
    """Prepare the database and start Playwright; runs once, before the first browser test.

    1. The database goes back to its state just after the migrations (the snapshot
       pytest-django took when it created it, ``_test_serialized_contents``). Transactional
       tests that ran earlier flushed it and let ``post_migrate`` recreate the content types
       under new primary keys, on which the snapshot would collide (IntegrityError).
    2. Playwright's sync API keeps an asyncio loop running in the test thread until the end
       of the session. Django refuses ORM calls from such a thread, and the tests make some
       (database checks, the outbox): ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set, from here on only,
       since subprocesses inherit it and ``check --deploy`` rejects it.
    3. With that loop running, Django's ``connections`` (an asgiref ``Local`` in
       thread-critical mode) serve the thread from *context* storage, that is new connection
       objects, without the snapshot: Django would silently skip the serialized rollback and
       the reference data would be gone after the first browser test. The snapshot is handed
       over to the new connections.
    """
    from django.core.management import call_command
    from django.db import connections

    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    assert snapshots, "pytest-django did not serialize the test database: no serialized rollback possible"
    with django_db_blocker.unblock():
        for alias, snapshot in snapshots.items():
            call_command("flush", database=alias, interactive=False, inhibit_post_migrate=True, verbosity=0)
            connections[alias].creation.deserialize_db_from_string(snapshot)

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    request.getfixturevalue("playwright")
    for alias, snapshot in snapshots.items():
        if not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = snapshot
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} serious/critical accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary_lines = [line.strip() for line in node.get("failureSummary", "").splitlines() if line.strip()]
            summary = " ".join([*summary_lines[:1], "; ".join(summary_lines[1:])])
            lines.append(f"    * {target}: {summary}")
            lines.append(f"      {node.get('html', '').strip()[:300]}")
    return "\n".join(lines)


def check_accessibility(page) -> dict:
    """Run axe-core (WCAG 2.2 AA tags) on the page; fail on serious or critical violations.

    Returns axe's raw results for further checks.
    """
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        # Passes are kept (one node each) to prove that axe really ran its rules.
        "resultTypes": ["violations"],
    }
    page.wait_for_load_state("load")  # never audit a document that is still being replaced
    results = Axe().run(page, options=options).response
    assert results.get("passes"), f"axe ran no rule on {page.url}: was its script blocked (CSP)?"
    assert results.get("testEngine", {}).get("name") == "axe-core"
    blocking = [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(_format_violations(page.url, blocking), pytrace=False)
    return results


@pytest.fixture
def assert_accessible():
    """``assert_accessible(page)``: fail listing every serious or critical axe violation."""
    return check_accessibility


@pytest.fixture
def screenshot():
    """``screenshot(page, "name.png")``: save a full-page screenshot under SCREENSHOT_DIR."""

    def save(page, name: str) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / name
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
