"""The glossary (models/glossary.py): its tables, the triggers by which a change to it advances
the catalogue's version (sql/glossary_version.sql), and who may edit it: publishers, since a term
changes every visitor's searches at once; editors may look. See 0001 for SQL_FILES."""

from pathlib import Path

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
import django.db.models.functions.text
from django.db import migrations, models

SQL = Path(__file__).resolve().parent.parent / "sql"
SQL_FILES = {
    "glossary_version.sql": "c4830b0033f67516e5b52aa6734ca1614ec3599e249c9678c7a8be8eeb7c9b8d",
}
UNDO = (
    "DROP TRIGGER IF EXISTS catalogue_changed ON initiatives_concept;\n"
    "DROP TRIGGER IF EXISTS catalogue_changed ON initiatives_term;\n"
)
PERMISSIONS = {
    "Publishers": [f"{action}_{model}" for model in ("concept", "term")
                   for action in ("add", "change", "delete", "view")],
    "Editors": ["view_concept", "view_term"],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=PERMISSIONS):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="initiatives", codename__in=PERMISSIONS[group.name]
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0010_newest_indexes_include_arrays'),
    ]

    operations = [
        migrations.CreateModel(
            name='Concept',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                ('note', models.TextField(blank=True, help_text='What the concept covers, if unclear.', verbose_name='note for editors')),
            ],
            options={
                'verbose_name': 'glossary concept',
                'verbose_name_plural': 'glossary concepts',
                'ordering': ['slug'],
            },
        ),
        migrations.CreateModel(
            name='Term',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=[('en', 'English'), ('fr', 'French'), ('de', 'German'), ('es', 'Spanish'), ('it', 'Italian'), ('nl', 'Dutch'), ('pt', 'Portuguese'), ('xx', 'Other')], max_length=2, verbose_name='language')),
                ('text', models.CharField(help_text='A word or a short phrase, as people type it.', max_length=100, verbose_name='term')),
                ('concept', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='terms', to='initiatives.concept', verbose_name='concept')),
            ],
            options={
                'verbose_name': 'term',
                'verbose_name_plural': 'terms',
                'ordering': ['concept', 'language', 'pk'],
                'constraints': [models.UniqueConstraint(models.Func(django.db.models.functions.text.Lower(models.Func('text', models.Value('[\\s\\-‐]+'), models.Value(' '), models.Value('g'), function='regexp_replace')), function='efus_unaccent', output_field=models.TextField()), name='glossary_term_key_unique', violation_error_message='This term already belongs to a concept.'), models.CheckConstraint(condition=models.Q(('text__regex', '\\w')), name='glossary_term_has_a_word')],
            },
        ),
        *(migrations.RunSQL((SQL / name).read_text(encoding="utf-8"), UNDO) for name in SQL_FILES),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
