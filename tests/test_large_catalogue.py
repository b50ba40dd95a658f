"""A catalogue of 210 initiatives built for the test: paging, sorting edges, query ceilings,
and drafts or scheduled items absent from every list."""

import pytest
from django.urls import reverse

from initiatives.models import Initiative, Status
from tests.factories import (
    CityFactory,
    DraftFactory,
    InitiativeFactory,
    ProjectFactory,
    ThemeFactory,
)
from tests.list_helpers import LIST, get_all, slugs, titles

pytestmark = pytest.mark.django_db
published = Initiative.objects.published


def test_budget_sort_puts_unknown_budgets_last(client):
    InitiativeFactory(title="Unknown cost", budget_eur=None)
    InitiativeFactory(title="Cheap", budget_eur=10)
    InitiativeFactory(title="Dear", budget_eur=10_000)
    assert titles(client.get(LIST, {"sort": "budget_desc"})) == ["Dear", "Cheap", "Unknown cost"]
    assert titles(client.get(LIST, {"sort": "budget_asc"})) == ["Cheap", "Dear", "Unknown cost"]


@pytest.fixture
def catalogue(db):
    """A catalogue of 210 published initiatives and a few drafts, for paging and ceilings."""
    themes = [ThemeFactory() for _ in range(10)]
    cities = [CityFactory(country=code) for code in ["BE", "FR", "DE", "IT", "ES"] * 3]
    projects = [ProjectFactory() for _ in range(3)]
    initiatives = Initiative.objects.bulk_create(
        InitiativeFactory.build(
            title=f"Initiative {n:03d}",
            slug=f"bulk-{n:03d}",
            start_year=2000 + n % 25,
            end_year=None,
            budget_eur=n * 1000,
            project=projects[n % 3],
            evaluation_type=["none", "internal", "external", "experimental"][n % 4],
        )
        for n in range(210)
    )
    Initiative.themes.through.objects.bulk_create(
        Initiative.themes.through(initiative=initiative, theme=themes[(n + k) % 10])
        for n, initiative in enumerate(initiatives)
        for k in range(2)
    )
    Initiative.cities.through.objects.bulk_create(
        Initiative.cities.through(initiative=initiative, city=cities[n % 15])
        for n, initiative in enumerate(initiatives)
    )
    for n in range(3):
        DraftFactory(title=f"Secret draft {n}", themes=[themes[0]], cities=[cities[0]])
    return {"themes": themes, "cities": cities, "projects": projects}


def test_pagination_edges(client, catalogue):
    first = client.get(LIST, {"sort": "title"})
    assert len(first.context["initiatives"]) == 20
    assert first.context["page_obj"].paginator.num_pages == 11
    last = client.get(LIST, {"sort": "title", "page": 11})
    assert titles(last) == ["Initiative 200", *[f"Initiative {n}" for n in range(201, 210)]]
    html = first.content.decode()
    assert "page=2" in html and "Next" in html and "Last" in html
    for page in ["12", "999999", "-1", "0", "abc"]:
        assert client.get(LIST, {"page": page}).status_code == 404, page


def test_list_query_count_is_constant(client, catalogue, django_assert_max_num_queries):
    theme_slugs = [theme.slug for theme in catalogue["themes"][:3]]
    params = {
        "q": "initiative",
        "theme": theme_slugs,
        "country": ["FR", "BE"],
        "city": catalogue["cities"][1].slug,
        "project": catalogue["projects"][1].slug,
        "year_from": "2001",
        "budget_max": "200000",
        "evaluation": ["internal", "external"],
        "language": "en",
        "outcome": "too_early",
    }
    with django_assert_max_num_queries(9):  # 8, and the glossary's lookup of the words
        response = client.get(LIST, params)
    assert response.status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(LIST).status_code == 200


def test_detail_query_count(client, catalogue, django_assert_max_num_queries):
    initiative = Initiative.objects.published().first()
    # The versions behind the page's ETag, the initiative with its project, cities, themes and
    # versions, then related initiatives, recommendations and news (summary_page.py).
    with django_assert_max_num_queries(3):
        response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    assert response.context["related"]


def test_drafts_are_absent_everywhere(client, catalogue):
    theme = catalogue["themes"][0]
    draft = Initiative.objects.filter(status=Status.DRAFT).first()
    assert client.get(draft.get_absolute_url()).status_code == 404
    everything = get_all(client, {})
    assert not any(slug.startswith("initiative-") for slug in everything)
    assert len(everything) == 210
    theme_page = client.get(reverse("initiatives:theme", args=[theme.slug]))
    assert "Secret draft" not in theme_page.content.decode()
    assert theme_page.context["result"].total == published().filter(themes=theme).count()
    facets = {group["name"]: group for group in client.get(LIST).context["facets"]}
    theme_count = next(o for o in facets["theme"]["options"] if o["value"] == theme.slug)
    assert theme_count["count"] == published().filter(themes=theme).count()
    related_page = client.get(published().filter(themes=theme).first().get_absolute_url())
    assert "Secret draft" not in related_page.content.decode()
    home = client.get(reverse("home"))
    assert "Secret draft" not in home.content.decode()


def test_scheduled_publication_stays_hidden(client):
    from datetime import timedelta

    from django.utils import timezone

    future = InitiativeFactory(published_at=timezone.now() + timedelta(days=2))
    assert client.get(future.get_absolute_url()).status_code == 404
    assert future.slug not in slugs(client.get(LIST))
