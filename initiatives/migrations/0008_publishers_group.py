"""The Publishers group (reviewers): everything editors do, plus publish, withdraw and delete.

Editors write and submit for review; only a publisher makes content public or takes it down.
"""

from django.db import migrations

from initiatives.migrations import _groups

PUBLISHERS = "Publishers"
PUBLISHED_MODELS = ["initiative", "newsitem", "manifesto"]
DELETABLE_MODELS = ["initiative", "newsitem", "manifesto", "recommendation"]


def create_publishers(apps, schema_editor):
    _groups.ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.get(name="Editors")
    codenames = [f"publish_{model}" for model in PUBLISHED_MODELS] + [
        f"delete_{model}" for model in DELETABLE_MODELS
    ]
    group, _ = Group.objects.get_or_create(name=PUBLISHERS)
    group.permissions.set(
        [
            *editors.permissions.all(),
            *Permission.objects.filter(
                content_type__app_label="initiatives", codename__in=codenames
            ),
        ]
    )


def delete_publishers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=PUBLISHERS).delete()


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0007_history_and_publish_permissions")]
    operations = [migrations.RunPython(create_publishers, delete_publishers)]
