"""Related initiatives: what a summary page suggests reading next, in one constant statement.

Best first: the most cities shared, then the same project, then the most themes, then the
newest. The candidates are the newest few (`POOL`) that share each of its cities, each of its
themes, its project, its project in each of its cities, and all its cities. Each pool is a walk
along an index that starts at what is shared and stops after `POOL` rows: the pools of cities
and themes (models/related_pools.py) and the project's "newest" index. So a page
costs the same at 1,000 initiatives as at 300,000, for a city with thousands of initiatives and
for one with two. Ranking every initiative that shares a theme read a third of the catalogue
(423 ms at 100,000, 1.2 s at 300,000); walking the catalogue's "newest" index until a city's
initiatives turn up read all of it for a city with few (57 ms at 100,000).

The pool of initiatives in all its cities at once (when it has several) walks the first
city's pool until it has found `POOL` of them: at most that city's initiatives, and a few
hundred rows when its cities often go together (the synthetic catalogue's). Sorting what the
array index finds, as before, read every initiative sharing them all: a number that grows with
the catalogue (600 at 100,000 for two of the synthetic cities, 1.4 ms of the page's 2.4).

Originals only, and never the initiative's own versions: its translation, sharing every city
and theme, was always the first "related" initiative.

One SQL text whatever the initiative (its cities and themes are arrays the statement unnests):
building the same as a union of Django querysets cost ~6 ms of Python a page to compile.
"""

# How many of the newest initiatives sharing one thing (a city, the project, a theme) are
# considered: enough that the few sharing most are among them.
POOL = 40
# Best first, ranked on what the walks read from the indexes: only the few shown visit the table.
# Also the order of the page's list (summary_page.py).
ORDER = """shared_cities DESC, same_project DESC, shared_themes DESC,
    start_year DESC, published_at DESC, id"""
# A walk through the pool of one city or theme (`column` = `key`); `more` narrows it.
WALK = """(
        SELECT initiative_id AS id, start_year, published_at, project_id, city_ids, theme_ids
        FROM initiatives_poolentry
        WHERE {column} = {key}{more} AND published_at <= %(now)s
            AND initiative_id <> %(id)s AND initiative_id IS DISTINCT FROM %(original)s
        ORDER BY start_year DESC, published_at DESC, initiative_id LIMIT %(pool)s
    )"""
RELATED = f"""
WITH shown AS NOT MATERIALIZED (
    SELECT id, start_year, published_at, project_id, city_ids, theme_ids
    FROM initiatives_initiative
    WHERE status = %(published)s AND published_at <= %(now)s AND id <> %(id)s
        AND translation_of_id IS NULL AND id IS DISTINCT FROM %(original)s
), candidates AS (
    SELECT pool.* FROM unnest(%(cities)s::bigint[]) AS city (id)
        CROSS JOIN LATERAL {WALK.format(column="city_id", key="city.id", more="")} AS pool
    UNION
    SELECT pool.* FROM unnest(%(themes)s::bigint[]) AS theme (id)
        CROSS JOIN LATERAL {WALK.format(column="theme_id", key="theme.id", more="")} AS pool
    UNION
    SELECT pool.* FROM unnest(%(cities)s::bigint[]) AS city (id) CROSS JOIN LATERAL {
    WALK.format(column="city_id", key="city.id", more=" AND project_id = %(project)s")
} AS pool
    UNION
    (SELECT * FROM shown WHERE project_id = %(project)s
        ORDER BY start_year DESC, published_at DESC, id LIMIT %(pool)s)
    UNION
    SELECT pool.* FROM unnest((%(cities)s::bigint[])[1:1]) AS city (id) CROSS JOIN LATERAL {
    WALK.format(
        column="city_id",
        key="city.id",
        more=" AND cardinality(%(cities)s::bigint[]) > 1 AND city_ids @> %(cities)s::bigint[]",
    )
} AS pool
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
