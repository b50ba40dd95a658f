"""`manage.py export_initiatives FILE`: the same columns as the import, CSV or JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from initiatives.models import Initiative, Status
from initiatives.transfer import FORMATS, export_initiatives, format_of


class Command(BaseCommand):
    help = "Export initiatives as CSV or JSON, in the import's format (round-trips without loss)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="path to write, or - for standard output")
        parser.add_argument("--format", choices=sorted(FORMATS), help="default: the file's suffix")
        parser.add_argument("--status", choices=Status.values, help="only items with this status")

    def handle(self, *args, file, format, status, **options):
        file_format = format_of(file, format) if str(file) != "-" else (format or "csv")
        if file_format not in FORMATS:
            raise CommandError(_("Choose --format csv or json, or name the file .csv or .json."))
        queryset = Initiative.objects.order_by("slug")
        if status:
            queryset = queryset.filter(status=status)
        text = export_initiatives(queryset, file_format)
        if str(file) == "-":
            self.stdout.write(text, ending="")
            return
        try:
            file.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        count = queryset.count()
        exported = ngettext(
            "Exported %(count)d initiative to %(file)s.",
            "Exported %(count)d initiatives to %(file)s.",
            count,
        )
        self.stdout.write(self.style.SUCCESS(exported % {"count": count, "file": file}))
