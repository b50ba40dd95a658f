"""What each language's branch asks for the words typed (search/spellings.py): no function words
of the forum's languages as required words, hyphenated and -ise/-ize words in every spelling."""

import pytest

from initiatives import rawsql
from initiatives.models import Initiative
from initiatives.search.spellings import Clause, clauses, has_other_words
from initiatives.search.stop_words import ENGLISH, FRENCH
from tests.factories import InitiativeFactory


def searched(text: str) -> tuple[Clause, ...]:
    return clauses(text, has_other_words(text))


@pytest.mark.parametrize(
    "text, words",
    [
        ("prévention de la délinquance des jeunes", "prévention délinquance jeunes"),
        ("the cameras of Nice", "cameras Nice"),
        ("l'application à Lyon", "application Lyon"),  # elided, and accents ignored
        ("drones, the city", "drones city"),
        ("Drones OR the", "Drones"),  # no OR left hanging
    ],
)
def test_function_words_of_english_and_french_are_left_out(text, words):
    assert searched(text) == (Clause(words),)


@pytest.mark.parametrize(
    "text",
    [
        "son",  # nothing else to search: searched as typed
        "the son",
        '"de la ville"',  # a phrase is asked for exactly
        "drones -de",  # and so is an exclusion
        "drones OR nice",  # nothing to rewrite: the query itself
    ],
)
def test_the_rest_is_searched_as_typed(text):
    assert searched(text) == (Clause(text),)


def test_hyphenated_words_are_searched_joined_and_spaced():
    assert searched("cyber-attack plan") == (Clause("plan", (("cyberattack", '"cyber attack"'),)),)
    assert searched("Wi-Fi") == (Clause("", (("WiFi", '"Wi Fi"'),)),)
    assert searched("covid-19") == (Clause("covid-19"),)  # numbers are left alone


def test_a_prefix_that_keeps_the_subject_is_not_required():
    assert searched("anti-terrorism") == (Clause("", (("antiterrorism", "terrorism"),)),)
    assert searched("contre-terrorisme") == (Clause("", (("contreterrorisme", "terrorisme"),)),)
    assert searched("anti-money-laundering") == (
        Clause("", (("antimoneylaundering", "moneylaundering", '"money laundering"'),)),
    )


def test_ise_and_ize_spellings_are_searched_both():
    assert searched("organization") == (Clause("", (("organization", "organisation"),)),)
    assert searched("Radicalised") == (Clause("", (("Radicalised", "Radicalized"),)),)
    assert searched("counter-radicalisation") == (
        Clause(
            "",
            (
                (
                    "counterradicalisation",
                    "counterradicalization",
                    "radicalisation",
                    "radicalization",
                ),
            ),
        ),
    )
    assert searched("rise size seize") == (Clause("rise size seize"),)


def test_the_alternatives_of_a_query_stay_apart():
    """Web search binds AND before OR: one text `drones antiterrorism or terrorism` would
    find anything about terrorism."""
    assert searched("drones anti-terrorism") == (
        Clause("drones", (("antiterrorism", "terrorism"),)),
    )
    assert searched("drones anti-terrorism OR the ransomware") == (
        Clause("drones", (("antiterrorism", "terrorism"),)),
        Clause("ransomware"),
    )


@pytest.mark.django_db
def test_a_hyphenated_word_stays_one_required_word(db):
    both = InitiativeFactory(title="Drones against terrorism", lead="A pilot.")
    InitiativeFactory(title="Terrorism and public squares", lead="A plan.")
    InitiativeFactory(title="Drones over festivals", lead="Rules.")
    found = Initiative.objects.published().search("drones anti-terrorism")
    assert list(found.values_list("pk", flat=True)) == [both.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("config, words", [("efus_english", ENGLISH), ("efus_french", FRENCH)])
def test_the_function_words_are_what_the_configurations_drop(db, config, words):
    kept = rawsql.fetch_all(
        "SELECT word FROM unnest(%s::text[]) AS word"
        " WHERE to_tsvector(%s::regconfig, word) <> ''::tsvector",
        [sorted(words), config],
    )
    assert kept == []
    assert len(words) > 100
