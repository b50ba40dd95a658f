"""Public browsing: the list and its filters, facets, sorting, pagination and bad input."""

import re

import pytest
from django.urls import reverse

from initiatives.filters import FACETS, InitiativeFilter
from initiatives.models import Initiative
from tests.list_helpers import LIST, get_all, slugs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]


published = Initiative.objects.published


def expected(queryset):
    return set(queryset.values_list("slug", flat=True))


@pytest.mark.parametrize(
    "params, queryset",
    [
        ({"theme": "drones"}, lambda: published().filter(themes__slug="drones")),
        ({"country": "FR"}, lambda: published().filter(cities__country="FR")),
        ({"city": "rotterdam"}, lambda: published().filter(cities__slug="rotterdam")),
        ({"project": "protect"}, lambda: published().filter(project__slug="protect")),
        ({"year_from": "2024"}, lambda: published().exclude(end_year__lt=2024)),
        ({"year_to": "2019"}, lambda: published().filter(start_year__lte=2019)),
        ({"budget_min": "500000"}, lambda: published().filter(budget_eur__gte=500000)),
        ({"budget_max": "30000"}, lambda: published().filter(budget_eur__lte=30000)),
        (
            {"evaluation": "experimental"},
            lambda: published().filter(evaluation_type="experimental"),
        ),
        ({"outcome": "mixed"}, lambda: published().filter(outcome="mixed")),
        ({"language": "fr"}, lambda: published().filter(language="fr")),
    ],
)
def test_each_filter_alone(client, demo, params, queryset):
    want = expected(queryset())
    assert want, "the demo content should exercise this filter"
    assert get_all(client, params) == want


def test_several_values_of_one_filter_widen(client, demo):
    got = get_all(client, {"theme": ["drones", "cybercrime"]})
    want = expected(published().filter(themes__slug__in=["drones", "cybercrime"]))
    assert got == want
    assert len(want) > len(expected(published().filter(themes__slug="drones")))


def test_different_filters_narrow(client, demo):
    got = get_all(
        client, {"theme": ["drones", "video-surveillance"], "country": "FR", "year_from": "2021"}
    )
    want = expected(
        published()
        .filter(themes__slug__in=["drones", "video-surveillance"], cities__country="FR")
        .exclude(end_year__lt=2021)
    )
    assert got == want
    assert 0 < len(want) < published().filter(cities__country="FR").count()


def test_ongoing_initiatives_count_for_recent_years(client, demo):
    got = get_all(client, {"year_from": "2030"})
    assert got == expected(published().filter(end_year__isnull=True))


@pytest.mark.parametrize(
    "base",
    [
        {"country": ["FR", "NL"], "year_from": "2020"},
        # One facet alone, as on a theme page: its own counts come from the whole catalogue's.
        {"theme": ["drones", "cybercrime"]},
        # A search, two facets in use (each counted without its own filter) and a plain filter.
        {
            "q": "city OR security",
            "theme": ["drones", "youth-participation"],
            "evaluation": ["external", "internal"],
            "year_from": "2015",
        },
    ],
)
def test_facet_counts_match_the_lists_they_lead_to(client, demo, base):
    response = client.get(LIST, base)
    checked = 0
    for group in response.context["facets"]:
        for option in group["options"]:
            params = {key: value for key, value in base.items() if key != group["name"]}
            params[group["name"]] = option["value"]
            assert response.context and len(get_all(client, params)) == option["count"], (
                group["name"],
                option,
            )
            checked += 1
    assert checked > 12


@pytest.mark.parametrize("facet", FACETS)
def test_facet_filters_test_the_row_itself(demo, facet):
    # Facet counts apply these conditions to the rows a search matched, which carry no joined
    # table: a join would multiply rows and count them twice.
    spec = InitiativeFilter.base_filters[facet]
    field = spec.field
    values = (
        list(field.queryset[:2])
        if hasattr(field, "queryset")
        else [c for c, _ in field.choices][:2]
    )
    sql = str(Initiative.objects.filter(spec.condition(values)).query)
    assert "JOIN" not in sql.upper()


def test_total_count_and_chips(client, demo):
    response = client.get(LIST, {"theme": "drones", "country": "FR"})
    page = response.content.decode()
    count = published().filter(themes__slug="drones", cities__country="FR").count()
    assert response.context["result"].total == count
    assert f"{count} initiative" in page
    chips = {chip["label"]: chip["url"] for chip in response.context["chips"]}
    assert chips["Theme: Drones"] == f"{LIST}?country=FR"
    assert chips["Country: France"] == f"{LIST}?theme=drones"
    assert "Clear all" in page


def test_options_that_would_give_nothing_are_hidden_unless_selected(client, demo):
    response = client.get(LIST, {"country": "CY", "theme": "drones"})
    html = response.content.decode()
    assert 'name="theme" value="public-spaces"' in html  # Larnaca has one
    assert 'name="theme" value="cybercrime"' not in html  # Cyprus has none
    drones = re.search(r'<input type="checkbox" name="theme" value="drones"[^>]*>', html)
    assert drones and "checked" in drones.group(0)  # selected, though it gives nothing


@pytest.mark.parametrize(
    "sort, key, reverse_order",
    [
        ("title", lambda i: i.title, False),
        ("budget_asc", lambda i: i.budget_eur, False),
        ("budget_desc", lambda i: i.budget_eur, True),
        ("oldest", lambda i: i.start_year, False),
        ("newest", lambda i: i.start_year, True),
    ],
)
def test_sorting(client, demo, sort, key, reverse_order):
    response = client.get(LIST, {"sort": sort})
    shown = list(response.context["initiatives"])
    assert shown == sorted(shown, key=key, reverse=reverse_order)


def test_relevance_is_the_default_with_words_only(client, demo):
    assert client.get(LIST, {"q": "drones"}).context["result"].sort == "relevance"
    assert client.get(LIST).context["result"].sort == "newest"
    assert client.get(LIST, {"sort": "relevance"}).context["result"].sort == "newest"


@pytest.mark.parametrize(
    "params, message",
    [
        ({"theme": "no-such-theme"}, "Select a valid choice"),
        ({"year_from": "abc"}, "Enter a whole number"),
        ({"sort": "drop table"}, "Select a valid choice"),
        ({"budget_min": "-5"}, "greater than or equal to 0"),
        ({"year_from": "2024", "year_to": "2020"}, "must not be after"),
        ({"q": "x" * 5000}, "too long"),
        ({"q": "!!! ??? ..."}, "at least one letter or digit"),
        ({"country": "ZZ"}, "Select a valid choice"),
        ({"year_to": "99999999999999999999"}, "less than or equal to 2100"),
    ],
)
def test_bad_input_is_a_400_with_a_message_and_the_rest_of_the_list(client, demo, params, message):
    response = client.get(LIST, {**params, "language": "fr"})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Some filters could not be applied" in page
    # The valid filter still applies: the French initiatives are listed.
    assert slugs(response) == expected(published().filter(language="fr"))


def test_empty_and_repeated_parameters_are_harmless(client, demo):
    response = client.get(LIST + "?q=&theme=&year_from=&sort=&year_to=2020&year_to=2022&page=1")
    assert response.status_code == 200
    assert response.context["result"].total == published().filter(start_year__lte=2022).count()


def test_detail_page_shows_the_summary_document(client, demo):
    initiative = Initiative.objects.get(slug="nice-drone-regulation-events")
    response = client.get(initiative.get_absolute_url())
    page = response.content.decode()
    for anchor, heading in [
        ("context", "Context"),
        ("objectives", "Objectives"),
        ("activities", "Activities"),
        ("budget", "Budget"),
        ("evaluation", "Evaluation"),
    ]:
        assert f'<section id="{anchor}"' in page
        assert f'href="#{anchor}"' in page
        assert f">{heading}</h2>" in page
    assert "Unauthorised drones" in page or "unauthorised drones" in page
    assert reverse("initiatives:theme", args=["drones"]) in page
    assert reverse("initiatives:city", args=["nice"]) in page
    assert "Cite this summary" in page
    assert "€120,000" in page
    assert "Internal evaluation" in page and "Promising" in page
    related = [other.slug for other in response.context["related"]]
    assert related[0].startswith("nice-"), related  # same city first


def test_scoped_pages(client, demo):
    theme = client.get(reverse("initiatives:theme", args=["drones"]))
    assert theme.status_code == 200
    assert slugs(theme) == expected(published().filter(themes__slug="drones"))
    assert "<h1>Drones</h1>" in theme.content.decode()
    country = client.get(reverse("initiatives:country", args=["be"]))
    assert country.status_code == 200
    assert slugs(country) == expected(published().filter(cities__country="BE").distinct())
    project = client.get(reverse("initiatives:project", args=["icarus"]))
    assert "IcARUS" in project.content.decode()
    city = client.get(reverse("initiatives:city", args=["lyon"]))
    assert slugs(city) == expected(published().filter(cities__slug="lyon"))
    for name, arg in [
        ("theme", "nope"),
        ("city", "atlantis"),
        ("country", "ZZ"),
        ("project", "nope"),
    ]:
        assert client.get(reverse(f"initiatives:{name}", args=[arg])).status_code == 404
