"""Atom and RSS feeds: of any list or search of initiatives, of the news, of the manifestos.

An initiatives feed is the list for the same query string: the same `CatalogueQuery(data).run()`,
so its filters, their validation and the search's fallbacks (corrections, similarity) are the
list's own, and so is its cache. The most recently published first (the list's `sort=added`,
whatever the query string asks: a summary of 2019 published today is news to a follower), its
first FEED_SIZE. A filter the list refuses answers 400 with a plain message:
a feed reader shows the status, not a page. Only `published()` content reaches a feed.

Each entry's id is the initiative's permanent address (/i/<id>/), which a change of slug or
of language leaves alone, so a feed reader never shows a renamed summary as a new one.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse, QueryDict
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from initiatives.catalogue_query import CatalogueQuery
from initiatives.filters import NewsFilter
from initiatives.markdown import render_markdown
from initiatives.models import Manifesto, NewsItem
from initiatives.presentation import active_filter_chips
from initiatives.translations import localised
from initiatives.views.params import without_blank_values

FEED_SIZE = 50
PUBLISHER = "Efus"
# Which page of the list, and in what order: a feed has its own (the newest, first page).
NOT_FILTERS = ("page", "sort")


def feed_query(query: QueryDict) -> QueryDict:
    """The filters of a list's query string, as its feed's address carries them: without the
    empty values a form sends, the page and the order."""
    kept = without_blank_values(query)
    for name in NOT_FILTERS:
        kept.pop(name, None)
    return kept


def with_query(url: str, query: QueryDict) -> str:
    return f"{url}?{query.urlencode()}" if query else url


def feed_url(name: str, query: QueryDict) -> str:
    """The address of the feed `name` (a URL name) for a list's query string."""
    return with_query(reverse(name), feed_query(query))


def feed_links(namespace: str, query: QueryDict, refused: bool) -> dict | None:
    """The Atom and RSS addresses of a list's feed (`namespace`: initiatives or news); none for
    a list with a refused filter, whose feed would answer 400."""
    if refused:
        return None
    return {kind: feed_url(f"{namespace}:feed-{kind}", query) for kind in ("atom", "rss")}


class InvalidFilters(Exception):
    def __init__(self, form):
        super().__init__()
        self.form = form

    def response(self) -> HttpResponse:
        """400, with each refused filter and why, in plain text."""
        lines = [_("This feed cannot be made: a filter of its address is not valid.")]
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else name
            lines += [f"{label}: {error}" for error in errors]
        return HttpResponse(
            "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
        )


@dataclass(frozen=True)
class ListFeed:
    """A feed's subject: its items, what it is about, the list page it follows and its own
    address (with the query string)."""

    items: list
    about: list[str]
    page: str
    address: str


class CatalogueFeed(Feed):
    """What the catalogue's feeds share: Efus as author, the data licence, plain-text leads
    written as HTML (RSS descriptions and Atom summaries are HTML: a lead's "<" or "&" must
    reach the reader as text), and 400 for a refused filter."""

    author_name = PUBLISHER
    item_author_name = PUBLISHER

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidFilters as invalid:
            return invalid.response()

    def feed_url(self, feed):
        return feed.address if isinstance(feed, ListFeed) else None

    def feed_copyright(self):
        return f"{settings.DATA_LICENCE_NAME} ({settings.DATA_LICENCE_URL})"

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.lead)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)


class ListsFeed(CatalogueFeed):
    """A feed that follows a list (get_object returns a ListFeed): its page, its items."""

    def subtitle(self, feed):
        return self.description(feed)

    def link(self, feed):
        return feed.page

    def items(self, feed):
        return feed.items


class InitiativesFeed(ListsFeed):
    feed_type = Rss201rev2Feed

    def get_object(self, request):
        data = feed_query(request.GET)
        data["sort"] = "added"
        result = CatalogueQuery(data, per_page=FEED_SIZE).run()
        if result.has_errors:
            raise InvalidFilters(result.filterset.form)
        items = result.page.object_list
        for initiative in items:  # read from the cache: this request's own copies
            initiative.permalink = request.build_absolute_uri(
                reverse("short-url", args=[initiative.pk])
            )
        del data["sort"]
        return ListFeed(
            items=items,
            about=[chip["label"] for chip in active_filter_chips(result)],
            page=with_query(reverse("initiatives:list"), data),
            address=with_query(request.path, data),
        )

    def title(self, feed):
        title = _("Efus catalogue: initiatives")
        return f"{title} ({'; '.join(feed.about)})" if feed.about else title

    def description(self, feed):
        return _("The newest summaries of urban-security initiatives that match this search.")

    def item_guid(self, initiative):
        return initiative.permalink

    def item_categories(self, initiative):
        return [localised(theme, "name") for theme in initiative.theme_list]


class InitiativesAtomFeed(InitiativesFeed):
    feed_type = Atom1Feed


class NewsFeed(ListsFeed):
    """The news list for the same query string (theme, year, language, words), newest first."""

    feed_type = Rss201rev2Feed

    def get_object(self, request):
        data = feed_query(request.GET)
        filterset = NewsFilter(data, queryset=NewsItem.objects.published())
        if not filterset.is_valid():
            raise InvalidFilters(filterset.form)
        items = filterset.qs.order_by("-date", "-pk").prefetch_related("themes")[:FEED_SIZE]
        return ListFeed(
            items=list(items),
            about=[],
            page=with_query(reverse("news:list"), data),
            address=with_query(request.path, data),
        )

    def title(self, feed):
        return _("Efus catalogue: news")

    def description(self, feed):
        return _("News of the European Forum for Urban Security and its member cities.")

    def item_categories(self, item):
        return [localised(theme, "name") for theme in item.themes.all()]

    # Not its address, which a new slug changes (a reader would show it as new): its id.
    item_guid_is_permalink = False

    def item_guid(self, item):
        return f"tag:efus.eu,2026:news-item-{item.pk}"


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed


class ManifestoFeed(CatalogueFeed):
    """The yearly manifestos, latest first; each entry's summary is its introduction."""

    feed_type = Rss201rev2Feed

    def title(self):
        return _("Efus catalogue: manifestos")

    def description(self):
        return _("The yearly recommendations of the European Forum for Urban Security.")

    def subtitle(self):
        return self.description()

    def link(self):
        return reverse("manifesto:current")

    def items(self):
        published = Manifesto.objects.published().order_by("-year")
        return published.prefetch_related("recommendations__themes")[:FEED_SIZE]

    def item_title(self, manifesto):
        return localised(manifesto, "title")

    def item_description(self, manifesto):
        return render_markdown(localised(manifesto, "introduction"))

    def item_categories(self, manifesto):
        themes = {
            theme.pk: theme
            for recommendation in manifesto.recommendations.all()
            for theme in recommendation.themes.all()
        }
        return sorted(localised(theme, "name") for theme in themes.values())


class ManifestoAtomFeed(ManifestoFeed):
    feed_type = Atom1Feed
