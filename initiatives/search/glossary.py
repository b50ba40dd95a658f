"""What a query also searches: the other terms of the glossary concepts it names.

"ransomware" also searches "rançongiciel" and "Erpressungssoftware"; "street harassment" also
searches "harcèlement de rue". Each expansion is an alternative to the words as typed, not a
replacement: `(street AND harassment) OR "harcèlement de rue" OR …`, AND the rest of the query
(fulltext.queries_by_language), so the words as typed find exactly what they found before, and
the expanded query is still one tsquery per language, answered by the search index.

Only plain words are expanded: not phrases in quotes (asked for exactly), not exclusions, and not
a word beside OR (an alternative the visitor wrote; expanding it would change what OR binds).
"""

import re
from dataclasses import dataclass

from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf

from initiatives import rawsql
from initiatives.languages import Language
from initiatives.models.glossary import Term
from initiatives.models.vocabulary import Project, Theme
from initiatives.search.text import TERM, WEB_SEARCH_OPERATORS

# The longest term the glossary matches in a query, in words.
LONGEST_TERM = 5


@dataclass(frozen=True)
class Expansion:
    typed: str  # the query's words that name a concept, as typed
    alternatives: tuple[tuple[str, str], ...]  # the concept's other terms: (language, text)


def expansions_of(text: str) -> tuple[Expansion, ...]:
    """The glossary concepts the query's plain words name, longest terms first, each word in at
    most one expansion."""
    runs = expandable_runs(text)
    spans = {
        " ".join(run[start:stop])
        for run in runs
        for start in range(len(run))
        for stop in spans_from(start, run)
    }
    if not spans:
        return ()
    alternatives = alternatives_of(sorted(spans))
    expansions = []
    for run in runs:
        start = 0
        while start < len(run):
            for stop in reversed(list(spans_from(start, run))):
                typed = " ".join(run[start:stop])
                if typed in alternatives:
                    expansions.append(Expansion(typed, alternatives[typed]))
                    start = stop
                    break
            else:
                start += 1
    return tuple(expansions)


def spans_from(start: int, run: list[str]) -> range:
    return range(start + 1, min(len(run), start + LONGEST_TERM) + 1)


def expandable_runs(text: str) -> list[list[str]]:
    """Runs of consecutive plain words: what a glossary term may stand for."""
    terms = [(minus, term or phrase) for minus, term, phrase in TERM.findall(text)]
    runs, run = [], []
    for index, (minus, term) in enumerate(terms):
        beside_or = any(
            0 <= other < len(terms) and terms[other][1].casefold() == "or"
            for other in (index - 1, index + 1)
        )
        plain = not minus and not term.startswith('"') and re.search(r"\w", term)
        if plain and term.casefold() not in WEB_SEARCH_OPERATORS and not beside_or:
            run.append(term)
            continue
        if run:
            runs.append(run)
        run = []
    if run:
        runs.append(run)
    return runs


# The key expression must be written as the unique index on terms is (models/glossary.py), so
# that PostgreSQL matches the typed words through that index. The French names of public themes
# and projects (`{names}`, see french_names) are compared the same way, in the same statement.
ALTERNATIVES = """
SELECT typed.words, other.language, other.text, other.id
FROM unnest(%s::text[]) AS typed (words)
JOIN {term} AS named
    ON efus_unaccent(lower(regexp_replace(named.text, '[\\s\\-‐]+', ' ', 'g')))
     = efus_unaccent(lower(regexp_replace(typed.words, '[\\s\\-‐]+', ' ', 'g')))
JOIN {term} AS other ON other.concept_id = named.concept_id AND other.id <> named.id
UNION ALL
SELECT typed.words, language.code, named.name, 0
FROM unnest(%s::text[]) AS typed (words)
JOIN ({names}) AS named (french, name)
    ON efus_unaccent(lower(regexp_replace(named.french, '[\\s\\-‐]+', ' ', 'g')))
     = efus_unaccent(lower(regexp_replace(typed.words, '[\\s\\-‐]+', ' ', 'g')))
CROSS JOIN unnest(%s::text[]) AS language (code)
ORDER BY 1, 2, 4
"""


def alternatives_of(spans: list[str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """{words as typed: the other terms of the concept they name} for the spans that name one,
    or that name a public theme or project by its French name (french_names)."""
    names, names_params = rawsql.compiled(french_names())
    statement = ALTERNATIVES.format(term=rawsql.quoted(Term._meta.db_table), names=names)
    found: dict[str, list[tuple[str, str]]] = {}
    params = [spans, spans, *names_params, list(Language.values)]
    for typed, language, other, _order in rawsql.fetch_all(statement, params):
        found.setdefault(typed, []).append((language, other))
    return {typed: tuple(others) for typed, others in found.items()}


def french_names():
    """(French name, the name the initiatives' keywords hold) of every public theme and
    project translated ("Cybercriminalité", "Cybercrime"): a query naming one in French also
    searches the other, in every language's branch, as every summary's keywords hold it.

    Searched at query time rather than written into every initiative's keywords: a French name
    written there meant deriving again every initiative of the theme when an editor translated
    it: 39 s of the admin's request for a theme of 20,000 of 100,000 initiatives (the server's
    limit is 30 s). Public only: the words of a theme only drafts use must not show in "Also
    searched"."""
    themes = Theme.objects.public().exclude(name_fr="").values_list("name_fr", "name")
    projects = (
        Project.objects.public()
        .exclude(name_fr="")
        .annotate(known_as=Coalesce(NullIf("acronym", Value("")), "name"))
        .values_list("name_fr", "known_as")
    )
    return themes.union(projects, all=True)
