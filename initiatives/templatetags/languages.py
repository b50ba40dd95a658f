"""The page in every interface language (the language switch and the hreflang alternates), and
content in the page's language (translated vocabulary and manifestos, marked when it falls back)."""

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext as _

from initiatives import translations
from initiatives.translations import Localised

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[dict]:
    """This page (same path, same query string) in each language of the interface, as
    {code, name (in that language), url, absolute_url, current}. A page that exists in one
    language only (the 404 page) leads to the other language's home page. The 400 page for a
    host not allowed has no absolute address to give."""
    request = context["request"]
    current = get_language()
    here = request.get_full_path()
    versions = []
    for code, _name in settings.LANGUAGES:
        # This page in its own language is itself: only the others are resolved and reversed.
        url = here if code == current else translate_url(here, code)
        if code != current and url == here:
            with override(code):
                url = reverse("home")
        versions.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": absolute(request, url),
                "current": code == current,
            }
        )
    return versions


def absolute(request, url: str) -> str | None:
    try:
        return request.build_absolute_uri(url)
    except DisallowedHost:
        return None


@register.filter
def localised(item, field: str) -> Localised:
    """`{{ theme|localised:"name" }}`: the field in the page's language, or in the language it
    was written in while it has no translation (initiatives/translations.py)."""
    return translations.localised(item, field)


@register.filter
def marked(text):
    """A localised text (above) as HTML: when it falls back to another language, marked with
    that language and followed by a visible "(in English)", so that neither a reader nor a
    screen reader takes it for the page's language."""
    if not getattr(text, "is_fallback", False):
        return text
    return format_html(
        '<span lang="{}">{}</span> <span class="untranslated">({})</span>',
        text.language,
        text,
        in_language_name(text.language),
    )


@register.simple_tag
def untranslated_note(text) -> str:
    """For a long text shown in another language: a note saying so, in the page's language."""
    if not getattr(text, "is_fallback", False):
        return ""
    return format_html(
        '<p class="untranslated">{}</p>',
        _("Not translated yet: shown %(in_language)s.")
        % {"in_language": in_language_name(text.language)},
    )


def in_language_name(code: str) -> str:
    return _("in %(language)s") % {"language": get_language_info(code)["name_translated"]}


@register.filter
def own_name(code: str) -> str:
    """A language's name in that language ("Français"), as a reader looks for it."""
    try:
        return get_language_info(code)["name_local"].capitalize()
    except KeyError:
        return code
