"""The small vector that orders search results, kept in the row (see Initiative.rank_vector).

The column is added, then its storage is made PLAIN and the table rewritten, since the rows
written by ADD COLUMN had it moved to TOAST (the table's toast_tuple_target is 128 bytes).
VACUUM cannot run in a transaction, hence a non-atomic migration; the rewrite holds an exclusive
lock on the table for about 45 s at 100,000 initiatives.
"""

import django.contrib.postgres.search
from django.db import migrations, models

RANK_VECTOR = django.contrib.postgres.search.CombinedSearchVector(
    django.contrib.postgres.search.SearchVector(
        "title",
        config=models.Func(models.F("language"), function="efus_search_config"),
        weight="A",
    ),
    "||",
    django.contrib.postgres.search.SearchVector(
        "lead",
        "keywords",
        config=models.Func(models.F("language"), function="efus_search_config"),
        weight="B",
    ),
    django.contrib.postgres.search.SearchConfig(
        models.Func(models.F("language"), function="efus_search_config")
    ),
)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("initiatives", "0008_newest_indexes_of_published_rows"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="rank_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=RANK_VECTOR,
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.RunSQL(
            "ALTER TABLE initiatives_initiative ALTER COLUMN rank_vector SET STORAGE PLAIN",
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL("VACUUM FULL initiatives_initiative", migrations.RunSQL.noop),
    ]
