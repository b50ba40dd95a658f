"""Markdown written by editors, rendered to HTML that is safe to put on a public page."""

import hashlib
import threading
from importlib.metadata import version

import markdown as markdown_lib
import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "sup",
    "sub",
    "dl",
    "dt",
    "dd",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"


def render_markdown(text: str) -> SafeString:
    """Markdown to sanitised HTML.

    Headings start at <h3> because each text sits under a page's <h2> section heading, which
    keeps the page's heading outline in order. nh3 drops scripts, event handlers and
    javascript: links, whatever the Markdown let through.

    The HTML is cached under a digest of the text: a changed text is another entry, so nothing
    needs invalidating, and a summary page does not render its five sections again for every
    visitor (rendering them took most of a summary page's time).
    """
    if not text:
        return mark_safe("")
    key = f"markdown:{RENDERER}:{hashlib.sha256(text.encode()).hexdigest()}"
    html = cache.get(key)
    if html is None:
        html = sanitised(converter().reset().convert(text))
        cache.set(key, html, timeout=RENDERED_MAX_AGE)
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 in sanitised()


# This module's own rendering rules (the converter's extensions, the headings' level): change
# it when they change. With the libraries' versions and the sanitiser's settings it makes
# RENDERER, part of the cache key and of the digest kept with each stored HTML, so that HTML
# rendered otherwise, or sanitised by an older nh3, is never shown again (it renders again when
# read, until saved again or `manage.py render_sections`).
RENDERING = 1
RENDERED_MAX_AGE = 24 * 3600
_local = threading.local()


def converter() -> markdown_lib.Markdown:
    """This thread's Markdown converter: building one (extensions and all) costs as much as
    converting a section."""
    if not hasattr(_local, "converter"):
        _local.converter = markdown_lib.Markdown(
            extensions=["extra", "sane_lists", "toc"],
            extension_configs={"toc": {"baselevel": 3}},
            output_format="html",
        )
    return _local.converter


def sanitised(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )


def rendering_fingerprint() -> str:
    rules = (
        RENDERING,
        version("markdown"),
        version("nh3"),
        sorted(ALLOWED_TAGS),
        sorted((tag, sorted(names)) for tag, names in ALLOWED_ATTRIBUTES.items()),
        sorted(URL_SCHEMES),
        LINK_REL,
    )
    return hashlib.sha256(repr(rules).encode()).hexdigest()[:12]


RENDERER = rendering_fingerprint()


# --- HTML kept with the text ------------------------------------------------------------------
#
# A summary's six Markdown sections are rendered when it is saved and kept beside their text
# (Initiative.sections_html), each with a digest of the text it was rendered from. A page shows
# the kept HTML only when the digest matches the text it has: a text written without save()
# (a queryset's update(), a bulk import) or a revision's text in a preview renders again as
# before, so no page ever shows HTML of another text. Rendering on the first view of each summary
# took 2.5-3 ms of its ~22 ms at 100,000 initiatives (README, Performance).


def text_digest(text: str) -> str:
    return hashlib.sha256(f"{RENDERER}:{text}".encode()).hexdigest()[:32]


def kept_html(item, names, kept: dict | None) -> dict:
    """{name: [digest, html]} for `item`'s Markdown fields `names`: `kept` where the text is
    unchanged, rendered anew where it changed."""
    kept = kept or {}
    fresh = {}
    for name in names:
        text = getattr(item, name) or ""
        digest = text_digest(text)
        previous = kept.get(name)
        if previous and previous[0] == digest:
            fresh[name] = previous
        else:
            fresh[name] = [digest, str(render_markdown(text))]
    return fresh


def html_of(item, name: str, kept_in: str = "sections_html") -> SafeString:
    """`item`'s Markdown field `name` as HTML: the kept HTML if it was rendered from this very
    text, otherwise rendered now."""
    text = getattr(item, name) or ""
    kept = {} if kept_in in item.get_deferred_fields() else (getattr(item, kept_in) or {})
    entry = kept.get(name)
    if entry and entry[0] == text_digest(text):
        return mark_safe(entry[1])  # noqa: S308 - sanitised by nh3 when rendered
    return render_markdown(text)
