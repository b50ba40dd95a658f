"""The last fallback: initiatives whose title, themes, cities or project resemble the words.

Trigram similarity (pg_trgm), accents ignored. What resembles is looked up once per search,
through the title's trigram index and in the small vocabulary tables; the list and its facets
then find initiatives by those ids (indexed) instead of comparing thousands of rows again.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import (
    BigIntegerField,
    Case,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Greatest

from initiatives.expressions import unaccented
from initiatives.models import City, Initiative, Project, Theme

# word_similarity() above which a title or a name counts as a resemblance.
THRESHOLD = 0.4
# The most titles found by their own resemblance (themes, cities and projects bring in all
# their initiatives).
MOST_TITLES = 30

# `&&` (overlap) rather than `@>` (contains): the array index answers overlap exactly, whereas
# contains makes PostgreSQL recheck every row it found.
LOOKUPS = {
    "initiative": lambda pk: Q(pk=pk),
    "theme": lambda pk: Q(theme_ids__overlap=[pk]),
    "city": lambda pk: Q(city_ids__overlap=[pk]),
    "project": lambda pk: Q(project_id=pk),
}


def resemblances(words: str) -> tuple[tuple[str, int, float], ...]:
    """What resembles the words: (kind, id, similarity), best first.

    Kinds: "initiative" (a published title, the MOST_TITLES nearest), "theme", "city" and
    "project" (their names).
    """
    if not words:
        return ()

    def resembling(queryset, kind, similarity):
        return (
            queryset.order_by()
            .annotate(kind=Value(kind), similarity=similarity)
            .filter(similarity__gte=THRESHOLD)
            .values_list("kind", "pk", "similarity")
        )

    typed, title = unaccented(Value(words)), unaccented("title")

    def resembles(name):  # accents ignored on both sides, as for titles
        return TrigramWordSimilarity(typed, unaccented(name))

    # `%>` lets the index find the candidates (at the session's lower threshold, see
    # database.SESSION_OPTIONS); the exact similarity then keeps the good ones.
    titles = resembling(
        Initiative.objects.published()
        .alias(plain_title=title)
        .filter(plain_title__trigram_word_similar=typed),
        "initiative",
        TrigramWordSimilarity(typed, title),
    ).order_by("-similarity")[:MOST_TITLES]
    found = titles.union(
        resembling(Theme.objects.all(), "theme", resembles("name")),
        resembling(City.objects.all(), "city", resembles("name")),
        resembling(
            Project.objects.all(), "project", Greatest(resembles("acronym"), resembles("name"))
        ),
        all=True,
    )
    return tuple(found.order_by("-similarity"))


def resembling(queryset, found: tuple[tuple[str, int, float], ...]):
    """The rows of `queryset` that `found` (from resemblances()) points to.

    Annotated with `rank`, the initiative's best resemblance, and `title_place`, the place of
    its own title among the titles that resemble the words, nearest first (NULL when it does
    not): every initiative of a resembling theme or city shares that name's rank, and among
    them the best title match must come first. The places come from resemblances(), which
    measured the nearest titles through the index: measuring every row's title again cost 17 ms
    more for "Mechelen xqzv" at 100,000 initiatives, a CASE over the titles' ids 5 ms more,
    array_position() nothing measurable.
    """
    lookups = [(LOOKUPS[kind](pk), similarity) for kind, pk, similarity in found]
    any_of = Q(pk__in=[])  # nothing, when nothing resembles
    for lookup, _similarity in lookups:
        any_of |= lookup
    # Best first, so the first that applies is the initiative's best resemblance.
    rank = Case(
        *[When(lookup, then=Value(similarity)) for lookup, similarity in lookups],
        default=Value(0.0),
        output_field=FloatField(),
    )
    nearest_titles = [pk for kind, pk, _similarity in found if kind == "initiative"]
    title_place = Func(
        Value(nearest_titles, output_field=ArrayField(BigIntegerField())),
        F("pk"),
        function="array_position",
        output_field=IntegerField(),
    )
    return queryset.filter(any_of).annotate(
        rank=rank, title_place=title_place, headline=Value("", output_field=TextField())
    )
