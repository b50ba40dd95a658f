"""Cities' other names and countries' names in every catalogue language, in the initiatives'
keywords (sql/keywords_in_every_language.sql), so that "Malines" finds Mechelen's initiatives
and "Allemagne" those in Germany. The names come from django-countries' own translations; every
initiative's keywords are derived again at the end. See 0001 for SQL_FILES."""

from pathlib import Path

import django.contrib.postgres.fields
from django.db import migrations, models
from django.utils import translation
from django_countries import countries

SQL = Path(__file__).resolve().parent.parent / "sql"
SQL_FILES = {
    "keywords_in_every_language.sql": "dd66e811ed8e0c7134438a9c588bf13167b7e76a5a9aa4c9f8646c465fbe9973",
}
# The languages summaries are written in (initiatives/languages.py, but for "other").
LANGUAGES = ["en", "fr", "de", "es", "it", "nl", "pt"]
# Undone by applying derived_columns.sql again: its keywords function and city trigger are the
# ones this migration replaces (CREATE OR REPLACE throughout, so the rest is unchanged).
PREVIOUS = (SQL / "derived_columns.sql").read_text(encoding="utf-8")
REDERIVE = "UPDATE initiatives_initiative SET keywords = ''"


def add_country_names(apps, schema_editor):
    CountryName = apps.get_model("initiatives", "CountryName")
    names = []
    for language in LANGUAGES:
        with translation.override(language):
            names += [
                CountryName(code=code, language=language, name=str(name))
                for code, name in countries
            ]
    CountryName.objects.bulk_create(names)


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0011_glossary"),
    ]

    operations = [
        migrations.AddField(
            model_name="city",
            name="other_names",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=100),
                blank=True,
                default=list,
                help_text="The city's names in other languages, separated by commas: Malines, Mecheln.",
                verbose_name="other names",
            ),
        ),
        migrations.CreateModel(
            name="CountryName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=2, verbose_name="country code")),
                ("language", models.CharField(max_length=2, verbose_name="language")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
            ],
            options={
                "verbose_name": "country name",
                "verbose_name_plural": "country names",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code", "language"), name="country_name_per_language"
                    )
                ],
            },
        ),
        migrations.RunPython(add_country_names, migrations.RunPython.noop),
        # Undoing, keywords are derived again once the previous function is back.
        migrations.RunSQL(migrations.RunSQL.noop, REDERIVE),
        *(
            migrations.RunSQL((SQL / name).read_text(encoding="utf-8"), PREVIOUS)
            for name in SQL_FILES
        ),
        migrations.RunSQL(REDERIVE, migrations.RunSQL.noop),
    ]
