"""`manage.py write_dumps`: the whole public catalogue as CSV and JSON files (dumps.py), for
cron; writes nothing when the catalogue has not changed since the last files."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from initiatives.dumps import WriterBusy, write_dump
from initiatives.models import DumpFormat


class Command(BaseCommand):
    help = (
        "Write every public initiative as gzip-compressed CSV and JSON, served at "
        "/data/initiatives.csv.gz and /data/initiatives.json.gz. Meant for cron: a file is "
        "written again only when the catalogue has changed since (or --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=DumpFormat.values, help="default: every format")
        parser.add_argument("--force", action="store_true", help="write even if nothing changed")

    def handle(self, *args, format, force, verbosity, **options):
        for file_format in [format] if format else DumpFormat.values:
            started = time.monotonic()
            try:
                dump = write_dump(file_format, force=force)
            except WriterBusy as busy:
                raise CommandError(
                    _("Another write_dumps is running; this one wrote nothing.")
                ) from busy
            if verbosity == 0:
                continue
            if dump is None:
                self.stdout.write(
                    _("%(format)s: the catalogue has not changed since the last file.")
                    % {"format": file_format.upper()}
                )
                continue
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(format)s: %(rows)s initiatives, %(size)s MB in %(seconds).1f s.")
                    % {
                        "format": file_format.upper(),
                        "rows": f"{dump.rows:,}",
                        "size": f"{dump.size / 1e6:.2f}",
                        "seconds": time.monotonic() - started,
                    }
                )
            )
