"""The filters of every list the site shows, one FilterSet per list, declarations only.

The HTML pages, exports and any API use the same definitions, so a filter means the same thing
everywhere. Several values of one filter widen the result (OR); different filters narrow it
(AND). What a list request does with them (search fallbacks, facet counts, pages) is in
catalogue_query.py.
"""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field

from initiatives.languages import Language
from initiatives.models import (
    MAX_YEAR,
    MIN_YEAR,
    NEWEST_FIRST,
    City,
    EvaluationType,
    Evaluator,
    FundingSource,
    NewsItem,
    Outcome,
    Project,
    Theme,
)
from initiatives.search.text import MAX_QUERY_LENGTH, normalise_query


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
        return normalise_query(value)


class SearchFilter(django_filters.CharFilter):
    """Full-text search of the words as typed, through the model's QuerySet `search()`."""

    field_class = SearchField

    def filter(self, queryset, value):
        return queryset.search(value) if value else queryset


class FacetFilter:
    """A filter with counts beside its options: it tests a column of the initiative row.

    Facet counts group the rows by the same column (facets.py), and the filter tests it on the
    row without a join: the column is kept on the row by database triggers where needed.
    """

    def __init__(self, *args, lookup: str, **kwargs):
        self.lookup = lookup
        super().__init__(*args, **kwargs)

    def condition(self, values) -> Q:
        return Q(**{self.lookup: [getattr(value, "pk", value) for value in values]})

    def filter(self, queryset, values):
        return queryset.filter(self.condition(values)) if values else queryset


class FacetChoiceFilter(FacetFilter, django_filters.MultipleChoiceFilter):
    pass


# In the OpenAPI description: repeatable slugs (the filters' lookups name no model field).
SLUGS = {"type": "array", "items": {"type": "string"}}


@extend_schema_field(SLUGS)
class FacetModelFilter(FacetFilter, django_filters.ModelMultipleChoiceFilter):
    pass


class SortFilter(django_filters.ChoiceFilter):
    """Orders the list by one of `orders` (name → order_by arguments)."""

    def __init__(self, *args, orders: dict, **kwargs):
        self.orders = orders
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        return queryset.order_by(*self.orders[value]) if value else queryset


SORTS = {
    "relevance": ["-rank", *NEWEST_FIRST],
    "newest": list(NEWEST_FIRST),
    "oldest": [F("start_year").asc(), F("published_at").asc(), F("id").asc()],
    # Newest in the catalogue, whatever its years: what a feed's reader has not seen yet.
    "added": [F("published_at").desc(), F("id").desc()],
    "title": ["title", "pk"],
    "budget_asc": [F("budget_eur").asc(nulls_last=True), "title", "pk"],
    "budget_desc": [F("budget_eur").desc(nulls_last=True), "title", "pk"],
}


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
        # Relevance needs words to rank by. Without a (valid) choice, words sort by relevance
        # and a list without words newest first.
        searched = bool(cleaned.get("q"))
        chosen = cleaned.pop("sort", None)  # re-added last: the order applies after the rest
        if not chosen or (chosen == "relevance" and not searched):
            chosen = "relevance" if searched else "newest"
        cleaned["sort"] = chosen
        return cleaned


class InitiativeFilter(django_filters.FilterSet):
    """Filters of the initiative list, over the public catalogue (`published()`)."""

    q = SearchFilter(label=_("Search"))
    theme = FacetModelFilter(
        lookup="theme_ids__overlap",  # `&&`: shares any of the chosen themes
        label=_("Theme"),
        queryset=lambda request: Theme.objects.public(),
        to_field_name="slug",
    )
    country = extend_schema_field(SLUGS)(
        FacetChoiceFilter(lookup="country_codes__overlap", label=_("Country"), choices=countries)
    )
    city = FacetModelFilter(
        lookup="city_ids__overlap",
        label=_("City"),
        queryset=lambda request: City.objects.public(),
        to_field_name="slug",
    )
    project = FacetModelFilter(
        lookup="project_id__in",
        label=_("Project"),
        queryset=lambda request: Project.objects.public(),
        to_field_name="slug",
    )
    year_from = year_filter(_("From year"), "filter_year_from")
    year_to = year_filter(_("To year"), "filter_year_to")
    # The overview's chart of start years links to the initiatives that started in a year.
    started = IntegerFilter(
        label=_("Started in"), field_name="start_year", min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    budget_min = IntegerFilter(
        label=_("Minimum budget (€)"), field_name="budget_eur", lookup_expr="gte", min_value=0
    )
    budget_max = IntegerFilter(
        label=_("Maximum budget (€)"), field_name="budget_eur", lookup_expr="lte", min_value=0
    )
    funding = FacetChoiceFilter(
        lookup="funding_sources__overlap", label=_("Funding"), choices=FundingSource.choices
    )
    evaluation = FacetChoiceFilter(
        lookup="evaluation_type__in", label=_("Evaluation"), choices=EvaluationType.choices
    )
    evaluator = FacetChoiceFilter(
        lookup="evaluator__in", label=_("Evaluated by"), choices=Evaluator.choices
    )
    outcome = FacetChoiceFilter(lookup="outcome__in", label=_("Outcome"), choices=Outcome.choices)
    language = FacetChoiceFilter(
        lookup="language__in", label=_("Language"), choices=Language.choices
    )
    sort = SortFilter(
        label=_("Sort by"),
        orders=SORTS,
        empty_label=None,
        choices=[
            ("relevance", _("Relevance")),
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("added", _("Recently added")),
            ("title", _("Title (A–Z)")),
            ("budget_asc", _("Budget (lowest first)")),
            ("budget_desc", _("Budget (highest first)")),
        ],
    )

    # Not a filter: whether the words also search the glossary's other terms for them
    # (search/glossary.py); "off" searches the words as typed only.
    synonyms = django_filters.ChoiceFilter(
        label=_("Related terms"),
        choices=[("off", _("Search only the words as typed"))],
        method="searched_by_the_plan",
    )

    class Meta:
        form = InitiativeFilterForm

    def searched_by_the_plan(self, queryset, name, value):
        return queryset  # the search plan reads it (catalogue_query.planned)

    def filter_year_from(self, queryset, name, year):
        # An initiative counts for every year it ran; an open end year means it still runs.
        return queryset.filter(Q(end_year__gte=year) | Q(end_year__isnull=True))

    def filter_year_to(self, queryset, name, year):
        return queryset.filter(start_year__lte=year)


# The filters with counts beside their options, in the order the list shows them.
FACETS = [
    name for name, spec in InitiativeFilter.base_filters.items() if isinstance(spec, FacetFilter)
]


class NewsFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    theme = extend_schema_field(SLUGS)(
        django_filters.ModelMultipleChoiceFilter(
            label=_("Theme"),
            queryset=lambda request: Theme.objects.public(),
            to_field_name="slug",
            method="filter_themes",
        )
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

    def filter_themes(self, queryset, name, themes):
        if not themes:
            return queryset
        links = NewsItem.themes.through.objects.filter(theme__in=themes)
        return queryset.filter(pk__in=links.values("newsitem_id"))
