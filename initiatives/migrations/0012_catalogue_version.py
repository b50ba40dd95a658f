"""A version number of the public catalogue, advanced by every change to what it counts.

Counts over the whole catalogue (the unfiltered list's facets, the home page's themes) are
cached under this number (initiatives/catalogue_counts.py). A sequence rather than a counter
row: advancing it never waits for another transaction, and a rolled-back change still moves it
on, which only costs one recount. Statement-level triggers, so a bulk import moves it once.
"""

from django.db import migrations

TABLES = [
    "initiatives_initiative",
    "initiatives_initiative_themes",
    "initiatives_initiative_cities",
    "initiatives_theme",
    "initiatives_city",
    "initiatives_project",
]

FORWARD = "\n".join(
    [
        "CREATE SEQUENCE efus_catalogue_version;",
        "CREATE FUNCTION efus_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN PERFORM nextval('efus_catalogue_version'); RETURN NULL; END $$;",
    ]
    + [
        f"CREATE TRIGGER catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
        " FOR EACH STATEMENT EXECUTE FUNCTION efus_catalogue_changed();"
        for table in TABLES
    ]
)

BACKWARD = "\n".join(
    [f"DROP TRIGGER catalogue_changed ON {table};" for table in TABLES]
    + ["DROP FUNCTION efus_catalogue_changed();", "DROP SEQUENCE efus_catalogue_version;"]
)


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0011_unaccented_title_index"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
