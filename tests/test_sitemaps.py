"""What a search engine harvests: /robots.txt, and /sitemap.xml with its sections, which parse
as XML and list exactly the public pages, each in every language with its alternates, paged as
Django pages a sitemap, in a number of queries that the catalogue's size does not change."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_countries import countries

from initiatives.models import City, Initiative, Manifesto, NewsItem, Project, Theme
from initiatives.sitemaps import InitiativeSitemap
from tests.factories import InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
HOST = "http://testserver"


def xml_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def section_addresses(client) -> list[str]:
    """Every page of every section the index lists."""
    index = xml_of(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    return [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]


def entries(client) -> list[ET.Element]:
    found = []
    for address in section_addresses(client):
        assert address.startswith(f"{HOST}/sitemap-")
        found += xml_of(client, address.removeprefix(HOST)).findall("sm:url", NS)
    return found


def in_every_language(name, *args) -> set[str]:
    addresses = set()
    for code in ("en", "fr"):
        with translation.override(code):
            addresses.add(HOST + reverse(name, args=args))
    return addresses


def public_addresses() -> set[str]:
    """What the sitemap must list, worked out from the public content."""
    expected = set()
    pages = ["home", "initiatives:list", "news:list", "about", "evidence", "accessibility"]
    for name in [*pages, "privacy", "api-docs"]:
        expected |= in_every_language(name)
    for slug in Initiative.objects.published().values_list("slug", flat=True):
        expected |= in_every_language("initiatives:detail", slug)
    for model, name in [(Theme, "theme"), (City, "city"), (Project, "project")]:
        for slug in model.objects.public().values_list("slug", flat=True):
            expected |= in_every_language(f"initiatives:{name}", slug)
    for code in set(City.objects.public().values_list("country", flat=True)):
        expected |= in_every_language("initiatives:country", code)
    for slug in NewsItem.objects.published().values_list("slug", flat=True):
        expected |= in_every_language("news:detail", slug)
    for year in Manifesto.objects.published().values_list("year", flat=True):
        expected |= in_every_language("manifesto:year", year)
    return expected


def test_the_sitemap_lists_exactly_the_public_pages_once(client):
    listed = [url.find("sm:loc", NS).text for url in entries(client)]
    assert len(listed) == len(set(listed))
    assert set(listed) == public_addresses()


def test_the_addresses_of_the_sitemap_answer(client):
    """Three of each kind in each language (the kinds' addresses are built alike, and the
    test above compares them all with the public content)."""
    by_kind = {}
    for url in entries(client):
        address = url.find("sm:loc", NS).text
        parts = address.removeprefix(f"{HOST}/").split("/")  # language, kind, slug…
        by_kind.setdefault((parts[0], parts[1], len(parts)), []).append(address)
    assert len(by_kind) >= 16
    for addresses in by_kind.values():
        for address in addresses[:3]:
            assert client.get(address.removeprefix(HOST)).status_code == 200, address


def test_each_address_names_its_versions_in_every_language(client):
    initiative = Initiative.objects.published().first()
    wanted = HOST + initiative.get_absolute_url()
    (url,) = [url for url in entries(client) if url.find("sm:loc", NS).text == wanted]
    alternates = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}
    assert alternates == {
        "en": wanted,
        "fr": wanted.replace("/en/", "/fr/"),
        "x-default": wanted.replace("/en/", "/"),
    }
    assert url.find("sm:lastmod", NS).text == timezone.localdate(initiative.updated_at).isoformat()


def test_the_index_dates_the_sections_that_have_dates(client):
    index = xml_of(client, "/sitemap.xml")
    dated = {
        item.find("sm:loc", NS).text: item.find("sm:lastmod", NS)
        for item in index.findall("sm:sitemap", NS)
    }
    assert dated[f"{HOST}/sitemap-initiatives.xml"] is not None
    assert dated[f"{HOST}/sitemap-news.xml"] is not None
    assert dated[f"{HOST}/sitemap-themes.xml"] is None  # no date of its own to give


def test_a_long_section_is_paged_as_django_pages_it(client, monkeypatch):
    monkeypatch.setattr(InitiativeSitemap, "limit", 10)
    pages = [a for a in section_addresses(client) if "/sitemap-initiatives.xml" in a]
    public = Initiative.objects.published().count()
    assert len(pages) == -(-public * 2 // 10)  # two languages, ten addresses a page
    assert pages[1] == f"{HOST}/sitemap-initiatives.xml?p=2"
    listed = []
    for page in pages:
        urls = xml_of(client, page.removeprefix(HOST)).findall("sm:url", NS)
        assert len(urls) <= 10
        listed += [url.find("sm:loc", NS).text for url in urls]
    assert len(listed) == len(set(listed)) == public * 2
    past = len(pages) + 1
    for page in [str(past), "0", "-1", "abc", "1e309", "99999999999999999999"]:
        assert client.get("/sitemap-initiatives.xml", {"p": page}).status_code == 404, page
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_queries_do_not_grow_with_the_catalogue(client, django_assert_max_num_queries):
    def counted(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/sitemap.xml", "/sitemap-initiatives.xml", "/sitemap-countries.xml"]
    before = {url: counted(url) for url in urls}
    Initiative.objects.bulk_create(InitiativeFactory.build(slug=f"more-{n}") for n in range(150))
    for url in urls:
        with django_assert_max_num_queries(before[url]):
            client.get(url)
    assert before["/sitemap-initiatives.xml"] <= 4  # the state, the count, the rows
    assert before["/sitemap.xml"] <= 12


def test_the_sitemap_is_cached_like_a_page(client):
    first = client.get("/sitemap-initiatives.xml")
    assert "public" in first["Cache-Control"]
    assert (
        client.get("/sitemap-initiatives.xml", headers={"if-none-match": first["ETag"]}).status_code
        == 304
    )


def test_robots_txt_allows_all_but_the_editors_tools_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Allow: /" in lines
    assert {"Disallow: /admin/", "Disallow: /preview/"} <= set(lines)
    # Crawlers follow links: a list's downloads are exports to compute, not pages to index.
    assert {"Disallow: /en/initiatives/download.", "Disallow: /fr/initiatives/download."} <= set(
        lines
    )
    assert f"Sitemap: {HOST}/sitemap.xml" in lines
    secure = client.get("/robots.txt", secure=True).content.decode()
    assert "Sitemap: https://testserver/sitemap.xml" in secure


def test_countries_are_listed_by_their_code(client):
    listed = {url.find("sm:loc", NS).text for url in entries(client)}
    for code in set(City.objects.public().values_list("country", flat=True)):
        assert f"{HOST}/en/countries/{code}/" in listed, countries.name(code)


def test_a_scheduled_summary_is_dated_by_its_coming_due(client, time_machine):
    """Nothing is written when a scheduled summary comes due: its publication dates it."""
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    due = start + datetime.timedelta(days=3)
    initiative = InitiativeFactory(slug="zeppelin-scheduled", published_at=due)
    time_machine.move_to(due + datetime.timedelta(hours=1), tick=False)
    wanted = HOST + initiative.get_absolute_url()
    (url,) = [url for url in entries(client) if url.find("sm:loc", NS).text == wanted]
    assert url.find("sm:lastmod", NS).text == timezone.localdate(due).isoformat()
