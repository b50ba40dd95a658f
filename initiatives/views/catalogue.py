"""The catalogue's pages: the initiative list, its theme, city, country and project pages, and
an initiative's summary document."""

from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView
from django_countries import countries

from initiatives import exports, summary_page
from initiatives.catalogue_query import CatalogueQuery
from initiatives.citations import Citation
from initiatives.feeds import feed_links
from initiatives.linked_data import initiative_report
from initiatives.models import City, Initiative, Project, Theme
from initiatives.overview import overview_of_result
from initiatives.presentation import active_filter_chips, facet_groups, ways_out
from initiatives.translations import Localised, localised
from initiatives.views.explore import overview_context
from initiatives.views.open_data import FormerSlugRedirect, citation_downloads
from initiatives.views.params import without_blank_values

# Offered when nothing matches: searches that find summaries in any catalogue.
EXAMPLE_SEARCHES = [
    gettext_lazy("drones"),
    gettext_lazy("video surveillance"),
    gettext_lazy("radicalisation"),
]


class InitiativeListView(TemplateView):
    """The list, its facets and chips, for the query string's filters.

    Invalid filter values are shown as form errors with a 400 status while the valid filters
    still apply, so a visitor never loses the rest of their list to one typo.
    """

    template_name = "initiatives/initiative_list.html"

    def filter_data(self):
        return without_blank_values(self.request.GET)

    def get(self, request, *args, **kwargs):
        scope = self.get_scope(**kwargs)
        try:
            result = CatalogueQuery(self.filter_data(), request.GET.get("page", 1)).run()
        except InvalidPage as error:
            raise Http404(_("There is no such page of results.")) from error
        chips = active_filter_chips(result)
        # The list's own criteria, a theme or city page's included, without the page.
        criteria = result.filterset.data.copy()
        criteria.pop("page", None)
        context = self.get_context_data(
            result=result,
            initiatives=result.page.object_list,
            page_obj=result.page,
            facets=facet_groups(result),
            chips=chips,
            ways_out=ways_out(chips) if result.total == 0 else [],
            example_searches=[str(words) for words in EXAMPLE_SEARCHES],
            xlsx_max_rows=exports.XLSX_MAX_ROWS,
            download_formats=list(exports.CONTENT_TYPES),
            download_max_rows=exports.STREAM_MAX_ROWS,
            download_query=f"?{criteria.urlencode()}" if criteria else "",
            scope=scope,
            feeds=feed_links("initiatives", self.filter_data(), refused=result.has_errors),
        )
        return self.render_to_response(context, status=400 if result.has_errors else 200)

    def get_scope(self):
        return None


class ScopedListView(InitiativeListView):
    """A theme, city, country or project page: a header, then the list filtered on it."""

    parameter = None  # the list filter the page sets

    def filter_data(self):
        data = super().filter_data()
        data.setlist(self.parameter, [self.scope_value])
        return data

    def get_context_data(self, **kwargs):
        # The compact overview: the evidence matrix of the page's initiatives, counted like
        # the list (and cached with the catalogue), with a link to the full overview.
        overview = overview_of_result(kwargs["result"])
        return super().get_context_data(**overview_context(overview), **kwargs)


class ThemeView(ScopedListView):
    parameter = "theme"

    def get_scope(self, slug):
        theme = get_object_or_404(Theme.objects.public(), slug=slug)
        self.scope_value = theme.slug
        return {
            "kind": _("Theme"),
            "title": localised(theme, "name"),
            "description": localised(theme, "description"),
        }


class CityView(ScopedListView):
    parameter = "city"

    def get_scope(self, slug):
        city = get_object_or_404(City.objects.public(), slug=slug)
        self.scope_value = city.slug
        return {"kind": _("City"), "title": city.name, "description": city.country.name}


class CountryView(ScopedListView):
    parameter = "country"

    def get_scope(self, code):
        code = code.upper()
        if code not in countries:
            raise Http404(_("Unknown country code."))
        self.scope_value = code
        return {"kind": _("Country"), "title": countries.name(code), "description": ""}


class ProjectView(ScopedListView):
    parameter = "project"

    def get_scope(self, slug):
        project = get_object_or_404(Project.objects.public(), slug=slug)
        self.scope_value = project.slug
        name = localised(project, "name")
        title = Localised(f"{project.acronym}: {name}", name.language, name.wanted)
        return {
            "kind": _("Project"),
            "title": title if project.acronym else name,
            "description": localised(project, "description"),
            "url": project.url,
        }


class InitiativeDetailView(FormerSlugRedirect, DetailView):
    template_name = "initiatives/initiative_detail.html"
    context_object_name = "initiative"
    # What visible() says, for the summary's own statement (summary_page.py), which does not
    # go through a queryset: PreviewMixin widens both.
    public_only = True

    def visible(self):
        return Initiative.objects.published()

    def get_object(self, queryset=None):
        key = "id" if "pk" in self.kwargs else "slug"
        value = self.kwargs["pk" if key == "id" else "slug"]
        initiative = summary_page.initiative_at(key, value, self.public_only)
        if initiative is None:
            raise Http404(_("No initiative is published at this address."))
        return initiative

    def get_context_data(self, **kwargs):
        initiative = self.object
        url = self.request.build_absolute_uri(initiative.get_absolute_url())
        around = summary_page.around(initiative)
        return super().get_context_data(
            og_type="article",
            report=initiative_report(initiative, self.request),
            citation=Citation.of(initiative, url),
            # Files of a public summary only: a preview's draft has no address to cite.
            citation_downloads=citation_downloads(initiative) if initiative.is_public else [],
            related=around.related,
            recommendations=around.recommendations,
            news=around.news,
            **kwargs,
        )
