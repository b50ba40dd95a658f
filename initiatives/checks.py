"""System checks of the project's own."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import connections
from django.db.migrations.loader import MigrationLoader

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


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


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """E-mails link to SITE_URL (cron sends them without a request to take the address from):
    left at its development default, every link of every e-mail leads nowhere, and RFC 8058's
    one-click unsubscribe wants HTTPS."""
    address = urlsplit(settings.SITE_URL)
    if address.scheme == "https" and address.hostname not in LOOPBACK:
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: the links of the e-mails the site sends "
            "(confirmations, digests, unsubscribe) will not reach readers.",
            hint="Set SITE_URL to the site's public https:// address.",
            id="participation.W001",
        )
    ]
