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
# Before this migration: cities by their own name only, no country names.
PREVIOUS_KEYWORDS = """
CREATE OR REPLACE FUNCTION efus_initiative_keywords(p_initiative bigint, p_project bigint)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws(' ',
    (SELECT string_agg(t.name, ' ' ORDER BY t.name) FROM initiatives_theme t
       JOIN initiatives_initiative_themes it ON it.theme_id = t.id
      WHERE it.initiative_id = p_initiative),
    (SELECT string_agg(c.name, ' ' ORDER BY c.name) FROM initiatives_city c
       JOIN initiatives_initiative_cities ic ON ic.city_id = c.id
      WHERE ic.initiative_id = p_initiative),
    (SELECT concat_ws(' ', p.acronym, p.name) FROM initiatives_project p WHERE p.id = p_project))
$$;
CREATE OR REPLACE TRIGGER city_renamed AFTER UPDATE OF name, country ON initiatives_city
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.country IS DISTINCT FROM NEW.country)
  EXECUTE FUNCTION efus_rederive_on_rename();
"""
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
        *(
            migrations.RunSQL((SQL / name).read_text(encoding="utf-8"), PREVIOUS_KEYWORDS)
            for name in SQL_FILES
        ),
        migrations.RunSQL(REDERIVE, REDERIVE),
    ]
