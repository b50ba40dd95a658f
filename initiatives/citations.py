"""Citing a summary: the line its page shows, and the same reference as RIS, BibTeX and CSL-JSON
for reference managers (Zotero, EndNote, Mendeley, LaTeX, Pandoc).

The author is Efus, an organisation: written so that no tool splits it into a first and a last
name (RIS: one name without a comma; BibTeX: in its own braces; CSL: a `literal` name). The
year is the year of publication; a draft never published (an editor's preview) is cited with
this year and marked as a draft.
"""

import datetime
import json
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.translations import localised

AUTHOR = "Efus"
PUBLISHER = "Efus (European Forum for Urban Security)"


@dataclass(frozen=True)
class Citation:
    key: str  # the reference's key in a bibliography: efus-<slug>
    title: str
    language: str
    url: str
    abstract: str
    keywords: list[str]
    published: datetime.date | None  # None: never published (a draft's preview)
    last_reviewed: datetime.date | None
    accessed: datetime.date

    @classmethod
    def of(cls, initiative, url: str) -> "Citation":
        published = initiative.published_at
        return cls(
            key=f"efus-{initiative.slug}",
            title=initiative.title,
            language=initiative.language,
            url=url,
            abstract=initiative.lead,
            keywords=[str(localised(theme, "name")) for theme in initiative.themes.all()],
            published=timezone.localdate(published) if published else None,
            last_reviewed=initiative.last_reviewed,
            accessed=timezone.localdate(),
        )

    @property
    def draft(self) -> bool:
        return self.published is None

    @property
    def year(self) -> int:
        return (self.published or self.accessed).year

    @property
    def container(self) -> str:
        return _("Urban security initiatives catalogue")


def reviewed_note(citation: Citation) -> str:
    return _("Last reviewed: %(date)s") % {"date": citation.last_reviewed.isoformat()}


# --- RIS ------------------------------------------------------------------------------------


def ris(citation: Citation) -> str:
    """One RIS record: a tag, two spaces, a hyphen, a space and the value on each line, CRLF
    line ends as the format's specification has them."""
    lines = [
        ("TY", "RPRT"),
        ("AU", AUTHOR),
        ("TI", citation.title),
        ("T2", citation.container),
        ("PB", PUBLISHER),
        ("PY", str(citation.year)),
    ]
    if citation.published:
        lines.append(("DA", citation.published.strftime("%Y/%m/%d")))
    lines += [
        ("UR", citation.url),
        ("LA", citation.language),
        ("AB", citation.abstract),
        *(("KW", keyword) for keyword in citation.keywords),
        ("Y2", citation.accessed.strftime("%Y/%m/%d")),
    ]
    if citation.last_reviewed:
        lines.append(("N1", reviewed_note(citation)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {one_line(value)}\r\n" for tag, value in lines)


def one_line(text: str) -> str:
    """A value on a single line: a line break would start a record's next tag."""
    return " ".join(text.split())


# --- BibTeX ---------------------------------------------------------------------------------

# BibTeX counts braces even after a backslash, so an editor's lone "{" is written as a command
# whose own braces are balanced; LaTeX's other special characters are escaped as usual.
BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def bibtex_text(text: str) -> str:
    return one_line(text).translate(BIBTEX_ESCAPES)


def bibtex(citation: Citation) -> str:
    """A @misc entry: the one type every BibTeX style knows, for a document published on the
    web (@techreport would print "Technical report")."""
    fields = [
        # Double braces: the organisation as one name, and the title's capitals kept.
        ("author", f"{{{AUTHOR}}}"),
        ("title", f"{{{bibtex_text(citation.title)}}}"),
        ("howpublished", bibtex_text(citation.container)),
        ("publisher", bibtex_text(PUBLISHER)),
        ("year", str(citation.year)),
    ]
    if citation.published:
        fields.append(("date", citation.published.isoformat()))
    fields += [
        # A web address is read as it is (the url package); a slug holds no special character.
        ("url", citation.url),
        ("urldate", citation.accessed.isoformat()),
        ("langid", citation.language),
        ("abstract", bibtex_text(citation.abstract)),
    ]
    if citation.keywords:
        fields.append(("keywords", bibtex_text(", ".join(citation.keywords))))
    if citation.last_reviewed:
        fields.append(("note", bibtex_text(reviewed_note(citation))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{citation.key},\n{body}\n}}\n"


# --- CSL-JSON -------------------------------------------------------------------------------


def date_parts(day: datetime.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_json(citation: Citation) -> str:
    """A list of one CSL item, as Zotero and Pandoc read them."""
    item = {
        "id": citation.key,
        "type": "report",
        "title": citation.title,
        "author": [{"literal": AUTHOR}],
        "publisher": PUBLISHER,
        "container-title": citation.container,
        "issued": date_parts(citation.published)
        if citation.published
        else {"date-parts": [[citation.year]]},
        "URL": citation.url,
        "accessed": date_parts(citation.accessed),
        "language": citation.language,
        "abstract": citation.abstract,
    }
    if citation.keywords:
        item["keyword"] = ", ".join(citation.keywords)
    if citation.draft:
        item["status"] = _("draft")
    if citation.last_reviewed:
        item["note"] = reviewed_note(citation)
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


# format -> (writer, content type, file extension)
FORMATS = {
    "ris": (ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "bib": (bibtex, "application/x-bibtex; charset=utf-8", "bib"),
    "json": (csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}
