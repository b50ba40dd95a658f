"""System checks of the project's own."""

from django.core.checks import Error, Tags, register
from django.db import connections
from django.db.migrations.loader import MigrationLoader


@register(Tags.database)
def migrations_not_squashed_away(app_configs, databases=None, **kwargs):
    """A database migrated before the migrations were squashed cannot be migrated again.

    Run by `migrate` before it touches anything, so the message replaces a confusing
    "relation already exists".
    """
    errors = []
    for alias in databases or ():
        loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
        gone = sorted(
            name
            for app, name in loader.applied_migrations
            if app == "initiatives" and (app, name) not in loader.disk_migrations
        )
        if gone:
            errors.append(
                Error(
                    f"Database '{alias}' was migrated with initiatives migrations that no longer "
                    f"exist ({', '.join(gone)}): they were squashed into a fresh initial set.",
                    hint="Create the database afresh. For the embedded PostgreSQL: "
                    "`.venv/bin/python -m efus_catalogue.database reset`, then `make run`.",
                    id="initiatives.E001",
                )
            )
    return errors
