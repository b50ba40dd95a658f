"""Downloads of any filtered list: CSV, JSON and XLSX in the importer's columns (transfer.py), so
that an export imports back without loss.

Streamed: rows are read from a server-side cursor 2,000 at a time and written as they come, so
memory does not grow with the catalogue. Each cell is written by the importer's own widget; the
rows are read as plain values (the ids of cities and themes from the row's arrays, names looked
up in memory), since building a model instance per row took 7.5 s for 5,000 rows and would
have outlasted the server's 30-second limit on a whole catalogue (95,000 rows: 10 s this way).
"""

import csv
import json
import tempfile
from types import SimpleNamespace

from django.db.models import OuterRef, Subquery
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from initiatives.models import City, Initiative, Project, Theme
from initiatives.transfer import COLUMNS, InitiativeResource, spreadsheet_safe

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A spreadsheet of more rows is slow to build (openpyxl, about 2,000 rows a second) and few
# spreadsheets open it well: larger lists download as CSV or JSON.
XLSX_MAX_ROWS = 10_000
# The server stops a request after 30 s (GUNICORN_TIMEOUT), streaming or not: 95,086 rows took
# 10 s on an idle machine, but under load the worker was stopped at 34,041 rows. 20,000 rows
# stream in 2-18 s; a longer list is refused with the ways to narrow it.
STREAM_MAX_ROWS = 20_000
# Read from the row; the relations by their ids and looked up in memory.
READ = {
    "cities": "city_ids",
    "themes": "theme_ids",
    "project": "project_id",
    "translation_of": "public_original",
}


class TooManyRows(ValueError):
    pass


def cells(rows):
    """Each initiative of `rows` (a queryset) as its export's cells, in COLUMNS' order."""
    widgets = {name: field.widget for name, field in InitiativeResource().fields.items()}
    cities = {city.pk: city for city in City.objects.all()}
    themes = {theme.pk: theme for theme in Theme.objects.all()}
    projects = {project.pk: project for project in Project.objects.all()}
    columns = [READ.get(name, name) for name in COLUMNS]
    # A public translation of an original that is not public (a draft, withdrawn, scheduled)
    # names no original: its slug would tell what is not published.
    original = Initiative.objects.published().filter(pk=OuterRef("translation_of"))
    rows = rows.annotate(public_original=Subquery(original.values("slug")[:1]))
    for values in rows.values_list(*columns).iterator(chunk_size=2000):
        row = dict(zip(COLUMNS, values, strict=True))
        row["cities"] = sorted((cities[pk] for pk in row["cities"]), key=lambda c: c.name)
        row["themes"] = sorted((themes[pk] for pk in row["themes"]), key=lambda t: t.name)
        row["project"] = projects.get(row["project"])
        original = row["translation_of"]
        row["translation_of"] = SimpleNamespace(slug=original) if original else None
        yield [widgets[name].render(row[name]) for name in COLUMNS]


class Line:
    """csv.writer's file: hands back what it writes."""

    def write(self, text):
        return text


def csv_lines(rows):
    writer = csv.writer(Line())
    yield writer.writerow(COLUMNS)
    for row in cells(rows):
        yield writer.writerow([spreadsheet_safe(value) for value in row])


def json_lines(rows):
    yield "["
    for number, row in enumerate(cells(rows)):
        item = json.dumps(dict(zip(COLUMNS, row, strict=True)), ensure_ascii=False)
        yield ("," if number else "") + "\n" + item
    yield "\n]\n"


def xlsx_file(rows, count: int):
    if count > XLSX_MAX_ROWS:
        raise TooManyRows(
            _(
                "A spreadsheet download holds at most %(max)s initiatives and this list has "
                "%(count)s: download it as CSV or JSON, or narrow the list."
            )
            % {"max": f"{XLSX_MAX_ROWS:,}", "count": f"{count:,}"}
        )
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Initiatives"))
    sheet.append(COLUMNS)
    for row in cells(rows):
        # Every cell a string, never a formula: "=HYPERLINK(…)" stays text.
        written = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            written.append(cell)
        sheet.append(written)
    # The workbook is written to a temporary file (openpyxl's own stream), then sent from it.
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    book.save(file)
    file.seek(0)
    return file


def download(rows, file_format: str, count: int, filename: str):
    """The response for `rows` in `file_format`; raises TooManyRows for a list too long."""
    if count > STREAM_MAX_ROWS:
        raise TooManyRows(
            _(
                "A download holds at most %(max)s initiatives and this list has %(count)s: "
                "narrow it with a filter or a search, read every page of the API, or take "
                "the whole catalogue's file (%(whole)s)."
            )
            % {
                "max": f"{STREAM_MAX_ROWS:,}",
                "count": f"{count:,}",
                "whole": reverse(
                    "catalogue-dump", args=["json" if file_format == "json" else "csv"]
                ),
            }
        )
    if file_format == "xlsx":
        return FileResponse(
            xlsx_file(rows, count),
            as_attachment=True,
            filename=f"{filename}.xlsx",
            content_type=CONTENT_TYPES["xlsx"],
        )
    lines = csv_lines(rows) if file_format == "csv" else json_lines(rows)
    response = StreamingHttpResponse(lines, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
