"""What a visitor and an editor do, end to end, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from initiatives.models import Initiative, Status, Theme
from tests.browser.admin_pages import log_in, staff
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import InitiativeFactory

# A live server needs committed data, so these tests run outside a rolled-back transaction.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = ["context", "objectives", "activities", "budget", "evaluation"]
RESULT_LINKS = ".results .card-title a"


def open_filters(page):
    """On a phone the filter panel starts folded."""
    panel = page.locator(".filter-panel")
    if not panel.evaluate("details => details.open"):
        page.locator(".filter-panel summary").click()
    expect(page.get_by_role("button", name="Apply filters").first).to_be_visible()


def tick(page, locator):
    """Ticking an option applies it at once (site.js): the page is replaced. An option of a
    long list may sit behind its "Show N more", which a visitor opens first."""
    if not locator.is_visible():
        locator.locator("xpath=ancestor::details[1]/summary").click()
    with page.expect_navigation():
        locator.check()


def result_count(page) -> int:
    return int(re.match(r"\d+", page.locator("#results-heading").inner_text())[0])


def facet_count(page, facet, value) -> int:
    return int(page.locator(f"label[for='f-{facet}-{value}'] .count").text_content())


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_visitor_searches_narrows_reads_and_comes_back(live_demo, new_page, viewport):
    page = new_page(viewport)
    page.goto(live_demo + "/")
    page.locator("#home-q").fill("drones")
    page.locator("#home-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/initiatives/\?q=drones"))
    found = result_count(page)
    assert found > 1

    open_filters(page)
    country = page.locator("#id_country input[type=checkbox]").first
    code = country.get_attribute("value")
    narrowed_to = facet_count(page, "country", code)
    tick(page, country)
    expect(page).to_have_url(re.compile(rf"country={code}"))
    expect(page.locator(f"#f-country-{code}")).to_be_focused()
    assert result_count(page) == narrowed_to <= found
    list_url = page.url
    titles = page.locator(RESULT_LINKS).all_inner_texts()
    assert titles

    page.locator(RESULT_LINKS).first.click()
    expect(page.locator("h1")).to_have_text(titles[0])
    for section in SECTIONS:
        heading = page.locator(f"#{section}-heading")
        heading.scroll_into_view_if_needed()
        expect(heading).to_be_visible()
        assert page.locator(f"#{section}").inner_text().strip() != heading.inner_text().strip()

    theme_link = page.locator(".facts .tags a").first
    theme_name = theme_link.inner_text()
    theme_link.click()
    expect(page).to_have_url(re.compile(r"/themes/[\w-]+/"))
    expect(page.locator("h1")).to_have_text(theme_name)

    page.go_back()
    expect(page.locator("h1")).to_have_text(titles[0])
    page.go_back()
    assert page.url == list_url
    assert page.locator(RESULT_LINKS).all_inner_texts() == titles
    open_filters(page)
    expect(page.locator(f"#f-country-{code}")).to_be_checked()


def test_visitor_combines_filters_removes_a_chip_pages_and_shares(live_demo, new_page):
    # Enough initiatives in one theme for more than one page of 20.
    prevention = Theme.objects.get(slug="public-spaces")
    for number in range(24):
        InitiativeFactory(
            title=f"Safer squares pilot {number}",
            start_year=2021,
            end_year=2023,
            themes=[prevention],
        )
    page = new_page(DESKTOP)
    page.goto(live_demo + "/initiatives/")
    youth_before = facet_count(page, "theme", "youth-participation")

    tick(page, page.locator("#f-theme-public-spaces"))
    tick(page, page.locator("#f-theme-youth-participation"))
    page.locator("#id_year_from").fill("2020")
    page.locator("#id_year_to").fill("2023")
    page.get_by_role("button", name="Apply filters").last.click()
    expect(page.locator(".chips")).to_contain_text("2020")
    combined = result_count(page)
    youth_after = facet_count(page, "theme", "youth-participation")
    assert youth_after < youth_before  # the year range now counts beside the theme
    assert page.locator(".chips .chip").count() == 4  # two themes, two years

    page.locator(".chips .chip", has_text="Youth participation").click()
    expect(page.locator(".chips .chip")).to_have_count(3)
    only_public_spaces = result_count(page)
    assert only_public_spaces <= combined
    assert only_public_spaces > 20

    first_page_titles = page.locator(RESULT_LINKS).all_inner_texts()
    page.get_by_role("link", name="Next").first.click()
    expect(page).to_have_url(re.compile(r"page=2"))
    second_page_titles = page.locator(RESULT_LINKS).all_inner_texts()
    assert second_page_titles and not set(second_page_titles) & set(first_page_titles)

    shared = new_page(PHONE)
    shared.goto(page.url)
    assert shared.locator(RESULT_LINKS).all_inner_texts() == second_page_titles
    assert result_count(shared) == only_public_spaces


def choose(page, field, text):
    """Pick a value in one of the admin's autocomplete (select2) widgets."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-search__field").last.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_drafts_publisher_publishes_visitor_finds(live_demo, new_page, editorial_groups):
    editor = staff("edith", "Editors")
    publisher = staff("paul", "Publishers")

    admin = new_page(DESKTOP)
    log_in(admin, live_demo, *editor)
    admin.goto(live_demo + "/admin/initiatives/initiative/add/")
    admin.locator("#id_title").fill("Quiet hours volunteers on Mechelen's night buses")
    admin.locator("#id_lead").fill("Volunteers ride the night buses to keep them calm.")
    choose(admin, "cities", "Mechelen")
    choose(admin, "themes", "Citizen participation")
    admin.locator("#id_start_year").fill("2025")
    texts = {
        "context": "Late buses had become tense after closing time.",
        "objectives": "Fewer incidents and drivers who feel supported.",
        "activities": "Pairs of trained volunteers ride the last three buses of each line.",
        "budget": "€18,000 a year for training, jackets and a coordinator.",
        "evaluation": "Drivers log incidents; a comparison with 2024 is planned.",
    }
    for section, text in texts.items():
        admin.locator(f"#id_{section}").fill(text)
    admin.locator("#id_results").fill("No incident on 90 % of the nights\n41 volunteers trained")
    admin.get_by_label("City budget").check()
    admin.locator("#id_budget_eur").fill("18000")
    admin.locator("#id_people_reached").fill("1200")
    admin.locator("input[name=_save]").last.click()
    expect(admin.locator(".messagelist")).to_contain_text("was added successfully")
    created = Initiative.objects.get(title__startswith="Quiet hours volunteers")
    assert created.status == Status.DRAFT
    assert created.slug == "quiet-hours-volunteers-on-mechelens-night-buses"

    visitor = new_page(PHONE)
    response = visitor.goto(live_demo + created.get_absolute_url())
    assert response.status == 404

    reviewer = new_page(DESKTOP)
    log_in(reviewer, live_demo, *publisher)
    reviewer.goto(live_demo + f"/admin/initiatives/initiative/{created.pk}/change/")
    reviewer.locator("input[name=_transition_publish]").first.click()
    expect(reviewer.locator(".messagelist")).to_contain_text("was published")

    response = visitor.goto(live_demo + created.get_absolute_url())
    assert response.status == 200
    achieved = visitor.get_by_role("region", name="What it achieved")
    expect(achieved).to_contain_text("41 volunteers trained")
    expect(visitor.locator(".facts")).to_contain_text("City budget")
    expect(visitor.locator(".facts")).to_contain_text("about €15")  # 18,000 € for 1,200 people
    visitor.goto(live_demo + "/search/?q=volunteers+night+buses")
    expect(visitor.locator("#initiatives")).to_contain_text("Quiet hours volunteers")


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(), id: el.id, name: el.name || "",
                text: (el.innerText || el.value || "").trim().slice(0, 80),
                href: el.getAttribute("href") || "",
                outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
                shadow: style.boxShadow !== "none",
            };
        }"""
    )


def tab_to(page, predicate, limit=250) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            assert element["outline"] or element["shadow"], f"no visible focus on {element}"
            return element
    raise AssertionError("never reached the expected element with Tab")


def test_keyboard_only_search_filter_and_open_a_result(live_demo, page):
    page.goto(live_demo + "/initiatives/")
    page.locator("body").focus()

    tab_to(page, lambda el: el["id"] == "header-q")
    page.keyboard.type("video surveillance")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=video"))
    tab_to(page, lambda el: "/initiatives/?q=" in el["href"] and "with filters" in el["text"])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/initiatives/\?q=video"))
    before = result_count(page)

    element = tab_to(page, lambda el: el["name"] == "language")
    with page.expect_navigation():
        page.keyboard.press("Space")  # an option applies as soon as it is ticked
    expect(page).to_have_url(re.compile(r"language="))
    expect(page.locator(f"#{element['id']}")).to_be_checked()
    expect(page.locator(f"#{element['id']}")).to_be_focused()
    assert result_count(page) <= before

    tab_to(page, lambda el: re.fullmatch(r"/en/initiatives/[\w-]+/", el["href"]) is not None)
    page.keyboard.press("Enter")
    expect(page.locator("#context-heading")).to_be_visible()


def test_a_first_visit_requests_nothing_that_fails(live_demo, page):
    """Every request a browser makes on a first visit (pages, styles, scripts, icons) succeeds,
    and the pages arrive compressed."""
    failed, pages = [], []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.on(
        "response",
        lambda response: (
            response.request.resource_type == "document"
            and response.status == 200  # not the redirects to the language's address
            and pages.append(response)
        ),
    )
    page.goto(live_demo + "/")
    page.goto(live_demo + "/initiatives/")
    page.locator(RESULT_LINKS).first.click()
    expect(page.locator("h1")).to_be_visible()
    icon = page.request.get(live_demo + "/favicon.ico")
    assert icon.ok and icon.headers["content-type"] == "image/x-icon"
    assert failed == []
    assert len(pages) == 3
    assert all(response.headers.get("content-encoding") == "gzip" for response in pages)


def test_a_french_reader_switches_language_on_a_filtered_list_and_reads_a_summary(live_demo, page):
    page.goto(live_demo + "/initiatives/?q=drones&theme=drones&sort=title")
    english_results = page.locator(RESULT_LINKS).all_inner_texts()
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(page).to_have_url(re.compile(r"/fr/initiatives/\?q=drones&theme=drones&sort=title$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("button", name="Rechercher")).to_be_visible()
    french_results = page.locator(RESULT_LINKS).all_inner_texts()
    assert len(french_results) == len(english_results)  # same filters, one card per initiative
    # …each in the reader's language where the initiative has a version in it.
    assert "Drones over the city: a citizens' workshop in Bordeaux" in english_results
    assert "Des drones au-dessus de la ville : atelier citoyen à Bordeaux" in french_results
    page.locator(RESULT_LINKS).first.click()
    expect(page.get_by_role("heading", name="Informations clés")).to_be_visible()
    expect(page.locator("h1")).to_have_attribute("lang", re.compile(r"en|fr"))
    page.get_by_role("navigation", name="Langue").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Key facts")).to_be_visible()
