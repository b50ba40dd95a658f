"""Search-as-you-type: themes, cities and titles that match what is being typed."""

from django.contrib.postgres.search import TrigramWordDistance
from django.db.models import Q, Value
from django.utils.translation import gettext as _

from initiatives.expressions import unaccented
from initiatives.models import City, Initiative, Theme
from initiatives.search.text import normalise_query
from initiatives.translations import localised

LIMIT = 8
# word_similarity() from which a title is worth suggesting.
TITLE_SIMILARITY = 0.5
# Enough to recognise anything; what is longer is cut, not refused, while someone types.
MAX_LENGTH = 100


def suggestion_text(typed: str) -> str:
    return normalise_query(typed)[:MAX_LENGTH]


def suggestions(typed: str) -> list[dict]:
    """Up to LIMIT {kind, label, url}: public themes and cities containing the text, then
    published titles."""
    text = suggestion_text(typed)
    if len(text) < 2:
        return []
    themes = (
        Theme.objects.public()
        .filter(Q(name__unaccent__icontains=text) | Q(name_fr__unaccent__icontains=text))
        .order_by("name")[:3]
    )
    cities = City.objects.public().filter(name__unaccent__icontains=text).order_by("name")[:3]
    found = [
        {"kind": _("Theme"), "label": localised(theme, "name"), "url": theme.get_absolute_url()}
        for theme in themes
    ] + [{"kind": _("City"), "label": city.name, "url": city.get_absolute_url()} for city in cities]
    found += [
        {"kind": _("Initiative"), "label": initiative.title, "url": initiative.get_absolute_url()}
        for initiative in nearest_titles(text, LIMIT - len(found))
    ]
    return found


def nearest_titles(text: str, limit: int):
    """Published titles nearest to the text first, straight from the title's GiST trigram
    index, which stops after a few; `%>` keeps the index scan to titles with a word that
    resembles the text at all. No second sort key: equally near titles (thousands, for a
    common word) would all have to be read to order them."""
    typed, title = unaccented(Value(text)), unaccented("title")
    return (
        Initiative.objects.published()
        .alias(plain_title=title, distance=TrigramWordDistance(typed, title))
        .filter(plain_title__trigram_word_similar=typed, distance__lte=1 - TITLE_SIMILARITY)
        .order_by("distance")
        .only("title", "slug")[:limit]
    )
