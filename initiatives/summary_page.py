"""What a summary page reads, in two statements: the initiative with its project, cities, themes
and public versions; then what the page links to (related initiatives, the manifesto
recommendations it puts into practice, the news that mention it).

Why raw SQL: through the ORM the same page took seven queries, and compiling them cost more
than running them. At 100,000 initiatives a first view spent 12 ms getting the initiative (the
statement itself runs in 0.1 ms) and 15 ms more on the rest, in one process, before the
template. See the README's Performance section for the figures after.

Public means public now: `status` and `published_at` are compared here as `published()` does,
for everything the page shows. Editors' previews read any initiative (`public_only=False`), but
what it links to stays public.
"""

from dataclasses import dataclass, field
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model
from django.db.models.base import DEFERRED
from django.utils import timezone

from initiatives.models import (
    City,
    Initiative,
    Manifesto,
    NewsItem,
    Project,
    Recommendation,
    Status,
    Theme,
)
from initiatives.models.catalogue import SEARCH_COLUMNS
from initiatives.related import ORDER, POOL, RELATED

NEWS_ON_PAGE = 5
RELATED_ON_PAGE = 5

# Every column but those kept for searching: the vectors are kilobytes read from TOAST.
PAGE_FIELDS = [
    field for field in Initiative._meta.concrete_fields if field.name not in SEARCH_COLUMNS
]
PAGE_COLUMNS = ", ".join(f'i."{field.column}"' for field in PAGE_FIELDS)


def visible(table: str) -> str:
    """`published()` in SQL, for the rows of `table` (an alias)."""
    return f"({table}.status = %(published)s AND {table}.published_at <= %(now)s)"


# `json`, not `jsonb`: psycopg gives Python objects for json (Django reads jsonb as text).
INITIATIVE = """
SELECT {columns},
    (SELECT row_to_json(project) FROM initiatives_project AS project
        WHERE project.id = i.project_id) AS project_row,
    (SELECT json_agg(city ORDER BY city.name) FROM initiatives_city AS city
        JOIN initiatives_initiative_cities AS link ON link.city_id = city.id
        WHERE link.initiative_id = i.id) AS city_rows,
    (SELECT json_agg(theme ORDER BY theme.name) FROM initiatives_theme AS theme
        JOIN initiatives_initiative_themes AS link ON link.theme_id = theme.id
        WHERE link.initiative_id = i.id) AS theme_rows,
    (SELECT json_agg(json_build_object('id', v.id, 'slug', v.slug, 'language', v.language)
            ORDER BY v.language)
        FROM initiatives_initiative AS v
        WHERE {visible_version} AND v.id <> i.id
            AND (v.id = i.translation_of_id OR v.translation_of_id = i.id
                OR v.translation_of_id = i.translation_of_id)) AS version_rows
FROM initiatives_initiative AS i
WHERE i.{key} = %(key)s AND (NOT %(public_only)s OR {visible_page})
"""

# By slug (public pages) or by id (previews).
INITIATIVE_BY = {
    key: INITIATIVE.format(
        columns=PAGE_COLUMNS, key=key, visible_version=visible("v"), visible_page=visible("i")
    )
    for key in ("slug", "id")
}

# The recommendations linked to the initiative or sharing one of its themes, and the news
# linked to it, each through its link table's index: constant cost per page.
AROUND = f"""
SELECT
    (SELECT json_agg(related ORDER BY {ORDER}) FROM ({RELATED}) AS related) AS related,
    (SELECT json_agg(json_build_object('id', r.id, 'manifesto_id', r.manifesto_id,
                'number', r.number, 'title', r.title, 'title_fr', r.title_fr, 'year', m.year)
            ORDER BY m.year DESC, r.number)
        FROM initiatives_recommendation AS r
        JOIN initiatives_manifesto AS m ON m.id = r.manifesto_id
        WHERE {visible("m")} AND (
            EXISTS (SELECT FROM initiatives_recommendation_initiatives AS link
                WHERE link.recommendation_id = r.id AND link.initiative_id = %(id)s)
            OR EXISTS (SELECT FROM initiatives_recommendation_themes AS link
                WHERE link.recommendation_id = r.id AND link.theme_id = ANY(%(themes)s::bigint[]))
        )) AS recommendations,
    (SELECT json_agg(news ORDER BY news.date DESC, news.title) FROM (
        SELECT n.id, n.slug, n.title, n.language, n.date
        FROM initiatives_newsitem AS n
        JOIN initiatives_newsitem_initiatives AS link ON link.newsitem_id = n.id
        WHERE link.initiative_id = %(id)s AND {visible("n")}
        ORDER BY n.date DESC, n.title LIMIT %(news)s
    ) AS news) AS news
"""


@dataclass(frozen=True)
class AroundSummary:
    related: list[Initiative] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    news: list[NewsItem] = field(default_factory=list)


def initiative_at(key: str, value, public_only: bool = True) -> Initiative | None:
    """The initiative whose `key` ("slug" or "id") is `value`, public now unless `public_only`
    is false, with its project, cities and themes read (`cities.all()` asks nothing more) and
    its other public versions as `versions` ([{id, slug, language}], by language), as
    `with_page_relations()` gives it."""
    params = visible_now() | {"key": value, "public_only": public_only}
    with connection.cursor() as cursor:
        cursor.execute(INITIATIVE_BY[key], params)
        found = cursor.fetchone()
    if found is None:
        return None
    *values, project_row, city_rows, theme_rows, version_rows = found
    # As a queryset would build it (`Initiative.objects.raw()` cost 0.8 ms more a page).
    initiative = Initiative.from_db(
        DEFAULT_DB_ALIAS,
        [field.attname for field in PAGE_FIELDS],
        [read(value) for read, value in zip(page_readers(), values, strict=True)],
    )
    if project_row is not None:
        initiative.project = from_row(Project, project_row)
    prefetched(initiative, "cities", [from_row(City, row) for row in city_rows or []])
    prefetched(initiative, "themes", [from_row(Theme, row) for row in theme_rows or []])
    initiative.versions = version_rows or []
    return initiative


@cache
def page_readers() -> list:
    """For each of PAGE_FIELDS, what turns the database's value into the field's (a JSON
    field's text into its data): the converters a queryset applies."""
    return [reader(field) for field in PAGE_FIELDS]


def reader(field):
    column = field.get_col(Initiative._meta.db_table)
    converters = field.get_db_converters(connection)
    if not converters:
        return lambda value: value

    def read(value):
        for convert in converters:
            value = convert(value, column, connection)
        return value

    return read


def around(initiative: Initiative) -> AroundSummary:
    """What the summary page of `initiative` (its cities and themes read) links to, public now."""
    cities = [city.pk for city in initiative.cities.all()]
    themes = [theme.pk for theme in initiative.themes.all()]
    params = visible_now() | {
        "id": initiative.pk,
        "original": initiative.translation_of_id,
        "cities": cities,
        "themes": themes,
        "project": initiative.project_id,
        "pool": POOL,
        "limit": RELATED_ON_PAGE,
        "news": NEWS_ON_PAGE,
    }
    with connection.cursor() as cursor:
        cursor.execute(AROUND, params)
        related, recommendations, news = cursor.fetchone()
    return AroundSummary(
        related=[related_initiative(row) for row in related or []],
        recommendations=[recommendation(row) for row in recommendations or []],
        news=[from_row(NewsItem, row) for row in news or []],
    )


def visible_now() -> dict:
    return {"published": Status.PUBLISHED, "now": timezone.now()}


def related_initiative(row: dict) -> Initiative:
    """A related initiative with what it shares (`shared_cities`, `same_project`,
    `shared_themes`): see related.py."""
    shares = {name: row.pop(name) for name in ("shared_cities", "same_project", "shared_themes")}
    initiative = from_row(Initiative, row)
    for name, value in shares.items():
        setattr(initiative, name, value)
    return initiative


def recommendation(row: dict) -> Recommendation:
    """A recommendation with its manifesto's year: what its line and its link need."""
    found = from_row(Recommendation, row)
    found.manifesto = from_row(Manifesto, {"id": found.manifesto_id, "year": row["year"]})
    return found


def from_row(model: type[Model], row: dict) -> Model:
    """An instance of `model` from a row as PostgreSQL's json writes it (dates as text,
    decimals as numbers); fields the row lacks are deferred, as with `only()`."""
    values = [
        field.to_python(row[field.attname]) if field.attname in row else DEFERRED
        for field in model._meta.concrete_fields
    ]
    return model.from_db(DEFAULT_DB_ALIAS, None, values)


def prefetched(instance: Model, name: str, objects: list[Model]) -> None:
    """Leaves `objects` where prefetch_related(name) would: `instance.<name>.all()` gives them
    without a query."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance._prefetched_objects_cache = getattr(instance, "_prefetched_objects_cache", {})
    instance._prefetched_objects_cache[name] = queryset
