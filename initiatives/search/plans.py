"""How a query is searched: as typed, corrected, or by resemblance when nothing matches."""

from dataclasses import dataclass, replace

from initiatives import rawsql
from initiatives.models import NEWEST_FIRST, Initiative
from initiatives.search.corrections import did_you_mean
from initiatives.search.fulltext import full_text_rank, matching
from initiatives.search.glossary import Expansion, expansions_of
from initiatives.search.similarity import resemblances, resembling
from initiatives.search.text import (
    EXCLUSION,
    exclusions_only,
    normalise_query,
    split_query,
    words_of,
)


@dataclass(frozen=True)
class SearchPlan:
    """How a query is searched.

    - full text, for the words as typed (the usual case);
    - `corrected`: the words matched nothing, but a correction built from the catalogue's own
      words does, so its full-text results are shown ("showing results for …");
    - `fuzzy`: nothing matched, even corrected: trigram similarity on titles, themes, cities,
      projects, still held to the query's phrases and exclusions.

    `expansions`: the glossary concepts the words name, whose other terms are searched too
    (search/glossary.py); none when the visitor asks for the words as typed only.
    """

    text: str
    typed: str = ""
    corrected: bool = False
    fuzzy: bool = False
    suggestion: str = ""
    resemblances: tuple[tuple[str, int, float], ...] = ()
    expansions: tuple[Expansion, ...] = ()

    @classmethod
    def as_typed(cls, raw: str) -> "SearchPlan":
        text = normalise_query(raw)
        return cls(text, typed=text)

    def expanded(self) -> "SearchPlan":
        """This plan searching the other terms of the concepts its words name, too."""
        if exclusions_only(self.text):
            return self
        return replace(self, expansions=expansions_of(self.text))

    @property
    def also_searched(self) -> list[tuple[str, str]]:
        """(language, term) of every other term searched, for the page to say so; a term
        searched in several languages' branches (a theme's name) once, in its first."""
        first_language = {}
        for expansion in self.expansions:
            for language, term in expansion.alternatives:
                first_language.setdefault(term, language)
        return [(language, term) for term, language in first_language.items()]

    def apply(self, queryset):
        """The rows of `queryset` this plan finds, with `rank` and `headline` annotations."""
        if not self.text:
            return queryset.none()
        if not self.fuzzy:
            return queryset.search(self.text, self.expansions)
        parts = split_query(self.text)
        found = resembling(queryset, self.resemblances)
        return matching(found, parts.required) if parts.required else found

    def relevance(self) -> list:
        """The order of "most relevant first" for this plan's results."""
        # Names, not F(): a constant rank (a query of exclusions only) must stay a column.
        # Among equal resemblances, the nearest titles first (ascending puts NULLs last).
        ties = ["title_place"] if self.fuzzy else []
        return ["-rank", *ties, *NEWEST_FIRST]

    def most_relevant_ids(self, rows, start: int, stop: int) -> list[int]:
        """Ids of the results from `start` to `stop` (exclusive), most relevant first, for
        `rows` this plan found (`apply()`).

        Relevance in two stages. First, every result is ranked by its small vector (title,
        lead, names: Initiative.rank_vector), which the row holds. Then the best REFINED of
        them are ranked again by their full text, read for those few only, so that a summary
        whose sections are all about the words comes before one that only names them in
        passing. Results beyond the first REFINED keep the first stage's order: each result
        still appears on exactly one page.
        """
        ordered = rows.order_by(*self.relevance())
        if not self.refines or start >= REFINED:
            return list(ordered.values_list("pk", flat=True)[start:stop])
        return self.refined(rows, ordered.values("pk")[:REFINED])[start:stop]

    @property
    def refines(self) -> bool:
        """Whether the second stage applies: not to resemblances, nor to exclusions only."""
        return not self.fuzzy and not exclusions_only(self.text)

    def refined(self, rows, best) -> list[int]:
        """The ids of `best` (ids, or a query of them) in the order of their full text's rank
        (see most_relevant_ids)."""
        if not self.refines:
            return list(best)
        rank = full_text_rank(self.text, expansions=self.expansions)
        refined = rows.filter(pk__in=best).annotate(full_rank=rank)
        ids = refined.order_by("-full_rank", *self.relevance()).values_list("pk", flat=True)
        return list(ids)


# How many of the first stage's best are ranked again by their full text: five pages.
REFINED = 100


def matches_anything(text: str, expansions=()) -> bool:
    """Whether any public initiative matches the words (full text)."""
    matches = matching(Initiative.objects.published(), text, expansions).order_by().values("pk")
    sql, params = rawsql.compiled(matches)
    # Asked as `EXISTS … LIMIT 1`, PostgreSQL walks the table hoping to meet a match early,
    # which reads every row when there is none (a typo). The materialized CTE is planned for
    # all its rows, so it goes through the search index, and stops at the first row.
    statement = f"WITH matches AS MATERIALIZED ({sql}) SELECT EXISTS (SELECT FROM matches)"
    return rawsql.fetch_all(statement, params)[0][0]


def plan_search(
    raw_query: str, known_to_match_nothing: bool = False, expansions=None
) -> SearchPlan:
    """Full text when the words match any public initiative; otherwise the typo fallbacks.

    `known_to_match_nothing`: the caller already searched the whole catalogue and found nothing.
    `expansions`: the glossary's expansions of the words, if the caller has them; by default
    they are looked up. `()`: the words as typed only.
    """
    as_typed = SearchPlan.as_typed(raw_query)
    if expansions is None:
        as_typed = as_typed.expanded()
    else:
        as_typed = replace(as_typed, expansions=expansions)
    text = as_typed.text
    if not text or (not known_to_match_nothing and matches_anything(text, as_typed.expansions)):
        return as_typed
    # The words are right and only their exclusions leave nothing: that is the answer.
    without_exclusions = EXCLUSION.sub(" ", text)
    excludes = without_exclusions != text and words_of(without_exclusions)
    if excludes and matches_anything(without_exclusions):
        return as_typed
    suggestion = did_you_mean(text)
    if suggestion and matches_anything(suggestion):
        return SearchPlan(suggestion, typed=text, corrected=True, suggestion=suggestion)
    # A correction that finds nothing either is not worth a link.
    found = resemblances(split_query(text).loose)
    return SearchPlan(text, typed=text, fuzzy=True, resemblances=found)
