"""The two groups of the editorial workflow.

- Editors: may add, change and view catalogue content, and submit it for review.
- Publishers (the reviewers): everything editors do, plus publish, withdraw and delete.

Managing users and groups stays with administrators.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = [
    "theme", "city", "project", "initiative", "newsitem", "manifesto", "recommendation",
]
EDITORS = [f"{action}_{model}" for model in CONTENT_MODELS for action in ("add", "change", "view")]
PUBLISHERS = EDITORS + [
    *(f"publish_{model}" for model in ("initiative", "newsitem", "manifesto")),
    *(f"delete_{model}" for model in ("initiative", "newsitem", "manifesto", "recommendation")),
]
GROUPS = {"Editors": EDITORS, "Publishers": PUBLISHERS}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; a fresh database needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="initiatives", codename__in=codenames)
        )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0003_database_triggers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, delete_groups)]
