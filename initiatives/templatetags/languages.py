"""The page in every interface language: the language switch and the hreflang alternates."""

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override

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
    for code, _ in settings.LANGUAGES:
        url = translate_url(here, code)
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
