"""The filters of every list the site shows. One FilterSet per list: the HTML pages, exports and
any JSON use the same definitions, so a filter means the same thing everywhere.

Several values of one filter widen the result (OR); different filters narrow it (AND).
"""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from initiatives.catalogue_counts import cached_for_catalogue
from initiatives.facets import TOTAL, count_facets
from initiatives.languages import Language
from initiatives.models import (
    MAX_YEAR,
    MIN_YEAR,
    City,
    EvaluationType,
    Initiative,
    NewsItem,
    Outcome,
    Project,
    Theme,
)
from initiatives.search import (
    MAX_QUERY_LENGTH,
    SearchPlan,
    full_text_search,
    normalise_query,
    plan_search,
)

PAGE_SIZE = 20


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def year_filter(label, method):
    return IntegerFilter(label=label, method=method, min_value=MIN_YEAR, max_value=MAX_YEAR)


class SearchField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(**kwargs)
        self.error_messages["max_length"] = _(
            "Your search is too long: use at most %(limit_value)d characters (it has "
            "%(show_value)d)."
        )

    def clean(self, value):
        value = super().clean(value)
        if value and not normalise_query(value):
            raise forms.ValidationError(_("Type at least one letter or digit to search."))
        return value


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class InitiativeFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        for low, high, message in [
            ("year_from", "year_to", _("“From” year must not be after the “to” year.")),
            ("budget_min", "budget_max", _("Minimum budget must not exceed the maximum.")),
        ]:
            low_value, high_value = cleaned.get(low), cleaned.get(high)
            if low_value is not None and high_value is not None and low_value > high_value:
                self.add_error(high, message)  # drops the high bound from cleaned_data
                del cleaned[low]  # an inverted range means neither bound is trusted
        return cleaned


SORTS = {
    "relevance": ["-rank", "-start_year", "pk"],
    "newest": ["-start_year", "-published_at", "pk"],
    "oldest": ["start_year", "published_at", "pk"],
    "title": ["title", "pk"],
    "budget_asc": [F("budget_eur").asc(nulls_last=True), "title", "pk"],
    "budget_desc": [F("budget_eur").desc(nulls_last=True), "title", "pk"],
}


class InitiativeFilter(django_filters.FilterSet):
    """Filters of the initiative list; facet counts are computed from the same definitions.

    Its queryset is the public catalogue, `Initiative.objects.published()`: without any filter,
    the counts are those of the whole catalogue, cached (catalogue_counts.py).
    """

    q = SearchFilter(label=_("Search"), method="filter_search")
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_themes",
    )
    country = django_filters.MultipleChoiceFilter(
        label=_("Country"), choices=countries, method="filter_countries", distinct=False
    )
    city = django_filters.ModelMultipleChoiceFilter(
        label=_("City"),
        queryset=City.objects.all(),
        to_field_name="slug",
        method="filter_cities",
    )
    project = django_filters.ModelMultipleChoiceFilter(
        label=_("Project"),
        queryset=Project.objects.all(),
        to_field_name="slug",
        method="filter_projects",
    )
    year_from = year_filter(_("From year"), "filter_year_from")
    year_to = year_filter(_("To year"), "filter_year_to")
    budget_min = IntegerFilter(
        label=_("Minimum budget (€)"), field_name="budget_eur", lookup_expr="gte", min_value=0
    )
    budget_max = IntegerFilter(
        label=_("Maximum budget (€)"), field_name="budget_eur", lookup_expr="lte", min_value=0
    )
    evaluation = django_filters.MultipleChoiceFilter(
        label=_("Evaluation"),
        choices=EvaluationType.choices,
        field_name="evaluation_type",
        distinct=False,
    )
    outcome = django_filters.MultipleChoiceFilter(
        label=_("Outcome"), choices=Outcome.choices, field_name="outcome", distinct=False
    )
    language = django_filters.MultipleChoiceFilter(
        label=_("Language"), choices=Language.choices, field_name="language", distinct=False
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="filter_sort",
        empty_label=None,
        choices=[
            ("relevance", _("Relevance")),
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("title", _("Title (A–Z)")),
            ("budget_asc", _("Budget (lowest first)")),
            ("budget_desc", _("Budget (highest first)")),
        ],
    )

    # Filters that show counts beside their options, and how to count them.
    FACETS = ["theme", "country", "city", "project", "evaluation", "outcome", "language"]

    class Meta:
        model = Initiative
        fields = []
        form = InitiativeFilterForm

    def filter_search(self, queryset, name, value):
        return self.search_plan.apply(queryset) if value else queryset

    @cached_property
    def search_plan(self) -> SearchPlan:
        """The words as typed, at first; facet_counts() switches to a typo plan when needed.

        Whether the words match anything is only worth asking when the list comes back empty,
        which saves a query on every search that finds something.
        """
        text = normalise_query(self.query)
        return SearchPlan(text, typed=text)

    # Themes, cities and countries are read from arrays on the initiative row (kept by database
    # triggers), so these filters need no join; `&&` means "shares any of".
    def filter_themes(self, queryset, name, themes):
        return (
            queryset.filter(theme_ids__overlap=[theme.pk for theme in themes])
            if themes
            else queryset
        )

    def filter_cities(self, queryset, name, cities):
        return (
            queryset.filter(city_ids__overlap=[city.pk for city in cities]) if cities else queryset
        )

    def filter_countries(self, queryset, name, codes):
        return queryset.filter(country_codes__overlap=list(codes)) if codes else queryset

    def filter_projects(self, queryset, name, projects):
        return (
            queryset.filter(project_id__in=[project.pk for project in projects])
            if projects
            else queryset
        )

    def filter_year_from(self, queryset, name, year):
        # An initiative counts for every year it ran; an open end year means it still runs.
        return queryset.filter(Q(end_year__gte=year) | Q(end_year__isnull=True))

    def filter_year_to(self, queryset, name, year):
        return queryset.filter(start_year__lte=year)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in ordered(), once we know whether there is a query

    @property
    def query(self) -> str:
        return self.form.cleaned_data.get("q") or "" if self.is_bound else ""

    @property
    def sort_key(self) -> str:
        chosen = self.form.cleaned_data.get("sort") if self.is_bound else None
        if chosen == "relevance" and not self.query:
            chosen = None
        return chosen or ("relevance" if self.query else "newest")

    @property
    def qs(self):
        """The filtered list, in the requested order, with every *valid* filter applied.

        An invalid value is reported on the form and ignored, so the rest of the list stays.
        """
        if not hasattr(self, "_qs"):
            queryset = (
                self.filter_queryset(self.queryset.all())
                if self.is_bound
                else (self.queryset.all())
            )
            self._qs = queryset.order_by(*SORTS[self.sort_key])
        return self._qs

    def filtered_except(self, *excluded: str):
        queryset = self.queryset.all()
        if not self.is_bound:
            return queryset
        for name, value in self.form.cleaned_data.items():
            if name not in excluded and name != "sort":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facet_counts(self) -> dict[str, dict[str, tuple[str, int]]]:
        """For each facet, {value: (label, count)} with the *other* active filters applied.

        Also sets `result_count`, the size of the filtered list, measured in the same query.
        When a search finds nothing, the typo fallbacks are tried (see search.plan_search) and,
        if one applies, `search_plan` and `qs` change to it: call this before using `qs`.
        """
        counts = self._count_facets()
        if self.result_count == 0 and self.search_plan.text:
            # With no filter but the search, "nothing found" is already the whole answer.
            only_searched = not any(
                value for name, value in self.form.cleaned_data.items() if name not in ("q", "sort")
            )
            decided = plan_search(self.query, known_to_match_nothing=only_searched)
            if decided != self.search_plan:
                self.search_plan = decided
                self.__dict__.pop("_qs", None)
                counts = self._count_facets()
        return counts

    def _whole_catalogue_facets(self):
        """The same for every visitor: cached until the catalogue changes."""
        return cached_for_catalogue(
            "facets", lambda: count_facets(self.queryset.all(), {}, self.FACETS)
        )

    def _count_facets(self) -> dict[str, dict[str, tuple[str, int]]]:
        cleaned = self.form.cleaned_data if self.is_bound else {}
        in_use = [facet for facet in self.FACETS if cleaned.get(facet)]
        others_in_use = [
            name
            for name, value in cleaned.items()
            if value and name not in self.FACETS and name != "sort"
        ]
        if not in_use and not others_in_use:
            rows = self._whole_catalogue_facets()
        elif len(in_use) == 1 and not others_in_use:
            # A theme, city, country or project page: that facet's own counts are the whole
            # catalogue's (cached), and the others count only the rows it selects.
            (facet,) = in_use
            whole = [row for row in self._whole_catalogue_facets() if row[0] == facet]
            others = [other for other in self.FACETS if other != facet]
            rows = count_facets(self.filtered_except(), {}, others) + whole
        else:
            narrowed_by = {
                facet: self.filters[facet].filter(Initiative.objects.all(), cleaned[facet])
                for facet in in_use
            }
            rows = count_facets(self.filtered_except(*in_use), narrowed_by, self.FACETS)
        counts: dict[str, dict[str, tuple[str, int]]] = {facet: {} for facet in self.FACETS}
        for facet, key, label, n in rows:
            if facet == TOTAL:
                self.result_count = n
            else:
                counts[facet][key] = (label, n)
        # Chosen values that no longer match anything still need their names (count 0).
        for facet, label in [("theme", "name"), ("city", "name"), ("project", "acronym")]:
            for chosen in cleaned.get(facet) or ():
                counts[facet].setdefault(chosen.slug, (getattr(chosen, label), 0))
        return counts


def public_catalogue_counts() -> tuple[dict[str, dict[str, tuple[str, int]]], int]:
    """Facet counts of the whole public catalogue, and its size (cached, like the list's)."""
    filterset = InitiativeFilter({}, queryset=Initiative.objects.published())
    filterset.is_valid()
    return filterset.facet_counts(), filterset.result_count


class NewsFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), method="filter_search")
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_themes",
    )
    year = IntegerFilter(
        label=_("Year"),
        field_name="date",
        lookup_expr="year",
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
    )
    language = django_filters.MultipleChoiceFilter(
        label=_("Language"), choices=Language.choices, field_name="language", distinct=False
    )

    class Meta:
        model = NewsItem
        fields = []

    def filter_search(self, queryset, name, value):
        text = normalise_query(value)
        return full_text_search(queryset, text, ("lead", "body")) if text else queryset

    def filter_themes(self, queryset, name, themes):
        if not themes:
            return queryset
        links = NewsItem.themes.through.objects.filter(theme__in=themes)
        return queryset.filter(pk__in=links.values("newsitem_id"))

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            queryset = (
                self.filter_queryset(self.queryset.all())
                if self.is_bound
                else (self.queryset.all())
            )
            searched = self.is_bound and self.form.cleaned_data.get("q")
            order = ["-rank", "-date", "-pk"] if searched else ["-date", "-pk"]
            self._qs = queryset.order_by(*order)
        return self._qs
