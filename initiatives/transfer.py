"""Bulk import and export of initiatives, as CSV or JSON, with django-import-export.

One row per initiative; `fixtures/initiatives-sample.csv` documents the columns. Cities are
written `Name (CC)` (ISO country code), themes by name, the project by acronym, several values
separated by `;`. A row is matched to an existing initiative by its slug, so importing the same
file twice updates instead of duplicating.

CSV cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or
a carriage return) are written with a leading `'`, as OWASP advises against CSV injection; so
are cells that start with `'` themselves, and the import removes exactly one leading `'`, so an
export imports back unchanged. JSON is written as it is.

An import is all or nothing: every row is validated first (inside a transaction that is rolled
back), and nothing is written if any row is wrong; the report names the row, the column and the
problem.
"""

import csv
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV
from import_export.forms import ImportForm

from initiatives.models import City, FundingSource, Initiative, Project, Status, Theme

COLUMNS = [
    "slug",
    "title",
    "lead",
    "context",
    "objectives",
    "activities",
    "budget",
    "evaluation",
    "budget_eur",
    "start_year",
    "end_year",
    "cities",
    "themes",
    "project",
    "partners",
    "contact",
    "source_url",
    "language",
    "translation_of",
    "evaluation_type",
    "outcome",
    "evaluator",
    "evaluation_year",
    "evaluation_report_url",
    "results",
    "lessons",
    "funding_sources",
    "people_reached",
    "last_reviewed",
    "status",
    "published_at",
]
# The import's documented example: the admin offers it as a template to download.
SAMPLE_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "initiatives-sample.csv"
REQUIRED_COLUMNS = {"slug", "title", "lead", "start_year", "cities", "themes"}
FORMATS = {"csv", "json"}
SEPARATOR = ";"
CITY = re.compile(r"^(?P<name>.+?)\s*\((?P<country>[A-Za-z]{2})\)$")
# What a spreadsheet would read as the start of a formula; "'" itself, so that the escape can
# be undone exactly.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
ESCAPE = "'"
# Python's CSV reader refuses cells over 128 KiB by default. The longest valid cell is a section
# of SECTION_MAX_CHARS (models/limits.py) characters: the limit must let through whatever the
# export writes, and an oversize cell is then refused by the field's own validation, by name.
csv.field_size_limit(1_000_000)


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def unescaped(value):
    if isinstance(value, str) and value.startswith(ESCAPE):
        return value[len(ESCAPE) :]
    return value


def map_cells(dataset: tablib.Dataset, change) -> tablib.Dataset:
    result = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        result.append([change(cell) for cell in row])
    return result


class SpreadsheetSafeCSV(CSV):
    """The admin's CSV format, with the escape written on export and removed on import."""

    def create_dataset(self, in_stream, **kwargs):
        return map_cells(super().create_dataset(in_stream, **kwargs), unescaped)

    def export_data(self, dataset, **kwargs):
        return super().export_data(map_cells(dataset, spreadsheet_safe), **kwargs)


# An import validates every row before writing any (about 2 ms a row): a 10 MB file holds some
# 1,500 full summaries, about 10 seconds of work, within the server's 30-second worker timeout.
# A 62 MB file ran into that timeout with a bare 500. The command line has no such limit.
MAX_ADMIN_IMPORT_BYTES = 10 * 1024 * 1024


class SizeLimitedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_ADMIN_IMPORT_BYTES:
            size, limit = upload.size / 2**20, MAX_ADMIN_IMPORT_BYTES // 2**20
            raise ValidationError(
                _(
                    "This file is %(size).1f MB; the admin imports files of up to %(limit)d MB. "
                    "Split it, or import it with `manage.py import_initiatives`."
                )
                % {"size": size, "limit": limit}
            )
        return upload


def duplicate_slugs(dataset: tablib.Dataset) -> list["Problem"]:
    """One problem per row whose slug an earlier row of the file has: the second would
    silently overwrite the first."""
    if "slug" not in (dataset.headers or []):
        return []
    first_row = {}
    problems = []
    for number, slug in enumerate(dataset["slug"], start=1):
        slug = str(slug or "").strip()
        if slug and slug in first_row:
            problems.append(
                Problem(
                    number,
                    "slug",
                    _("“%(slug)s” is already the slug of row %(row)d")
                    % {"slug": slug, "row": first_row[slug]},
                )
            )
        first_row.setdefault(slug, number)
    return problems


def unique_slug(model, text: str) -> str:
    base = slugify(text)[:90] or "item"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def split(value) -> list[str]:
    if isinstance(value, list | tuple):  # JSON files may hold real lists
        value = SEPARATOR.join(str(item) for item in value)
    return [part.strip() for part in str(value or "").split(SEPARATOR) if part.strip()]


class CityListWidget(widgets.ManyToManyWidget):
    """`Mechelen (BE); Nice (FR)`. A name alone is accepted when only one city bears it."""

    def __init__(self, create_missing=False):
        super().__init__(City, separator=SEPARATOR)
        self.create_missing = create_missing

    def clean(self, value, row=None, **kwargs):
        entries = split(value)
        if not entries:
            raise ValueError("at least one city is required, written “Name (CC)”")
        cities, problems = [], []
        for entry in entries:
            match = CITY.match(entry)
            name, country = (match["name"], match["country"].upper()) if match else (entry, None)
            found = City.objects.filter(name__iexact=name)
            if country:
                found = found.filter(country=country)
            found = list(found[:2])
            if len(found) == 1:
                cities.append(found[0])
            elif len(found) > 1:
                problems.append(
                    _("“%(entry)s” is ambiguous: add the country, as in “%(name)s (CC)”")
                    % {"entry": entry, "name": name}
                )
            elif self.create_missing and country:
                cities.append(
                    City.objects.create(
                        name=name, country=country, slug=unique_slug(City, f"{name} {country}")
                    )
                )
            elif self.create_missing:
                problems.append(
                    _("cannot create “%(entry)s” without its country: “%(name)s (CC)”")
                    % {"entry": entry, "name": name}
                )
            else:
                problems.append(
                    _("unknown city “%(entry)s” (add it, or import with --create-missing)")
                    % {"entry": entry}
                )
        if problems:
            raise ValueError("; ".join(problems))
        return cities

    def render(self, value, obj=None, **kwargs):
        cities = value.all() if hasattr(value, "all") else value or []
        return f"{SEPARATOR} ".join(f"{city.name} ({city.country.code})" for city in cities)


class ThemeListWidget(widgets.ManyToManyWidget):
    """Theme names (or slugs), `;`-separated."""

    def __init__(self, create_missing=False):
        super().__init__(Theme, separator=SEPARATOR)
        self.create_missing = create_missing

    def clean(self, value, row=None, **kwargs):
        entries = split(value)
        if not entries:
            raise ValueError("at least one theme is required")
        themes, problems = [], []
        for entry in entries:
            theme = Theme.objects.filter(name__iexact=entry).first()
            theme = theme or Theme.objects.filter(slug=entry.lower()).first()
            if theme is None and self.create_missing:
                theme = Theme.objects.create(name=entry, slug=unique_slug(Theme, entry))
            if theme is None:
                problems.append(
                    _("unknown theme “%(entry)s” (add it, or import with --create-missing)")
                    % {"entry": entry}
                )
            else:
                themes.append(theme)
        if problems:
            raise ValueError("; ".join(problems))
        return themes

    def render(self, value, obj=None, **kwargs):
        themes = value.all() if hasattr(value, "all") else value or []
        return f"{SEPARATOR} ".join(theme.name for theme in themes)


class ProjectWidget(widgets.ForeignKeyWidget):
    """A project by acronym (or slug); empty for none."""

    def __init__(self, create_missing=False):
        super().__init__(Project, field="acronym")
        self.create_missing = create_missing

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        if not name:
            return None
        project = Project.objects.filter(acronym__iexact=name).first()
        project = project or Project.objects.filter(slug=name.lower()).first()
        if project is None and self.create_missing:
            project = Project.objects.create(
                name=name, acronym=name, slug=unique_slug(Project, name)
            )
        if project is None:
            raise ValueError(
                _("unknown project “%(name)s” (add it, or import with --create-missing)")
                % {"name": name}
            )
        return project

    def render(self, value, obj=None, **kwargs):
        return value.acronym or value.name if value else ""


class OriginalWidget(widgets.ForeignKeyWidget):
    """The summary a row translates, by slug; empty for an original. Exports list originals
    first, so that a file re-imports in its own order."""

    def __init__(self):
        super().__init__(Initiative, field="slug")

    def clean(self, value, row=None, **kwargs):
        slug = str(value or "").strip()
        if not slug:
            return None
        original = Initiative.objects.filter(slug=slug).first()
        if original is None:
            raise ValueError(
                _("unknown initiative “%(slug)s” (its row must come before its translations')")
                % {"slug": slug}
            )
        return original

    def render(self, value, obj=None, **kwargs):
        return value.slug if value else ""


class FundingSourcesWidget(widgets.Widget):
    """Funding sources by code (`city; eu`), as the model's choices name them."""

    def clean(self, value, row=None, **kwargs):
        codes = [code.lower() for code in split(value)]
        unknown = [code for code in codes if code not in FundingSource.values]
        if unknown:
            raise ValueError(
                _("unknown funding source “%(code)s” (use %(codes)s)")
                % {"code": unknown[0], "codes": ", ".join(FundingSource.values)}
            )
        return list(dict.fromkeys(codes))

    def render(self, value, obj=None, **kwargs):
        return f"{SEPARATOR} ".join(value or [])


class IsoDateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                _("“%(text)s” is not a date like 2026-01-31") % {"text": text}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class IsoDateTimeWidget(widgets.Widget):
    """ISO 8601 with its time zone, so an export re-imports to the same instant."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                _("“%(text)s” is not a date and time like 2025-01-31T09:00:00+00:00")
                % {"text": text}
            ) from None
        return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class WholeNumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().replace(" ", "")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a whole number") % {"value": value}) from None
        if not number.is_integer():
            raise ValueError(_("“%(value)s” is not a whole number") % {"value": value})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def whole_number(name: str) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=WholeNumberWidget())


class InitiativeResource(resources.ModelResource):
    budget_eur = whole_number("budget_eur")
    start_year = whole_number("start_year")
    end_year = whole_number("end_year")
    evaluation_year = whole_number("evaluation_year")
    people_reached = whole_number("people_reached")
    funding_sources = fields.Field(
        attribute="funding_sources", column_name="funding_sources", widget=FundingSourcesWidget()
    )
    last_reviewed = fields.Field(
        attribute="last_reviewed", column_name="last_reviewed", widget=IsoDateWidget()
    )
    cities = fields.Field(attribute="cities", column_name="cities", widget=CityListWidget())
    themes = fields.Field(attribute="themes", column_name="themes", widget=ThemeListWidget())
    project = fields.Field(attribute="project", column_name="project", widget=ProjectWidget())
    translation_of = fields.Field(
        attribute="translation_of", column_name="translation_of", widget=OriginalWidget()
    )
    published_at = fields.Field(
        attribute="published_at", column_name="published_at", widget=IsoDateTimeWidget()
    )

    class Meta:
        model = Initiative
        fields = COLUMNS
        export_order = COLUMNS
        import_id_fields = ["slug"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, *, create_missing=False, progress=None, **kwargs):
        super().__init__(**kwargs)
        for name in ("cities", "themes", "project"):
            self.fields[name].widget.create_missing = create_missing
        self.progress = progress

    def before_import(self, dataset, **kwargs):
        problems = duplicate_slugs(dataset)
        if problems:
            raise ValueError("; ".join(str(problem) for problem in problems))
        super().before_import(dataset, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        # Cities and themes are checked with the other columns, so that a wrong name is
        # reported as a problem of its row and column rather than failing after the save.
        errors = {}
        first_published = instance.published_at
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name in ("cities", "themes"):
            if name in row:
                try:
                    self.fields[name].clean(row, **kwargs)
                except ValueError as error:
                    errors[name] = [str(error)]
        if instance.status == Status.PUBLISHED and instance.published_at is None:
            # An empty date keeps the first publication date, or starts it now.
            instance.published_at = first_published or timezone.now()
        if errors:
            raise ValidationError(errors)

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        if self.progress is not None:
            self.progress.update(1)
        return result

    def get_export_queryset(self, request=None, **kwargs):
        return Initiative.objects.select_related("project").prefetch_related("cities", "themes")

    def filter_export(self, queryset, **kwargs):
        # Originals before translations, each part in the order asked: a translation's row
        # names a slug the import has already read.
        is_translation = ExpressionWrapper(
            Q(translation_of__isnull=False), output_field=BooleanField()
        )
        ordering = queryset.query.order_by or ("slug",)
        return queryset.select_related("translation_of").order_by(is_translation, *ordering)


@dataclass
class Problem:
    row: int  # 1 = the first data row (line 2 of a CSV file)
    column: str
    message: str

    def __str__(self):
        where = _("row %(row)d") % {"row": self.row} if self.row else _("file")
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def read_dataset(content: bytes | str, file_format: str) -> tablib.Dataset:
    """Parse CSV or JSON; raises ValueError with a readable message."""
    if file_format not in FORMATS:
        raise ValueError(
            _("unsupported format “%(format)s”: use csv or json") % {"format": file_format}
        )
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError(_("the file is not UTF-8 text")) from None
    if not content.strip():
        raise ValueError(_("the file is empty"))
    try:
        dataset = tablib.import_set(content, format=file_format)
    except Exception as error:  # tablib raises many kinds; all mean "unreadable"
        raise ValueError(
            _("the file is not valid %(format)s: %(error)s")
            % {"format": file_format.upper(), "error": error}
        ) from None
    return map_cells(dataset, unescaped) if file_format == "csv" else dataset


def format_of(path: Path, explicit: str | None = None) -> str:
    return (explicit or path.suffix.lstrip(".")).lower()


def header_problems(dataset: tablib.Dataset) -> list[Problem]:
    headers = [str(header or "").strip() for header in dataset.headers or []]
    problems = [Problem(0, column, "unknown column") for column in headers if column not in COLUMNS]
    problems += [
        Problem(0, column, "required column is missing")
        for column in sorted(REQUIRED_COLUMNS - set(headers))
    ]
    return problems


def import_initiatives(
    dataset: tablib.Dataset, *, dry_run=False, create_missing=False, progress=None
) -> ImportReport:
    """Validate every row, then (unless dry_run or any problem) import them all."""
    report = ImportReport(rows=len(dataset))
    report.problems = header_problems(dataset) or duplicate_slugs(dataset)
    if report.problems:
        return report
    resource = InitiativeResource(create_missing=create_missing, progress=progress)
    result = resource.import_data(dataset, dry_run=True, use_transactions=True)
    report.problems = problems_of(result)
    report.created = result.totals.get("new", 0)
    report.updated = result.totals.get("update", 0)
    report.unchanged = result.totals.get("skip", 0)
    if report.problems or dry_run:
        return report
    if progress is not None:
        progress.reset()
    InitiativeResource(create_missing=create_missing, progress=progress).import_data(
        dataset, dry_run=False, use_transactions=True, raise_errors=True
    )
    report.written = True
    return report


def problems_of(result) -> list[Problem]:
    problems = []
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            for message in messages:
                column_name = "" if column == NON_FIELD_ERRORS else column
                problems.append(Problem(invalid.number, column_name, message))
    for number, errors in result.row_errors():
        for error in errors:
            problems.append(Problem(number, "", str(error.error)))
    return sorted(problems, key=lambda problem: (problem.row, problem.column))


def export_initiatives(queryset, file_format: str) -> str:
    if file_format not in FORMATS:
        raise ValueError(
            _("unsupported format “%(format)s”: use csv or json") % {"format": file_format}
        )
    dataset = InitiativeResource().export(queryset=queryset)
    if file_format == "csv":
        dataset = map_cells(dataset, spreadsheet_safe)
    return dataset.export(file_format)
