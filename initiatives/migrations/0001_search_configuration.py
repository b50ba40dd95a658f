"""What the search vectors and trigram indexes of the next migration call.

- pg_trgm (typo-tolerant fallbacks), unaccent (accent-insensitive matching), btree_gin (one
  index on a language code and a search vector);
- initiatives/sql/search_config.sql: efus_unaccent(), one text-search configuration per
  catalogue language, and efus_search_config(language).

The SQL lives in initiatives/sql/, one readable file per concern; a migration applies a file
and records its SHA-256 in SQL_FILES. tests/test_migrations.py fails when a file differs from
what its latest migration recorded: a changed file needs a new migration that applies it again.
"""

from pathlib import Path

from django.contrib.postgres.operations import (
    BtreeGinExtension,
    TrigramExtension,
    UnaccentExtension,
)
from django.db import migrations

SQL = Path(__file__).resolve().parent.parent / "sql"
SQL_FILES = {
    "search_config.sql": "bb66d36be653a8977d433d1da8196225e2c8fbb62970b59b2371c5bb610dee4c",
}

UNDO = """
DROP FUNCTION IF EXISTS efus_search_config(text);
DROP TEXT SEARCH CONFIGURATION IF EXISTS efus_english, efus_french, efus_german, efus_spanish,
  efus_italian, efus_dutch, efus_portuguese, efus_simple;
DROP FUNCTION IF EXISTS efus_unaccent(text);
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        BtreeGinExtension(),
        migrations.RunSQL((SQL / "search_config.sql").read_text(encoding="utf-8"), UNDO),
    ]
