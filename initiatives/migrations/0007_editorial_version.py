"""The editorial content's version, for the public pages' HTTP validators (sql/editorial_version.sql).

See 0001 for SQL_FILES.
"""

from pathlib import Path

from django.db import migrations

SQL = Path(__file__).resolve().parent.parent / "sql"
SQL_FILES = {
    "editorial_version.sql": "671ea81d6b4974a96e3012079ccf7dbf314d65098f78860ade6d1fd8ca2744e9",
}
TABLES = [
    "initiatives_newsitem",
    "initiatives_newsitem_themes",
    "initiatives_newsitem_initiatives",
    "initiatives_manifesto",
    "initiatives_recommendation",
    "initiatives_recommendation_themes",
    "initiatives_recommendation_initiatives",
]
UNDO = "".join(f"DROP TRIGGER IF EXISTS editorial_changed ON {table};\n" for table in TABLES) + (
    "DROP FUNCTION IF EXISTS efus_editorial_changed();\n"
    "DROP SEQUENCE IF EXISTS efus_editorial_version;\n"
)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0006_link_schemes_and_text_sizes")]

    operations = [
        migrations.RunSQL((SQL / name).read_text(encoding="utf-8"), UNDO) for name in SQL_FILES
    ]
