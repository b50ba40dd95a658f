"""Nothing that is not public now reaches an open-data surface: feeds, the sitemap, JSON-LD,
the DCAT description, short addresses, former slugs, citation files, downloads and the whole
catalogue's files. Drafts, items in review
and scheduled items count for nothing, nor does the vocabulary only they use (a theme, a city in
a country no public summary names, a project), as in test_public_vocabulary."""

import datetime
import gzip
import json
import re

import feedparser
import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative, Status
from tests.factories import (
    CityFactory,
    InitiativeFactory,
    ManifestoFactory,
    NewsItemFactory,
    ProjectFactory,
    ThemeFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

SECRET = "zorblax"  # in every hidden item's title and slug
HIDDEN_WORDS = [
    SECRET,
    "Quantum pigeons",
    "quantum-pigeons",
    "Zanzibarville",
    "HIDPRJ",
    "hidden-project",
]
# Far from the demo's dates, so that a date of theirs would show.
WHEN_WRITTEN = timezone.make_aware(datetime.datetime(2031, 7, 4, 12, 0))


def hidden_states() -> list[dict]:
    """What is not public: a draft, an item in review, a scheduled item."""
    later = timezone.now() + datetime.timedelta(days=3)
    return [
        {"status": Status.DRAFT, "published_at": None},
        {"status": Status.REVIEW, "published_at": None},
        {"status": Status.PUBLISHED, "published_at": later},
    ]


@pytest.fixture
def hidden(db):
    """Hidden initiatives, news and a manifesto, with vocabulary nothing public uses, written
    (their `updated_at`) on a day of their own."""
    with time_machine.travel(WHEN_WRITTEN, tick=False):
        theme = ThemeFactory(name="Quantum pigeons", slug="quantum-pigeons")
        vocabulary = {
            "themes": [theme],
            "cities": [CityFactory(name="Zanzibarville", slug="zanzibarville", country="MT")],
            "project": ProjectFactory(
                name="Hidden project", slug="hidden-project", acronym="HIDPRJ"
            ),
            "language": "it",
        }
        initiatives = [
            InitiativeFactory(
                title=f"Zorblax patrols {n}", slug=f"zorblax-{n}", **state, **vocabulary
            )
            for n, state in enumerate(hidden_states())
        ]
        news = [
            NewsItemFactory(title=f"Zorblax news {n}", slug=f"zorblax-news-{n}", **state)
            for n, state in enumerate(hidden_states())
        ]
        for item in news:
            item.themes.set([theme])
        ManifestoFactory(
            title="Zorblax manifesto", year=2031, status=Status.DRAFT, published_at=None
        )
    return {"initiatives": initiatives, "news": news}


def assert_hidden_nowhere_in(text: str, where: str) -> None:
    for word in HIDDEN_WORDS:
        assert word.lower() not in text.lower(), (where, word)


def test_feeds_show_nothing_hidden(client, hidden):
    feeds = [
        reverse("initiatives:feed-atom"),
        reverse("initiatives:feed-rss"),
        f"{reverse('initiatives:feed-atom')}?country=MT",
        f"{reverse('initiatives:feed-rss')}?language=it",
        reverse("news:feed-atom"),
        reverse("news:feed-rss"),
        reverse("manifesto:feed-atom"),
        "/fr/initiatives/feed/atom/",
    ]
    for url in feeds:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_hidden_nowhere_in(response.content.decode(), url)
        categories = {
            t.term for e in feedparser.parse(response.content).entries for t in e.get("tags", [])
        }
        assert "Quantum pigeons" not in categories
    # Searching their words finds nothing (the feed's title repeats the words asked, only).
    searched = feedparser.parse(client.get(reverse("initiatives:feed-atom"), {"q": SECRET}).content)
    assert searched.entries == []
    # Filtering by hidden vocabulary is refused as the list refuses it, without naming it.
    for params in ({"theme": "quantum-pigeons"}, {"project": "hidden-project"}):
        refused = client.get(reverse("initiatives:feed-atom"), params)
        assert refused.status_code == 400
        assert "Quantum pigeons" not in refused.content.decode()
        assert "Hidden project" not in refused.content.decode()


def test_the_sitemap_lists_nothing_hidden(client, hidden):
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>http://testserver(/sitemap-[^<]+)</loc>", index)
    assert len(sections) == 8
    for section in sections:
        text = client.get(section).content.decode()
        assert_hidden_nowhere_in(text, section)
        assert "/countries/MT/" not in text and "/manifesto/2031/" not in text, section
        assert "2031-07-04" not in text, section  # no lastmod from a hidden item
    assert "2031-07-04" not in index


def test_json_ld_shows_nothing_hidden(client, hidden):
    public = (
        Initiative.objects.published().filter(translation_of__isnull=True, language="en").first()
    )
    InitiativeFactory(  # a translation still waiting: not offered
        title="Zorblax traduction",
        slug="zorblax-traduction",
        language="fr",
        translation_of=public,
        status=Status.DRAFT,
        published_at=None,
    )
    for url in (public.get_absolute_url(), "/en/", "/fr/"):
        html = client.get(url).content.decode()
        (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert_hidden_nowhere_in(json.dumps(json.loads(block), ensure_ascii=False), url)


def test_the_dcat_description_counts_nothing_hidden(client, hidden):
    catalogue = client.get("/catalog.jsonld").content.decode()
    assert_hidden_nowhere_in(catalogue, "/catalog.jsonld")
    (dataset,) = json.loads(catalogue)["dcat:dataset"]
    public = Initiative.objects.published().filter(translation_of__isnull=True).count()
    assert dataset["void:entities"] == public
    assert not any(place["@id"].endswith("/MLT") for place in dataset["dct:spatial"])
    assert not any(language["@id"].endswith("/ITA") for language in dataset["dct:language"])
    assert dataset["dct:modified"]["@value"] != "2031-07-04"
    assert dataset["dct:modified"]["@value"] <= timezone.localdate().isoformat()


def test_short_addresses_of_hidden_summaries_are_plain_404s(client, hidden):
    never = client.get("/i/987654321/")
    assert never.status_code == 404
    for initiative in hidden["initiatives"]:
        response = client.get(f"/i/{initiative.pk}/")
        assert response.status_code == 404
        assert response["Content-Type"] == never["Content-Type"]
        assert_hidden_nowhere_in(response.content.decode(), f"/i/{initiative.pk}/")
        # The same page as for an id that never existed, word for word.
        assert response.content.decode().replace(str(initiative.pk), "") == (
            never.content.decode().replace("987654321", "")
        )


def test_former_slugs_of_hidden_items_lead_nowhere(client, hidden):
    for initiative in hidden["initiatives"]:
        initiative.slug = f"{initiative.slug}-renamed"
        initiative.save()
        assert (
            client.get(f"/en/initiatives/{initiative.slug.removesuffix('-renamed')}/").status_code
            == 404
        )
    for item in hidden["news"]:
        item.slug = f"{item.slug}-renamed"
        item.save()
        assert client.get(f"/en/news/{item.slug.removesuffix('-renamed')}/").status_code == 404
    # A public summary renamed, then withdrawn: its old address goes with it.
    withdrawn = InitiativeFactory(slug="public-then-withdrawn")
    withdrawn.slug = "withdrawn-renamed"
    withdrawn.save()
    assert client.get("/en/initiatives/public-then-withdrawn/").status_code == 301
    withdrawn.status = Status.DRAFT
    withdrawn.save()
    assert client.get("/en/initiatives/public-then-withdrawn/").status_code == 404


def test_citation_files_of_hidden_summaries_do_not_exist(client, hidden):
    for initiative in hidden["initiatives"]:
        for extension in ("ris", "bib", "json"):
            url = f"/en/initiatives/{initiative.slug}/cite.{extension}"
            assert client.get(url).status_code == 404, url


def test_a_scheduled_summary_reaches_every_surface_when_due(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    due = InitiativeFactory(
        title="Zorblax at dawn",
        slug="zorblax-at-dawn",
        start_year=2100,
        end_year=None,
        published_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert SECRET not in client.get("/sitemap-initiatives.xml").content.decode()
    assert client.get(f"/i/{due.pk}/").status_code == 404
    time_machine.shift(datetime.timedelta(hours=2))
    assert (
        "/en/initiatives/zorblax-at-dawn/"
        in client.get("/sitemap-initiatives.xml").content.decode()
    )
    assert client.get(f"/i/{due.pk}/").status_code == 301
    feed = feedparser.parse(client.get(reverse("initiatives:feed-atom")).content)
    assert feed.entries[0].title == "Zorblax at dawn"
    assert client.get("/en/initiatives/zorblax-at-dawn/cite.ris").status_code == 200


def test_downloads_and_files_never_name_an_original_that_is_not_public(client, hidden):
    """A public French translation of a draft: its row names no original, whose slug (title
    words) would tell what is not published."""
    original = hidden["initiatives"][0]  # a draft
    InitiativeFactory(
        title="Patrouilles publiques",
        slug="patrouilles-publiques",
        language="fr",
        translation_of=original,
    )
    call_command("write_dumps", verbosity=0)
    surfaces = {
        "list download": client.get("/fr/initiatives/download.csv", {"language": "fr"}),
        "file": client.get("/data/initiatives.csv.gz"),
        "JSON file": client.get("/data/initiatives.json.gz"),
    }
    for where, response in surfaces.items():
        assert response.status_code == 200, where
        body = b"".join(response.streaming_content)
        text = gzip.decompress(body).decode() if where != "list download" else body.decode()
        assert "patrouilles-publiques" in text, where
        assert_hidden_nowhere_in(text, where)
