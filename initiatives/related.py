"""Related initiatives: what a summary page suggests reading next, in one constant statement.

Best first: the most cities shared, then the same project, then the most themes, then the
newest. The candidates are the newest few (`POOL`) that share each of its cities, all its cities,
its project, its project in its cities, and each of its themes: every such pool is a walk along
the "newest" index (which holds the cities and themes, so the walk never visits the table) that
stops early, so the page costs the same at 1,000 initiatives as at 300,000. Ranking every
initiative that shares a theme read a third of the catalogue (423 ms at 100,000, 1.2 s at
300,000).

Originals only, and never the initiative's own versions: its translation, sharing every city
and theme, was always the first "related" initiative.

One SQL text whatever the initiative (its cities and themes are arrays the statement unnests):
building the same as a union of Django querysets cost ~6 ms of Python a page to compile.
"""

# How many of the newest initiatives sharing one thing (a city, the project, a theme) are
# considered: enough that the few sharing most are among them.
POOL = 40

# Best first, ranked on what the walks read from the index: only the few shown visit the table.
# Also the order of the page's list (summary_page.py).
ORDER = """shared_cities DESC, same_project DESC, shared_themes DESC,
    start_year DESC, published_at DESC, id"""

# Pools in which the newest-first walk would pass thousands of rows before the few it wants
# (several cities at once) sort what the array index finds instead: `start_year + 0` is an
# order no btree index offers.
RELATED = f"""
WITH shown AS NOT MATERIALIZED (
    SELECT id, start_year, published_at, project_id, city_ids, theme_ids
    FROM initiatives_initiative
    WHERE status = %(published)s AND published_at <= %(now)s AND id <> %(id)s
        AND translation_of_id IS NULL AND id IS DISTINCT FROM %(original)s
), candidates AS (
    SELECT pool.* FROM unnest(%(cities)s::bigint[]) AS city (id) CROSS JOIN LATERAL (
        SELECT * FROM shown WHERE city_ids @> ARRAY[city.id]
        ORDER BY start_year DESC, published_at DESC, id LIMIT %(pool)s
    ) AS pool
    UNION
    SELECT pool.* FROM unnest(%(themes)s::bigint[]) AS theme (id) CROSS JOIN LATERAL (
        SELECT * FROM shown WHERE theme_ids @> ARRAY[theme.id]
        ORDER BY start_year DESC, published_at DESC, id LIMIT %(pool)s
    ) AS pool
    UNION
    (SELECT * FROM shown WHERE cardinality(%(cities)s::bigint[]) > 1
        AND city_ids @> %(cities)s::bigint[]
        ORDER BY start_year + 0 DESC LIMIT %(pool)s)
    UNION
    (SELECT * FROM shown WHERE project_id = %(project)s
        ORDER BY start_year DESC, published_at DESC, id LIMIT %(pool)s)
    UNION
    (SELECT * FROM shown WHERE project_id = %(project)s AND city_ids && %(cities)s::bigint[]
        ORDER BY start_year DESC, published_at DESC, id LIMIT %(pool)s)
), ranked AS (
    SELECT id, start_year, published_at,
        (SELECT count(*) FROM unnest(city_ids) AS shared
            WHERE shared = ANY(%(cities)s::bigint[])) AS shared_cities,
        coalesce(project_id = %(project)s, false)::int AS same_project,
        (SELECT count(*) FROM unnest(theme_ids) AS shared
            WHERE shared = ANY(%(themes)s::bigint[])) AS shared_themes
    FROM candidates
    ORDER BY {ORDER}
    LIMIT %(limit)s
)
SELECT id, slug, title, language, start_year, end_year, project_id, published_at,
    shared_cities, same_project, shared_themes
FROM ranked JOIN initiatives_initiative USING (id, start_year, published_at)
"""
