"""What pages tell machines about themselves: the canonical address, Open Graph and Twitter
tags, schema.org JSON-LD (a summary as a Report, the catalogue as a Dataset), the DCAT-AP
description at /catalog.jsonld, and the data licence."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.models import Initiative, NewsItem, Theme
from tests.factories import CityFactory, InitiativeFactory, ThemeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

HOST = "http://testserver"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')


def meta(html: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return found.group(1) if found else None


def json_ld(response) -> dict:
    (block,) = JSON_LD.findall(response.content.decode())
    return json.loads(block)


def canonical(response) -> str | None:
    found = CANONICAL.findall(response.content.decode())
    assert len(found) <= 1
    return found[0].replace("&amp;", "&") if found else None


# --- canonical addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ""),
        ("?page=1", ""),
        ("?sort=title", ""),
        ("?q=drones&sort=title&page=1&theme=", "?q=drones"),
        ("?theme=drones&country=FR&q=drones", "?country=FR&q=drones&theme=drones"),
        ("?country=FR&theme=drones&q=drones", "?country=FR&q=drones&theme=drones"),
        ("?sort=title&page=2", "?page=2"),
        ("?q=drones&utm_source=newsletter&fbclid=x", "?q=drones"),  # not the list's
    ],
)
def test_a_lists_canonical_address_keeps_its_filters_only(client, query, expected):
    response = client.get(f"/en/initiatives/{query}")
    assert canonical(response) == f"{HOST}/en/initiatives/{expected}"
    assert meta(response.content.decode(), "og:url").replace("&amp;", "&") == canonical(response)


def test_every_public_page_names_its_own_address_in_its_language(client):
    initiative = Initiative.objects.published().first()
    theme = Theme.objects.public().first()
    for language in ("en", "fr"):
        with translation.override(language):
            pages = [
                reverse("home"),
                initiative.get_absolute_url(),
                theme.get_absolute_url(),
                reverse("initiatives:country", args=["FR"]),
                reverse("news:list"),
                NewsItem.objects.published().first().get_absolute_url(),
                reverse("manifesto:current"),
                reverse("about"),
                reverse("evidence"),
                reverse("privacy"),
            ]
        for page in pages:
            response = client.get(f"{page}?utm_source=newsletter")
            assert response.status_code == 200, page
            assert canonical(response) == f"{HOST}{page}", page  # no stray query string
    search = client.get("/en/search/", {"q": "drones", "utm_source": "x"})
    assert canonical(search) == f"{HOST}/en/search/?q=drones"
    news = client.get("/en/news/", {"theme": "drones", "utm_source": "x"})
    assert canonical(news) == f"{HOST}/en/news/?theme=drones"


def test_missing_pages_and_previews_have_no_canonical_address(client, editor_client):
    assert canonical(client.get("/en/initiatives/no-such-summary/")) is None
    draft = InitiativeFactory(status="draft", published_at=None)
    preview = editor_client.get(reverse("initiative-preview", args=[draft.pk]))
    assert preview.status_code == 200 and canonical(preview) is None


# --- Open Graph and Twitter -------------------------------------------------------------------


def test_a_summary_is_described_for_link_previews(client):
    initiative = Initiative.objects.published().filter(language="en").first()
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert meta(html, "og:title") == initiative.title.replace("'", "&#x27;")
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:site_name") == "Efus catalogue"
    assert meta(html, "og:url") == f"{HOST}{initiative.get_absolute_url()}"
    assert meta(html, "og:locale") == "en_GB" and meta(html, "og:locale:alternate") == "fr_FR"
    assert meta(html, "og:description") == meta(html, "description")
    assert meta(html, "twitter:card") == "summary"
    assert meta(html, "twitter:title") == meta(html, "og:title")
    assert f"<title>{meta(html, 'og:title')} · Efus catalogue</title>" in html


def test_every_page_has_the_tags_in_its_language(client):
    for url in ["/en/", "/fr/", "/fr/initiatives/?q=drones", "/en/news/", "/fr/about/"]:
        html = client.get(url).content.decode()
        assert meta(html, "og:title") and meta(html, "og:description"), url
        assert meta(html, "og:locale") == ("fr_FR" if url.startswith("/fr/") else "en_GB")
        assert meta(html, "og:type") == "website"
    french = client.get("/fr/").content.decode()
    assert meta(french, "og:site_name") != "Efus catalogue"  # translated


# --- JSON-LD ----------------------------------------------------------------------------------


def test_a_summary_is_a_schema_org_report(client):
    city = CityFactory(name="Harbourtown", country="MT", latitude=35.9, longitude=14.5)
    initiative = InitiativeFactory(
        title="Harbour patrols",
        lead="Night patrols at the harbour.",
        language="en",
        start_year=2021,
        end_year=None,
        cities=[city],
        themes=[ThemeFactory(name="Harbour safety")],
        source_url="https://example.org/report.pdf",
        evaluation_type="external",
        evaluator="university",
        evaluation_year=2022,
        outcome="promising",
    )
    report = json_ld(client.get(initiative.get_absolute_url()))
    url = f"{HOST}{initiative.get_absolute_url()}"
    assert report["@context"] == "https://schema.org" and report["@type"] == "Report"
    assert report["url"] == report["@id"] == url
    assert report["name"] == "Harbour patrols"
    assert report["description"] == "Night patrols at the harbour."
    assert report["inLanguage"] == "en"
    assert report["datePublished"].startswith(initiative.published_at.date().isoformat())
    assert report["dateCreated"] and report["dateModified"]
    (place,) = report["spatialCoverage"]
    assert place["@type"] == "Place" and place["name"] == "Harbourtown"
    assert place["address"]["addressCountry"] == "MT"
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 35.9, "longitude": 14.5}
    assert report["temporalCoverage"] == "2021/.."  # still running
    assert [thing["name"] for thing in report["about"]] == ["Harbour safety"]
    assert report["publisher"]["name"] == "Efus" and report["publisher"]["@type"] == "Organization"
    assert report["isBasedOn"] == "https://example.org/report.pdf"
    assert report["license"] == settings.DATA_LICENCE_URL
    ratings = {p["propertyID"]: p for p in report["additionalProperty"]}
    assert ratings["evaluation"]["value"] == "External evaluation"
    assert ratings["evaluation"]["valueReference"] == "external"
    assert ratings["outcome"]["value"] == "Promising"
    assert ratings["evaluator"]["valueReference"] == "university"


def test_a_translation_points_to_its_original(client):
    original = Initiative.objects.published().filter(language="en").first()
    french = InitiativeFactory(language="fr", translation_of=original, title="Patrouilles")
    assert json_ld(client.get(french.get_absolute_url()))["translationOfWork"] == {
        "@id": f"{HOST}{original.get_absolute_url()}",
        "inLanguage": "en",
    }
    works = json_ld(client.get(original.get_absolute_url()))["workTranslation"]
    assert works == [{"@id": f"{HOST}{french.get_absolute_url()}", "inLanguage": "fr"}]


def test_editor_text_cannot_end_the_json_ld_block(client):
    initiative = InitiativeFactory(
        title='</script><script>alert("title")</script>',
        lead="<!-- a lead --> & </SCRIPT >",
    )
    html = client.get(initiative.get_absolute_url()).content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    report = json.loads(block)
    assert report["name"] == '</script><script>alert("title")</script>'
    assert report["description"] == "<!-- a lead --> & </SCRIPT >"
    assert "<script>alert" not in html


def test_the_home_page_describes_the_catalogue_as_a_dataset(client):
    response = client.get("/en/")
    html = response.content.decode()
    assert '<link rel="alternate" type="application/ld+json"' in html
    assert 'href="/catalog.jsonld"' in html
    dataset = json_ld(response)
    assert dataset["@type"] == "Dataset" and dataset["license"] == settings.DATA_LICENCE_URL
    assert len(dataset["description"]) >= 50 and dataset["name"]
    downloads = {d["encodingFormat"]: d["contentUrl"] for d in dataset["distribution"]}
    assert downloads == {
        "text/csv": f"{HOST}/data/initiatives.csv.gz",
        "application/json": f"{HOST}/data/initiatives.json.gz",
    }
    assert set(dataset["keywords"]) == {t.name for t in response.context["themes"]}
    assert dataset["creator"]["name"] == "Efus"


# --- DCAT-AP ----------------------------------------------------------------------------------


def dcat(client):
    response = client.get("/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return json.loads(response.content)


def in_language(values: list[dict], code: str) -> str:
    (value,) = [v["@value"] for v in values if v["@language"] == code]
    return value


def test_the_dcat_catalogue_describes_the_dataset_and_its_distributions(client):
    catalogue = dcat(client)
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert catalogue["@id"] == f"{HOST}/catalog.jsonld"
    for field in ("dct:title", "dct:description"):
        english, french = in_language(catalogue[field], "en"), in_language(catalogue[field], "fr")
        assert english and french and english != french
    assert catalogue["dct:publisher"]["foaf:name"] == "Efus"
    assert catalogue["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    (dataset,) = catalogue["dcat:dataset"]
    assert dataset["@type"] == "dcat:Dataset"
    first = Initiative.objects.published().order_by("published_at").first().published_at
    assert dataset["dct:issued"] == {
        "@value": timezone.localdate(first).isoformat(),
        "@type": "xsd:date",
    }
    assert dataset["dct:modified"]["@value"] >= dataset["dct:issued"]["@value"]
    public = Initiative.objects.published().filter(translation_of__isnull=True).count()
    assert dataset["void:entities"] == public
    spatial = {place["@id"].rsplit("/", 1)[1] for place in dataset["dct:spatial"]}
    assert "FRA" in spatial and "BEL" in spatial
    keywords = {k["@value"] for k in dataset["dcat:keyword"]}
    assert "Drones" in keywords and "Cybercriminalité" in keywords
    api, csv, json_file = dataset["dcat:distribution"]
    assert api["dcat:accessURL"]["@id"] == f"{HOST}/api/v1/"
    assert api["dct:conformsTo"]["@id"] == f"{HOST}/api/v1/openapi.json"
    assert api["dct:format"]["@id"].endswith("/file-type/JSON")
    assert csv["dcat:downloadURL"]["@id"] == f"{HOST}/data/initiatives.csv.gz"
    assert csv["dcat:mediaType"]["@id"].endswith("/text/csv")
    assert csv["dcat:compressFormat"]["@id"].endswith("/application/gzip")
    assert json_file["dcat:downloadURL"]["@id"] == f"{HOST}/data/initiatives.json.gz"
    assert all(d["dct:license"]["@id"] == settings.DATA_LICENCE_URL for d in (api, csv, json_file))


def test_the_dcat_catalogue_follows_the_public_catalogue(client):
    before = dcat(client)["dcat:dataset"][0]["void:entities"]
    InitiativeFactory(cities=[CityFactory(country="MT")])
    dataset = dcat(client)["dcat:dataset"][0]
    assert dataset["void:entities"] == before + 1
    assert any(place["@id"].endswith("/MLT") for place in dataset["dct:spatial"])
    assert dataset["dct:modified"]["@value"] == timezone.localdate().isoformat()


def test_the_licence_comes_from_the_settings(client, settings):
    settings.DATA_LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
    settings.DATA_LICENCE_NAME = "ODbL 1.0"
    html = client.get("/en/").content.decode()
    assert (
        '<a href="https://opendatacommons.org/licenses/odbl/1-0/" rel="license">ODbL 1.0</a>'
        in html
    )
    assert json_ld(client.get("/en/"))["license"] == settings.DATA_LICENCE_URL
    assert dcat(client)["dct:license"] == {
        "@id": "https://opendatacommons.org/licenses/odbl/1-0/",
        "dct:title": "ODbL 1.0",
    }


def test_the_footer_states_the_licence_in_every_language(client):
    english = client.get("/en/about/").content.decode()
    assert "The catalogue's data is open, under the" in english and "CC BY 4.0</a>" in english
    french = client.get("/fr/about/").content.decode()
    assert "CC BY 4.0</a>" in french and "The catalogue's data" not in french


def test_the_licence_settings_are_read_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATA_LICENCE_URL, settings.DATA_LICENCE_NAME)"
    )
    env = {
        **os.environ,
        "DATA_LICENCE_URL": "https://example.org/licence",
        "DATA_LICENCE_NAME": "Ours",
        "DJANGO_SETTINGS_MODULE": "efus_catalogue.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["https://example.org/licence", "Ours"]
