"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Every test in this folder is marked ``e2e`` and runs against the live server in a
transactional database with *serialized rollback*: the live server thread needs committed
data, so pytest-django flushes every table after each test, which would also delete the
reference data loaded by the data migrations (the 18 health and social services regions,
the themes). Serialized rollback restores that data before each of these tests. pytest-django
runs transactional tests after the ordinary ``db`` tests, so those never see the flushed
database.

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

# Playwright's sync API runs an event loop in the test thread; Django would otherwise
# refuse the ORM calls the tests make (reading the outbox, checking the database).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

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


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark the tests of this folder ``e2e`` and give them a live-server-ready database.

    ``tryfirst`` so the ``django_db`` marker is in place before pytest-django orders the
    tests (transactional tests last) and decides which databases to serialize.
    """
    for item in items:
        if E2E_DIR not in Path(str(item.path)).resolve().parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


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
