"""Evidence first, in a real browser (issue 15): what a summary achieved, the badges' way to
their definitions, the filter panel by keyboard, and screenshots for a reviewer."""

import re

import pytest
from playwright.sync_api import expect

from initiatives.models import City, Initiative
from tests.browser.admin_pages import log_in, staff
from tests.browser.conftest import RESULTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 390, "height": 844}


def test_a_reader_goes_from_a_result_to_its_ratings_definition(live_demo, new_page):
    page = new_page(WIDE)
    page.goto(live_demo + "/en/initiatives/liege-drone-detection-pilot/")
    achieved = page.get_by_role("region", name="What it achieved")
    expect(achieved).to_contain_text("41 drone flights detected")
    badge = achieved.get_by_role("link", name="Outcome: Effective")
    badge.click()
    expect(page).to_have_url(re.compile(r"/en/about/evidence/#outcome-effective$"))
    definition = page.locator("#outcome-effective")
    expect(definition).to_be_in_viewport()
    count = int(re.search(r"(\d+) initiative", definition.inner_text())[1])
    definition.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/initiatives/\?outcome=effective$"))
    expect(page.locator("#results-heading")).to_have_text(re.compile(rf"^{count} initiative"))


def test_the_filter_panel_by_keyboard(live_demo, new_page):
    """The apply button is a few Tab stops into the panel; a chosen option of a long list is
    shown first, visible, and keeps the focus after the page applies it."""
    rare = City.objects.filter(initiatives__in=Initiative.objects.published()).order_by("-name")[0]
    page = new_page(WIDE)
    page.goto(live_demo + f"/en/initiatives/?city={rare.slug}")
    option = page.locator(f"#f-city-{rare.slug}")
    expect(option).to_be_checked()
    expect(option).to_be_visible()
    page.locator("#id_q").focus()
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Apply filters":
            break
    else:
        raise AssertionError("Apply filters is more than five Tab stops after the words")
    option.focus()
    with page.expect_navigation():
        page.keyboard.press("Space")
    expect(page).not_to_have_url(re.compile("city="))
    expect(page.locator(f"#f-city-{rare.slug}")).to_be_focused()


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366", "390"])
def test_screenshots_of_the_main_pages_for_a_reviewer(live_demo, new_page, viewport):
    """Saved to test-results/screenshots/ on every run: a person looks at them, no assertion
    can. The pages must at least render with their main landmarks."""
    folder = RESULTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page = new_page(viewport)
    pages = {
        "home": "/en/",
        "list": "/en/initiatives/?q=drones",
        "detail": "/en/initiatives/liege-drone-detection-pilot/",
        "manifesto": "/en/manifesto/",
    }
    for name, path in pages.items():
        page.goto(live_demo + path)
        expect(page.locator("main h1")).to_be_visible()
        shot = folder / f"{name}-{viewport['width']}.png"
        page.screenshot(path=shot, full_page=True)
        assert shot.stat().st_size > 10_000


def test_the_admin_fits_a_laptop_screen(live_demo, new_page, editorial_groups):
    """The changelist's columns wrap within 1,366 px; the to-do table's headers keep their
    words whole (they wrapped a letter per line)."""
    username, password = staff("paula", "Publishers")
    page = new_page(WIDE)
    log_in(page, live_demo, username, password)
    summary = page.locator("#workflow-summary")
    header = summary.locator("thead th").last.bounding_box()
    cell = summary.locator("tbody td").last.bounding_box()
    assert header["height"] < 1.8 * cell["height"]
    page.goto(live_demo + "/admin/initiatives/initiative/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    countries = page.locator("#changelist-filter").get_by_role("link", name="Belgium")
    expect(countries).to_have_count(1)
    expect(page.locator("#changelist-filter").get_by_role("link", name="Japan")).to_have_count(0)
