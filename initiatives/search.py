"""Full-text search over the catalogue, in the manner of the Django website's docs search.

Each row's search vector is built with the configuration of the row's own language, so a query
is parsed once per configuration and matched only against rows of that language:
`(language = 'fr' AND vector @@ query_fr) OR (language = 'en' AND vector @@ query_en) …`.
Each branch can use the GIN index, and an exclusion (`-drones`) keeps its meaning, which an OR of
the parsed queries over every row would not.

When the words match nothing at all (a typo, usually), the search falls back to trigram
similarity on titles and on the names of themes, cities and projects, and suggests a corrected
query built from the catalogue's own words.
"""

import difflib
import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Q, TextField, Value, When
from django.db.models.functions import Concat, Greatest

from initiatives.languages import Language, search_config

MAX_QUERY_LENGTH = 200
# Sentinels around matched words in headlines; the `highlight` filter escapes the rest of the
# text and turns these into <mark>, so an editor's markup never reaches the page unescaped.
MARK_START = "\u2e3bM\u2e3b"
MARK_STOP = "\u2e3b/M\u2e3b"
HAS_WORD = re.compile(r"\w")
WORD = re.compile(r"\w+")
WEB_SEARCH_OPERATORS = {"or", "and", "not"}
# word_similarity() above which a title or a name counts as a fuzzy match.
FUZZY_THRESHOLD = 0.4


def normalise_query(raw: str) -> str:
    """The query as searched: whitespace folded, cut to a sane length; '' if it has no word."""
    text = " ".join((raw or "").split())[:MAX_QUERY_LENGTH]
    return text if HAS_WORD.search(text) else ""


def queries_by_language(text: str) -> dict[str, SearchQuery]:
    return {
        code: SearchQuery(text, search_type="websearch", config=search_config(code))
        for code in Language.values
    }


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


def plain_text(expression):
    """Markdown source without list, heading and emphasis markers, for readable snippets."""
    return Func(
        expression,
        Value(r"(^|\n)\s*([-*+>#]+|\d+\.)\s+|[*_`]+"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def full_text_search(queryset, text: str, snippet_fields=("lead", "objectives", "activities")):
    """Rows matching the words, annotated with `rank` and a `headline` snippet.

    The queryset's model needs `language` and `search_vector` columns.
    """
    queries = queries_by_language(text)
    rank = per_language(queries, lambda query: SearchRank(F("search_vector"), query), FloatField())
    parts = []
    for field in snippet_fields:
        parts += [field, Value("\n")]
    body = plain_text(Concat(*parts[:-1], output_field=TextField()))
    headline = per_language(
        queries,
        lambda query: SearchHeadline(
            body,
            query,
            config=query.config,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            max_words=28,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
        TextField(),
    )
    return queryset.filter(full_text_match(queries)).annotate(rank=rank, headline=headline)


def search_recommendations(queryset, text: str):
    """Manifesto recommendations are written in English (their vector uses efus_english)."""
    query = SearchQuery(text, search_type="websearch", config=search_config(Language.ENGLISH))
    return queryset.filter(search_vector=query).annotate(
        rank=SearchRank(F("search_vector"), query),
        headline=SearchHeadline(
            plain_text(F("text")),
            query,
            config=query.config,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            max_words=28,
            min_words=12,
        ),
    )


def fuzzy_search(queryset, text: str):
    """Initiatives whose title, themes, cities or project resemble the words (typos)."""
    similarity = Greatest(
        TrigramWordSimilarity(text, "title"), TrigramWordSimilarity(text, "keywords")
    )
    # The `%>` lookups use the trigram indexes (at the session's lower threshold, see
    # database.SESSION_OPTIONS); the exact similarity then keeps the good matches.
    resembling = Q(title__trigram_word_similar=text) | Q(keywords__trigram_word_similar=text)
    return (
        queryset.filter(resembling)
        .annotate(rank=similarity, headline=Value("", output_field=TextField()))
        .filter(rank__gte=FUZZY_THRESHOLD)
    )


@dataclass(frozen=True)
class SearchPlan:
    """How a query is searched.

    - full text, for the words as typed (the usual case);
    - `corrected`: the words matched nothing, but a correction built from the catalogue's own
      words does, so its full-text results are shown ("showing results for …");
    - `fuzzy`: nothing matched, even corrected: trigram similarity on titles, themes, cities.
    """

    text: str
    typed: str = ""
    corrected: bool = False
    fuzzy: bool = False
    suggestion: str = ""

    def apply(self, queryset):
        if not self.text:
            return queryset.none()
        if self.fuzzy:
            return fuzzy_search(queryset, self.text)
        return full_text_search(queryset, self.text)


def matches_anything(text: str) -> bool:
    from initiatives.models import Initiative

    matches = Initiative.objects.published().filter(full_text_match(queries_by_language(text)))
    sql, params = matches.order_by().values("pk").query.sql_with_params()
    # Asked as `EXISTS … LIMIT 1`, PostgreSQL walks the table hoping to meet a match early,
    # which reads every row when there is none (a typo). The materialized CTE is planned for
    # all its rows, so it goes through the search index, and stops at the first row.
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH matches AS MATERIALIZED ({sql}) SELECT EXISTS (SELECT FROM matches)", params
        )
        return cursor.fetchone()[0]


def plan_search(raw_query: str) -> SearchPlan:
    """Full text when the words match any public initiative; otherwise the typo fallbacks."""
    text = normalise_query(raw_query)
    if not text or matches_anything(text):
        return SearchPlan(text, typed=text)
    suggestion = did_you_mean(text)
    if suggestion and matches_anything(suggestion):
        return SearchPlan(suggestion, typed=text, corrected=True, suggestion=suggestion)
    return SearchPlan(text, typed=text, fuzzy=True, suggestion=suggestion)


def catalogue_words(text: str) -> set[str]:
    """Words of public titles resembling the query, and of every theme, city and project."""
    from initiatives.models import City, Initiative, Project, Theme

    titles = (
        Initiative.objects.published()
        .filter(title__trigram_word_similar=text)
        .annotate(similarity=TrigramWordSimilarity(text, "title"))
        .order_by("-similarity")
        .values_list("title", flat=True)[:50]
    )
    names = (
        Theme.objects.values_list("name", flat=True)
        .union(City.objects.values_list("name", flat=True), all=True)
        .union(Project.objects.values_list("acronym", flat=True), all=True)
        .union(titles, all=True)
    )
    return {word.casefold() for name in names for word in WORD.findall(name) if len(word) > 2}


def did_you_mean(text: str) -> str:
    """The query with each unknown word replaced by the closest catalogue word, or ''."""
    vocabulary = catalogue_words(text)
    corrected, changed = [], False
    for token in re.split(r"(\w+)", text):
        lowered = token.casefold()
        if not WORD.fullmatch(token) or lowered in WEB_SEARCH_OPERATORS or lowered in vocabulary:
            corrected.append(token)
            continue
        close = difflib.get_close_matches(lowered, vocabulary, n=1, cutoff=0.75)
        if close:
            corrected.append(close[0])
            changed = True
        else:
            corrected.append(token)
    return "".join(corrected) if changed else ""
