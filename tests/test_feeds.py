"""Atom and RSS feeds, read by a real feed parser: the list's items for the same query string,
newest first, each entry with its title, link, summary, dates, themes and author; the news and
the manifestos; autodiscovery from every list page; refused filters answered 400."""

import datetime
import html
import re

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.demo import load_demo
from initiatives.models import Initiative, Manifesto, NewsItem, Theme
from tests.factories import InitiativeFactory, NewsItemFactory, ThemeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

LIST = reverse("initiatives:list")
ATOM = reverse("initiatives:feed-atom")
RSS = reverse("initiatives:feed-rss")


def read_feed(client, url, params=None, **headers):
    response = client.get(url, params, headers=headers)
    assert response.status_code == 200, response.content[:500]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def links_of(feed) -> list[str]:
    return [entry.link for entry in feed.entries]


def list_links(client, params, language="en") -> list[str]:
    """The summaries the HTML list shows for these filters, most recently added first, page
    after page."""
    with translation.override(language):
        url = reverse("initiatives:list")
    links, page = [], 1
    while True:
        response = client.get(url, {**params, "sort": "added", "page": page})
        links += [
            f"http://testserver{initiative.get_absolute_url()}"
            for initiative in response.context["initiatives"]
        ]
        if not response.context["page_obj"].has_next():
            return links
        page += 1


@pytest.mark.parametrize("url", [ATOM, RSS])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "drones"},
        {"q": "dornes"},  # a typo: the list's correction applies to the feed too
        {"country": "FR"},
        {"theme": ["drones", "cybercrime"], "year_from": "2021"},
        {"q": "cyber OR ransomware", "language": "en"},
        {"outcome": "promising", "sort": "title", "page": "2"},  # order and page: the feed's own
    ],
)
def test_a_feed_lists_what_the_list_lists_for_the_same_query_latest_first(client, url, params):
    feed = read_feed(client, url, params)
    expected = list_links(client, {k: v for k, v in params.items() if k not in ("sort", "page")})
    assert expected, "the query should find something in the demo"
    assert links_of(feed) == expected[:50]


def test_an_atom_entry_carries_what_a_reader_needs(client):
    initiative = (
        Initiative.objects.published()
        .filter(themes__slug="drones", translation_of__isnull=True)
        .prefetch_related("themes")
        .first()
    )
    feed = read_feed(client, ATOM, {"q": f'"{initiative.title}"'})
    entry = next(e for e in feed.entries if e.link.endswith(initiative.get_absolute_url()))
    assert entry.title == initiative.title
    assert html.unescape(entry.summary) == initiative.lead
    assert entry.id == f"http://testserver/i/{initiative.pk}/"  # survives a change of slug
    assert entry.author == "Efus"
    published = datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC)
    assert published == initiative.published_at.replace(microsecond=0)
    assert {tag.term for tag in entry.tags} == {theme.name for theme in initiative.themes.all()}
    assert feed.feed.author == "Efus"
    assert "CC BY 4.0" in feed.feed.rights
    assert feed.feed.language == "en"


def test_an_rss_item_carries_the_same(client):
    initiative = Initiative.objects.published().filter(translation_of__isnull=True).first()
    feed = read_feed(client, RSS, {"q": f'"{initiative.title}"'})
    entry = next(e for e in feed.entries if e.link.endswith(initiative.get_absolute_url()))
    assert entry.title == initiative.title
    assert html.unescape(entry.summary) == initiative.lead
    assert entry.published_parsed[:3] == initiative.published_at.utctimetuple()[:3]
    assert entry.tags and entry.author == "Efus"
    assert feed.feed.language == "en"


@pytest.mark.parametrize("url", [ATOM, RSS])
def test_titles_and_leads_reach_the_reader_as_text(client, url):
    """An editor's "<", "&" or quotes are text in a feed, never markup."""
    InitiativeFactory(
        title='Cats & dogs <b>"unleashed"</b> patrols',
        lead="Fewer bites & <script>alert(1)</script> fewer fines.",
        published_at=timezone.now(),
    )
    entry = read_feed(client, url).entries[0]
    assert entry.title == 'Cats & dogs <b>"unleashed"</b> patrols'
    assert html.unescape(entry.summary) == "Fewer bites & <script>alert(1)</script> fewer fines."


def test_the_feed_follows_a_new_publication(client):
    theme = ThemeFactory(name="Harbour safety", slug="harbour-safety")
    assert client.get(ATOM, {"theme": "harbour-safety"}).status_code == 400  # not public yet
    initiative = InitiativeFactory(title="Harbour patrols", themes=[theme])
    feed = read_feed(client, ATOM, {"theme": "harbour-safety"})
    assert [entry.title for entry in feed.entries] == ["Harbour patrols"]
    assert feed.entries[0].link.endswith(initiative.get_absolute_url())


def test_a_french_feed_reads_the_french_versions(client):
    load_demo(glossary=False)  # with the summaries that translate others
    feed = read_feed(client, "/fr/initiatives/feed/atom/", {"q": "drones"})
    assert feed.feed.language == "fr"
    assert links_of(feed) == list_links(client, {"q": "drones"}, language="fr")[:50]
    assert all("/fr/initiatives/" in link for link in links_of(feed))
    themes = {tag.term for entry in feed.entries for tag in entry.tags}
    french = set(Theme.objects.exclude(name_fr="").values_list("name_fr", flat=True))
    assert themes & french and not themes - french - set(
        Theme.objects.values_list("name", flat=True)
    )


@pytest.mark.parametrize("url", [ATOM, RSS])
@pytest.mark.parametrize(
    "params, named",
    [
        ({"year_from": "abc"}, "From year"),
        ({"theme": "no-such-theme"}, "Theme"),
        ({"year_from": "2030", "year_to": "2020"}, "To year"),
        ({"q": "!!!"}, "Search"),
    ],
)
def test_a_refused_filter_answers_400_in_plain_words(client, url, params, named):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "not valid" in text and f"{named}:" in text


@pytest.mark.parametrize("params", [{"sort": "drop table"}, {"page": "999999"}, {"page": "abc"}])
def test_order_and_page_of_a_list_address_never_break_its_feed(client, params):
    assert client.get(ATOM, params).status_code == 200


def test_the_first_50_only_in_constant_queries(client, django_assert_max_num_queries):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ATOM, {"country": "BE"}).status_code == 200
        return len(captured)

    small = queries()
    city = Initiative.objects.published().filter(country_codes__contains=["BE"]).first().cities
    Initiative.objects.bulk_create(
        InitiativeFactory.build(slug=f"many-{n}", published_at=timezone.now()) for n in range(60)
    )
    for initiative in Initiative.objects.filter(slug__startswith="many-"):
        initiative.cities.set(city.all())
    with django_assert_max_num_queries(small):
        feed = read_feed(client, ATOM, {"country": "BE"})
    assert len(feed.entries) == 50
    assert all("/many-" in link for link in links_of(feed))  # published now: the latest
    with django_assert_max_num_queries(8):
        client.get(RSS)


def test_an_old_initiative_published_today_heads_its_feed(client):
    InitiativeFactory(
        slug="harbour-watch-2012", start_year=2012, end_year=2014, published_at=timezone.now()
    )
    assert links_of(read_feed(client, ATOM))[0].endswith("/harbour-watch-2012/")


def news_links(client, params) -> list[str]:
    page = client.get(reverse("news:list"), params)
    return [f"http://testserver{item.get_absolute_url()}" for item in page.context["news_items"]]


@pytest.mark.parametrize("url", [reverse("news:feed-atom"), reverse("news:feed-rss")])
def test_the_news_feed_follows_the_news_list(client, url):
    for params in ({}, {"theme": "drones"}, {"language": "fr"}, {"year": "2021"}):
        shown = news_links(client, params)
        assert shown and links_of(read_feed(client, url, params)) == shown, params
    # With words, the news list puts the best first; the feed keeps to the newest first.
    shown = news_links(client, {"q": "workshop"})
    assert shown and set(links_of(read_feed(client, url, {"q": "workshop"}))) == set(shown)
    assert client.get(url, {"year": "abc"}).status_code == 400


def test_a_news_entry_carries_its_themes_and_lead(client):
    item = NewsItemFactory(title="Harbour news", date=datetime.date(2099, 1, 1))
    item.themes.set(Theme.objects.filter(slug="drones"))
    entry = read_feed(client, reverse("news:feed-atom")).entries[0]
    assert entry.title == "Harbour news"
    assert html.unescape(entry.summary) == item.lead
    assert [tag.term for tag in entry.tags] == ["Drones"]


def test_the_manifestos_feed(client):
    manifesto = Manifesto.objects.published().get()
    feed = read_feed(client, reverse("manifesto:feed-atom"))
    (entry,) = feed.entries
    assert entry.title == manifesto.title
    assert entry.link.endswith(manifesto.get_absolute_url())
    assert entry.tags  # the themes of its recommendations
    french = read_feed(client, "/fr/manifesto/feed/rss/")
    assert french.entries[0].title == manifesto.title_fr


AUTODISCOVERY = re.compile(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"')


@pytest.mark.parametrize(
    "page, params",
    [
        (LIST, {"q": "drones", "country": "FR", "sort": "title", "page": "1"}),
        (reverse("initiatives:theme", args=["drones"]), {}),
        (reverse("initiatives:city", args=["mechelen"]), {}),
        (reverse("initiatives:country", args=["fr"]), {"year_from": "2020"}),
        (reverse("search"), {"q": "drones"}),
    ],
)
def test_list_pages_name_their_feed_in_their_head(client, page, params):
    response = client.get(page, params)
    head = response.content.decode().split("</head>")[0]
    (href,) = AUTODISCOVERY.findall(head)
    href = html.unescape(href)
    assert href.startswith(ATOM) and "sort=" not in href and "page=" not in href
    shown = [
        f"http://testserver{initiative.get_absolute_url()}"
        for initiative in (
            response.context["found"].groups[0].items
            if "found" in response.context
            else response.context["initiatives"]
        )
    ]
    # Same filters: what the page shows (first page, its order) is in the feed.
    assert set(shown) <= set(links_of(read_feed(client, href)))


def test_the_list_offers_to_follow_its_search(client):
    page = client.get(LIST, {"q": "drones"}).content.decode()
    assert re.search(
        r'<a href="/en/initiatives/feed/atom/\?q=drones"[^>]*>Follow this search', page
    )
    # A list whose filter is refused has no feed to follow.
    refused = client.get(LIST, {"year_from": "abc"}).content.decode()
    assert "Follow this search" not in refused and "application/atom+xml" not in refused


def test_news_and_manifesto_pages_name_their_feeds(client):
    news = client.get(reverse("news:list"), {"theme": "drones"}).content.decode()
    assert 'href="/en/news/feed/atom/?theme=drones"' in news
    manifesto = client.get(reverse("manifesto:current")).content.decode()
    assert 'href="/en/manifesto/feed/atom/"' in manifesto


def test_a_feed_is_cached_like_a_page(client):
    first = client.get(ATOM, {"q": "drones"})
    assert "public" in first["Cache-Control"]
    again = client.get(ATOM, {"q": "drones"}, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_a_scheduled_initiative_joins_the_feed_when_due(client, time_machine):
    time_machine.move_to(timezone.now())
    InitiativeFactory(
        title="Scheduled patrols",
        start_year=2100,
        end_year=None,
        published_at=timezone.now() + datetime.timedelta(hours=2),
    )
    assert "Scheduled patrols" not in [e.title for e in read_feed(client, ATOM).entries]
    time_machine.shift(datetime.timedelta(hours=3))
    assert read_feed(client, ATOM).entries[0].title == "Scheduled patrols"


def test_a_renamed_news_item_is_not_a_new_entry(client):
    url = reverse("news:feed-atom")
    item = NewsItem.objects.published().order_by("-date", "-pk").first()
    before = {entry.link: entry.id for entry in read_feed(client, url).entries}
    item.slug = f"{item.slug}-renamed"
    item.save()
    after = {entry.link: entry.id for entry in read_feed(client, url).entries}
    assert set(after.values()) == set(before.values())
    assert f"http://testserver{item.get_absolute_url()}" in after


@pytest.mark.parametrize(
    "url", ["/en/news/?year=abc", "/en/initiatives/?year_from=soon", "/en/search/?synonyms=maybe"]
)
def test_a_page_with_a_refused_filter_offers_no_feed(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "application/atom+xml" not in response.content.decode()
