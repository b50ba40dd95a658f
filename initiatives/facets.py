"""Facet counts of the initiative list, and the size of the result, in one SQL statement.

A facet counts, for each of its values, the initiatives the list would show with the *other*
active filters applied. The first version, one UNION ALL in which every facet ran the search
again, took 0.4–2.8 s a page at 100,000 initiatives. Here the expensive part runs once: the rows
matching the search and the filters that have no facet (years, budget) are read once, into a
MATERIALIZED common table expression, `matches`, which PostgreSQL may not inline (and so re-run)
into each facet's query. Each row of it carries one boolean per facet in use, computed by Django
from the FilterSet's own condition (filters.FacetFilter), so a filter is defined in one place.
Then, in memory: the rows with every flag true are the result, `hits`, which the facets nobody
filters on count; the rows with every flag but its own true are the rows a facet in use counts.
Themes, cities and countries are unnested from arrays on the initiative row rather than joined.
With this, a search with two filters over 100,000 initiatives costs 12–100 ms (`make bench`).
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, Q

from initiatives import rawsql
from initiatives.models import City, Project, Theme

# The columns each row carries, so that counting needs no join back to the initiative table.
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


@dataclass(frozen=True)
class FacetCounts:
    """`total`: the size of the result. `options`: {facet: {value: (label, count)}}."""

    total: int
    options: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)

    def only(self, facets) -> "FacetCounts":
        return FacetCounts(self.total, {facet: self.options.get(facet, {}) for facet in facets})

    def merged(self, other: "FacetCounts") -> "FacetCounts":
        """These counts, with the facets `other` counted taken from it."""
        return FacetCounts(self.total, self.options | other.options)


def count_facets(matches, conditions: dict[str, Q], facets: list[str]) -> FacetCounts:
    """Count `facets` over `matches` narrowed by `conditions`.

    `matches`: the initiative queryset with every filter that has no facet (search, years,
    budget). `conditions`: for each facet in use, its condition on the row (a Q object that
    needs no join).
    """
    flags = {
        f"in_{facet}": ExpressionWrapper(condition, output_field=BooleanField())
        for facet, condition in conditions.items()
    }
    rows = matches.order_by().annotate(**flags).values_list(*ROW_COLUMNS, *flags)
    try:
        sql, params = rawsql.compiled(rows)
    except rawsql.NothingToSelect:
        return FacetCounts(0, {facet: {} for facet in facets})
    ctes = [f"matches({', '.join((*ROW_COLUMNS, *flags))}) AS MATERIALIZED ({sql})"]

    def row_set(name: str, applied: list[str]) -> str:
        """A CTE of the matches passing the filters of the facets `applied`; its name."""
        if not applied:
            return "matches"
        where = " AND ".join(f"in_{facet}" for facet in applied)
        ctes.append(f"{name} AS MATERIALIZED (SELECT * FROM matches WHERE {where})")
        return name

    hits = row_set("hits", list(conditions))
    selects = [f"(SELECT '{TOTAL}', '', '', count(*) FROM {hits})"]
    tables = {
        "theme": rawsql.quoted(Theme._meta.db_table),
        "city": rawsql.quoted(City._meta.db_table),
        "project": rawsql.quoted(Project._meta.db_table),
    }
    for facet in facets:
        others = [other for other in conditions if other != facet]
        rows_counted = row_set(f"hits_{facet}", others) if facet in conditions else hits
        selects.append(f"({FACET_SELECTS[facet].format(rows=rows_counted, **tables)})")
    statement = f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)}"
    total, options = 0, {facet: {} for facet in facets}
    for facet, key, label, count in rawsql.fetch_all(statement, params):
        if facet == TOTAL:
            total = count
        else:
            options[facet][key] = (label, count)
    return FacetCounts(total, options)
