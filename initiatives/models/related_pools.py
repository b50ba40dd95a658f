"""Where related.py finds the newest initiatives sharing a city or a theme, in constant time.

One row per public original and per city, and per theme, it is filed under, with what the
ranking reads (its project, years, cities and themes). Written only by a database trigger
(sql/related_pools.sql) whenever an initiative's status, date, start year, translation,
project, cities or themes change, whoever changes them: the admin, an approved revision, an
import or the shell.

Why a table: an initiative's cities and themes are arrays, and a btree cannot order the
initiatives of one array element. Walking the catalogue's "newest" index until forty of a
city's initiatives turn up costs nothing for a city with thousands of them, and the whole
index for a city with a handful: 57 ms at 100,000 initiatives for a summary alone in its city,
three times that at 300,000. Here each walk starts at its city or theme and reads forty rows.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import Q

from initiatives.models.catalogue import Initiative
from initiatives.models.vocabulary import City, Theme

# sql/related_pools.sql's, on initiatives_initiative.
POOL_TRIGGERS = ("initiative_filed_in_related_pools", "initiative_refiled_in_related_pools")
# The trigger's filing of an initiative, for many at once (what migration 0023 fills).
FILE_IN_POOLS = """
INSERT INTO initiatives_poolentry
  (initiative_id, city_id, theme_id, project_id, start_year, published_at, city_ids, theme_ids)
SELECT i.id, city, NULL, i.project_id, i.start_year, i.published_at, i.city_ids, i.theme_ids
FROM initiatives_initiative AS i, unnest(i.city_ids) AS city
WHERE i.id = ANY(%(ids)s) AND i.status = 'published' AND i.translation_of_id IS NULL
  AND i.published_at IS NOT NULL
UNION ALL
SELECT i.id, NULL, theme, i.project_id, i.start_year, i.published_at, i.city_ids, i.theme_ids
FROM initiatives_initiative AS i, unnest(i.theme_ids) AS theme
WHERE i.id = ANY(%(ids)s) AND i.status = 'published' AND i.translation_of_id IS NULL
  AND i.published_at IS NOT NULL
"""

# The order of the walks: the catalogue's "newest" (NEWEST_FIELDS), on this table's columns.
POOL_ORDER = ["-start_year", "-published_at", "initiative"]


class PoolEntry(models.Model):
    # DO_NOTHING: the trigger has already removed an initiative's rows when its links went
    # (Django deletes them first), so deleting a theme used by 20,000 initiatives does not
    # load and list 20,000 of these first. The constraints still hold at commit.
    initiative = models.ForeignKey(Initiative, on_delete=models.DO_NOTHING, related_name="+")
    # Exactly one of the two: the city or the theme this row files the initiative under.
    # Looked up by the partial indexes below (one on a city, one on a theme).
    city = models.ForeignKey(
        City, null=True, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    theme = models.ForeignKey(
        Theme, null=True, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    # Copies of the initiative's, for ranking without visiting its row.
    project_id = models.BigIntegerField(null=True)
    start_year = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField()
    city_ids = ArrayField(models.BigIntegerField())
    theme_ids = ArrayField(models.BigIntegerField())

    class Meta:
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=Q(city__isnull=True) ^ Q(theme__isnull=True),
                name="pool_entry_city_or_theme",
            ),
        ]
        indexes = [
            models.Index(
                fields=["city", *POOL_ORDER],
                include=["project_id", "city_ids", "theme_ids"],
                name="pool_city_newest_idx",
                condition=Q(city__isnull=False),
            ),
            models.Index(
                fields=["theme", *POOL_ORDER],
                include=["project_id", "city_ids", "theme_ids"],
                name="pool_theme_newest_idx",
                condition=Q(theme__isnull=False),
            ),
            # The project's initiatives in one of the summary's cities.
            models.Index(
                fields=["city", "project_id", *POOL_ORDER],
                include=["city_ids", "theme_ids"],
                name="pool_city_project_newest_idx",
                condition=Q(city__isnull=False, project_id__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.initiative_id} under {'city' if self.city_id else 'theme'}"


def file_in_pools(initiative_ids: list[int]) -> None:
    """File these initiatives as the trigger would, for a bulk load that turned it off
    (synthetic.py). Only for initiatives not filed yet."""
    with connection.cursor() as cursor:
        cursor.execute(FILE_IN_POOLS, {"ids": initiative_ids})
