"""PostgreSQL full-text search, in the manner of the Django website's docs search.

Each row's search vector is built with the configuration of the row's own language, so a query
is parsed once per configuration and matched only against rows of that language:
`(language = 'fr' AND vector @@ query_fr) OR (language = 'en' AND vector @@ query_en) …`.
Each branch is answered by the (language, search_vector) index, and an exclusion (`-drones`)
keeps its meaning, which an OR of the parsed queries over every row would not.

Expressions only: this module reads no table itself, so the models can use it.
"""

import operator
import re
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Case, F, FloatField, Func, Q, TextField, Value, When
from django.db.models.functions import Concat, Greatest

from initiatives.languages import Language, search_config
from initiatives.search.spellings import clauses, has_other_words
from initiatives.search.text import HAS_WORD, WORD, exclusions_only
from initiatives.translations import active_language

# Sentinels around matched words in headlines; the `highlight` filter escapes the rest of the
# text and turns these into <mark>, so an editor's markup never reaches the page unescaped.
MARK_START = "\u2e3bM\u2e3b"
MARK_STOP = "\u2e3b/M\u2e3b"


def queries_by_language(text: str, expansions=()) -> dict[str, SearchQuery]:
    """The words parsed by each language's configuration; with glossary `expansions`
    (search/glossary.py), each expanded span of words OR any of its alternatives in that
    language. A French summary is found through the concept's French terms, an English one
    through its English terms: parsing every term in every language's branch made each branch's
    query eight times longer for no more matches (a search for "video surveillance" with two
    filters: 160 -> 776 ms at 100,000 initiatives).

    The words as typed are read as search/spellings.py says: without the forum's function
    words, and with the other spellings of hyphenated and -ise/-ize words."""
    leave_out = has_other_words(text)
    rest = clauses(without_spans(text, expansions), leave_out)
    typed = [clauses(expansion.typed, leave_out) for expansion in expansions]
    queries = {}
    for code in Language.values:
        config = search_config(code)
        query = parsed(rest, config)
        for expansion, its_clauses in zip(expansions, typed, strict=True):
            either = parsed(its_clauses, config)
            for language, alternative in expansion.alternatives:
                if language == code:
                    # Its words, not as a phrase: the index cannot tell word positions, so a
                    # phrase made PostgreSQL re-read every hit's vector from TOAST.
                    alternative = SearchQuery(alternative, search_type="plain", config=config)
                    either = alternative if either is None else either | alternative
            if either is not None:
                query = either if query is None else query & either
        queries[code] = query
    return queries


def parsed(query_clauses, config: str) -> SearchQuery | None:
    """One configuration's query for `query_clauses` (spellings.clauses): the clauses ORed,
    each the AND of its words and, for each word of several spellings, any of them. Combined
    here, in SQL, rather than in one web-search text, which would bind its ORs last."""
    query = None
    for clause in query_clauses:
        parts = [web_search(clause.words, config)] if WORD.search(clause.words) else []
        parts += [
            reduce(operator.or_, [web_search(form, config) for form in forms])
            for forms in clause.spellings
        ]
        if parts:
            both = reduce(operator.and_, parts)
            query = both if query is None else query | both
    return query


def web_search(text: str, config: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=config)


def without_spans(text: str, expansions) -> str:
    """The query less the words that expansions search (each once, where it was typed)."""
    for expansion in expansions:
        text = re.sub(rf"(?<!\S){re.escape(expansion.typed)}(?!\S)", " ", text, count=1)
    return " ".join(text.split()) if HAS_WORD.search(text) else ""


def per_language(queries: dict[str, SearchQuery], build, output_field):
    return Case(
        *[When(language=code, then=build(query)) for code, query in queries.items()],
        output_field=output_field,
    )


def full_text_match(queries: dict[str, SearchQuery]) -> Q:
    match = Q()
    for code, query in queries.items():
        match |= Q(language=code, search_vector=query)
    return match


def matching(queryset, text: str, expansions=()):
    """The rows of `queryset` that match the words.

    PostgreSQL can answer a pure negation (`-drones`) only by reading every row's vector
    (about a second at 100,000 initiatives); it is asked instead as "all rows but those
    matching drones", which the index answers.
    """
    excluded = exclusions_only(text)
    if excluded:
        found = queryset.model.objects.filter(full_text_match(queries_by_language(excluded)))
        return queryset.exclude(pk__in=found.values("pk"))
    return queryset.filter(full_text_match(queries_by_language(text, expansions)))


def regexp_replace(expression, pattern: str, replacement: str):
    return Func(
        expression,
        Value(pattern),
        Value(replacement),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def plain_text(expression):
    """Markdown source as running text, for snippets that read as sentences: without list,
    heading and emphasis markers, and a line that ends without punctuation (a list item)
    closed with a semicolon, so that items do not run together into one sentence."""
    unmarked = regexp_replace(expression, r"(^|\n)[ \t]*([-*+>#]+|\d+\.)[ \t]+|[*_`]+", r"\1")
    separated = regexp_replace(unmarked, r"([^.!?:;,\s])[ \t]*\n\s*", r"\1; ")
    return regexp_replace(separated, r"\s*\n\s*", " ")


def headline(body, query: SearchQuery, **options) -> SearchHeadline:
    return SearchHeadline(
        plain_text(body),
        query,
        config=query.config,
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        max_words=28,
        min_words=12,
        **options,
    )


def full_text_rank(text: str, vector: str = "search_vector", expansions=()):
    """The rank of each row for the words, from its own language's parse of them."""
    return per_language(
        queries_by_language(text, expansions),
        lambda query: SearchRank(F(vector), query),
        FloatField(),
    )


def full_text_search(
    queryset,
    text: str,
    snippet_fields=("lead", "objectives", "activities"),
    rank_vector="search_vector",
    expansions=(),
):
    """Rows matching the words, annotated with `rank` and a `headline` snippet.

    The queryset's model needs `language` and `search_vector` columns; `rank_vector` names the
    vector the rank is computed from (by default the one matched).
    """
    queries = queries_by_language(text, expansions)
    rank = full_text_rank(text, rank_vector, expansions)
    parts = []
    for field in snippet_fields:
        parts += [field, Value("\n")]
    body = Concat(*parts[:-1], output_field=TextField())
    snippet = per_language(
        queries,
        lambda query: headline(body, query, max_fragments=2, fragment_delimiter=" … "),
        TextField(),
    )
    if exclusions_only(text):
        rank = Value(0.0, output_field=FloatField())  # nothing to rank by: equal, newest first
    return matching(queryset, text, expansions).annotate(rank=rank, headline=snippet)


def bilingual_full_text_search(queryset, text: str, expansions=()):
    """For manifesto recommendations, written in English with an optional French version
    (initiatives/translations.py), each version with its own vector: the words parsed in
    English match the English one, parsed in French the French one. The snippet is of the
    version the page shows."""
    queries = queries_by_language(text, expansions)
    english, french = queries[Language.ENGLISH], queries[Language.FRENCH]
    snippet = headline(F("text"), english)
    if active_language() == "fr":
        snippet = Case(When(~Q(text_fr=""), then=headline(F("text_fr"), french)), default=snippet)
    return queryset.filter(Q(search_vector=english) | Q(search_vector_fr=french)).annotate(
        rank=Greatest(
            SearchRank(F("search_vector"), english), SearchRank(F("search_vector_fr"), french)
        ),
        headline=snippet,
    )
