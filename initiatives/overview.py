"""The overview of a list (/explore/, and its compact version on theme, city, country and
project pages): the evidence matrix, the charts and the map, for the list's own filters.

Nothing here filters or counts on its own. The request goes through CatalogueQuery, as the list
does, so it is validated by the same FilterSet and counted by the same statement (facets.py):
- themes, cities and languages are the list's own facet counts, cached with the list's;
- the evidence matrix, start years by outcome and budgets by power of ten are cross-tabulations
  (facets.CROSS_COLUMNS), counted disjunctively like a facet: over the list's criteria without
  the filters on their own dimensions, in one statement, cached under the catalogue's version.

So every mark's number is the size of the list its link opens: the link is the list's criteria
with the mark's own dimensions set to the mark's values (`Overview.link`).
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.http import QueryDict
from django.urls import reverse

from initiatives.catalogue_counts import CatalogueCache, fingerprint
from initiatives.catalogue_query import CatalogueQuery, active_criteria, matching
from initiatives.facets import FacetCounts, count_facets
from initiatives.filters import InitiativeFilter

# Each cross-tabulation, and the filters on its own dimensions, which it does not apply.
CROSSES = {
    "evidence": ("outcome", "evaluation"),
    "started": ("started", "outcome"),
    "budget": ("budget_min", "budget_max"),
}

# Budgets by power of ten (a logarithmic scale): band -> (lowest, highest) in euros. The first
# band takes everything under €1,000 (a few hundred euros, or none spent), the last everything
# from €10 million. The bounds are the list's own budget filters, inclusive.
BUDGET_BANDS = {
    2: (0, 999),
    3: (1_000, 9_999),
    4: (10_000, 99_999),
    5: (100_000, 999_999),
    6: (1_000_000, 9_999_999),
    7: (10_000_000, None),
}
BUDGET_BAND = Case(
    *(
        When(budget_eur__lte=high, then=Value(band))
        for band, (_low, high) in BUDGET_BANDS.items()
        if high is not None
    ),
    When(budget_eur__isnull=False, then=Value(max(BUDGET_BANDS))),
    default=None,
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class Overview:
    filterset: InitiativeFilter  # bound and validated, as on the list
    counts: FacetCounts  # the list's: total, themes, cities, languages…
    crosses: FacetCounts  # evidence, started, budget (keys "a:b" for two dimensions)
    criteria: QueryDict  # the valid filters, as the list's query string has them

    @property
    def has_errors(self) -> bool:
        return bool(self.filterset.errors)

    @property
    def total(self) -> int:
        return self.counts.total

    def link(self, **values) -> str:
        """The list with these criteria, but `values` ({filter: value or None}) in place of
        the filters of the same names (None removes one)."""
        query = self.criteria.copy()
        for name, value in values.items():
            if value is None:
                query.pop(name, None)
            else:
                query.setlist(name, [str(value)])
        return url_of("initiatives:list", query)

    @property
    def list_url(self) -> str:
        return url_of("initiatives:list", self.criteria)

    @property
    def explore_url(self) -> str:
        return url_of("initiatives:explore", self.criteria)


def url_of(name: str, query: QueryDict) -> str:
    encoded = query.urlencode()
    return f"{reverse(name)}?{encoded}" if encoded else reverse(name)


def overview_of(data: QueryDict) -> Overview:
    return counted_overview(*CatalogueQuery(data).counted())


def overview_of_result(result) -> Overview:
    """The overview of a list page's own result, whose counts are counted already: computed
    again, uncached, they doubled a theme page's time at 100,000 initiatives (0.8 -> 2 s)."""
    filterset = result.filterset
    criteria = active_criteria(filterset)
    return counted_overview(filterset, criteria, CatalogueCache(), result.plan, result.counts)


def counted_overview(filterset, criteria: dict, cache, plan, counts: FacetCounts) -> Overview:
    crosses = cache.get_or_compute(
        f"overview:{fingerprint(criteria, plan)}",
        lambda: counted_crosses(filterset, criteria, plan),
    )
    return Overview(filterset, counts, crosses, valid_query(filterset, criteria))


def counted_crosses(filterset, criteria: dict, plan) -> FacetCounts:
    """Every cross-tabulation, in one statement: one part per set of criteria they apply."""
    parts = {}
    for cross, own in CROSSES.items():
        applied = {name: value for name, value in criteria.items() if name not in own}
        parts.setdefault(tuple(sorted(applied)), (applied, []))[1].append(cross)
    return count_facets(
        [
            (matching(filterset, applied, plan).annotate(budget_band=BUDGET_BAND), crosses)
            for applied, crosses in parts.values()
        ]
    )


def valid_query(filterset, criteria: dict) -> QueryDict:
    """The query string's filters that were counted: those that passed validation (a refused
    value would make every link open a list that refuses it too), with the search's option."""
    kept = QueryDict(mutable=True)
    for name, values in filterset.data.lists():  # in the visitor's order
        if (name in criteria or name == "synonyms") and name not in filterset.form.errors:
            kept.setlist(name, values)
    return kept
