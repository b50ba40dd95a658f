"""What a page says about itself to search engines, link previews and harvesters: its canonical
address, Open Graph and Twitter card tags (from its own title and description), and JSON-LD."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from initiatives.filters import InitiativeFilter, NewsFilter
from initiatives.templatetags.languages import absolute
from initiatives.views.params import without_blank_values

register = template.Library()

# Pages whose query string chooses what they list, and the parameters that do: their canonical
# address keeps these (a page beyond the first included), and drops the rest: the list's order,
# a newsletter's tracking parameters, anything a link added.
LIST_FILTERS = [*(name for name in InitiativeFilter.base_filters if name != "sort"), "page"]
LIST_PAGES = {
    "initiatives:list": LIST_FILTERS,
    "initiatives:theme": LIST_FILTERS,
    "initiatives:city": LIST_FILTERS,
    "initiatives:country": LIST_FILTERS,
    "initiatives:project": LIST_FILTERS,
    "news:list": [*NewsFilter.base_filters, "page"],
    "search": ["q", "synonyms"],
}
OPEN_GRAPH_LOCALES = {"en": "en_GB", "fr": "fr_FR"}


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # Rendered (and escaped) already: safe to write again as it is.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """`{% capture name %}…{% endcapture %}`: renders its content (blocks included) into the
    variable `name` instead of the page, so that a page's title block also fills its Open Graph
    title without every template writing it twice."""
    try:
        _tag, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("{% capture %} takes a variable name") from None
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, name)


def canonical_query(query: QueryDict, kept: list[str]) -> str:
    """The parameters `kept` of a list's query string, in a stable order, without empty values
    or `page=1`."""
    pairs = sorted(
        (name, value)
        for name, values in without_blank_values(query).lists()
        if name in kept
        for value in values
        if not (name == "page" and value == "1")
    )
    canonical = QueryDict(mutable=True)
    for name, value in pairs:
        canonical.appendlist(name, value)
    return canonical.urlencode()


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str | None:
    """The page's own address in its language: its path, and for a list its filters."""
    request = context["request"]
    match = request.resolver_match
    kept = LIST_PAGES.get(match.view_name, []) if match else []
    query = canonical_query(request.GET, kept) if kept else ""
    return absolute(request, f"{request.path}?{query}" if query else request.path)


@register.simple_tag
def data_licence() -> dict:
    """The licence of the catalogue's data (settings), for the footer."""
    return {"name": settings.DATA_LICENCE_NAME, "url": settings.DATA_LICENCE_URL}


@register.filter
def og_locale(language: str) -> str:
    return OPEN_GRAPH_LOCALES.get(language, language)


# As django.utils.html.json_script escapes: no "</script>", "<!--" or "]]>" from an editor's
# text can end the element early, and the JSON stays the same JSON.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data) -> str:
    """`{{ data|json_ld }}`: a <script type="application/ld+json"> data block.

    A data block is not code: browsers never run a script element of that type, so the
    Content-Security-Policy's `script-src 'self'` neither applies nor needs loosening
    (tests/test_security.py allows this type of inline script, and no other)."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),
    )
