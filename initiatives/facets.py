"""Facet counts of the initiative list in one SQL statement.

A facet counts, for each of its values, the initiatives the list would show with the *other*
active filters applied. Most facets are not being filtered on, and they all count the same set:
the current result. That set is computed once, as a MATERIALIZED common table expression, and
every such facet groups it; only a facet the visitor filters on gets its own set (every filter but
its own). So a search is matched once or twice per page, not once per facet, which is what keeps
a broad search over 100,000 initiatives fast (see `make bench`).

The row sets come from the FilterSet's own querysets, so a filter is defined in one place only.
"""

from django.db import connection

from initiatives.models import City, Initiative, Project, Theme

# The columns each row set carries, so that row-level facets need no join back to the table.
ROW_COLUMNS = ("id", "project_id", "evaluation_type", "outcome", "language")


def _tables():
    return {
        "initiative": Initiative._meta.db_table,
        "themes": Initiative.themes.through._meta.db_table,
        "cities": Initiative.cities.through._meta.db_table,
        "theme": Theme._meta.db_table,
        "city": City._meta.db_table,
        "project": Project._meta.db_table,
    }


# facet -> SELECT (facet, key, label, count) over the row set {rows}.
FACET_SELECTS = {
    "theme": """SELECT 'theme', t.slug, t.name, count(*) FROM {rows} r
        JOIN {themes} x ON x.initiative_id = r.id JOIN {theme} t ON t.id = x.theme_id
        GROUP BY t.slug, t.name""",
    "city": """SELECT 'city', c.slug, c.name, count(*) FROM {rows} r
        JOIN {cities} x ON x.initiative_id = r.id JOIN {city} c ON c.id = x.city_id
        GROUP BY c.slug, c.name""",
    # An initiative in two cities of one country counts once for that country.
    "country": """SELECT 'country', c.country, '', count(DISTINCT r.id) FROM {rows} r
        JOIN {cities} x ON x.initiative_id = r.id JOIN {city} c ON c.id = x.city_id
        GROUP BY c.country""",
    "project": """SELECT 'project', p.slug, p.acronym, count(*) FROM {rows} r
        JOIN {project} p ON p.id = r.project_id GROUP BY p.slug, p.acronym""",
    "evaluation": """SELECT 'evaluation', r.evaluation_type, '', count(*) FROM {rows} r
        GROUP BY r.evaluation_type""",
    "outcome": "SELECT 'outcome', r.outcome, '', count(*) FROM {rows} r GROUP BY r.outcome",
    "language": "SELECT 'language', r.language, '', count(*) FROM {rows} r GROUP BY r.language",
}


def count_facets(
    row_sets: dict[str, object], facets_by_row_set: dict[str, list[str]]
) -> list[tuple[str, str, str, int]]:
    """Rows (facet, key, label, count).

    `row_sets` maps a CTE name to an initiative queryset; `facets_by_row_set` says which facets
    group which set.
    """
    tables = _tables()
    ctes, params, selects = [], [], []
    for name, queryset in row_sets.items():
        sql, cte_params = queryset.order_by().values_list(*ROW_COLUMNS).query.sql_with_params()
        ctes.append(f"{name}({', '.join(ROW_COLUMNS)}) AS MATERIALIZED ({sql})")
        params.extend(cte_params)
    for name, facets in facets_by_row_set.items():
        selects += [f"({FACET_SELECTS[facet].format(rows=name, **tables)})" for facet in facets]
    statement = f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)}"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()
