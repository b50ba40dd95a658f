"""The glossary: what a search also searches, how editors keep it, and what visitors are told."""

import json

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives import rawsql
from initiatives.catalogue_counts import catalogue_state
from initiatives.glossary_seed import GLOSSARY_FILE
from initiatives.models import Concept, Initiative, Term
from initiatives.models.glossary import term_key
from initiatives.search.glossary import expansions_of
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db
LIST = reverse("initiatives:list")
SEARCH = reverse("search")


def concept(slug: str, **terms: list[str]) -> Concept:
    made = Concept.objects.create(slug=slug)
    for language, texts in terms.items():
        for text in texts:
            Term.objects.create(concept=made, language=language, text=text)
    return made


@pytest.fixture
def small_glossary(db):
    concept("ransomware", en=["ransomware"], fr=["rançongiciel"], de=["Erpressungssoftware"])
    concept("street-harassment", en=["street harassment"], fr=["harcèlement de rue"])
    concept("e-scooter", en=["e-scooter"], fr=["trottinette électrique"])


def searched(text: str) -> dict[str, list[str]]:
    return {
        expansion.typed: [term for _, term in expansion.alternatives]
        for expansion in expansions_of(text)
    }


def test_a_term_brings_its_concepts_other_terms_in_every_language(small_glossary):
    assert searched("ransomware") == {"ransomware": ["Erpressungssoftware", "rançongiciel"]}
    assert searched("Rançongiciel town hall") == {
        "Rançongiciel": ["Erpressungssoftware", "ransomware"]
    }


def test_terms_are_compared_without_case_accents_or_hyphens(small_glossary):
    assert "E Scooter" in searched("E Scooter rules")
    assert "escooter" not in searched("escooter")  # a different word, not a spelling
    assert searched("harcelement de rue") == {"harcelement de rue": ["street harassment"]}


def test_the_longest_term_wins_and_a_word_is_expanded_once(small_glossary):
    concept("harassment", en=["harassment"], fr=["harcèlement"])
    assert searched("street harassment trams") == {"street harassment": ["harcèlement de rue"]}
    assert searched("harassment trams") == {"harassment": ["harcèlement"]}


def test_phrases_exclusions_and_alternatives_are_searched_as_written(small_glossary):
    assert searched('"ransomware" plan') == {}
    assert searched("plan -ransomware") == {}
    assert searched("phishing OR ransomware") == {}


def test_the_seed_covers_the_field_in_english_and_french_and_loads_once(db):
    from initiatives.glossary_seed import load_glossary

    added, kept = load_glossary()
    assert added >= 150 and kept == 0
    seed = json.loads(GLOSSARY_FILE.read_text(encoding="utf-8"))
    assert all(entry["terms"].get("en") and entry["terms"].get("fr") for entry in seed)
    # Every term of the file is in its concept (a spelling two languages share, once).
    stored = {
        (slug, key)
        for slug, key in Term.objects.annotate(key=term_key("text")).values_list(
            "concept__slug", "key"
        )
    }
    for entry in seed:
        texts = [text for texts in entry["terms"].values() for text in texts]
        keys = rawsql.fetch_all(
            "SELECT efus_unaccent(lower(regexp_replace(text, '[\\s\\-‐]+', ' ', 'g')))"
            " FROM unnest(%s::text[]) AS text",
            [texts],
        )
        assert {(entry["concept"], key) for (key,) in keys} <= stored, entry["concept"]
    terms = Term.objects.count()
    assert load_glossary() == (0, added)
    assert Term.objects.count() == terms


@pytest.mark.parametrize(
    "who, what",
    [
        ("fraudster", "fraud"),
        ("terrorists", "terrorism"),
        ("extremist", "extremism"),
        ("burglars", "burglary"),
        ("hackers", "hacking"),
    ],
)
def test_the_seed_joins_who_does_it_and_what_they_do(db, who, what):
    """The English stemmer keeps them apart ('fraudster' and 'fraud'): the glossary joins them."""
    from initiatives.glossary_seed import load_glossary

    load_glossary()
    doer = InitiativeFactory(title=f"Helping residents spot {who}")
    deed = InitiativeFactory(title=f"Evidence on {what} in the city")
    for typed in (who, what):
        found = Initiative.objects.published().search(typed, expansions_of(typed))
        assert set(found) == {doer, deed}, typed


def test_a_term_belongs_to_one_concept(small_glossary):
    other = Concept.objects.create(slug="malware")
    with pytest.raises(IntegrityError):
        Term.objects.create(concept=other, language="fr", text="Rancongiciel")


def test_a_search_finds_a_summary_written_in_another_language(client, small_glossary):
    french = InitiativeFactory(
        language="fr",
        title="Exercice de crise après un rançongiciel",
        lead="La mairie répète sa réponse à une attaque par rançongiciel.",
    )
    InitiativeFactory(title="Tram safety", lead="Patrols on the night trams.")
    response = client.get(LIST, {"q": "ransomware"})
    assert [i.slug for i in response.context["initiatives"]] == [french.slug]
    page = response.content.decode()
    assert "Also searched:" in page and '<span lang="fr">rançongiciel</span>' in page
    assert "<mark>rançongiciel</mark>" in page.lower()  # the snippet shows why it was found
    only_typed = client.get(LIST, {"q": "ransomware", "synonyms": "off"})
    assert only_typed.context["result"].total == 0
    assert "Searched only the words as typed." in only_typed.content.decode()


def test_the_words_as_typed_still_find_what_they_found(client, small_glossary):
    apart = InitiativeFactory(
        title="Harassment on the street corners",
        lead="A street team answers harassment reported by residents.",
    )
    response = client.get(LIST, {"q": "street harassment"})
    assert apart.slug in [i.slug for i in response.context["initiatives"]]


def test_the_search_page_searches_news_and_recommendations_with_the_glossary_too(
    client, small_glossary
):
    InitiativeFactory(language="fr", title="Rançongiciel à la mairie", lead="Un exercice.")
    response = client.get(SEARCH, {"q": "ransomware"})
    assert response.status_code == 200
    assert response.context["found"].groups[0].count == 1
    assert (
        client.get(SEARCH, {"q": "ransomware", "synonyms": "off"}).context["found"].groups[0].count
        == 0
    )


def test_a_bad_option_is_a_400_not_a_silent_expansion(client, db):
    assert client.get(LIST, {"q": "drones", "synonyms": "maybe"}).status_code == 400
    assert client.get(SEARCH, {"q": "drones", "synonyms": "maybe"}).status_code == 400


def test_a_change_to_the_glossary_shows_in_the_next_search(client, small_glossary):
    InitiativeFactory(language="fr", title="Vidéoprotection des parcs", lead="Des caméras.")
    assert client.get(LIST, {"q": "CCTV"}).context["result"].total == 0
    version = catalogue_state()[0]
    concept("video-surveillance", en=["CCTV"], fr=["vidéoprotection"])
    assert catalogue_state()[0] > version  # cached searches are the old version's
    assert client.get(LIST, {"q": "CCTV"}).context["result"].total == 1


def test_the_expansion_costs_one_lookup_a_query(client, small_glossary):
    InitiativeFactory(language="fr", title="Rançongiciel", lead="Un exercice.")
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST, {"q": "ransomware plan", "synonyms": ""})
    lookups = [query for query in queries.captured_queries if "initiatives_term" in query["sql"]]
    assert len(lookups) == 1


def test_publishers_edit_the_glossary_and_editors_read_it(admin_client, client, db):
    from tests.conftest import staff_user

    publisher, editor = staff_user("pia", "Publishers"), staff_user("ed", "Editors")
    client.force_login(publisher)
    response = client.post(
        reverse("admin:initiatives_concept_add"),
        {
            "slug": "phishing",
            "note": "",
            "terms-TOTAL_FORMS": "2",
            "terms-INITIAL_FORMS": "0",
            "terms-0-language": "en",
            "terms-0-text": "phishing",
            "terms-1-language": "fr",
            "terms-1-text": "hameçonnage",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(Term.objects.values_list("text", flat=True)) == ["hameçonnage", "phishing"]
    duplicate = client.post(
        reverse("admin:initiatives_concept_add"),
        {
            "slug": "scams",
            "terms-TOTAL_FORMS": "1",
            "terms-INITIAL_FORMS": "0",
            "terms-0-language": "en",
            "terms-0-text": "Phishing",
        },
    )
    assert duplicate.status_code == 200
    assert "This term already belongs to a concept." in duplicate.content.decode()
    client.force_login(editor)
    phishing = Concept.objects.get(slug="phishing")
    change = reverse("admin:initiatives_concept_change", args=[phishing.pk])
    assert client.get(change).status_code == 200
    refused = client.post(reverse("admin:initiatives_concept_add"), {"slug": "x"})
    assert refused.status_code == 403
