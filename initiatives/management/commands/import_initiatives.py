"""`manage.py import_initiatives FILE`: CSV or JSON in, all rows or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
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
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
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
            raise CommandError(
                f"{len(report.problems)} problem(s) in {file}; nothing was imported."
            )
        summary = (
            f"{report.rows} rows: {report.created} new, {report.updated} updated, "
            f"{report.unchanged} unchanged"
        )
        if dry_run:
            self.stdout.write(f"Dry run, nothing written. {summary}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {summary}."))
