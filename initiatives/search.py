"""Full-text search over the catalogue, in the manner of the Django website's docs search.

Each row's search vector is built with the configuration of the row's own language, so a query
is parsed once per configuration and matched only against rows of that language:
`(language = 'fr' AND vector @@ query_fr) OR (language = 'en' AND vector @@ query_en) …`.
Each branch can use the GIN index, and an exclusion (`-drones`) keeps its meaning, which an OR of
the parsed queries over every row would not.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Case, F, FloatField, Q, TextField, Value, When
from django.db.models.functions import Concat

from initiatives.languages import Language, search_config

MAX_QUERY_LENGTH = 200
# Sentinels around matched words in headlines; the `highlight` filter escapes the rest of the
# text and turns these into <mark>, so an editor's markup never reaches the page unescaped.
MARK_START = "\u2e3bM\u2e3b"
MARK_STOP = "\u2e3b/M\u2e3b"
HAS_WORD = re.compile(r"\w")


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


def search_initiatives(queryset, raw_query: str):
    """Initiatives matching the query, annotated with `rank` and a `headline` snippet."""
    text = normalise_query(raw_query)
    if not text:
        return queryset.none()
    queries = queries_by_language(text)
    match = Q()
    for code, query in queries.items():
        match |= Q(language=code, search_vector=query)
    rank = per_language(queries, lambda query: SearchRank(F("search_vector"), query), FloatField())
    body = Concat(
        "lead", Value(" "), "objectives", Value(" "), "activities", output_field=TextField()
    )
    headline = per_language(
        queries,
        lambda query: SearchHeadline(
            body,
            query,
            config=query.config,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            max_words=40,
            min_words=20,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
        TextField(),
    )
    return queryset.filter(match).annotate(rank=rank, headline=headline)
