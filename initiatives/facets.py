"""Facet counts of the initiative list in one SQL statement.

A facet counts, for each of its values, the initiatives the list would show with the *other*
active filters applied. Most facets are not being filtered on, and they all count the same set:
the current result. That set is computed once, as a MATERIALIZED common table expression, and
every such facet groups it; only a facet the visitor filters on gets its own set (every filter but
its own). So a search is matched once or twice per page, not once per facet, which is what keeps
a broad search over 100,000 initiatives fast (see `make bench`). Themes, cities and countries
are unnested from arrays on the initiative row rather than joined.

The row sets come from the FilterSet's own querysets, so a filter is defined in one place only.
"""

from django.db import connection

from initiatives.models import City, Project, Theme

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
    # unnest() in the select list (a ProjectSet) rather than in FROM: a function scan per row
    # would build a small table for each of thousands of rows.
    "theme": """SELECT 'theme', t.slug, t.name, count(*)
        FROM (SELECT unnest(r.theme_ids) AS id FROM {rows} r) x JOIN {theme} t ON t.id = x.id
        GROUP BY t.slug, t.name""",
    "city": """SELECT 'city', c.slug, c.name, count(*)
        FROM (SELECT unnest(r.city_ids) AS id FROM {rows} r) x JOIN {city} c ON c.id = x.id
        GROUP BY c.slug, c.name""",
    # country_codes holds each country once, so an initiative in two cities of one country
    # counts once for it.
    "country": """SELECT 'country', x.code, '', count(*)
        FROM (SELECT unnest(r.country_codes) AS code FROM {rows} r) x GROUP BY x.code""",
    "project": """SELECT 'project', p.slug, p.acronym, count(*) FROM {rows} r
        JOIN {project} p ON p.id = r.project_id GROUP BY p.slug, p.acronym""",
    "evaluation": """SELECT 'evaluation', r.evaluation_type, '', count(*) FROM {rows} r
        GROUP BY r.evaluation_type""",
    "outcome": "SELECT 'outcome', r.outcome, '', count(*) FROM {rows} r GROUP BY r.outcome",
    "language": "SELECT 'language', r.language, '', count(*) FROM {rows} r GROUP BY r.language",
}


TOTAL = "_total"
TOTAL_ROWS = "hits"  # the row set with every filter applied


def count_facets(
    row_sets: dict[str, object], facets_by_row_set: dict[str, list[str]]
) -> list[tuple[str, str, str, int]]:
    """Rows (facet, key, label, count), and (TOTAL, '', '', size of the result).

    `row_sets` maps a CTE name to an initiative queryset, TOTAL_ROWS being the one with every
    filter applied; `facets_by_row_set` says which facets group which set.
    """
    tables = _tables()
    ctes, params, selects = [], [], []
    for name, queryset in row_sets.items():
        sql, cte_params = queryset.order_by().values_list(*ROW_COLUMNS).query.sql_with_params()
        ctes.append(f"{name}({', '.join(ROW_COLUMNS)}) AS MATERIALIZED ({sql})")
        params.extend(cte_params)
    # The size of the whole result comes with the facets, which spares the paginator a query.
    selects.append(f"(SELECT '{TOTAL}', '', '', count(*) FROM {TOTAL_ROWS})")
    for name, facets in facets_by_row_set.items():
        selects += [f"({FACET_SELECTS[facet].format(rows=name, **tables)})" for facet in facets]
    statement = f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)}"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()
