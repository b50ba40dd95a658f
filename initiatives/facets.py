"""Facet counts of the initiative list in one SQL statement.

A facet counts, for each of its values, the initiatives the list would show with the *other*
active filters applied. The expensive part, the search, is the same for every facet: the rows
matching the search and the filters that have no facet (years, budget) are read once, into a
MATERIALIZED common table expression, `matches`. The facets' own filters (theme, country, city,
project, evaluation, outcome, language) test columns of those rows, so they are applied in memory:
all of them give the result, `hits`, which the facets nobody filters on count; all but its own
give the row set of a facet in use. That keeps a broad search over 100,000 initiatives to one
index scan per page (see `make bench`). Themes, cities and countries are unnested from arrays on
the initiative row rather than joined.

The conditions are compiled from the FilterSet's own querysets, so a filter is defined in one
place only.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection

from initiatives.models import City, Initiative, Project, Theme

# The columns each row set carries, so that row-level facets need no join back to the table.
ROW_COLUMNS = (
    "id",
    "project_id",
    "evaluation_type",
    "outcome",
    "language",
    "theme_ids",
    "city_ids",
    "country_codes",
)


def _tables():
    return {
        "theme": Theme._meta.db_table,
        "city": City._meta.db_table,
        "project": Project._meta.db_table,
    }


# facet -> SELECT (facet, key, label, count) over the row set {rows}.
FACET_SELECTS = {
    # Counted by id, then named: grouping thousands of rows by a bigint is cheaper than by text.
    # unnest() in the select list (a ProjectSet) rather than in FROM: a function scan per row
    # would build a small table for each of thousands of rows.
    "theme": """SELECT 'theme', t.slug, t.name, x.n FROM (
        SELECT id, count(*) AS n FROM (SELECT unnest(r.theme_ids) AS id FROM {rows} r) u
        GROUP BY id) x JOIN {theme} t ON t.id = x.id""",
    "city": """SELECT 'city', c.slug, c.name, x.n FROM (
        SELECT id, count(*) AS n FROM (SELECT unnest(r.city_ids) AS id FROM {rows} r) u
        GROUP BY id) x JOIN {city} c ON c.id = x.id""",
    # country_codes holds each country once, so an initiative in two cities of one country
    # counts once for it.
    "country": """SELECT 'country', x.code, '', count(*)
        FROM (SELECT unnest(r.country_codes) AS code FROM {rows} r) x GROUP BY x.code""",
    "project": """SELECT 'project', p.slug, p.acronym, x.n FROM (
        SELECT r.project_id AS id, count(*) AS n FROM {rows} r GROUP BY r.project_id) x
        JOIN {project} p ON p.id = x.id""",
    "evaluation": """SELECT 'evaluation', r.evaluation_type, '', count(*) FROM {rows} r
        GROUP BY r.evaluation_type""",
    "outcome": "SELECT 'outcome', r.outcome, '', count(*) FROM {rows} r GROUP BY r.outcome",
    "language": "SELECT 'language', r.language, '', count(*) FROM {rows} r GROUP BY r.language",
}


TOTAL = "_total"


def row_condition(queryset) -> tuple[str, list]:
    """The WHERE clause of an initiative queryset whose filters test the row's own columns.

    Its columns are qualified with the table's name, which the statement gives to `matches`.
    """
    query = queryset.query
    # A join Django set up and then trimmed stays in alias_map with no reference left.
    if sum(1 for count in query.alias_refcount.values() if count) > 1:
        raise ValueError("A facet filter must test the initiative row itself, without a join.")
    sql, params = query.get_compiler(connection=connection).compile(query.where)
    return sql, list(params)


def count_facets(matches, narrowed_by: dict[str, object], facets: list[str]):
    """Rows (facet, key, label, count), and (TOTAL, '', '', size of the result).

    `matches`: the initiative queryset with every filter that has no facet (search, years,
    budget). `narrowed_by`: for each facet in use, a queryset with only that facet's filter.
    """
    try:
        sql, params = matches.order_by().values_list(*ROW_COLUMNS).query.sql_with_params()
    except EmptyResultSet:  # Django knows without asking: e.g. nothing resembles the words
        return [(TOTAL, "", "", 0)]
    params = list(params)
    ctes = [f"matches({', '.join(ROW_COLUMNS)}) AS MATERIALIZED ({sql})"]
    conditions = {facet: row_condition(queryset) for facet, queryset in narrowed_by.items()}
    table = connection.ops.quote_name(Initiative._meta.db_table)

    def row_set(name: str, facets_applied: list[str]) -> str:
        """A CTE of the matches passing the filters of `facets_applied`; its name."""
        if not facets_applied:
            return "matches"
        where = " AND ".join(f"({conditions[facet][0]})" for facet in facets_applied)
        ctes.append(f"{name} AS MATERIALIZED (SELECT * FROM matches AS {table} WHERE {where})")
        for facet in facets_applied:
            params.extend(conditions[facet][1])
        return name

    hits = row_set("hits", list(conditions))
    # The size of the whole result comes with the facets, which spares the paginator a query.
    selects = [f"(SELECT '{TOTAL}', '', '', count(*) FROM {hits})"]
    tables = _tables()
    for facet in facets:
        rows = (
            row_set(f"hits_{facet}", [other for other in conditions if other != facet])
            if facet in conditions
            else hits
        )
        selects.append(f"({FACET_SELECTS[facet].format(rows=rows, **tables)})")
    statement = f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)}"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()
