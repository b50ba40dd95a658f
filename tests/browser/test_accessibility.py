"""axe-core finds no WCAG 2.1 A/AA violation on the pages visitors use."""

import pytest

from initiatives.models import Initiative, NewsItem
from tests.browser.conftest import DESKTOP, PHONE

# A live server needs committed data, so these tests run outside a rolled-back transaction.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def public_pages():
    initiative = Initiative.objects.published().order_by("slug").first()
    french = Initiative.objects.published().filter(language="fr").order_by("slug").first()
    news = NewsItem.objects.published().order_by("slug").first()
    return {
        "home": "/en/",
        "list": "/en/initiatives/",
        "list with filters": (
            "/en/initiatives/?q=drones&theme=drones&country=FR&year_from=2019&sort=title"
        ),
        "list with a bad filter": "/en/initiatives/?year_from=abc&theme=nope",
        "detail": initiative.get_absolute_url(),
        "detail in French": french.get_absolute_url(),
        "theme": "/en/themes/drones/",
        "news": "/en/news/",
        "news item": news.get_absolute_url(),
        "manifesto": "/en/manifesto/",
        "search": "/en/search/?q=youth",
        "search with a typo": "/en/search/?q=dornes",
        "an empty list": "/en/initiatives/?q=drones&outcome=no_effect&country=LV",
        "the rating scale": "/en/about/evidence/",
        "about": "/en/about/",
        "accessibility statement": "/en/about/accessibility/",
        "privacy notice": "/en/about/privacy/",
        "page not found": "/en/initiatives/no-such-summary/",
        "overview": "/en/explore/",
        "overview with filters": "/en/explore/?theme=drones&outcome=effective",
        "comparison": "/en/compare/?"
        + "&".join(
            f"i={slug}"
            for slug in Initiative.objects.published()
            .order_by("slug")
            .values_list("slug", flat=True)[:3]
        ),
    }


def french_pages():
    """The French interface: its own words, and English summaries marked as such (desktop
    only: the phone's layout is the same in both languages)."""
    initiative = Initiative.objects.published().order_by("slug").first()
    return {
        "French home": "/fr/",
        "French list with filters": "/fr/initiatives/?q=drones&theme=drones&sort=title",
        "French list with a bad filter": "/fr/initiatives/?year_from=abc",
        "French detail of an English summary": "/fr" + initiative.get_absolute_url()[3:],
        "French search": "/fr/search/?q=jeunes",
        "French manifesto": "/fr/manifesto/",
        "French rating scale": "/fr/about/evidence/",
        "French overview": "/fr/explore/",
        "French accessibility statement": "/fr/about/accessibility/",
    }


# On a phone the markup is the same and the layout changes: one page of each layout.
PHONE_LAYOUTS = [
    "home",
    "list with filters",
    "detail",
    "search",
    "overview with filters",
    "comparison",
    "page not found",
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_axe_violations(live_demo, new_page, axe, viewport):
    page = new_page(viewport)
    problems = {}
    if viewport == DESKTOP:
        pages = public_pages() | french_pages()
    else:
        pages = {name: path for name, path in public_pages().items() if name in PHONE_LAYOUTS}
        assert len(pages) == len(PHONE_LAYOUTS)
    for name, path in pages.items():
        page.goto(live_demo + path)
        violations = axe(page)
        if violations:
            problems[name] = violations
    assert problems == {}


def test_the_checker_reports_a_real_violation(live_demo, page, axe):
    """Guards the guard: an unlabelled field must be reported, or the test above proves nothing."""
    page.goto(live_demo + "/")
    page.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<input>')")
    assert "label" in {violation["id"] for violation in axe(page)}
