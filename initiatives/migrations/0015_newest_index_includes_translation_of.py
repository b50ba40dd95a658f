"""The newest-first index holds `translation_of`, which one card per initiative reads on each row
(InitiativeQuerySet.one_per_initiative): deep pages stay index-only scans."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0014_translations_of_initiatives"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="initiative",
            name="initiative_newest_idx",
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-start_year", "-published_at", "id"],
                include=("city_ids", "theme_ids", "translation_of"),
                name="initiative_newest_idx",
            ),
        ),
    ]
