"""The read-only API (/api/v1/): the list page's answers as JSON, its OpenAPI document, its
errors, conditional requests, CORS, rate limiting, and nothing that is not public."""

import pytest
from django.urls import reverse
from openapi_spec_validator import validate

from initiatives.api.throttling import PerAddressThrottle
from initiatives.models import Concept, Initiative
from tests.factories import DraftFactory, InitiativeFactory, ThemeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]

API = "/api/v1/"
LIST = "/en/initiatives/"

QUERIES = [
    {},
    {"q": "drones"},
    {"q": "video surveillance", "sort": "newest"},
    {"theme": ["drones", "cybercrime"]},
    {"country": "FR", "year_from": "2020"},
    {"outcome": ["effective", "mixed"], "sort": "title"},
    {"funding": "eu", "evaluator": "university"},
    {"q": "dornes"},  # a typo: the list's correction applies to the API too
    {"page": "2"},
]


def slugs_of_list(client, query) -> tuple[list[str], int]:
    response = client.get(LIST, query)
    return [card.slug for card in response.context["initiatives"]], response.context["result"].total


@pytest.mark.parametrize("query", QUERIES, ids=lambda query: str(query) or "none")
def test_the_api_answers_as_the_list_page_does(client, query):
    answer = client.get(f"{API}initiatives/", query)
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    slugs, total = slugs_of_list(client, query)
    assert [item["slug"] for item in body["results"]] == slugs
    assert body["count"] == total


def test_pages_link_to_each_other(client):
    body = client.get(f"{API}initiatives/").json()
    assert body["previous"] is None and body["next"].endswith("/api/v1/initiatives/?page=2")
    second = client.get(body["next"]).json()
    assert second["previous"].endswith("page=1")
    seen = [item["slug"] for item in body["results"]] + [i["slug"] for i in second["results"]]
    assert len(seen) == len(set(seen)) == min(body["count"], 40)


def test_the_facet_counts_are_the_lists(client):
    body = client.get(f"{API}initiatives/facets/", {"q": "drones"}).json()
    for option in body["facets"]["theme"]:
        _slugs, total = slugs_of_list(client, {"q": "drones", "theme": option["value"]})
        assert option["count"] == total, option
    assert {"label", "label_fr"} <= set(body["facets"]["country"][0])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"year_from": "soon"}, "year_from"),
        ({"theme": "no-such-theme"}, "theme"),
        ({"sort": "x"}, "sort"),
    ],
)
def test_an_invalid_filter_is_a_400_in_the_documented_shape(client, query, field):
    answer = client.get(f"{API}initiatives/", query)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["status"] == 400 and error["message"]
    assert field in error["fields"] and error["fields"][field][0]


def test_unknown_addresses_and_items_are_404s_in_the_same_shape(client):
    for url in (f"{API}nothing-here/", f"{API}initiatives/no-such-summary/", f"{API}news/x/"):
        answer = client.get(url)
        assert answer.status_code == 404, url
        assert answer.json()["error"]["status"] == 404
    assert client.get(f"{API}initiatives/", {"page": "999"}).status_code == 404


def test_an_initiative_whole(client):
    answer = client.get(f"{API}initiatives/liege-drone-detection-pilot/").json()
    assert answer["title"].startswith("Drone detection pilot")
    assert answer["cities"] == [{"slug": "liege", "name": "Liège", "country": "BE"}]
    assert answer["countries"] == ["BE"]
    assert answer["results"][0].startswith("41 drone flights")
    assert answer["url"].endswith("/en/initiatives/liege-drone-detection-pilot/")
    assert {"context", "objectives", "activities", "budget", "evaluation", "lessons"} <= set(answer)


def test_drafts_scheduled_items_and_their_vocabulary_never_appear(client):
    secret = ThemeFactory(name="Secret theme", slug="secret-theme")
    draft = DraftFactory(title="Zeppelin draft", themes=[secret])
    from datetime import timedelta

    from django.utils import timezone

    scheduled = InitiativeFactory(
        title="Zeppelin later", published_at=timezone.now() + timedelta(days=3)
    )
    listed = client.get(f"{API}initiatives/", {"q": "zeppelin"}).json()
    assert listed["count"] == 0 and listed["results"] == []
    for item in (draft, scheduled):
        assert client.get(f"{API}initiatives/{item.slug}/").status_code == 404
    themes = client.get(f"{API}themes/").json()["results"]
    assert "secret-theme" not in {theme["slug"] for theme in themes}
    facets = client.get(f"{API}initiatives/facets/").json()["facets"]["theme"]
    assert "secret-theme" not in {option["value"] for option in facets}
    total = Initiative.objects.published().one_per_initiative().count()
    assert client.get(f"{API}initiatives/").json()["count"] == total


def test_vocabularies_count_public_initiatives(client):
    themes = {theme["slug"]: theme for theme in client.get(f"{API}themes/").json()["results"]}
    drones = Initiative.objects.published().one_per_initiative().filter(themes__slug="drones")
    assert themes["drones"]["initiatives"] == drones.count()
    cities = client.get(f"{API}cities/").json()["results"]
    assert {"latitude", "longitude", "other_names"} <= set(cities[0])
    countries = {row["code"]: row for row in client.get(f"{API}countries/").json()}
    assert countries["FR"]["name"] == "France" and countries["BE"]["name_fr"] == "Belgique"
    assert client.get(f"{API}projects/").json()["results"]
    news = client.get(f"{API}news/", {"language": "fr"}).json()["results"]
    assert news and {item["language"] for item in news} == {"fr"}
    manifesto = client.get(f"{API}manifestos/2025/").json()
    assert manifesto["recommendations"][0]["number"] == 1
    concept = Concept.objects.create(slug="cctv")
    concept.terms.create(language="en", text="CCTV")
    concept.terms.create(language="fr", text="vidéoprotection")
    glossary = {item["slug"]: item for item in client.get(f"{API}glossary/").json()["results"]}
    assert glossary["cctv"]["terms"] == {"en": ["CCTV"], "fr": ["vidéoprotection"]}


def test_the_openapi_document_validates_and_documents_every_filter(client):
    document = client.get(f"{API}openapi.json").json()
    validate(document)
    listed = document["paths"]["/api/v1/initiatives/"]["get"]
    names = {parameter["name"] for parameter in listed["parameters"]}
    assert {"q", "theme", "country", "year_from", "funding", "evaluator", "sort", "page"} <= names
    for path in document["paths"]:
        if "{" not in path:
            assert client.get(path).status_code == 200, path
    assert document["info"]["license"]["name"] == "CC BY 4.0"


def test_the_root_names_the_endpoints_documentation_and_licence(client):
    root = client.get(API).json()
    assert root["endpoints"]["initiatives"].endswith("/api/v1/initiatives/")
    assert root["licence"]["url"].startswith("https://creativecommons.org/")
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200 and "/api/v1/initiatives/" in docs.content.decode()
    assert reverse("api-docs") in client.get("/en/").content.decode()  # the footer


def test_an_unchanged_answer_is_a_304(client):
    first = client.get(f"{API}initiatives/", {"q": "drones"})
    etag = first["ETag"]
    again = client.get(f"{API}initiatives/", {"q": "drones"}, headers={"if-none-match": etag})
    assert again.status_code == 304


def test_any_origin_may_read_it(client):
    answer = client.get(f"{API}themes/", headers={"origin": "https://data.example.org"})
    assert answer["Access-Control-Allow-Origin"] == "*"
    page = client.get("/en/", headers={"origin": "https://data.example.org"})
    assert "Access-Control-Allow-Origin" not in page  # the site's pages are not shared


def test_too_many_requests_from_one_address_are_told_when_to_come_back(client, monkeypatch):
    monkeypatch.setattr(PerAddressThrottle, "THROTTLE_RATES", {"address": "3/minute"})
    answers = [client.get(f"{API}themes/") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert answers[-1].json()["error"]["status"] == 429
    assert client.get(f"{API}themes/", REMOTE_ADDR="10.0.0.9").status_code == 200  # per address


def test_the_description_is_generated_without_a_warning(tmp_path):
    """Every filter's type is known (no parameter described as a bare string by guess)."""
    from django.core.management import call_command

    path = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    assert "/api/v1/initiatives/facets/" in path.read_text()
