"""News and the manifesto."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from initiatives.catalogue_query import PAGE_SIZE
from initiatives.feeds import feed_links
from initiatives.filters import NewsFilter
from initiatives.models import Manifesto, NewsItem
from initiatives.views.open_data import FormerSlugRedirect
from initiatives.views.params import without_blank_values


class NewsListView(ListView):
    """News, newest first (best first with words), filtered by the query string.

    Invalid filter values answer 400 with the message beside the filter; the others apply.
    """

    template_name = "news/news_list.html"
    context_object_name = "news_items"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.filterset = NewsFilter(
            without_blank_values(request.GET), queryset=NewsItem.objects.published().for_list()
        )
        self.object_list = self.filterset.qs
        context = self.get_context_data(
            filter=self.filterset,
            feeds=feed_links("news", request.GET, refused=bool(self.filterset.errors)),
        )
        return self.render_to_response(context, status=400 if self.filterset.errors else 200)


class NewsDetailView(FormerSlugRedirect, DetailView):
    template_name = "news/news_detail.html"
    context_object_name = "item"

    def visible(self):
        return NewsItem.objects.published()

    def get_queryset(self):
        return self.visible().with_page_relations()

    def get_context_data(self, **kwargs):
        # Through the item's own relation, so that a revision's preview shows the proposed ones.
        related = self.object.initiatives.published().order_by("title")
        return super().get_context_data(related_initiatives=related, og_type="article", **kwargs)


class ManifestoView(TemplateView):
    """A year's manifesto (the latest by default): its recommendations, in order, each with the
    initiatives that put it into practice."""

    template_name = "manifesto/manifesto_detail.html"

    def get_context_data(self, year=None, **kwargs):
        manifestos = Manifesto.objects.published()
        if year is None:
            manifesto = manifestos.current()
            if manifesto is None:
                raise Http404(_("No manifesto has been published yet."))
        else:
            manifesto = get_object_or_404(manifestos, year=year)
        recommendations = manifesto.recommendations.in_order().with_initiatives_in_practice()
        return super().get_context_data(
            manifesto=manifesto,
            recommendations=recommendations,
            other_years=manifestos.years_other_than(manifesto),
            feeds={
                "atom": reverse("manifesto:feed-atom"),
                "rss": reverse("manifesto:feed-rss"),
            },
            **kwargs,
        )
