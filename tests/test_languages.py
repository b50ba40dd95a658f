"""The interface in English and French: the language in the address, a switch that keeps the
page, alternates for search engines, formats of the language, and content marked with its own."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.models import Initiative
from tests.factories import CityFactory, InitiativeFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def in_french(name: str, *args) -> str:
    with translation.override("fr"):
        return reverse(name, args=args)


def switch_links(page: str) -> dict[str, str]:
    """{language: address} of the language switch."""
    nav = re.search(r'<nav class="language-switch".*?</nav>', page, re.S).group()
    return {
        code: href.replace("&amp;", "&")
        for href, code in re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', nav)
    }


def test_the_root_sends_each_visitor_to_their_language(client, db):
    assert client.get("/", headers={"accept-language": "fr-BE,fr;q=0.9"})["Location"] == "/fr/"
    assert client.get("/", headers={"accept-language": "de-DE,en;q=0.5"})["Location"] == "/en/"
    assert client.get("/", headers={"accept-language": "nl"})["Location"] == "/en/"  # default


def test_an_address_without_language_keeps_its_query_string(client, db):
    response = client.get("/initiatives/?q=drones&country=FR", headers={"accept-language": "fr"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/initiatives/?q=drones&country=FR"


def test_each_language_has_its_interface(client, demo):
    english = client.get(reverse("initiatives:list")).content.decode()
    french = client.get(in_french("initiatives:list")).content.decode()
    assert '<html lang="en">' in english and '<html lang="fr">' in french
    assert ">Search<" in english and ">Rechercher<" in french
    assert "Search" not in re.sub(r"<[^>]+>", "", french.split("<main")[0])  # header in French


def test_the_switch_keeps_the_page_and_its_filters(client, demo):
    query = "q=drones&theme=drones&country=FR&sort=title"
    page = client.get(f"{reverse('initiatives:list')}?{query}").content.decode()
    links = switch_links(page)
    assert links["fr"] == f"{in_french('initiatives:list')}?{query}"
    assert links["en"] == f"{reverse('initiatives:list')}?{query}"
    assert 'aria-current="true">English<' in page
    assert '<a href="/fr/initiatives/' in page and 'lang="fr">Français<' in page
    french = client.get(links["fr"])
    assert french.status_code == 200
    assert listed_slugs(french.content.decode()) == listed_slugs(page) != []


def listed_slugs(page: str) -> list[str]:
    return re.findall(r'class="card-title"><a href="/\w\w/initiatives/([\w-]+)/"', page)


def test_every_page_names_its_other_language_versions(client, demo):
    initiative = Initiative.objects.published().first()
    for url in [reverse("home"), initiative.get_absolute_url(), f"{reverse('search')}?q=drones"]:
        page = client.get(url).content.decode()
        found = re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)"', page)
        alternates = dict(found)
        path = url.removeprefix("/en")
        assert alternates == {
            "en": f"http://testserver/en{path}".replace("&", "&amp;"),
            "fr": f"http://testserver/fr{path}".replace("&", "&amp;"),
        }, url


def test_a_missing_page_offers_the_other_languages_home(client, db):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert switch_links(response.content.decode())["fr"] == "/fr/"


def test_budgets_are_written_as_each_language_writes_them(client, db):
    initiative = InitiativeFactory(budget_eur=1_200_000)
    english = client.get(initiative.get_absolute_url()).content.decode()
    french = client.get(in_french("initiatives:detail", initiative.slug)).content.decode()
    assert "€1,200,000" in english
    assert re.search(r"1\s200\s000\s€", french), re.findall(r"[\d\s ]+€", french)


def test_dates_are_written_in_the_interface_language(client, db):
    initiative = InitiativeFactory(last_reviewed=datetime.date(2026, 12, 1))
    french = client.get(in_french("initiatives:detail", initiative.slug)).content.decode()
    month = initiative.last_reviewed.month
    assert ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
            "octobre", "novembre", "décembre"][month - 1] in french  # fmt: skip


def test_a_french_summary_is_marked_french_and_the_interface_english(client, db):
    initiative = InitiativeFactory(
        language="fr",
        title="Harcèlement dans les tramways",
        lead="Des médiateurs à bord des rames le soir.",
        context="Les usagères signalent du harcèlement.",
        cities=[CityFactory(name="Lyon")],
        themes=[ThemeFactory(name="Public transport")],
    )
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert '<h1 lang="fr">Harcèlement dans les tramways</h1>' in page
    assert '<p class="lead" lang="fr">' in page
    assert '<div lang="fr"><p>Les usagères signalent du harcèlement.</p></div>' in page
    # The interface's own words are not inside an element marked French.
    assert not re.search(r'lang="fr"[^>]*>[^<]*Key facts', page)
    listed = client.get(reverse("initiatives:list")).content.decode()
    assert f'href="{initiative.get_absolute_url()}" lang="fr">' in listed
    assert '<p class="card-lead" lang="fr">' in listed
    assert "in French" in listed  # said in the interface's language
    french_listed = client.get(in_french("initiatives:list")).content.decode()
    assert "en français" not in french_listed  # nothing to say: it is the reader's language


def test_an_english_summary_in_the_french_interface_is_marked_english(client, db):
    initiative = InitiativeFactory(language="en", title="Drone detection at events")
    page = client.get(in_french("initiatives:detail", initiative.slug)).content.decode()
    assert '<html lang="fr">' in page
    assert '<h1 lang="en">Drone detection at events</h1>' in page
    listed = client.get(in_french("initiatives:list")).content.decode()
    assert "en anglais" in listed
