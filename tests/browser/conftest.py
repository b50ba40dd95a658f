"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

Playwright cannot download its own browser here, so it launches the system Chromium through
`executable_path`. Without one, these tests skip with a one-line reason, unless
CI_REQUIRE_BROWSER is set (as `.ci/run` does), where a missing browser is a failure.
On failure, a screenshot and the page's HTML go to test-results/.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves (creating users, checking rows) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PROJECT = Path(settings.BASE_DIR)
RESULTS = PROJECT / "test-results"
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_CANDIDATES = [os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser"]
CHROMIUM_ARGS = [
    "--no-sandbox",  # root in CI has no user namespace sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machine has no network: without these, Chromium keeps calling home and logging refusals.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def find_chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


def unavailable(reason: str):
    if os.environ.get("CI_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (CI_REQUIRE_BROWSER is set)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    chromium = find_chromium()
    if chromium is None:
        unavailable("no Chromium found: install Debian's chromium or set CHROMIUM_PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (make install)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def save_evidence(request, pages):
    RESULTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
    for number, page in enumerate(pages):
        if page.is_closed():
            continue
        stem = RESULTS / (name if number == 0 else f"{name}.{number}")
        try:
            page.screenshot(path=f"{stem}.png", full_page=True)
            stem.with_suffix(".html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # the evidence must never hide the real failure
            print(f"could not save evidence for {name}: {error}")


@pytest.fixture
def new_page(browser, request):
    """Opens pages in fresh contexts (own cookies), e.g. new_page(PHONE); evidence on failure."""
    contexts, pages = [], []

    def open_page(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="en-GB")
        context.set_default_timeout(10_000)
        page = context.new_page()
        contexts.append(context)
        pages.append(page)
        return page

    yield open_page
    failed = any(
        getattr(request.node, f"report_{when}", None) is not None
        and getattr(request.node, f"report_{when}").failed
        for when in ("setup", "call")
    )
    if failed:
        save_evidence(request, pages)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def live_demo(live_server):
    """The demo catalogue behind a live server; returns the server's base URL."""
    from initiatives.demo import load_demo

    load_demo()
    return live_server.url


@pytest.fixture
def editorial_groups(transactional_db):
    """The Editors and Publishers groups, as their data migrations make them.

    A live-server test empties the database afterwards, groups included; the migrations'
    own functions rebuild them, on the models as they were at that migration.
    """
    import importlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    migration = ("initiatives", "0004_editor_groups")
    state = MigrationExecutor(connection).loader.project_state(migration, at_end=True)
    module = importlib.import_module(f"initiatives.migrations.{migration[1]}")
    module.create_groups(state.apps, None)


@pytest.fixture
def axe():
    if not AXE.exists():
        unavailable("axe-core is not installed: run `npm ci` (make install does)")
    source = AXE.read_text(encoding="utf-8")

    def check(page) -> list[dict]:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated by the browser's tooling, which the page's Content-Security-Policy does
            # not govern (a <script> tag, as add_script_tag writes, would be blocked).
            page.evaluate(f"() => {{ {source}\n }}")
        result = page.evaluate(
            """() => axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            })"""
        )
        return [
            {
                "id": violation["id"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"]][:5],
            }
            for violation in result["violations"]
        ]

    return check
