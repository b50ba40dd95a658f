"""The Editors group: may add, change and view catalogue content, nothing else.

Deleting content and managing users or groups stay with administrators.
"""

from django.db import migrations

from initiatives.migrations._groups import ensure_permissions

EDITORS = "Editors"
CONTENT_MODELS = [
    "theme", "city", "project", "initiative", "newsitem", "manifesto", "recommendation",
]
ACTIONS = ["add", "change", "view"]


def create_editors(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in CONTENT_MODELS for action in ACTIONS]
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="initiatives", codename__in=codenames)
    )


def delete_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0003_keywords_triggers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_editors, delete_editors)]
