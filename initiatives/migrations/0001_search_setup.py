"""PostgreSQL pieces that the models' generated search vectors rely on.

- pg_trgm (typo-tolerant fallback) and unaccent (accent-insensitive matching);
- one text-search configuration per catalogue language, a copy of PostgreSQL's own with the
  unaccent dictionary chained before the stemmer;
- efus_search_config(language): the configuration for a language code. It is declared IMMUTABLE
  (the mapping never changes at run time) so that generated columns may call it.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from initiatives.languages import SEARCH_CONFIGS, SIMPLE_CONFIG

CONFIGS = [*SEARCH_CONFIGS.values(), (SIMPLE_CONFIG, "simple")]


def create_configs_sql():
    statements = []
    for name, parent in CONFIGS:
        dictionary = "simple" if parent == "simple" else f"{parent}_stem"
        statements.append(
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{parent});"
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary};"
        )
    cases = " ".join(
        f"WHEN '{code}' THEN '{name}'::regconfig" for code, (name, _) in SEARCH_CONFIGS.items()
    )
    statements.append(
        "CREATE FUNCTION efus_search_config(language text) RETURNS regconfig "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
        f"$$ SELECT CASE language {cases} ELSE '{SIMPLE_CONFIG}'::regconfig END $$;"
    )
    return "\n".join(statements)


def drop_configs_sql():
    drops = [f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name};" for name, _ in CONFIGS]
    return "DROP FUNCTION IF EXISTS efus_search_config(text);\n" + "\n".join(drops)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunSQL(create_configs_sql(), drop_configs_sql()),
    ]
