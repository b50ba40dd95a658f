"""`manage.py import_initiatives FILE`: CSV or JSON in, all rows or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from initiatives.transfer import FORMATS, format_of, import_initiatives, read_dataset


class Command(BaseCommand):
    help = (
        "Import initiatives from a CSV or JSON file "
        "(columns: see fixtures/initiatives-sample.csv). "
        "Every row is validated first; nothing is written when any row is invalid. Rows update "
        "the initiative with the same slug."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=sorted(FORMATS), help="default: the file's suffix")
        parser.add_argument("--dry-run", action="store_true", help="validate and report only")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="create unknown cities (written “Name (CC)”), themes and projects",
        )

    def handle(self, *args, file, format, dry_run, create_missing, **options):
        try:
            dataset = read_dataset(file.read_bytes(), format_of(file, format))
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        except ValueError as error:
            raise CommandError(f"{file}: {error}") from error
        with tqdm(
            total=len(dataset), unit="row", disable=options["verbosity"] < 1, file=self.stderr
        ) as progress:
            report = import_initiatives(
                dataset, dry_run=dry_run, create_missing=create_missing, progress=progress
            )
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(f"  {problem}")
            count = len(report.problems)
            raise CommandError(
                ngettext(
                    "%(count)d problem in %(file)s; nothing was imported.",
                    "%(count)d problems in %(file)s; nothing was imported.",
                    count,
                )
                % {"count": count, "file": file}
            )
        counts = {
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }
        if dry_run:
            self.stdout.write(
                _(
                    "Dry run, nothing written. %(rows)d rows: %(created)d new, %(updated)d "
                    "updated, %(unchanged)d unchanged."
                )
                % counts
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Imported %(rows)d rows: %(created)d new, %(updated)d updated, "
                        "%(unchanged)d unchanged."
                    )
                    % counts
                )
            )
