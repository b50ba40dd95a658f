"""The home page: the search box, themes with their counts, what is new."""

from django.views.generic import TemplateView

from initiatives.catalogue_counts import CatalogueCache
from initiatives.catalogue_query import in_visitors_language, whole_catalogue_counts
from initiatives.linked_data import catalogue_dataset
from initiatives.models import Initiative, Manifesto, NewsItem, Theme
from initiatives.translations import localised


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        cache = CatalogueCache()
        counts = whole_catalogue_counts(cache)
        # The counts are of public initiatives: a theme without any is not shown.
        themes = [theme for theme in Theme.objects.all() if theme.slug in counts.options["theme"]]
        for theme in themes:
            theme.count = counts.options["theme"][theme.slug][1]
        themes.sort(key=lambda theme: localised(theme, "name").casefold())
        return super().get_context_data(
            dataset=catalogue_dataset(self.request, themes),
            themes=themes,
            total=counts.total,
            latest_initiatives=in_visitors_language(
                list(Initiative.objects.published().one_per_initiative().recently_published(6)),
                cache,
            ),
            latest_news=NewsItem.objects.published().recent(4),
            manifesto=Manifesto.objects.published().current(),
            **kwargs,
        )
