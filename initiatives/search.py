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

from initiatives.expressions import Unaccented
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
# The most titles a fuzzy search finds by their own resemblance (themes, cities and projects
# bring in all their initiatives).
FUZZY_TITLES = 30
# Queries with more words than this are not corrected, only compared by similarity.
MAX_WORDS_TO_CORRECT = 8


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


# A web-search exclusion: `-word` or `-"a phrase"`, at the start or after a space.
EXCLUSION = re.compile(r'(?:^|(?<=\s))-("[^"]*"?|\S+)')


def exclusions_only(text: str) -> str:
    """For a query made only of exclusions (`-drones -"video surveillance"`), what it excludes
    as a query of its own (`drones OR "video surveillance"`); otherwise ''."""
    remaining = EXCLUSION.sub(" ", text)
    if {word.casefold() for word in WORD.findall(remaining)} - WEB_SEARCH_OPERATORS:
        return ""
    return " OR ".join(EXCLUSION.findall(text))


def matching(queryset, text: str):
    """The rows of `queryset` that match the words.

    PostgreSQL can answer a pure negation (`-drones`) only by reading every row's vector
    (about a second at 100,000 initiatives); it is asked instead as "all rows but those
    matching drones", which the index answers.
    """
    excluded = exclusions_only(text)
    if excluded:
        found = queryset.model.objects.filter(full_text_match(queries_by_language(excluded)))
        return queryset.exclude(pk__in=found.values("pk"))
    return queryset.filter(full_text_match(queries_by_language(text)))


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
    if exclusions_only(text):
        rank = Value(0.0, output_field=FloatField())  # nothing to rank by: equal, newest first
    return matching(queryset, text).annotate(rank=rank, headline=headline)


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


def resemblances(text: str) -> tuple[tuple[str, int, float], ...]:
    """What resembles the words: (kind, id, similarity), best first.

    Kinds: "initiative" (a published title, the FUZZY_TITLES nearest), "theme", "city" and
    "project" (their names). Looked up once per search, through the title's trigram index and
    in the small tables; the result list and its facets then find initiatives by these ids
    (indexed) instead of comparing thousands of rows with the words again.
    """
    from initiatives.models import City, Initiative, Project, Theme

    def resembling(queryset, kind, similarity):
        return (
            queryset.order_by()
            .annotate(kind=Value(kind), similarity=similarity)
            .filter(similarity__gte=FUZZY_THRESHOLD)
            .values_list("kind", "pk", "similarity")
        )

    words, title = Unaccented(Value(text)), Unaccented("title")
    # `%>` lets the index find the candidates (at the session's lower threshold, see
    # database.SESSION_OPTIONS); the exact similarity then keeps the good ones.
    titled = Initiative.objects.published().alias(plain_title=title)
    titles = resembling(
        titled.filter(plain_title__trigram_word_similar=words),
        "initiative",
        TrigramWordSimilarity(words, title),
    ).order_by("-similarity")[:FUZZY_TITLES]

    def resembles(name):  # accents ignored on both sides, as for titles
        return TrigramWordSimilarity(words, Unaccented(name))

    found = titles.union(
        resembling(Theme.objects.all(), "theme", resembles("name")),
        resembling(City.objects.all(), "city", resembles("name")),
        resembling(
            Project.objects.all(),
            "project",
            Greatest(resembles("acronym"), resembles("name")),
        ),
        all=True,
    )
    return tuple(found.order_by("-similarity"))


# `&&` (overlap) rather than `@>` (contains): the array index answers overlap exactly, whereas
# contains makes PostgreSQL recheck every row it found.
RESEMBLANCE_LOOKUPS = {
    "initiative": lambda pk: Q(pk=pk),
    "theme": lambda pk: Q(theme_ids__overlap=[pk]),
    "city": lambda pk: Q(city_ids__overlap=[pk]),
    "project": lambda pk: Q(project_id=pk),
}


def fuzzy_search(queryset, found: tuple[tuple[str, int, float], ...]):
    """Initiatives whose title, or one of whose themes, cities or project, resembles the words.

    `found` comes from resemblances(); each initiative ranks by its best resemblance.
    """
    lookups = [(RESEMBLANCE_LOOKUPS[kind](pk), similarity) for kind, pk, similarity in found]
    any_of = Q(pk__in=[])  # nothing, when nothing resembles
    for lookup, _similarity in lookups:
        any_of |= lookup
    # Best first, so the first that applies is the initiative's best resemblance.
    rank = Case(
        *[When(lookup, then=Value(similarity)) for lookup, similarity in lookups],
        default=Value(0.0),
        output_field=FloatField(),
    )
    return queryset.filter(any_of).annotate(rank=rank, headline=Value("", output_field=TextField()))


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
    resemblances: tuple[tuple[str, int, float], ...] = ()

    def apply(self, queryset):
        if not self.text:
            return queryset.none()
        if self.fuzzy:
            return fuzzy_search(queryset, self.resemblances)
        return full_text_search(queryset, self.text)


def matches_anything(text: str) -> bool:
    from initiatives.models import Initiative

    matches = matching(Initiative.objects.published(), text)
    sql, params = matches.order_by().values("pk").query.sql_with_params()
    # Asked as `EXISTS … LIMIT 1`, PostgreSQL walks the table hoping to meet a match early,
    # which reads every row when there is none (a typo). The materialized CTE is planned for
    # all its rows, so it goes through the search index, and stops at the first row.
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH matches AS MATERIALIZED ({sql}) SELECT EXISTS (SELECT FROM matches)", params
        )
        return cursor.fetchone()[0]


def plan_search(raw_query: str, known_to_match_nothing: bool = False) -> SearchPlan:
    """Full text when the words match any public initiative; otherwise the typo fallbacks.

    `known_to_match_nothing`: the caller already searched the whole catalogue and found nothing.
    """
    text = normalise_query(raw_query)
    if not text or (not known_to_match_nothing and matches_anything(text)):
        return SearchPlan(text, typed=text)
    # Each word costs a trigram lookup; a query of many words is not a typo.
    words = [word for word in WORD.findall(text) if word.casefold() not in WEB_SEARCH_OPERATORS]
    few_words = len(words) <= MAX_WORDS_TO_CORRECT
    suggestion = did_you_mean(text) if few_words else ""
    if suggestion and matches_anything(suggestion):
        return SearchPlan(suggestion, typed=text, corrected=True, suggestion=suggestion)
    # A correction that finds nothing either is not worth a link.
    return SearchPlan(text, typed=text, fuzzy=True, resemblances=resemblances(text))


def catalogue_words(text: str) -> set[str]:
    """Title words resembling the query's words, and the words of every theme, city, project."""
    from initiatives.models import City, Project, Theme, TitleWord

    names = [
        Theme.objects.order_by().values_list("name", flat=True),
        City.objects.order_by().values_list("name", flat=True),
        Project.objects.order_by().values_list("acronym", flat=True),
    ]
    # One lookup per word, each through the trigram index (an OR of them all scans the table).
    for word in {word.casefold() for word in WORD.findall(text)} - WEB_SEARCH_OPERATORS:
        names.append(TitleWord.objects.filter(word__trigram_similar=word).values_list("word"))
    return {
        word.casefold()
        for name in names[0].union(*names[1:], all=True)
        for word in WORD.findall(name)
        if len(word) > 2
    }


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
