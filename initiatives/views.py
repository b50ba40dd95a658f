"""Public pages. Thin views: reads come from the models' public querysets and the FilterSets."""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.contrib.postgres.search import TrigramWordDistance
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Q, Value
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView
from django_countries import countries

from initiatives.expressions import Unaccented
from initiatives.facets import row_condition
from initiatives.filters import (
    PAGE_SIZE,
    InitiativeFilter,
    NewsFilter,
    SearchField,
    public_catalogue_counts,
)
from initiatives.models import (
    City,
    Initiative,
    Manifesto,
    NewsItem,
    Project,
    Recommendation,
    Theme,
)
from initiatives.presentation import active_filter_chips, facet_groups
from initiatives.search import (
    full_text_search,
    normalise_query,
    plan_search,
    search_recommendations,
)


def without_blank_values(query: QueryDict) -> QueryDict:
    """The query string minus empty values: an HTML form submits its empty fields too."""
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        kept = [value for value in values if value.strip()]
        if kept:
            cleaned.setlist(key, kept)
    return cleaned


class FilteredListView(ListView):
    """A paginated list driven by a FilterSet bound to the query string.

    Invalid filter values are shown as form errors with a 400 status while the valid filters
    still apply, so a visitor never loses the rest of their list to one typo.
    """

    filterset_class = None
    paginate_by = PAGE_SIZE

    def filter_data(self) -> QueryDict:
        return without_blank_values(self.request.GET)

    def get(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(
            self.filter_data(), queryset=self.base_queryset(), request=request
        )
        self.filterset.is_valid()
        self.object_list = self.filterset.qs
        context = self.get_context_data(filter=self.filterset)
        status = 400 if self.filterset.errors else 200
        return self.render_to_response(context, status=status)

    def base_queryset(self):
        raise NotImplementedError


class InitiativeListView(FilteredListView):
    filterset_class = InitiativeFilter
    template_name = "initiatives/initiative_list.html"
    context_object_name = "initiatives"
    scope = None  # (kind, object) on theme, city, country and project pages

    def base_queryset(self):
        return Initiative.objects.published()

    def paginate_queryset(self, queryset, page_size):
        """The page's initiatives first, then their cards (cities, themes, project, snippet).

        Computed in the query that pages, the cards would be computed for every row an OFFSET
        skips too: page 4,000 of the catalogue took a second.
        """
        paginator, page, _rows, is_paginated = super().paginate_queryset(queryset, page_size)
        ids = list(page.object_list.values_list("pk", flat=True))
        cards = queryset.with_list_relations().filter(pk__in=ids).in_bulk()
        page.object_list = [cards[pk] for pk in ids]
        return paginator, page, page.object_list, is_paginated

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = self.filterset.result_count  # counted with the facets
        return paginator

    def get_context_data(self, **kwargs):
        filterset = self.filterset
        # First: it counts the results for the paginator, and may switch a search that found
        # nothing to a typo correction, which changes the list itself.
        counts = filterset.facet_counts()
        self.object_list = filterset.qs
        context = super().get_context_data(**kwargs)
        context.update(
            facets=facet_groups(filterset, counts),
            chips=active_filter_chips(filterset, counts),
            query=filterset.query,
            sort=filterset.sort_key,
            scope=self.scope,
            result_count=context["paginator"].count,
            search_plan=filterset.search_plan if filterset.query else None,
        )
        return context


class ScopedInitiativeListView(InitiativeListView):
    """A theme, city, country or project page: a header, then the list filtered on it."""

    scope_parameter = None

    def get(self, request, *args, **kwargs):
        self.scope = self.get_scope(**kwargs)
        return super().get(request, *args, **kwargs)

    def filter_data(self):
        data = super().filter_data()
        data.setlist(self.scope_parameter, [self.scope_value])
        return data


class ThemeView(ScopedInitiativeListView):
    scope_parameter = "theme"

    def get_scope(self, slug):
        theme = get_object_or_404(Theme, slug=slug)
        self.scope_value = theme.slug
        return {"kind": _("Theme"), "title": theme.name, "description": theme.description}


class CityView(ScopedInitiativeListView):
    scope_parameter = "city"

    def get_scope(self, slug):
        city = get_object_or_404(City, slug=slug)
        self.scope_value = city.slug
        return {"kind": _("City"), "title": city.name, "description": city.country.name}


class CountryView(ScopedInitiativeListView):
    scope_parameter = "country"

    def get_scope(self, code):
        code = code.upper()
        if code not in countries:
            raise Http404(_("Unknown country code."))
        self.scope_value = code
        return {"kind": _("Country"), "title": countries.name(code), "description": ""}


class ProjectView(ScopedInitiativeListView):
    scope_parameter = "project"

    def get_scope(self, slug):
        project = get_object_or_404(Project, slug=slug)
        self.scope_value = project.slug
        title = f"{project.acronym}: {project.name}" if project.acronym else project.name
        return {
            "kind": _("Project"),
            "title": title,
            "description": project.description,
            "url": project.url,
        }


class InitiativeDetailView(DetailView):
    template_name = "initiatives/initiative_detail.html"
    context_object_name = "initiative"

    def visible(self):
        return Initiative.objects.published()

    def get_queryset(self):
        return self.visible().select_related("project").prefetch_related("cities", "themes")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.object
        context["related"] = related_initiatives(initiative)
        context["recommendations"] = (
            Recommendation.objects.filter(manifesto__in=Manifesto.objects.published())
            .filter(Q(initiatives=initiative) | Q(themes__in=initiative.themes.all()))
            .select_related("manifesto")
            .distinct()
            .order_by("-manifesto__year", "number")
        )
        return context


def related_initiatives(initiative, limit=5):
    """Published initiatives sharing themes, a city or the project, best matches first."""
    theme_ids = [theme.pk for theme in initiative.themes.all()]
    city_ids = [city.pk for city in initiative.cities.all()]
    same_project = Q(project_id=initiative.project_id) if initiative.project_id else Q(pk=None)
    return (
        Initiative.objects.published()
        .exclude(pk=initiative.pk)
        .annotate(
            shared_themes=Count("themes", filter=Q(themes__in=theme_ids), distinct=True),
            shared_cities=Count("cities", filter=Q(cities__in=city_ids), distinct=True),
            same_project=Count("pk", filter=same_project, distinct=True),
        )
        .filter(Q(shared_themes__gt=0) | Q(shared_cities__gt=0) | Q(same_project__gt=0))
        .order_by("-shared_cities", "-same_project", "-shared_themes", "-start_year", "pk")
        .select_related("project")[:limit]
    )


class NewsListView(FilteredListView):
    filterset_class = NewsFilter
    template_name = "news/news_list.html"
    context_object_name = "news_items"

    def base_queryset(self):
        return NewsItem.objects.published().prefetch_related("themes")


class NewsDetailView(DetailView):
    template_name = "news/news_detail.html"
    context_object_name = "item"

    def visible(self):
        return NewsItem.objects.published()

    def get_queryset(self):
        return self.visible().select_related("project").prefetch_related("themes")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related_initiatives"] = self.object.initiatives.published().order_by("title")
        return context


class ManifestoView(TemplateView):
    template_name = "manifesto/manifesto_detail.html"

    def get_context_data(self, year=None, **kwargs):
        context = super().get_context_data(**kwargs)
        manifestos = Manifesto.objects.published()
        if year is None:
            manifesto = manifestos.first()
            if manifesto is None:
                raise Http404(_("No manifesto has been published yet."))
        else:
            manifesto = get_object_or_404(manifestos, year=year)
        recommendations = list(
            manifesto.recommendations.prefetch_related("themes").order_by("number")
        )
        context.update(
            manifesto=manifesto,
            recommendations=recommendations,
            in_practice=initiatives_in_practice(recommendations),
            other_years=manifestos.exclude(pk=manifesto.pk).values_list("year", flat=True),
        )
        return context


def initiatives_in_practice(recommendations, per_recommendation=6):
    """{recommendation id: initiatives}: explicit links first, then initiatives sharing a theme,
    newest first (the list's "newest" order, which an index follows).

    One query for all recommendations of the manifesto. For each, a LATERAL subquery reads the
    initiatives in index order and stops after a few, so a theme shared by thousands of
    initiatives costs no more than a rare one.
    """
    ids = [recommendation.pk for recommendation in recommendations]
    public_sql, public_params = row_condition(Initiative.objects.published())
    explicit = Recommendation.initiatives.through._meta.db_table
    themed = Recommendation.themes.through._meta.db_table
    table = connection.ops.quote_name(Initiative._meta.db_table)
    newest = f"{table}.start_year DESC, {table}.published_at DESC, {table}.id"
    linked = f"SELECT initiative_id FROM {explicit} WHERE recommendation_id = r.id"
    statement = f"""
        SELECT r.id, i.slug, i.title
          FROM unnest(%s::bigint[]) AS r(id)
         CROSS JOIN LATERAL (
            (SELECT 0 AS tier, {table}.slug, {table}.title, {table}.start_year,
                    {table}.published_at, {table}.id
               FROM {table} WHERE {public_sql} AND {table}.id IN ({linked})
              ORDER BY {newest} LIMIT %s)
            UNION ALL
            (SELECT 1, {table}.slug, {table}.title, {table}.start_year,
                    {table}.published_at, {table}.id
               FROM {table} WHERE {public_sql} AND {table}.id NOT IN ({linked})
                AND {table}.theme_ids && ARRAY(
                    SELECT theme_id FROM {themed} WHERE recommendation_id = r.id)
              ORDER BY {newest} LIMIT %s)
            ORDER BY tier, start_year DESC, published_at DESC, id
            LIMIT %s) i"""
    params = [ids, *public_params, per_recommendation]
    params += [*public_params, per_recommendation, per_recommendation]
    found: dict[int, list] = {pk: [] for pk in ids}
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for recommendation, slug, title in cursor.fetchall():
            found[recommendation].append({"slug": slug, "title": title})
    return found


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public = Initiative.objects.published()
        counts, total = public_catalogue_counts()
        themes = list(Theme.objects.order_by("name"))
        for theme in themes:
            theme.count = counts["theme"].get(theme.slug, ("", 0))[1]
        context.update(
            themes=themes,
            latest_initiatives=public.with_list_relations().order_by("-published_at", "pk")[:6],
            latest_news=NewsItem.objects.published().order_by("-date", "pk")[:4],
            manifesto=Manifesto.objects.published().first(),
            total=total,
        )
        return context


class SearchForm(forms.Form):
    q = SearchField(label=_("Search"), required=False)


class SearchView(TemplateView):
    """One search box over initiatives, news and manifesto recommendations, grouped by kind."""

    template_name = "search.html"
    per_kind = 5

    def get(self, request, *args, **kwargs):
        form = SearchForm(without_blank_values(request.GET))
        context = self.get_context_data(form=form)
        if form.is_valid() and form.cleaned_data["q"]:
            context.update(self.results(form.cleaned_data["q"]))
        return self.render_to_response(context, status=400 if form.errors else 200)

    def results(self, query):
        plan = plan_search(query)
        initiatives = plan.apply(Initiative.objects.published()).order_by("-rank", "pk")
        news = full_text_search(NewsItem.objects.published(), plan.text, ("lead", "body")).order_by(
            "-rank", "-date"
        )
        recommendations = (
            search_recommendations(
                Recommendation.objects.filter(manifesto__in=Manifesto.objects.published()),
                plan.text,
            )
            .select_related("manifesto")
            .order_by("-rank", "number")
        )
        encoded = urlencode({"q": plan.text})
        return {
            "query": plan.text,
            "search_plan": plan,
            "groups": [
                {
                    "kind": "initiatives",
                    "label": _("Initiatives"),
                    "count": initiatives.count(),
                    "items": initiatives.with_list_relations()[: self.per_kind],
                    "all_url": f"{reverse('initiatives:list')}?{encoded}",
                },
                {
                    "kind": "news",
                    "label": _("News"),
                    "count": news.count(),
                    "items": news[: self.per_kind],
                    "all_url": f"{reverse('news:list')}?{encoded}",
                },
                {
                    "kind": "recommendations",
                    "label": _("Manifesto recommendations"),
                    "count": recommendations.count(),
                    "items": recommendations[: self.per_kind],
                    "all_url": None,
                },
            ],
        }


SUGGESTION_LIMIT = 8
# word_similarity() from which a title is worth suggesting.
TITLE_SIMILARITY = 0.5


def suggest(request):
    """Search-as-you-type: matching titles, themes and cities as JSON (progressive only)."""
    text = normalise_query(request.GET.get("q", ""))[:100]
    if len(text) < 2:
        return JsonResponse({"query": text, "suggestions": []})
    themes = Theme.objects.filter(name__unaccent__icontains=text).order_by("name")[:3]
    cities = City.objects.filter(name__unaccent__icontains=text).order_by("name")[:3]
    # Nearest titles first, straight from the title's GiST trigram index, which stops after a
    # few; `%>` keeps the index scan to titles with a word that resembles the text at all.
    # No second sort key: equally near titles (thousands, for a common word) would all have
    # to be read to order them.
    words, title = Unaccented(Value(text)), Unaccented("title")
    titles = (
        Initiative.objects.published()
        .alias(plain_title=title, distance=TrigramWordDistance(words, title))
        .filter(plain_title__trigram_word_similar=words, distance__lte=1 - TITLE_SIMILARITY)
        .order_by("distance")
        .only("title", "slug")[:SUGGESTION_LIMIT]
    )
    suggestions = [
        {"kind": _("Theme"), "label": theme.name, "url": theme.get_absolute_url()}
        for theme in themes
    ] + [
        {"kind": _("City"), "label": str(city.name), "url": city.get_absolute_url()}
        for city in cities
    ]
    suggestions += [
        {"kind": _("Initiative"), "label": item.title, "url": item.get_absolute_url()}
        for item in titles[: SUGGESTION_LIMIT - len(suggestions)]
    ]
    response = JsonResponse({"query": text, "suggestions": suggestions})
    response["Cache-Control"] = "public, max-age=60"
    return response


class PreviewMixin:
    """An item at any status, rendered exactly as its public page would be, for staff only.

    Visitors are sent to the admin login; staff without the model's view permission get a 403.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_active or not request.user.is_staff:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        model = self.visible().model
        if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def visible(self):
        return super().visible().model.objects.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"preview": self.object}

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
        return response


class InitiativePreviewView(PreviewMixin, InitiativeDetailView):
    pass


class NewsPreviewView(PreviewMixin, NewsDetailView):
    pass
