"""Search quality over the demo catalogue, and the search pages."""

import pytest
from django.urls import reverse

from initiatives.glossary_seed import load_glossary
from initiatives.models import Initiative, NewsItem, Status
from initiatives.search.fulltext import MARK_START
from initiatives.search.plans import plan_search
from initiatives.templatetags.catalogue import highlight

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]
LIST = reverse("initiatives:list")


@pytest.fixture(scope="module", autouse=True)
def seeded_glossary(shared_demo, django_db_blocker):
    """The glossary's seed, as `make run` loads it, in the module's demo transaction."""
    with django_db_blocker.unblock():
        load_glossary()


# query -> initiatives that must all be among the first three results
MUST_FIND = [
    ("drones", {"nice-drone-regulation-events", "liege-drone-detection-pilot"}),
    ("drone", {"liege-drone-detection-pilot"}),  # singular finds the plural
    ("jeune", {"bordeaux-jeunes-securite-quartier"}),  # French stemming
    ("jeunes", {"bordeaux-jeunes-securite-quartier"}),
    ("securite", {"bordeaux-jeunes-securite-quartier"}),  # accents optional
    ("sécurité", {"bordeaux-jeunes-securite-quartier"}),
    ("videoprotection", {"nice-video-surveillance-evaluation"}),
    ('"video surveillance"', {"lyon-video-surveillance-charter"}),  # phrase
    ("ransomware", {"rotterdam-ransomware-response-plan"}),
    ("cyber OR ransomware", {"rotterdam-ransomware-response-plan"}),
    ("drones -nice", {"liege-drone-detection-pilot", "dusseldorf-police-drones-charter"}),
    ("dornes", {"nice-drone-regulation-events"}),  # typo
    ("mechlen", {"mechelen-youth-workshop-crime-terrorism"}),  # typo in a city
    ("ransomwear", {"rotterdam-ransomware-response-plan"}),
    ("radicalization", {"stuttgart-radicalisation-prevention-network"}),  # US spelling
    ("Mechelen", {"mechelen-youth-workshop-crime-terrorism"}),  # city name
    ("Dusseldorf", {"dusseldorf-police-drones-charter"}),  # city, accent dropped
    ("Lisbon", {"icarus-lisbon-youth-crime-prevention", "lisbon-public-wifi-safety"}),
    ("IcARUS", {"icarus-lisbon-youth-crime-prevention"}),  # project acronym
    ("TRANSCEND", {"mechelen-youth-workshop-crime-terrorism"}),
    ("PRoTECT Larnaca", {"larnaca-seafront-protection"}),
    ("ethics board", {"turin-ai-ethics-board"}),
    ("artificial intelligence", {"turin-ai-ethics-board"}),
    ("algorithm register", {"bologna-algorithm-register"}),
    ("older residents scams", {"riga-cyber-awareness-seniors"}),
    ("Wi-Fi", {"lisbon-public-wifi-safety"}),
    ("phishing", {"barcelona-municipal-cybersecurity-agency"}),
    ("drug market", {"turin-drug-market-neighbourhood"}),
    ("licences", {"rotterdam-administrative-approach-organised-crime"}),
    ("shootings", {"malmo-camera-placement-data"}),
    ("bollards", {"larnaca-seafront-protection"}),
    ("tirés au sort", {"bordeaux-drones-atelier-citoyen"}),
    ("signalement", {"lyon-application-signalement-citoyen"}),
    ("young people", {"mechelen-youth-workshop-crime-terrorism"}),
    ("night-time economy", {"eindhoven-living-lab-public-spaces"}),  # glossary: nightlife
]

# Across languages and wordings, through the glossary (fixtures/glossary.json): a French query
# finds an English summary, an English one a French summary, an abbreviation its full form.
MUST_FIND_THROUGH_THE_GLOSSARY = [
    ("rançongiciel", {"rotterdam-ransomware-response-plan"}),
    ("vidéosurveillance", {"lyon-video-surveillance-charter"}),
    ("CCTV", {"nice-video-surveillance-evaluation", "lyon-video-surveillance-charter"}),
    ("intelligence artificielle", {"turin-ai-ethics-board"}),
    ("comité d'éthique", {"turin-ai-ethics-board"}),
    ("hameçonnage", {"barcelona-municipal-cybersecurity-agency"}),
    ("cybersécurité", {"barcelona-municipal-cybersecurity-agency"}),
    ("fraude en ligne", {"riga-cyber-awareness-seniors"}),
    ("haine en ligne", {"vilnius-youth-online-hate"}),
    ("extrémisme violent", {"stuttgart-radicalisation-prevention-network"}),
    ("vie nocturne", {"eindhoven-living-lab-public-spaces"}),
    ("grands événements", {"malaga-event-security-protocol"}),
    ("inclusion numérique", {"malaga-digital-inclusion-safety"}),
    ("ville intelligente", {"eindhoven-citizen-panel-smart-city"}),
    ("UAV", {"liege-drone-detection-pilot"}),
    ("trafic de stupéfiants", {"turin-drug-market-neighbourhood"}),
    ("cyberattaque", {"rotterdam-ransomware-response-plan"}),
    ("escroquerie", {"riga-cyber-awareness-seniors"}),
    ("personnes âgées", {"riga-cyber-awareness-seniors"}),
    ("seniors", {"riga-cyber-awareness-seniors"}),
    ("jeunesse", {"bordeaux-jeunes-securite-quartier"}),
    ("discours de haine", {"vilnius-youth-online-hate"}),
    ("stade", {"liege-drone-detection-pilot"}),
    ("IA", {"turin-ai-ethics-board"}),
    ("criminalité organisée", {"rotterdam-administrative-approach-organised-crime"}),
    ("terrorisme", {"mechelen-youth-workshop-crime-terrorism"}),
]

# A theme or project by its French name (Theme.name_fr, Project.name_fr): searched with the
# English name its initiatives' keywords hold (search/glossary.py, french_names_in); the words as
# typed are in no English summary.
MUST_FIND_BY_THEME_NAME = [
    ("Droits fondamentaux et vie privée", {"turin-ai-ethics-board", "bologna-algorithm-register"}),
    ("Participation des jeunes", {"larnaca-youth-council-safety", "vilnius-youth-online-hate"}),
    ("Approches innovantes de la sécurité urbaine", {"icarus-lisbon-youth-crime-prevention"}),
]

# A place by its name in another language: the cities' other names and the countries' names in
# every catalogue language are in the initiatives' keywords (sql/keywords_in_every_language.sql).
MUST_FIND_BY_ANOTHER_NAME = [
    ("Malines", {"mechelen-youth-workshop-crime-terrorism"}),
    ("Lüttich drones", {"liege-drone-detection-pilot"}),
    ("Lisbonne", {"icarus-lisbon-youth-crime-prevention", "lisbon-public-wifi-safety"}),
    ("Torino", {"turin-ai-ethics-board"}),
    ("Allemagne drones", {"dusseldorf-police-drones-charter"}),
    ("Deutschland drones", {"dusseldorf-police-drones-charter"}),
    ("Pays-Bas rançongiciel", {"rotterdam-ransomware-response-plan"}),
    ("Lituanie", {"vilnius-public-space-protection-plan"}),
    ("Chypre", {"larnaca-seafront-protection"}),
    ("Roumanie", {"brasov-crowded-places-training"}),
]

# Found by full text, not by resemblance, whatever the spelling (search/spellings.py): the other
# working language's function words are not required, a hyphenated word matches it joined or
# spaced and without a prefix that keeps the subject, -ise finds -ize; and (the glossary)
# "fraudster" finds fraud.
MUST_FIND_WHATEVER_THE_SPELLING = [
    ("Stuttgart et la radicalisation", {"stuttgart-radicalisation-prevention-network"}),
    (
        "la prévention de la radicalisation à Stuttgart",
        {"stuttgart-radicalisation-prevention-network"},
    ),
    ("the cameras of Nice", {"nice-video-surveillance-evaluation"}),  # a French summary
    ("the video surveillance of Nice", {"nice-video-surveillance-evaluation"}),
    ("anti-terrorism", {"mechelen-youth-workshop-crime-terrorism"}),
    ("counter-terrorism", {"mechelen-youth-workshop-crime-terrorism"}),
    ("counterterrorism", {"nice-urban-vulnerability-assessment"}),  # it says anti-terrorism
    ("counter terrorism", {"nice-urban-vulnerability-assessment"}),
    ("anti-ransomware", {"rotterdam-ransomware-response-plan"}),
    ("help-desk", {"stuttgart-cyber-helpdesk-small-business"}),
    ("non-profit organization", {"stuttgart-radicalisation-prevention-network"}),
    ("radicalized teenagers", {"stuttgart-radicalisation-prevention-network"}),
    ("counter-radicalization", {"stuttgart-radicalisation-prevention-network"}),
    ("organizations", {"rotterdam-administrative-approach-organised-crime"}),
    ("fraudster", {"riga-cyber-awareness-seniors"}),
    ("terrorist", {"mechelen-youth-workshop-crime-terrorism"}),
    ("extremist", {"stuttgart-radicalisation-prevention-network"}),
]

MUST_FIND_NOTHING = [
    "xqzzv",
    "qwxz vbnmq plokj",  # resembles nothing at all, not even by trigrams
    "quantum blockchain",
    "expanding cameras",
]


def top(query, n=3):
    """The slugs of the `n` most relevant results, as the list orders them."""
    plan = plan_search(query)
    ids = plan.most_relevant_ids(plan.apply(Initiative.objects.published()), 0, n)
    slugs = Initiative.objects.in_bulk(ids)
    return [slugs[pk].slug for pk in ids]


@pytest.mark.parametrize("query, wanted", MUST_FIND)
def test_query_finds_what_a_practitioner_means(demo, query, wanted):
    assert wanted <= set(top(query)), top(query)


@pytest.mark.parametrize("query, wanted", MUST_FIND_BY_ANOTHER_NAME)
def test_a_place_is_found_by_its_name_in_another_language(demo, query, wanted):
    assert wanted <= set(top(query, n=5)), top(query, n=5)


@pytest.mark.parametrize("query, wanted", MUST_FIND_BY_THEME_NAME)
def test_a_theme_is_found_by_its_name_in_french(demo, query, wanted):
    assert wanted <= set(top(query, n=12)), top(query, n=12)
    assert not wanted & set(top_as_typed(query, n=50)), "found without the French name: a weak case"


@pytest.mark.parametrize("query, wanted", MUST_FIND_THROUGH_THE_GLOSSARY)
def test_query_finds_what_it_means_in_another_language(demo, query, wanted):
    assert wanted <= set(top(query)), top(query)
    assert not wanted & set(top_as_typed(query, n=50)), "found without the glossary: a weak case"


@pytest.mark.parametrize("query, wanted", MUST_FIND_WHATEVER_THE_SPELLING)
def test_query_finds_its_words_whatever_the_spelling(demo, query, wanted):
    plan = plan_search(query)
    assert not plan.corrected and not plan.fuzzy
    assert wanted <= set(top(query)), top(query)


def top_as_typed(query, n):
    plan = plan_search(query, expansions=())
    if plan.corrected or plan.fuzzy:
        return []
    ids = plan.most_relevant_ids(plan.apply(Initiative.objects.published()), 0, n)
    return list(Initiative.objects.filter(pk__in=ids).values_list("slug", flat=True))


@pytest.mark.parametrize("query", MUST_FIND_NOTHING)
def test_query_finds_nothing(client, demo, query):
    assert top(query, n=50) == []
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    assert response.context["result"].total == 0
    assert client.get(reverse("search"), {"q": query}).status_code == 200


def test_exclusion_excludes(demo):
    found = set(top("drones -nice", n=50))
    assert "nice-drone-regulation-events" not in found
    assert "liege-drone-detection-pilot" in found


@pytest.mark.parametrize(
    "query, excluded", [("-drones", "drones"), ("-drones -nice", "drones OR nice")]
)
def test_a_query_of_exclusions_only_lists_everything_else_newest_first(
    client, demo, query, excluded
):
    everything = set(Initiative.objects.published().values_list("slug", flat=True))
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    assert response.context["result"].total == len(everything) - len(top(excluded, n=100))
    shown = [initiative.slug for initiative in response.context["initiatives"]]
    assert not set(shown) & set(top(excluded, n=100))
    years = [initiative.start_year for initiative in response.context["initiatives"]]
    assert years == sorted(years, reverse=True)


def test_long_queries_are_not_corrected_word_by_word(demo):
    assert plan_search("dornes OR qzx").corrected
    assert not plan_search("dornes OR " + " OR ".join(["qzx"] * 8)).corrected


def test_drafts_and_initiatives_in_review_are_never_found(demo):
    hidden = Initiative.objects.exclude(status=Status.PUBLISHED)
    assert hidden.count() >= 3
    for initiative in hidden:
        for query in (initiative.title, initiative.lead[:60]):
            assert initiative.slug not in top(query, n=100), query


def test_title_matches_rank_first(demo):
    ranked = top("drones", n=6)
    titles = [Initiative.objects.get(slug=slug).title.lower() for slug in ranked[:3]]
    assert all("drone" in title for title in titles)


def test_list_shows_highlighted_snippets_and_relevance(client, demo):
    response = client.get(LIST, {"q": "ransomware"})
    page = response.content.decode()
    assert "<mark>ransomware</mark>" in page.lower()
    assert MARK_START not in page
    assert response.context["initiatives"][0].slug == "rotterdam-ransomware-response-plan"


def test_snippets_read_as_text(client, demo):
    """List items are closed by a semicolon instead of running into one sentence, Markdown
    markers are gone, and an excerpt cut inside a sentence is marked as such."""
    from tests.factories import InitiativeFactory

    InitiativeFactory(
        title="Quayside lighting",
        lead="Brighter quays at night.",
        objectives=(
            "- Light every **zeppelin** mooring\n- Cut falls into the harbour\n- Reassure walkers"
        ),
    )
    response = client.get(LIST, {"q": "zeppelin"})
    [card] = response.context["initiatives"]
    snippet = highlight(card.headline)
    assert "<mark>zeppelin</mark> mooring; Cut falls into the harbour" in snippet
    assert "**" not in snippet and "- " not in snippet
    assert snippet.endswith("…") or snippet.endswith(".")


def test_an_excerpt_cut_inside_a_sentence_says_so():
    assert str(highlight("the city trained staff")) == "… the city trained staff …"
    assert str(highlight("The city trained staff.")) == "The city trained staff."


def test_snippets_escape_editor_markup(client, demo):
    from tests.factories import InitiativeFactory

    InitiativeFactory(lead="<script>alert(1)</script> zeppelin patrols", title="Zeppelins")
    page = client.get(LIST, {"q": "zeppelin"}).content.decode()
    assert "<script>alert(1)" not in page
    assert "<mark>zeppelin</mark>" in page.lower()


def test_typo_offers_did_you_mean_with_its_results(client, demo):
    response = client.get(LIST, {"q": "dornes", "country": "BE"})
    page = response.content.decode()
    assert "No summary contains “dornes”" in page
    assert "Did you mean" in page
    assert f'href="{LIST}?q=drones&amp;country=BE"' in page
    assert [i.slug for i in response.context["initiatives"]] == ["liege-drone-detection-pilot"]


def test_trigram_fallback_when_no_correction_matches(client, demo):
    plan = plan_search("Mechelen xqzv")
    assert plan.fuzzy
    assert not plan.suggestion  # a correction that finds nothing is not offered
    response = client.get(LIST, {"q": "Mechelen xqzv"})
    assert "look similar" in response.content.decode()
    assert "Did you mean" not in response.content.decode()
    found = [initiative.slug for initiative in response.context["initiatives"]]
    assert "mechelen-youth-workshop-crime-terrorism" in found


def test_search_combines_with_filters_and_facets_follow(client, demo):
    response = client.get(LIST, {"q": "drones", "country": "FR"})
    found = {initiative.slug for initiative in response.context["initiatives"]}
    assert found == {"nice-drone-regulation-events", "bordeaux-drones-atelier-citoyen"}
    facets = {group["name"]: group for group in response.context["facets"]}
    countries = {option["value"]: option["count"] for option in facets["country"]["options"]}
    assert countries == {"FR": 2, "BE": 1, "DE": 1}


def test_search_page_groups_results_by_kind(client, demo):
    response = client.get(reverse("search"), {"q": "drones"})
    assert response.status_code == 200
    groups = {group.kind: group for group in response.context["found"].groups}
    assert groups["initiatives"].count == len(top("drones", n=100))
    assert groups["news"].count >= 1
    assert groups["initiatives"].all_url == f"{LIST}?q=drones"
    page = response.content.decode()
    assert "Online workshop on drones for urban security" in page
    cyber = client.get(reverse("search"), {"q": "cyber threats"})
    recommendations = {g.kind: g for g in cyber.context["found"].groups}["recommendations"]
    assert recommendations.count >= 1
    assert "Support municipalities against cyber threats" in cyber.content.decode()


@pytest.mark.parametrize(
    "query, status, message",
    [
        ("x" * 5000, 400, "Your search is too long: use at most 200 characters (it has 5000)."),
        ("?!… --- ***", 400, "Type at least one letter or digit to search."),
        ("   ", 200, "Search the catalogue"),
    ],
)
def test_search_page_handles_hostile_queries(client, demo, query, status, message):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == status
    assert message in response.content.decode()
    assert response.context["found"] is None


def test_news_search(client, demo):
    response = client.get(reverse("news:list"), {"q": "drones"})
    slugs = [item.slug for item in response.context["news_items"]]
    assert slugs[0] == "online-workshop-drones-urban-security"
    assert "<mark>" in response.content.decode()


def test_suggestions_endpoint(client, demo):
    data = client.get(reverse("suggest"), {"q": "mala"}).json()
    labels = [item["label"] for item in data["suggestions"]]
    assert "Málaga" in labels
    assert any("Málaga" in label for label in labels[1:])
    assert all(item["url"].startswith("/") for item in data["suggestions"])
    assert client.get(reverse("suggest"), {"q": "x"}).json()["suggestions"] == []
    assert client.get(reverse("suggest"), {"q": "é" * 5000}).status_code == 200
    drafts = client.get(reverse("suggest"), {"q": "night-time economy"}).json()
    assert not [s for s in drafts["suggestions"] if "Night-time" in s["label"]]


def test_corrections_learn_the_words_of_new_and_renamed_titles(client, demo):
    from tests.factories import InitiativeFactory

    zeppelins = InitiativeFactory(title="Zeppelin patrols above the harbour")
    response = client.get(LIST, {"q": "zepelin"})
    assert response.context["result"].plan.text == "zeppelin"
    assert [i.pk for i in response.context["initiatives"]] == [zeppelins.pk]

    # A bulk update, as an import makes, feeds the vocabulary too (statement-level trigger).
    Initiative.objects.filter(pk=zeppelins.pk).update(title="Hovercraft rescue drills")
    response = client.get(LIST, {"q": "hovercaft"})
    assert response.context["result"].plan.text == "hovercraft"
    assert [i.pk for i in response.context["initiatives"]] == [zeppelins.pk]


def test_similar_titles_are_found_whatever_the_accents(client, demo):
    from tests.factories import InitiativeFactory

    zeppelins = InitiativeFactory(title="Zeppelin patrols above the harbour")
    plan = plan_search("Zéppélin xqzv")  # the words together match nothing, even corrected
    assert plan.fuzzy
    response = client.get(LIST, {"q": "Zéppélin xqzv"})
    assert [i.pk for i in response.context["initiatives"]] == [zeppelins.pk]


def test_similar_city_names_are_found_whatever_the_accents(client, demo):
    from initiatives.models import City
    from tests.factories import InitiativeFactory

    # Found by its city alone: nothing in its title resembles the words.
    InitiativeFactory(title="Harbour lighting", cities=[City.objects.get(slug="malmo")])
    malmo = set(
        Initiative.objects.published().filter(cities__slug="malmo").values_list("slug", flat=True)
    )
    response = client.get(LIST, {"q": "Malmoe xqzv"})  # no such words; "Malmö" resembles
    found = {initiative.slug for initiative in response.context["initiatives"]}
    assert malmo and malmo <= found


def test_a_typo_without_filters_is_not_searched_for_twice(client, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def existence_checks(params):
        with CaptureQueriesContext(connection) as queries:
            client.get(LIST, params)
        return sum("SELECT EXISTS" in query["sql"] for query in queries.captured_queries)

    # The list itself found nothing in the whole catalogue: only the correction is checked.
    assert existence_checks({"q": "dornes"}) == 1
    # With a filter, "nothing here" does not mean "nothing anywhere": both are checked.
    assert existence_checks({"q": "dornes", "country": "BE"}) == 2


def test_a_query_that_only_excludes_never_brings_back_what_it_excludes(client, demo):
    response = client.get(LIST, {"q": "-drones", "theme": "drones"})
    assert response.status_code == 200
    assert response.context["result"].total == 0
    assert not response.context["result"].plan.fuzzy
    assert "look similar" not in response.content.decode()


@pytest.mark.parametrize(
    "url, params, ceiling",
    [
        (reverse("search"), {"q": "drones"}, 7),
        (reverse("search"), {"q": "dornes"}, 9),  # typo: corrected
        (reverse("search"), {"q": "Mechelen xqzv"}, 9),  # similarity
        # The list: one more for the catalogue's version, under which its answers are cached.
        (LIST, {"q": "dornes"}, 7),
        (LIST, {"q": "dornes", "country": "BE", "year_from": "2010"}, 8),
        (LIST, {"q": "Mechelen xqzv"}, 7),
        (LIST, {"q": "Mechelen xqzv", "year_from": "2015", "evaluation": "internal"}, 8),
    ],
)
def test_search_paths_run_a_constant_number_of_queries(
    client, demo, django_assert_max_num_queries, url, params, ceiling
):
    from tests.factories import InitiativeFactory

    InitiativeFactory.create_batch(30, title="Drones over Mechelen festivals")
    # + the page's validator (http_cache.py), + the glossary's lookup of the words (cached with
    # the catalogue's version, as the rest of the answer is)
    with django_assert_max_num_queries(ceiling + 2):
        response = client.get(url, params)
    assert response.status_code == 200


def test_the_search_page_matches_each_kind_once(client, demo):
    """Counting and ranking each kind in one statement: no COUNT(*) of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search"), {"q": "drones"})
    statements = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in statements if sql.startswith("SELECT COUNT(*)")]
    assert len([sql for sql in statements if "OVER ()" in sql]) == 3  # one per kind
    groups = {group.kind: group for group in response.context["found"].groups}
    assert groups["initiatives"].count == Initiative.objects.published().search("drones").count()
    assert groups["news"].count == NewsItem.objects.published().search("drones").count() > 0
    assert len(groups["initiatives"].items) == min(5, groups["initiatives"].count)
