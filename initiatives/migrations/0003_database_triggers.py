"""What the database keeps by itself, whoever writes: the initiative table's storage, its
derived columns, the title words for corrections and the catalogue's version.

Each concern is one file of initiatives/sql/, applied as it is (see 0001 for SQL_FILES).
"""

from pathlib import Path

from django.db import migrations

SQL = Path(__file__).resolve().parent.parent / "sql"
SQL_FILES = {
    "initiative_storage.sql": "4370c16362a725950fb559d48c057837dbb6c77393dcc489b64fe0e93eab77ba",
    "derived_columns.sql": "2701bf0553aad4c6bec16829ae83f95a4e2c9a8f356aad6770a8ce8cc917ab2e",
    "title_words.sql": "935c85909ad0191a9478071a7c70348e3aac942ff542720757bbe79f54543aaa",
    "catalogue_version.sql": "402ce3ea8795dbb60a38f88e496371d153ca2c72c440bdf37d7b9435d7345b50",
}

UNDO = {
    "initiative_storage.sql": """
        ALTER TABLE initiatives_initiative RESET (toast_tuple_target);
        ALTER TABLE initiatives_initiative
          ALTER COLUMN title SET STORAGE EXTENDED,
          ALTER COLUMN theme_ids SET STORAGE EXTENDED,
          ALTER COLUMN city_ids SET STORAGE EXTENDED,
          ALTER COLUMN country_codes SET STORAGE EXTENDED;
    """,
    "derived_columns.sql": """
        DROP TRIGGER IF EXISTS project_renamed ON initiatives_project;
        DROP TRIGGER IF EXISTS city_renamed ON initiatives_city;
        DROP TRIGGER IF EXISTS theme_renamed ON initiatives_theme;
        DROP FUNCTION IF EXISTS efus_rederive_on_rename();
        DROP TRIGGER IF EXISTS initiative_cities_removed ON initiatives_initiative_cities;
        DROP TRIGGER IF EXISTS initiative_cities_added ON initiatives_initiative_cities;
        DROP TRIGGER IF EXISTS initiative_themes_removed ON initiatives_initiative_themes;
        DROP TRIGGER IF EXISTS initiative_themes_added ON initiatives_initiative_themes;
        DROP FUNCTION IF EXISTS efus_rederive_linked_initiatives();
        DROP TRIGGER IF EXISTS initiative_derived_columns ON initiatives_initiative;
        DROP FUNCTION IF EXISTS efus_derive_initiative_columns();
        DROP FUNCTION IF EXISTS efus_initiative_keywords(bigint, bigint);
    """,
    "title_words.sql": """
        DROP TRIGGER IF EXISTS title_words_inserted ON initiatives_initiative;
        DROP TRIGGER IF EXISTS title_words_updated ON initiatives_initiative;
        DROP FUNCTION IF EXISTS efus_collect_title_words();
    """,
    "catalogue_version.sql": """
        DROP TRIGGER IF EXISTS catalogue_changed ON initiatives_initiative;
        DROP TRIGGER IF EXISTS catalogue_changed ON initiatives_initiative_themes;
        DROP TRIGGER IF EXISTS catalogue_changed ON initiatives_initiative_cities;
        DROP TRIGGER IF EXISTS catalogue_changed ON initiatives_theme;
        DROP TRIGGER IF EXISTS catalogue_changed ON initiatives_city;
        DROP TRIGGER IF EXISTS catalogue_changed ON initiatives_project;
        DROP FUNCTION IF EXISTS efus_catalogue_changed();
        DROP SEQUENCE IF EXISTS efus_catalogue_version;
    """,
}


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0002_catalogue_tables")]

    operations = [
        migrations.RunSQL((SQL / name).read_text(encoding="utf-8"), UNDO[name])
        for name in SQL_FILES
    ]
