"""What each language's branch of a search asks for the words typed (fulltext.queries_by_language).

A branch parses the words with its own language's configuration, which knows that language
only, and the vectors it matches were built the same way. Three gaps are closed here, on the
query's side, so that no stored vector needs deriving again:

- The function words of the forum's two working languages are not required words in any
  branch: "prévention de la radicalisation" asked English summaries for `'de' & 'la'`.
- A hyphenated word is searched joined and spaced alike ("cyber-attack": cyberattack or "cyber
  attack"); after a prefix that does not change the subject, the rest alone too ("anti-terrorism":
  antiterrorism or terrorism). PostgreSQL made it a phrase that had to contain "anti".
- -ise and -ize spellings are searched both: the English stemmer turns "radicalization" into
  'radic' but "radicalisation" into 'radicalis'.

Pure text, no database. Only plain words are rewritten: phrases in quotes and exclusions are
asked for exactly as typed.
"""

import re
import unicodedata
from dataclasses import dataclass

from initiatives.search.stop_words import ENGLISH, FRENCH
from initiatives.search.text import TERM, WORD

# English and French function words are left out of every branch; where the branch's own
# configuration drops them anyway, nothing changes. The known cost: an English word that is a
# French function word ("son", "ton") is not required on English summaries when the query has
# other words, nor a French word that is an English one ("an", a year) on French summaries.
FUNCTION_WORDS = ENGLISH | FRENCH
# Prefixes that leave the subject as it is: "anti-terrorism" is about terrorism.
SAME_SUBJECT_PREFIXES = {"anti", "counter", "contre"}
HYPHENATED = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)+")
HYPHEN = re.compile(r"[-‐]")
# A word of -ise or -ize, with at least three letters before it ("rise", "seize" are not).
ISE_OR_IZE = re.compile(r"\b([^\W\d_]{3,}i)([sz])(ations?|ers?|ing|ed|es|e)\b", re.IGNORECASE)
OTHER_SPELLING = {"s": "z", "z": "s", "S": "Z", "Z": "S"}
# Punctuation around a word, and an elided function word before it ("l'organisation").
AROUND = re.compile(r"^\W+|\W+$")
ELIDED = re.compile(r"^(\w+)['’](?=\w)")


@dataclass(frozen=True)
class Clause:
    """Terms that must all match: `words`, a web-search query of the terms searched as typed,
    and `spellings`, for each word that has several, its spellings (any one matches)."""

    words: str
    spellings: tuple[tuple[str, ...], ...] = ()


def clauses(text: str, leave_out_function_words: bool) -> tuple[Clause, ...]:
    """The query as alternatives (its ORs), each a clause; a query with no word to rewrite
    stays one clause of its own text.

    The alternatives are kept apart because PostgreSQL's web search binds AND tighter than OR:
    `drones antiterrorism or terrorism` would find whatever mentions terrorism, drones or not.
    """
    terms, changed = [], False
    for match in TERM.finditer(text):
        minus, term, bare_phrase = match.groups()
        term = term or bare_phrase
        if minus or term.startswith('"') or term.casefold() == "or":
            terms.append(f"{minus or ''}{term}")
            continue
        word = bare_word(term) if leave_out_function_words else term
        if leave_out_function_words and is_function_word(word):
            changed = True
            continue
        forms = spellings(word)
        changed = changed or word != term or len(forms) > 1
        terms.append(forms if len(forms) > 1 else word)
    if not changed:
        return (Clause(text),)
    groups, group = [], []
    for term in [*terms, "or"]:
        if isinstance(term, tuple) or term.casefold() != "or":
            group.append(term)
        elif group:  # an OR left with nothing on one side goes
            groups.append(group)
            group = []
    if not any(isinstance(term, tuple) for group in groups for term in group):
        return (Clause(" or ".join(" ".join(group) for group in groups)),)
    return tuple(
        Clause(
            " ".join(term for term in group if isinstance(term, str)),
            tuple(term for term in group if isinstance(term, tuple)),
        )
        for group in groups
    )


def spellings(word: str) -> tuple[str, ...]:
    """The web-search spellings of a plain word: itself alone, or its equivalent spellings."""
    if HYPHENATED.fullmatch(word):
        parts = HYPHEN.split(word)
        if parts[0].casefold() in SAME_SUBJECT_PREFIXES:
            forms = ["".join(parts), *spellings("-".join(parts[1:]))]
        else:
            forms = ["".join(parts), '"' + " ".join(parts) + '"']
    else:
        forms = [word]
    with_other_spelling = []
    for form in forms:
        with_other_spelling += [form, ISE_OR_IZE.sub(other_spelling, form)]
    return tuple(dict.fromkeys(with_other_spelling))


def other_spelling(match: re.Match) -> str:
    stem, letter, ending = match.groups()
    return f"{stem}{OTHER_SPELLING[letter]}{ending}"


def bare_word(term: str) -> str:
    """The term without punctuation around it nor elided function words before it."""
    word = AROUND.sub("", term)
    while (elided := ELIDED.match(word)) and is_function_word(elided.group(1)):
        word = word[elided.end() :]
    return word or term


def is_function_word(word: str) -> bool:
    """Whether every word of `word` is a function word, accents ignored as the configurations
    ignore them."""
    words = WORD.findall(word)
    return bool(words) and all(without_accents(word) in FUNCTION_WORDS for word in words)


def without_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def has_other_words(text: str) -> bool:
    """Whether the query has a word to search besides function words: a plain word that is not
    one, or a phrase. A query of function words only ("son") searches them as typed."""
    for match in TERM.finditer(text):
        minus, term, bare_phrase = match.groups()
        term = term or bare_phrase
        if minus or term.casefold() == "or" or not WORD.search(term):
            continue
        if term.startswith('"') or not is_function_word(bare_word(term)):
            return True
    return False
