"""What is not public now never shows: not in corrections, suggestions, filters nor pages.

A theme, city or project is public while a public item uses it; a title word only if public
content contains it. Drafts, items in review and scheduled items count for nothing.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Status
from tests.factories import (
    CityFactory,
    DraftFactory,
    InitiativeFactory,
    NewsItemFactory,
    ProjectFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.usefixtures("shared_demo")

LIST = reverse("initiatives:list")
SEARCH = reverse("search")
SUGGEST = reverse("suggest")


def hidden(**fields):
    """One item of each kind that is not public: a draft, one in review, one scheduled."""
    later = timezone.now() + datetime.timedelta(days=3)
    return [
        DraftFactory(**fields),
        DraftFactory(status=Status.REVIEW, **fields),
        InitiativeFactory(published_at=later, **fields),
    ]


@pytest.fixture
def zorblax(db):
    """Hidden initiatives titled with a made-up word, under a theme, city and project of
    their own that nothing public uses."""
    hidden_vocabulary = {
        "themes": [ThemeFactory(name="Quantum pigeons", slug="quantum-pigeons")],
        "cities": [CityFactory(name="Zanzibarville", slug="zanzibarville", country="FR")],
        "project": ProjectFactory(name="Hidden project", slug="hidden-project", acronym="HIDPRJ"),
    }
    for n, item in enumerate(hidden(**hidden_vocabulary)):
        item.title = f"Zorblax patrols {n}"
        item.save()


@pytest.mark.parametrize("page", [LIST, SEARCH])
@pytest.mark.parametrize("extra", [{}, {"country": "BE"}])
def test_corrections_never_offer_words_of_hidden_titles(client, zorblax, page, extra):
    response = client.get(page, {"q": "zorblx OR dornes", **extra})
    text = response.content.decode().lower()
    assert "zorblax" not in text
    assert "did you mean" in text and "drones" in text  # the public word is still corrected


def test_a_hidden_title_word_becomes_a_correction_once_published(client, zorblax):
    InitiativeFactory(title="Zorblax watch")
    response = client.get(LIST, {"q": "zorblx"})
    assert "Did you mean" in response.content.decode()
    assert "zorblax" in response.content.decode()


@pytest.mark.parametrize(
    "typed, hidden_word",
    [("pigons", "pigeons"), ("zanzibarvile", "zanzibarville"), ("hidprk", "hidprj")],
)
def test_corrections_never_offer_hidden_vocabulary(client, zorblax, typed, hidden_word):
    text = client.get(LIST, {"q": f"{typed} OR dornes"}).content.decode().lower()
    assert "did you mean" in text and "drones" in text
    assert hidden_word not in text


@pytest.mark.parametrize("typed", ["quantum", "zanzib", "zorblax"])
def test_suggestions_offer_nothing_hidden(client, zorblax, typed):
    assert client.get(SUGGEST, {"q": typed}).json()["suggestions"] == []


@pytest.mark.parametrize(
    "url",
    [
        reverse("initiatives:theme", args=["quantum-pigeons"]),
        reverse("initiatives:city", args=["zanzibarville"]),
        reverse("initiatives:project", args=["hidden-project"]),
    ],
)
def test_hidden_vocabulary_has_no_page(client, zorblax, url):
    assert client.get(url).status_code == 404


def test_hidden_vocabulary_is_in_no_filter_nor_grid(client, zorblax):
    home = client.get(reverse("home")).content.decode()
    news = client.get(reverse("news:list")).content.decode()
    listing = client.get(LIST).content.decode()
    for page in (home, news, listing):
        assert "Quantum pigeons" not in page
        assert "Zanzibarville" not in page
        assert "Hidden project" not in page


@pytest.mark.parametrize(
    "params",
    [{"theme": "quantum-pigeons"}, {"city": "zanzibarville"}, {"project": "hidden-project"}],
)
def test_filtering_on_hidden_vocabulary_is_refused_without_naming_it(client, zorblax, params):
    response = client.get(LIST, params)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "Quantum pigeons" not in page and "Zanzibarville" not in page


def test_vocabulary_turns_public_with_its_first_public_item(client, zorblax):
    from initiatives.models import City, Project, Theme

    InitiativeFactory(
        themes=[Theme.objects.get(slug="quantum-pigeons")],
        cities=[City.objects.get(slug="zanzibarville")],
        project=Project.objects.get(slug="hidden-project"),
    )
    assert client.get(reverse("initiatives:theme", args=["quantum-pigeons"])).status_code == 200
    assert client.get(reverse("initiatives:city", args=["zanzibarville"])).status_code == 200
    assert client.get(reverse("initiatives:project", args=["hidden-project"])).status_code == 200
    assert "Quantum pigeons" in client.get(reverse("home")).content.decode()
    labels = [item["label"] for item in client.get(SUGGEST, {"q": "zanzib"}).json()["suggestions"]]
    assert labels == ["Zanzibarville"]


def test_a_theme_of_public_news_only_is_public(client, zorblax):
    from initiatives.models import Theme

    item = NewsItemFactory()
    item.themes.set([Theme.objects.get(slug="quantum-pigeons")])
    assert "Quantum pigeons" in client.get(reverse("news:list")).content.decode()
    assert client.get(reverse("initiatives:theme", args=["quantum-pigeons"])).status_code == 200
    # The home grid counts initiatives: a theme with none is not there.
    assert "Quantum pigeons" not in client.get(reverse("home")).content.decode()
