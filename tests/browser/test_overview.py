"""The overview and the comparison in a real browser (issue 17): from a filtered list to its
overview and back through a matrix cell; three initiatives compared and the address shared;
no request leaves the site."""

import re

import pytest
from playwright.sync_api import expect

from initiatives.models import EvaluationType, Initiative, Outcome

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def record_requests(page) -> list[str]:
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    return requested


def result_count(page) -> int:
    return int(re.match(r"\d+", page.locator("#results-heading").inner_text())[0])


def test_from_a_filtered_list_to_its_overview_and_a_matrix_cell(live_demo, page):
    requested = record_requests(page)
    page.goto(f"{live_demo}/en/initiatives/?country=FR")
    page.get_by_role("link", name="See these initiatives on a map and in charts").click()
    expect(page).to_have_url(re.compile(r"/en/explore/\?country=FR$"))
    expect(page.locator(".chart-box canvas")).to_have_count(4)  # Chart.js drew each chart
    expect(page.locator("#map .leaflet-interactive").first).to_be_attached()
    expect(page.locator("#map path").first).to_be_attached()  # the countries' outlines
    page.wait_for_load_state("networkidle")
    strongest = page.locator(".matrix tr.outcome-effective td").nth(1).locator("a")
    if not strongest.count():
        strongest = page.locator(".matrix td.has a").first
    shown = int(strongest.inner_text())
    strongest.click()
    expect(page).to_have_url(re.compile(r"/en/initiatives/\?.*country=FR"))
    assert result_count(page) == shown
    assert requested and all(url.startswith(live_demo) for url in requested), [
        url for url in requested if not url.startswith(live_demo)
    ]


def test_the_overview_counts_what_the_list_counts(live_demo, page):
    page.goto(f"{live_demo}/en/explore/")
    published = Initiative.objects.published().one_per_initiative()
    expected = published.filter(
        outcome=Outcome.EFFECTIVE, evaluation_type=EvaluationType.EXTERNAL
    ).count()
    cell = page.locator(".matrix tr.outcome-effective td").nth(2)
    assert int(cell.inner_text()) == expected


def test_compare_three_and_share_the_address(live_demo, new_page):
    page = new_page()
    requested = record_requests(page)
    page.goto(f"{live_demo}/en/initiatives/?sort=title")
    boxes = page.locator("input[data-compare]")
    titles = [boxes.nth(index).get_attribute("data-title") for index in range(3)]
    for index in range(3):
        boxes.nth(index).check()
    tray = page.locator("#compare-tray")
    expect(tray).to_be_visible()
    expect(tray).to_contain_text("(3)")
    tray.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/en/compare/\?i=[^&]+&i=[^&]+&i=[^&]+$"))
    headings = page.locator("table.compare thead th")
    expect(headings).to_have_count(3)
    for title in titles:
        expect(page.locator("table.compare thead")).to_contain_text(title)
    shared = page.url
    assert all(url.startswith(live_demo) for url in requested)

    colleague = new_page()  # another visitor, opening the shared address
    colleague.goto(shared)
    expect(colleague.locator("table.compare thead th")).to_have_count(3)
    expect(colleague.locator("tr.differs").first).to_be_visible()


def test_a_fifth_initiative_is_refused_out_loud(live_demo, new_page):
    page = new_page()
    page.goto(f"{live_demo}/en/initiatives/?sort=title")
    # The tray keeps ticks across pages: the page's own button would forget them.
    expect(page.get_by_role("button", name="Compare the ticked initiatives")).to_be_hidden()
    boxes = page.locator("input[data-compare]")
    for index in range(4):
        boxes.nth(index).check()
    expect(page.locator("#compare-tray [role=status]")).to_have_text("4 of 4 chosen.")
    boxes.nth(4).click()
    expect(boxes.nth(4)).not_to_be_checked()
    expect(boxes.nth(0)).to_be_checked()  # the first choice is kept
    status = page.locator("#compare-tray [role=status]")
    expect(status).to_have_text("At most 4: remove one before adding another.")
    expect(page.locator("#compare-tray")).to_contain_text("(4)")


def test_the_comparison_works_without_javascript(live_demo, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_demo}/en/initiatives/?sort=title")
    boxes = page.locator("input[data-compare]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Compare the ticked initiatives").click()
    expect(page.locator("table.compare thead th")).to_have_count(2)
    page.goto(f"{live_demo}/en/explore/")
    expect(page.locator("#cities-table tbody tr").first).to_be_visible()
    expect(page.locator(".matrix")).to_be_visible()
    context.close()
