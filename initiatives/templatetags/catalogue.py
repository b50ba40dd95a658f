from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext
from django_countries import countries

from initiatives.markdown import render_markdown
from initiatives.models.limits import WEB_SCHEMES
from initiatives.search.fulltext import MARK_START, MARK_STOP

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def highlight(headline):
    """A search headline, escaped, with its matched words in <mark>; an excerpt that starts
    or stops inside a sentence says so with an ellipsis, so that it reads as an excerpt."""
    text = (headline or "").strip()
    if not text:
        return ""
    bare = text.replace(MARK_START, "").replace(MARK_STOP, "")
    if bare[:1].islower():
        text = f"… {text}"
    if bare[-1:] not in ".!?…":
        text = f"{text.rstrip(';,:')} …"
    escaped = escape(text)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


@register.filter
def euros(amount):
    """A whole number of euros as the interface's language writes it: "€1,200,000" in English,
    "1 200 000 €" in French (grouping from the language's formats, the sign's place from the
    message catalogue)."""
    if amount is None:
        return ""
    written = pgettext("an amount in euros", "€{amount}")
    return format_html(written, amount=floatformat(amount, "0g"))


@register.filter
def number(value):
    """A whole number grouped as the interface's language writes it (12,500 / 12 500)."""
    return "" if value is None else floatformat(value, "0g")


@register.filter
def words_of_path(path):
    """The words of an address's last part (`/en/initiatives/drone-pilot-liege/` -> "drone pilot
    liege"): what the visitor of a page that does not exist was probably looking for."""
    parts = [part for part in (path or "").split("/") if part]
    last = parts[-1] if parts else ""
    words = last.replace("-", " ").replace("_", " ").split()
    return " ".join(word for word in words if not word.isdigit())[:100]


@register.filter
def country_name(code):
    return countries.name(code) or code


@register.filter
def web_link(url):
    """The stored link if it is a web (http or https) address, else "": the models refuse other
    schemes, and a page never makes a live link of anything else, whatever its origin."""
    scheme, _, rest = (url or "").strip().partition("://")
    return url.strip() if scheme.lower() in WEB_SCHEMES and rest else ""
