"""Explicit limits on what editors write: the size of each text, and which links may be stored.

Each limit is checked twice: by a field validator, so the admin and the importer name the field
and the limit, and by a database constraint, so fixtures, migrations and the shell obey it too.

Sizes: a summary's section runs to one or two pages (the longest demo section has 1,700
characters); 20,000 characters is ten pages. Without a limit, a section of about a megabyte
failed at the database ("string is too long for tsvector") with a 500. Every text of a row
together stays far below that limit (5 × 20,000 + 800 + 2,000 characters): a tsvector holds 1 MB
of distinct words, which text of the worst kind (every word different, four-byte letters)
reaches at about 260,000 characters; a row at every limit holds 103,000 and its vector 350 KB
(tests/test_limits.py saves one). Each limit is also below what the CSV reader accepts in one
cell (transfer.py), so whatever the export writes the import reads.
"""

from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

SECTION_MAX_CHARS = 20_000  # a Markdown section, a news body, a recommendation
LEAD_MAX_CHARS = 800
PARTNERS_MAX_CHARS = 2_000
# Only web links: `javascript:` or `data:` in a stored link would run in the reader's browser.
WEB_SCHEMES = ["http", "https"]
web_link_validator = URLValidator(
    schemes=WEB_SCHEMES, message=_("Enter a web address starting with https:// or http://.")
)


def limited_text(verbose_name, max_chars: int = SECTION_MAX_CHARS, **options) -> models.TextField:
    """A TextField whose size is validated (TextField's max_length alone only sizes the form)."""
    return models.TextField(
        verbose_name,
        max_length=max_chars,
        validators=[MaxLengthValidator(max_chars)],
        **options,
    )


def text_size_limits(model_name: str, limits: dict[str, int]) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(LessThanOrEqual(Length(field), max_chars)),
            name=f"{model_name}_{field}_size",
            violation_error_message=_("This text is too long."),
        )
        for field, max_chars in limits.items()
    ]


def web_link(verbose_name, **options) -> models.URLField:
    return models.URLField(verbose_name, blank=True, validators=[web_link_validator], **options)


def web_link_only(model_name: str, field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{field: ""}) | Q(**{f"{field}__regex": r"^[Hh][Tt][Tt][Pp][Ss]?://"}),
        name=f"{model_name}_{field}_web_link",
        violation_error_message=web_link_validator.message,
    )
