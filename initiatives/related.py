"""Related initiatives: what a summary page suggests reading next, in one constant statement.

Best first: the most cities shared, then the same project, then the most themes, then the
newest. The candidates are the newest few (`POOL`) that share each of its cities, each of its
themes, its project, its project in each of its cities, and all its cities. Each pool but the
last is a walk along an index that starts at what is shared and stops after `POOL` rows: the
pools of cities and themes (models/related_pools.py) and the project's "newest" index. So a page
costs the same at 1,000 initiatives as at 300,000, for a city with thousands of initiatives and
for one with two. Ranking every initiative that shares a theme read a third of the catalogue
(423 ms at 100,000, 1.2 s at 300,000); walking the catalogue's "newest" index until a city's
initiatives turn up read all of it for a city with few (57 ms at 100,000).

The pool of initiatives in all its cities at once (when it has several) is found in two
bounded ways. First among the newest `RECENT` of its first city: when its cities often go
together (the synthetic catalogue's), the newest `POOL` sharing them all are there. Only when
fewer turn up, from what the array index finds, sorted: then few initiatives share them all,
in any real catalogue. Sorting what the index finds, always, read every initiative sharing them
all (600 at 100,000 for two of the synthetic cities, 1.4 ms of the page's 2.4, and three times
that at 300,000); walking the city's pool until `POOL` turned up read the whole pool of a big
city that rarely goes with the other.

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
# Rows of its first city's pool among which the pool of all its cities is looked for first.
RECENT = 5000


def walk(column: str, key: str, more: str = "", limit: str = "%(pool)s") -> str:
    """The newest rows of the pool of one city or theme (`column` = `key`), as candidates;
    `more` narrows them."""
    return f"""(
        SELECT initiative_id AS id, start_year, published_at, project_id, city_ids, theme_ids
        FROM initiatives_poolentry
        WHERE {column} = {key}{more} AND published_at <= %(now)s
            AND initiative_id <> %(id)s AND initiative_id IS DISTINCT FROM %(original)s
        ORDER BY start_year DESC, published_at DESC, initiative_id LIMIT {limit}
    )"""


SEVERAL_CITIES = "cardinality(%(cities)s::bigint[]) > 1"
RELATED = f"""
WITH shown AS NOT MATERIALIZED (
    SELECT id, start_year, published_at, project_id, city_ids, theme_ids
    FROM initiatives_initiative
    WHERE status = %(published)s AND published_at <= %(now)s AND id <> %(id)s
        AND translation_of_id IS NULL AND id IS DISTINCT FROM %(original)s
), in_all_recent AS (
    -- In the walk's order, so the walk stops once `POOL` are found.
    SELECT * FROM {walk("city_id", "(%(cities)s::bigint[])[1]", limit=str(RECENT))} AS recent
    WHERE {SEVERAL_CITIES} AND city_ids @> %(cities)s::bigint[]
    ORDER BY start_year DESC, published_at DESC, id LIMIT %(pool)s
), candidates AS (
    SELECT pool.* FROM unnest(%(cities)s::bigint[]) AS city (id)
        CROSS JOIN LATERAL {walk("city_id", "city.id")} AS pool
    UNION
    SELECT pool.* FROM unnest(%(themes)s::bigint[]) AS theme (id)
        CROSS JOIN LATERAL {walk("theme_id", "theme.id")} AS pool
    UNION
    SELECT pool.* FROM unnest(%(cities)s::bigint[]) AS city (id)
        CROSS JOIN LATERAL {walk("city_id", "city.id", " AND project_id = %(project)s")} AS pool
    UNION
    (SELECT * FROM shown WHERE project_id = %(project)s
        ORDER BY start_year DESC, published_at DESC, id LIMIT %(pool)s)
    UNION
    SELECT * FROM in_all_recent
    UNION
    (SELECT * FROM shown WHERE {SEVERAL_CITIES} AND city_ids @> %(cities)s::bigint[]
        AND (SELECT count(*) FROM in_all_recent) < %(pool)s
        ORDER BY start_year + 0 DESC LIMIT %(pool)s)
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
FROM ranked JOIN initiatives_initiative AS i USING (id, start_year, published_at)
-- What the pools hold is public by their trigger; asked again of the five shown all the same.
WHERE i.status = %(published)s AND i.published_at <= %(now)s AND i.translation_of_id IS NULL
"""
