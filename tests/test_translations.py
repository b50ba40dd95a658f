"""The interface is translated: no English text outside the message catalogue, every message
translated into every language, and the compiled catalogues those of the sources."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

BASE = Path(settings.BASE_DIR)
LANGUAGE_CODES = [code for code, _ in settings.LANGUAGES]
# Pages of prose are written whole in each language (initiatives/views/pages.py): their text
# is the translation. Every other template translates its words through the catalogues.
PROSE_PAGES = re.compile(rf"pages/\w+\.({'|'.join(LANGUAGE_CODES)})\.html$")
TEMPLATES = sorted(
    path for path in (BASE / "templates").rglob("*.html") if not PROSE_PAGES.search(path.as_posix())
)
CATALOGUES = [
    BASE / "locale" / code / "LC_MESSAGES" / "django.po"
    for code, _ in settings.LANGUAGES
    if code != settings.LANGUAGE_CODE
]
# Text a template may write as is: the forum's name, typography, HTML entities.
WORDS_ALLOWED = {"Efus"}
TEXT_ATTRIBUTE = re.compile(r'\b(?:title|alt|placeholder|aria-label|aria-description)="([^"]*)"')


def literal_text(path: Path) -> tuple[list[str], list[str]]:
    """(words between tags, words in text attributes) that a template writes without
    translating them: its text with every template tag and variable taken out."""
    kept, inside = [], None  # inside a block whose text is a message, or a comment
    for token in Lexer(path.read_text()).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.split_contents()[0]
            if name in ("blocktranslate", "blocktrans", "comment"):
                inside = name
            elif name in ("endblocktranslate", "endblocktrans", "endcomment"):
                inside = None
        kept.append(token.contents if token.token_type == TokenType.TEXT and not inside else "\x00")
    text = "".join(kept)
    attributes = [value for value in TEXT_ATTRIBUTE.findall(text) if value.strip("\x00")]
    between_tags = re.sub(r"<!--.*?-->|<[^>]*>|&[a-z]+;|&#\d+;", " ", text, flags=re.S)
    words = list(re.findall(r"[A-Za-zÀ-ÿ]{2,}", between_tags))
    attribute_words = [word for value in attributes for word in re.findall(r"[A-Za-z]{2,}", value)]
    return (
        [word for word in words if word not in WORDS_ALLOWED],
        [word for word in attribute_words if word not in WORDS_ALLOWED],
    )


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(BASE)))
def test_templates_write_no_untranslated_text(path):
    between_tags, in_attributes = literal_text(path)
    assert not between_tags, f"text outside {{% translate %}}: {between_tags[:10]}"
    assert not in_attributes, f"attribute text outside {{% translate %}}: {in_attributes[:10]}"


def test_every_page_of_prose_is_written_in_every_language():
    pages = {path.name.split(".")[0] for path in (BASE / "templates" / "pages").glob("*.*.html")}
    assert pages >= {"about", "evidence", "accessibility", "privacy"}
    for page in pages:
        for code in LANGUAGE_CODES:
            assert (BASE / "templates" / "pages" / f"{page}.{code}.html").exists(), (page, code)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_message_is_translated(po_path):
    catalogue = polib.pofile(str(po_path))
    assert not catalogue.untranslated_entries(), [e.msgid for e in catalogue.untranslated_entries()]
    assert not catalogue.fuzzy_entries(), [entry.msgid for entry in catalogue.fuzzy_entries()]
    for entry in catalogue.translated_entries():
        translations = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        for translation in translations:
            for placeholder in re.findall(r"%\(\w+\)[sd]|\{\w+\}", entry.msgid):
                assert placeholder in translation, (entry.msgid, translation)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_the_compiled_catalogue_is_that_of_the_source(po_path):
    """The .mo files are in the repository, so that a machine without GNU gettext serves
    French: they must say what the .po files say (`make messages` compiles them)."""
    source = {
        (entry.msgctxt, entry.msgid): entry.msgstr or dict(entry.msgstr_plural)
        for entry in polib.pofile(str(po_path)).translated_entries()
    }
    compiled = {
        (entry.msgctxt, entry.msgid): entry.msgstr or dict(entry.msgstr_plural)
        for entry in polib.mofile(str(po_path.with_suffix(".mo")))
        if entry.msgid
    }
    assert compiled == source


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed")
def test_the_catalogues_hold_every_message_of_the_code(tmp_path):
    """makemessages, run on a copy of the project, finds no message the catalogues lack."""
    for name in ("manage.py", "efus_catalogue", "initiatives", "templates", "locale"):
        source = BASE / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--all", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        check=True,
        # makemessages reads no database: an address that is never dialled spares the copy an
        # embedded PostgreSQL of its own (seconds of initdb, and a server left running).
        env={**os.environ, "DATABASE_URL": "postgres://unused@127.0.0.1:9/unused"},
    )
    for po_path in CATALOGUES:
        wanted = {
            (entry.msgctxt, entry.msgid)
            for entry in polib.pofile(str(tmp_path / po_path.relative_to(BASE)))
        }
        kept = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(po_path))}
        assert wanted == kept, (
            f"run `make messages`: missing {sorted(wanted - kept)[:5]}, "
            f"obsolete {sorted(kept - wanted)[:5]}"
        )
