from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    """The two "newest" indexes also hold what related initiatives are ranked by (project,
    themes, translation), so that only the five shown visit the table. Each new index is built
    beside the old one without locking the table (CONCURRENTLY), then takes its name: pages keep
    reading while it is built."""

    atomic = False

    dependencies = [
        ("initiatives", "0020_participation"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="initiative",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-start_year", "-published_at", "id"],
                include=("city_ids", "theme_ids", "translation_of", "project"),
                name="initiative_newest_idx_2",
            ),
        ),
        AddIndexConcurrently(
            model_name="initiative",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["project", "-start_year", "-published_at", "id"],
                include=("city_ids", "theme_ids", "translation_of"),
                name="initiative_project_newest_idx_2",
            ),
        ),
        RemoveIndexConcurrently(model_name="initiative", name="initiative_newest_idx"),
        RemoveIndexConcurrently(model_name="initiative", name="initiative_project_newest_idx"),
        migrations.RenameIndex(
            model_name="initiative",
            new_name="initiative_newest_idx",
            old_name="initiative_newest_idx_2",
        ),
        migrations.RenameIndex(
            model_name="initiative",
            new_name="initiative_project_newest_idx",
            old_name="initiative_project_newest_idx_2",
        ),
    ]
