"""The list's filter panel and its empty state, as a visitor meets them (issue 15)."""

import re

import pytest
from django.db.models import Count

from initiatives.models import City, Initiative

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

LIST = "/en/initiatives/"


def facet(response, name) -> dict:
    return {group["name"]: group for group in response.context["facets"]}[name]


def rarest_city() -> City:
    return (
        City.objects.filter(initiatives__in=Initiative.objects.published())
        .annotate(n=Count("initiatives"))
        .order_by("n", "name")
        .first()
    )


def test_a_long_facet_shows_the_commonest_options_and_folds_the_rest(client):
    response = client.get(LIST)
    cities = facet(response, "city")
    assert len(cities["options"]) > 8
    shown_counts = [option["count"] for option in cities["shown"]]
    assert len(shown_counts) == 6
    assert min(shown_counts) >= max(option["count"] for option in cities["more"])
    page = response.content.decode()
    assert f"Show {len(cities['more'])} more" in page
    assert "facet-long" not in page  # no inner scroll box


def test_a_chosen_option_of_a_long_facet_comes_first(client):
    city = rarest_city()
    response = client.get(LIST, {"city": city.slug})
    cities = facet(response, "city")
    assert cities["shown"][0]["value"] == city.slug
    assert cities["shown"][0]["selected"]
    html = response.content.decode()
    chosen = html.index(f'id="f-city-{city.slug}"')
    assert chosen < html.index('class="facet-more"', html.index('id="id_city"'))


def test_the_panel_can_be_applied_near_its_top(client):
    html = client.get(LIST).content.decode()
    panel = html[html.index('id="filters"') :]
    first_button = panel.index("Apply filters")
    assert first_button < panel.index('<fieldset class="facet"')
    assert "Options apply as soon as you tick them." in panel


def test_an_empty_result_says_so_once_and_offers_ways_out(client):
    city = rarest_city()
    query = {"q": "drones", "city": city.slug, "outcome": "no_effect"}
    response = client.get(LIST, query)
    assert response.context["result"].total == 0
    page = response.content.decode()
    assert page.count("No published initiative matches") == 1
    assert "No options with the current filters" not in page
    ways = response.context["ways_out"]
    assert len(ways) == 3
    for way in ways:
        url = way["url"].replace("&amp;", "&")
        assert client.get(url).context["result"].total == way["count"], way["label"]
        assert re.search(rf"without “{re.escape(way['label'])}”", page)
    assert "/en/search/?q=drones" in page
    assert "Or try a search:" in page


def test_a_list_with_results_offers_no_ways_out(client):
    response = client.get(LIST, {"q": "drones"})
    assert response.context["result"].total > 0
    assert response.context["ways_out"] == []
