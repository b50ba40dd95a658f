"""What a visitor typed, read as a web-search query: words, "phrases", OR and -exclusions.

Pure text handling, no database: the full-text search and the typo fallbacks both start here.
"""

import re
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200
HAS_WORD = re.compile(r"\w")
WORD = re.compile(r"\w+")
WEB_SEARCH_OPERATORS = {"or", "and", "not"}
# A web-search exclusion: `-word` or `-"a phrase"`, at the start or after a space.
EXCLUSION = re.compile(r'(?:^|(?<=\s))-("[^"]*"?|\S+)')
# One term of a query: an optional minus, then a phrase in quotes or a run of other characters.
TERM = re.compile(r'(?:^|(?<=\s))(-?)("[^"]*"?|[^\s"]+)|("[^"]*"?)')


def normalise_query(raw: str) -> str:
    """The query as searched: whitespace folded, cut to a sane length; '' if it has no word."""
    text = " ".join((raw or "").split())[:MAX_QUERY_LENGTH]
    return text if HAS_WORD.search(text) else ""


def words_of(text: str) -> list[str]:
    """The words of a query, without the web-search operators."""
    return [word for word in WORD.findall(text) if word.casefold() not in WEB_SEARCH_OPERATORS]


def exclusions_only(text: str) -> str:
    """For a query made only of exclusions (`-drones -"video surveillance"`), what it excludes
    as a query of its own (`drones OR "video surveillance"`); otherwise ''."""
    remaining = EXCLUSION.sub(" ", text)
    if words_of(remaining):
        return ""
    return " OR ".join(EXCLUSION.findall(text))


@dataclass(frozen=True)
class QueryParts:
    """A query split into what may be matched loosely and what must hold exactly.

    `loose`: the plain words, which the typo fallbacks may compare by resemblance.
    `required`: the phrases and exclusions, as a web-search query of their own: a fallback
    keeps them, so `grooming -schools` never brings back what mentions schools.
    """

    loose: str
    required: str


def split_query(text: str) -> QueryParts:
    loose, required = [], []
    for match in TERM.finditer(text):
        minus, term, bare_phrase = match.groups()
        term = term or bare_phrase
        if minus or term.startswith('"'):
            required.append(f"{minus or ''}{term}")
        elif term.casefold() not in WEB_SEARCH_OPERATORS:
            loose.append(term)
    return QueryParts(loose=" ".join(loose), required=" ".join(required))
