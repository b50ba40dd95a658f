"""Home, news and manifesto pages."""

import datetime

import pytest
from django.urls import reverse

from initiatives.models import Initiative, NewsItem, Status
from tests.factories import (
    DraftFactory,
    InitiativeFactory,
    ManifestoFactory,
    NewsItemFactory,
    RecommendationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_home_page(client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="search"' in page
    themes = {theme.slug: theme.count for theme in response.context["themes"]}
    drones = Initiative.objects.published().filter(themes__slug="drones").count()
    assert themes["drones"] == drones
    assert "Security, Democracy and Cities manifesto 2025" in page
    assert len(response.context["latest_news"]) == 4


def test_news_list_is_newest_first_and_filterable(client, demo):
    response = client.get(reverse("news:list"))
    dates = [item.date for item in response.context["news_items"]]
    assert dates == sorted(dates, reverse=True)
    assert "Share your initiative" not in response.content.decode()  # a draft
    french = client.get(reverse("news:list"), {"language": "fr"})
    assert [item.slug for item in french.context["news_items"]] == [
        "technologie-proteger-espaces-publics"
    ]
    by_theme_and_year = client.get(reverse("news:list"), {"theme": "drones", "year": "2021"})
    assert {item.slug for item in by_theme_and_year.context["news_items"]} == {
        "online-workshop-drones-urban-security"
    }


@pytest.mark.parametrize(
    "params, message",
    [
        ({"year": "abc"}, "Year</a>: Enter a whole number."),
        ({"theme": "nope"}, "Select a valid choice. nope is not one of the available choices."),
        ({"language": "xx1"}, "Select a valid choice. xx1 is not one of the available choices."),
    ],
)
def test_news_bad_filters_are_400(client, demo, params, message):
    response = client.get(reverse("news:list"), params)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Some filters could not be applied" in page and message in page


def test_news_detail_and_drafts(client, demo):
    item = NewsItem.objects.get(slug="young-peoples-perspectives-mechelen")
    response = client.get(item.get_absolute_url())
    page = response.content.decode()
    assert "Mechelen" in page
    assert reverse("initiatives:detail", args=["mechelen-youth-workshop-crime-terrorism"]) in page
    draft = NewsItem.objects.get(status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_news_pagination(client):
    for n in range(25):
        NewsItemFactory(date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    first = client.get(reverse("news:list"))
    assert len(first.context["news_items"]) == 20
    assert len(client.get(reverse("news:list"), {"page": 2}).context["news_items"]) == 5
    assert client.get(reverse("news:list"), {"page": 3}).status_code == 404


def test_manifesto_lists_recommendations_with_initiatives_in_practice(client):
    theme = ThemeFactory(name="Citizen participation")
    explicit = InitiativeFactory(title="Explicitly linked")
    InitiativeFactory(title="Shares the theme", themes=[theme])
    DraftFactory(title="Hidden draft", themes=[theme])
    manifesto = ManifestoFactory(year=2025, title="Manifesto 2025")
    second = RecommendationFactory(manifesto=manifesto, number=2, title="Second")
    first = RecommendationFactory(manifesto=manifesto, number=1, title="First")
    first.initiatives.add(explicit)
    second.themes.add(theme)
    ManifestoFactory(year=2026, status=Status.DRAFT, published_at=None)

    response = client.get(reverse("manifesto:current"))
    page = response.content.decode()
    assert response.context["manifesto"] == manifesto  # the 2026 draft is not current
    assert page.index("First") < page.index("Second")
    practice = {r.pk: r.initiatives_in_practice for r in response.context["recommendations"]}
    assert [i["title"] for i in practice[first.pk]] == ["Explicitly linked"]
    assert [i["title"] for i in practice[second.pk]] == ["Shares the theme"]
    assert "Hidden draft" not in page
    assert 'id="recommendation-1"' in page
    assert 'href="#recommendation-2"' in page  # the contents list
    second_item = page[page.index('id="recommendation-2"') :]
    assert second_item.index("Recent initiatives on its themes") < second_item.index(
        "Shares the theme"
    )
    assert "Put into practice by" not in second_item  # nobody linked it explicitly
    assert f"?theme={theme.slug}" in second_item
    assert client.get(reverse("manifesto:year", args=[2025])).status_code == 200
    assert client.get(reverse("manifesto:year", args=[2026])).status_code == 404
    assert client.get(reverse("manifesto:year", args=[1999])).status_code == 404


def test_the_home_page_puts_search_and_the_latest_initiatives_before_the_themes(client, demo):
    """On a phone the page is read in this order: ten theme cards first pushed the first
    initiative 1,400 px down."""
    page = client.get(reverse("home")).content.decode()
    assert page.index('id="home-q"') < page.index('id="latest-heading"')
    assert page.index('id="latest-heading"') < page.index('id="themes-heading"')


def test_no_manifesto_yet_is_a_404(client):
    assert client.get(reverse("manifesto:current")).status_code == 404


def test_detail_page_with_many_recommendations_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    theme = ThemeFactory(name="Citizen participation")
    initiative = InitiativeFactory(title="Neighbourhood panels", themes=[theme])
    for year in (2024, 2025):
        manifesto = ManifestoFactory(year=year, title=f"Manifesto {year}")
        for number in (1, 2, 3):
            recommendation = RecommendationFactory(
                manifesto=manifesto, number=number, title=f"Recommendation {year}.{number}"
            )
            recommendation.initiatives.add(initiative)
    RecommendationFactory(manifesto=manifesto, number=4, title="Shares a theme").themes.add(theme)
    with django_assert_max_num_queries(3):  # 2 + the page's validator (http_cache.py)
        response = client.get(initiative.get_absolute_url())
    page = response.content.decode()
    shown = [str(recommendation) for recommendation in response.context["recommendations"]]
    assert len(shown) == 7
    assert "2025 · 1. Recommendation 2025.1" in page and "Shares a theme" in page


def test_a_summary_names_only_recommendations_of_a_public_manifesto_in_the_page_language(client):
    theme = ThemeFactory(name="Citizen participation")
    initiative = InitiativeFactory(title="Neighbourhood panels", themes=[theme])
    public = RecommendationFactory(
        manifesto=ManifestoFactory(year=2024),
        number=2,
        title="Ask the residents",
        title_fr="Demander aux habitants",
    )
    public.initiatives.add(initiative)
    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)
    for year, manifesto in {
        2025: ManifestoFactory(year=2025, status=Status.DRAFT, published_at=None),
        2026: ManifestoFactory(year=2026, published_at=soon),
    }.items():
        RecommendationFactory(manifesto=manifesto, title=f"Not yet {year}").themes.add(theme)

    english = client.get(initiative.get_absolute_url()).content.decode()
    french = client.get(f"/fr/initiatives/{initiative.slug}/").content.decode()

    assert "2024 · 2. Ask the residents" in english
    assert "2024 · 2. Demander aux habitants" in french
    assert "/en/manifesto/2024/#recommendation-2" in english
    assert "Not yet" not in english + french


def test_manifesto_with_many_recommendations_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    theme = ThemeFactory(name="Citizen participation")
    InitiativeFactory.create_batch(8, themes=[theme])
    manifesto = ManifestoFactory(year=2025)
    for number in range(1, 11):
        RecommendationFactory(manifesto=manifesto, number=number).themes.add(theme)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("manifesto:current"))
    practice = [r.themed_in_practice for r in response.context["recommendations"]]
    assert len(practice) == 10 and all(len(found) == 3 for found in practice)
    assert response.content.decode().count("See all initiatives on its themes") == 10


@pytest.mark.parametrize("debug", [False, True])
def test_a_missing_page_offers_a_search_for_its_words_in_every_mode(client, settings, debug):
    """`make run` runs with DEBUG on: its 404 is the designed page, not Django's technical one."""
    settings.DEBUG = debug
    response = client.get("/fr/initiatives/detection-de-drones-2024/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert 'value="detection de drones"' in page
    assert f'href="{reverse("initiatives:list")}"'.replace("/en/", "/fr/") in page
    assert "URLconf" not in page  # the technical page lists the URL patterns


def test_the_admin_keeps_djangos_own_404_under_debug(client, settings, admin_user):
    settings.DEBUG = True
    client.force_login(admin_user)
    response = client.get("/admin/no-such-part/")
    assert response.status_code == 404
    assert 'id="not-found-q"' not in response.content.decode()
