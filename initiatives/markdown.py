"""Markdown written by editors, rendered to HTML that is safe to put on a public page."""

import hashlib
import threading

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
    key = f"markdown:{RENDERING}:{hashlib.sha256(text.encode()).hexdigest()}"
    html = cache.get(key)
    if html is None:
        html = sanitised(converter().reset().convert(text))
        cache.set(key, html, timeout=RENDERED_MAX_AGE)
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 in sanitised()


# Part of the cache key: change it when the rendering below changes.
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
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
