"""The API's endpoints. Each list is the site's: the initiatives' list and its facet counts run
the HTML list's CatalogueQuery, news the HTML news list's NewsFilter, so a query string means
the same thing (and is refused for the same reasons) on every surface."""

from django.conf import settings
from django.core.paginator import InvalidPage
from django.urls import reverse
from django.utils.translation import override
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.reverse import reverse as api_reverse
from rest_framework.views import APIView

from initiatives.api import serializers as api
from initiatives.catalogue_counts import CatalogueCache
from initiatives.catalogue_query import PAGE_SIZE, CatalogueQuery, whole_catalogue_counts
from initiatives.filters import FACETS, InitiativeFilter, NewsFilter
from initiatives.models import City, Concept, Initiative, Manifesto, NewsItem, Project, Theme
from initiatives.presentation import option_label
from initiatives.views.params import without_blank_values


class Pages(PageNumberPagination):
    page_size = 100


def page_links(request, number: int, has_next: bool) -> dict:
    def at(page):
        query = request.GET.copy()
        query["page"] = page
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "next": at(number + 1) if has_next else None,
        "previous": at(number - 1) if number > 1 else None,
    }


def catalogue_result(request):
    """The HTML list's answer for this query string; a 400 for any invalid filter (the page
    shows the rest of the list beside the error; a program is better told plainly)."""
    try:
        result = CatalogueQuery(without_blank_values(request.GET), request.GET.get("page", 1)).run()
    except InvalidPage as error:
        raise NotFound(str(error)) from error
    if result.has_errors:
        raise ValidationError(result.filterset.errors.get_json_data())
    return result


class CataloguePages(PageNumberPagination):
    """The list page's pages (20 initiatives): described in the OpenAPI document; the pages
    themselves come from CatalogueQuery."""

    page_size = PAGE_SIZE


class InitiativeList(generics.GenericAPIView):
    """Public initiatives, 20 a page, filtered and ordered exactly as the list page
    /en/initiatives/ with the same query string (q, theme, country, city, project, year_from,
    year_to, budget_min, budget_max, funding, evaluation, evaluator, outcome, language, sort)."""

    queryset = Initiative.objects.published()
    # These document the filters and the pages in the OpenAPI description; CatalogueQuery
    # applies them, as on the list page.
    filter_backends = [DjangoFilterBackend]
    filterset_class = InitiativeFilter
    pagination_class = CataloguePages

    @extend_schema(
        operation_id="initiatives_list",
        responses={200: api.InitiativeSummarySerializer(many=True)},
    )
    def get(self, request):
        result = catalogue_result(request)
        page = result.page
        return Response(
            {
                "count": result.total,
                **page_links(request, page.number, page.has_next()),
                "results": api.InitiativeSummarySerializer(
                    page.object_list, many=True, context={"request": request}
                ).data,
            }
        )


class FacetOption(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    label_fr = serializers.CharField()
    count = serializers.IntegerField()


class InitiativeFacets(generics.GenericAPIView):
    """The counts beside the list's filters for this query string: for each facet, each value
    with the number of initiatives the list would show with the *other* filters applied."""

    queryset = Initiative.objects.published()
    filter_backends = [DjangoFilterBackend]
    filterset_class = InitiativeFilter

    @extend_schema(
        operation_id="initiatives_facets",
        responses={
            200: inline_serializer(
                "Facets",
                {
                    "count": serializers.IntegerField(),
                    "facets": serializers.DictField(
                        child=serializers.ListField(child=FacetOption())
                    ),
                },
            )
        },
    )
    def get(self, request):
        result = catalogue_result(request)
        facets = {}
        for facet in FACETS:
            options = []
            for value, (label, count) in result.counts.options.get(facet, {}).items():
                labels = {}
                for language in ("en", "fr"):
                    with override(language):
                        labels[language] = str(option_label(facet, value, label))
                options.append(
                    {
                        "value": value,
                        "label": labels["en"],
                        "label_fr": labels["fr"],
                        "count": count,
                    }
                )
            facets[facet] = sorted(options, key=lambda option: (-option["count"], option["value"]))
        return Response({"count": result.total, "facets": facets})


class InitiativeDetail(generics.RetrieveAPIView):
    """One public initiative, whole."""

    serializer_class = api.InitiativeSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Initiative.objects.published().with_page_relations().select_related("translation_of")


class VocabularyList(generics.ListAPIView):
    """A vocabulary in public use, with how many public initiatives use each."""

    pagination_class = Pages
    facet = ""

    def list(self, request, *args, **kwargs):
        counts = whole_catalogue_counts(CatalogueCache()).options.get(self.facet, {})
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        for item in page:
            item.initiative_count = counts.get(self.key(item), ("", 0))[1]
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def key(self, item) -> str:
        return item.slug


class ThemeList(VocabularyList):
    serializer_class = api.ThemeSerializer
    queryset = Theme.objects.public().order_by("slug")
    facet = "theme"


class CityList(VocabularyList):
    """Cities with their coordinates (where known)."""

    serializer_class = api.CitySerializer
    queryset = City.objects.public().order_by("slug")
    facet = "city"


class ProjectList(VocabularyList):
    serializer_class = api.ProjectSerializer
    queryset = Project.objects.public().order_by("slug")
    facet = "project"


class CountryList(APIView):
    """Countries of the public initiatives, named in English and French."""

    @extend_schema(responses={200: api.CountrySerializer(many=True)})
    def get(self, request):
        from django_countries import countries

        counts = whole_catalogue_counts(CatalogueCache()).options.get("country", {})
        rows = []
        for code, (_label, count) in sorted(counts.items()):
            names = {}
            for language in ("en", "fr"):
                with override(language):
                    names[language] = str(countries.name(code))
            rows.append(
                {"code": code, "name": names["en"], "name_fr": names["fr"], "initiatives": count}
            )
        return Response(api.CountrySerializer(rows, many=True).data)


class NewsList(generics.ListAPIView):
    """Public news, newest first, filtered as the news page (q, theme, year, language)."""

    serializer_class = api.NewsItemSerializer
    pagination_class = Pages
    filter_backends = [DjangoFilterBackend]
    filterset_class = NewsFilter

    def get_queryset(self):
        return (
            NewsItem.objects.published()
            .order_by("-date", "pk")
            .prefetch_related("themes", "initiatives")
        )


class NewsDetail(generics.RetrieveAPIView):
    serializer_class = api.NewsItemSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return NewsItem.objects.published().prefetch_related("themes", "initiatives")


class ManifestoList(generics.ListAPIView):
    """Published manifestos, newest first, each with its recommendations in order."""

    serializer_class = api.ManifestoSerializer
    pagination_class = Pages

    def get_queryset(self):
        return (
            Manifesto.objects.published()
            .order_by("-year")
            .prefetch_related("recommendations__themes", "recommendations__initiatives")
        )


class ManifestoDetail(ManifestoList, generics.RetrieveAPIView):
    lookup_field = "year"

    @extend_schema(operation_id="manifestos_retrieve")
    def get(self, request, *args, **kwargs):
        return self.retrieve(request, *args, **kwargs)


class ConceptList(generics.ListAPIView):
    """The glossary: each concept with its terms by language (a search for one term also
    searches the others)."""

    serializer_class = api.ConceptSerializer
    pagination_class = Pages
    queryset = Concept.objects.order_by("slug").prefetch_related("terms")


class Root(APIView):
    """What the API offers, its documentation and the data's licence."""

    @extend_schema(responses={200: OpenApiResponse(description="The endpoints, by name.")})
    def get(self, request):
        names = [
            "initiatives",
            "facets",
            "themes",
            "cities",
            "countries",
            "projects",
            "news",
            "manifestos",
            "glossary",
        ]
        endpoints = {name: api_reverse(f"api:{name}", request=request) for name in names}
        return Response(
            {
                "endpoints": endpoints,
                "openapi": api_reverse("api:openapi", request=request),
                "documentation": request.build_absolute_uri(reverse("api-docs")),
                "licence": {"name": settings.DATA_LICENCE_NAME, "url": settings.DATA_LICENCE_URL},
                "page_size": PAGE_SIZE,
            }
        )


class Unknown(APIView):
    """Any other address under /api/: a 404 in the API's error shape, not an HTML page."""

    @extend_schema(exclude=True)
    def get(self, request, path=""):
        raise NotFound()
