"""The overview (/explore/, issue 17): every number on the matrix, the charts and the map is the
number of initiatives the list shows when its link is followed, under any filters."""

import gzip
import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict
from django.urls import reverse

from initiatives.catalogue_query import CatalogueQuery
from initiatives.models import City, EvaluationType, Initiative, Outcome, Status
from initiatives.synthetic import generate
from tests.factories import DraftFactory, InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_kept_pages")]

EXPLORE = reverse("initiatives:explore")
LIST = reverse("initiatives:list")
STATIC = Path(__file__).resolve().parent.parent / "static"
# A mark: a link to the list whose text is its number.
MARK = re.compile(r'<a href="(/en/initiatives/\?[^"]*)"[^>]*>([\d,]+)</a>')

FILTERS = [
    "",
    "theme=drones",
    "outcome=effective",
    "outcome=effective&outcome=promising&evaluation=external",
    "country=BE&evaluation=internal",
    "q=drones",
    "year_from=2018&budget_min=50000",
    "started=2019",
    "language=fr",
]


def marks(response) -> list[tuple[str, int]]:
    page = response.content.decode()
    return [(html.unescape(url), int(text.replace(",", ""))) for url, text in MARK.findall(page)]


def list_total(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["result"].total


def counted_total(client, url) -> int:
    """What the list at `url` counts, without rendering its page: CatalogueQuery is the list's
    own (the demo's tests open the pages)."""
    path, _sep, query = url.partition("?")
    assert path == LIST, url
    return CatalogueQuery(QueryDict(query)).total()


def assert_every_mark_opens_its_count(client, query, total_of=list_total):
    response = client.get(f"{EXPLORE}?{query}")
    assert response.status_code == 200
    found = marks(response)
    assert found, query
    counts = {}
    for url, count in found:  # a list linked from two marks gets one number, opened once
        assert counts.setdefault(url, count) == count, (query, url)
    for url, count in counts.items():
        assert total_of(client, url) == count, (query, url)
    return response


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("query", FILTERS)
def test_every_mark_of_the_demo_opens_a_list_of_its_size(client, query):
    response = assert_every_mark_opens_its_count(client, query)
    total = response.context["overview"].total
    assert total == list_total(client, f"{LIST}?{query}")
    assert f'href="{LIST}?{html.escape(query)}"' in response.content.decode() or not query


def test_every_mark_of_a_generated_catalogue_opens_a_list_of_its_size(client, demo):
    generate(300, seed=7)
    for query in ["", "outcome=mixed&evaluation=experimental", "theme=drones&budget_max=900000"]:
        assert_every_mark_opens_its_count(client, query, total_of=counted_total)


@pytest.mark.usefixtures("demo")
def test_the_matrix_crosses_outcome_and_evaluation(client):
    matrix = client.get(EXPLORE).context["matrix"]
    published = Initiative.objects.published().one_per_initiative()
    effective_external = published.filter(
        outcome=Outcome.EFFECTIVE, evaluation_type=EvaluationType.EXTERNAL
    ).count()
    assert effective_external > 0
    [effective] = [row for row in matrix["rows"] if row["value"] == "effective"]
    [cell] = [cell for cell in effective["cells"] if "evaluation=external" in cell["url"]]
    assert cell["count"] == effective_external
    assert parse_qs(urlsplit(cell["url"]).query) == {
        "outcome": ["effective"],
        "evaluation": ["external"],
    }
    assert matrix["total"] == published.count()


@pytest.mark.usefixtures("demo")
def test_the_matrix_ignores_its_own_filters_and_keeps_the_others(client):
    """Filtered on an outcome, the matrix still shows the other outcomes' cells, each leading
    to that outcome with the rest of the filters."""
    matrix = client.get(f"{EXPLORE}?outcome=effective&country=BE").context["matrix"]
    [mixed] = [row for row in matrix["rows"] if row["value"] == "mixed"]
    query = parse_qs(urlsplit(mixed["cells"][0]["url"]).query)
    assert query["outcome"] == ["mixed"] and query["country"] == ["BE"]


@pytest.mark.usefixtures("demo")
def test_the_map_places_cities_with_coordinates(client):
    assert not City.objects.public().filter(latitude__isnull=True).exists()
    page = client.get(EXPLORE).content.decode()
    assert page.count("data-latitude=") == City.objects.public().count()


@pytest.mark.usefixtures("demo")
def test_drafts_are_counted_nowhere(client):
    city = City.objects.public().first()
    DraftFactory(cities=[city], start_year=1995, budget_eur=10**9)
    InitiativeFactory(
        status=Status.PUBLISHED,
        published_at="2100-01-01T00:00Z",
        title="Scheduled for later",
        start_year=1996,
    )
    page = client.get(EXPLORE).content.decode()
    assert "1995" not in page and "1996" not in page
    assert "or more" not in page  # no band for the draft's billion


@pytest.mark.usefixtures("demo")
def test_an_invalid_filter_answers_400_with_the_reason_and_valid_links(client):
    response = client.get(f"{EXPLORE}?year_from=abc&theme=drones")
    assert response.status_code == 400
    assert "Enter a whole number." in response.content.decode()
    for url, _count in marks(response):
        assert "year_from" not in url
    for row in response.context["matrix"]["rows"]:
        assert all("theme=drones" in cell["url"] for cell in row["cells"])
    assert client.get(f"{EXPLORE}?theme=no-such-theme").status_code == 400


@pytest.mark.usefixtures("demo")
def test_theme_city_and_country_pages_show_their_matrix(client):
    response = client.get(reverse("initiatives:theme", args=["drones"]))
    matrix = response.context["matrix"]
    assert matrix["total"] == response.context["result"].total
    assert f'href="{EXPLORE}?theme=drones"' in response.content.decode()
    for url, count in marks(response):
        if "evaluation=" in url and "outcome=" in url:
            assert list_total(client, url) == count


@pytest.mark.usefixtures("demo")
def test_the_list_links_to_its_overview(client):
    page = client.get(f"{LIST}?theme=drones").content.decode()
    assert f'href="{EXPLORE}?theme=drones"' in page


@pytest.mark.usefixtures("demo")
def test_the_overview_weighs_less_than_the_list(client):
    """Its HTML no heavier than the list's, its JavaScript (libraries and ours) under 150 KB
    compressed."""
    explore = client.get(EXPLORE).content
    listed = client.get(LIST).content
    assert len(gzip.compress(explore)) <= len(gzip.compress(listed))
    scripts = re.findall(r'<script src="/static/([^"]+)"', explore.decode())
    assert len(scripts) == 5
    weight = sum(len(gzip.compress((STATIC / path).read_bytes())) for path in scripts)
    assert weight < 150_000, weight


def test_the_admin_refuses_coordinates_off_the_globe(admin_client):
    url = reverse("admin:initiatives_city_add")
    data = {"name": "Nowhere", "slug": "nowhere", "country": "FR", "other_names": ""}
    response = admin_client.post(url, {**data, "latitude": "95", "longitude": "200"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "less than or equal to 90" in page and "less than or equal to 180" in page
    assert not City.objects.filter(slug="nowhere").exists()
    assert 'max="90"' in page
    admin_client.post(url, {**data, "latitude": "45.764", "longitude": "4.8357"})
    assert str(City.objects.get(slug="nowhere").latitude) == "45.76400"


@pytest.mark.usefixtures("demo")
def test_initiatives_without_a_budget_are_counted_whatever_the_budget_filter(client):
    InitiativeFactory(slug="no-budget-1", budget_eur=None)
    InitiativeFactory(slug="no-budget-2", budget_eur=None)
    unstated = Initiative.objects.published().filter(budget_eur__isnull=True).count()
    for query in ("", "?budget_min=50000", "?budget_max=1000"):
        budgets = client.get(f"{EXPLORE}{query}").context["budgets"]
        assert budgets["unstated"] == unstated, query


def test_blank_slugs_are_not_compared_or_named(client, db):
    response = client.get(reverse("initiatives:compare"), {"i": ["", " "]})
    assert response.status_code == 200
    assert "<code></code>" not in response.content.decode()
