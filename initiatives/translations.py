"""Vocabulary and manifesto texts in the interface's languages, falling back visibly.

Themes, projects, manifestos and recommendations are written in English (`name`, `text`…), with
a French version beside each translated field (`name_fr`, `text_fr`…): plain columns, so the raw
SQL of the facet counts and the keywords trigger read them like any other, the history records
them, and the admin shows both side by side. A page asks for a field in its own language and
gets the English text, marked as such, while the French one is missing.

Adding a content language is adding the `<field>_<code>` columns (and their migration) and the
code to CONTENT_LANGUAGES.
"""

from django.utils.translation import get_language

SOURCE_LANGUAGE = "en"
# The languages with a column of their own beside each translated field.
CONTENT_LANGUAGES = ("en", "fr")


class Localised(str):
    """A text in `language`; `is_fallback` when that is not the language it was asked in."""

    language: str
    wanted: str

    def __new__(cls, text: str, language: str, wanted: str):
        localised = super().__new__(cls, text)
        localised.language, localised.wanted = language, wanted
        return localised

    def __reduce__(self):  # cached cards and counts keep their language
        return Localised, (str(self), self.language, self.wanted)

    @property
    def is_fallback(self) -> bool:
        return bool(self) and self.language != self.wanted


def column(field: str, language: str) -> str:
    return field if language == SOURCE_LANGUAGE else f"{field}_{language}"


def active_language() -> str:
    code = (get_language() or SOURCE_LANGUAGE).split("-")[0]
    return code if code in CONTENT_LANGUAGES else SOURCE_LANGUAGE


def localised(item, field: str, language: str | None = None) -> Localised:
    """`item`'s `field` (a model instance or a dict of columns) in `language` (by default the
    active one), else in the first language that has it."""
    read = item.get if isinstance(item, dict) else lambda name: getattr(item, name, "")
    return in_language({code: read(column(field, code)) for code in CONTENT_LANGUAGES}, language)


def in_language(versions: dict[str, str], language: str | None = None) -> Localised:
    """One of `versions` ({language: text}): `language`'s, else the first one written."""
    wanted = language or active_language()
    for code in (wanted, *versions):
        if versions.get(code):
            return Localised(versions[code], code, wanted)
    return Localised("", wanted, wanted)


def localised_label(label: str | tuple[str, ...], language: str | None = None) -> str:
    """A facet option's label as counted (facets.py): one text for every language, or its
    versions in the order of CONTENT_LANGUAGES."""
    if isinstance(label, str):
        return label
    return in_language(dict(zip(CONTENT_LANGUAGES, label, strict=False)), language)
