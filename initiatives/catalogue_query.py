"""One list request, from its query string to the page it shows.

`CatalogueQuery(data, page).run()` validates the filters (filters.InitiativeFilter), decides how
the words are searched (search/plans.py), counts the facets and the result in one statement
(facets.py, or the cached whole-catalogue counts), orders the list and reads one page of cards.
The answer, a `CatalogueResult`, is immutable: the HTML list, theme and city pages, and later
exports, feeds and the API all start from it, so a filter behaves the same on every surface.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import QueryDict

from initiatives.catalogue_counts import cached_for_catalogue
from initiatives.facets import FacetCounts, count_facets
from initiatives.filters import FACETS, SORTS, InitiativeFilter
from initiatives.models import Initiative
from initiatives.search.plans import SearchPlan, plan_search

PAGE_SIZE = 20
# How each facet whose values are model instances names a chosen value.
CHOSEN_LABELS = {"theme": "name", "city": "name", "project": "acronym"}


@dataclass(frozen=True)
class CatalogueResult:
    filterset: InitiativeFilter  # bound and validated: its form holds the values and errors
    plan: SearchPlan | None  # how the words were searched; None without words
    sort: str
    counts: FacetCounts
    page: Page

    @property
    def total(self) -> int:
        return self.counts.total

    @property
    def query(self) -> str:
        return self.plan.typed if self.plan else ""

    @property
    def has_errors(self) -> bool:
        return bool(self.filterset.errors)


@dataclass(frozen=True)
class CatalogueQuery:
    data: QueryDict
    page: int | str = 1

    def run(self) -> CatalogueResult:
        """Raises django.core.paginator.InvalidPage for a page that does not exist."""
        filterset = InitiativeFilter(self.data, queryset=Initiative.objects.published())
        filterset.is_valid()  # an invalid value is reported on the form and left out
        criteria = active_criteria(filterset)
        plan = SearchPlan.as_typed(criteria["q"]) if "q" in criteria else None
        counts = counted(filterset, criteria, plan)
        if plan and counts.total == 0:
            # With no filter but the words, "nothing here" already means "nothing anywhere".
            fallback = plan_search(plan.typed, known_to_match_nothing=criteria.keys() == {"q"})
            if fallback != plan:
                plan, counts = fallback, counted(filterset, criteria, fallback)
        sort = filterset.form.cleaned_data["sort"]
        rows = narrowed(filterset, criteria, excluding=("q",))
        if plan:
            rows = plan.apply(rows)
        rows = rows.order_by(*(plan.relevance() if sort == "relevance" else SORTS[sort]))
        return CatalogueResult(
            filterset=filterset,
            plan=plan,
            sort=sort,
            counts=with_chosen_values(counts, criteria),
            page=page_of(rows, counts.total, self.page),
        )


def active_criteria(filterset) -> dict:
    """The filters that passed validation and have a value, sorting aside."""
    return {
        name: value
        for name, value in filterset.form.cleaned_data.items()
        if name != "sort" and is_set(value)
    }


def is_set(value) -> bool:
    """Whether a cleaned value asks for anything: 0 does; '', None and no choice do not (an
    unused multiple-choice filter cleans to an empty list or queryset)."""
    if value is None or value == "":
        return False
    return len(value) > 0 if hasattr(value, "__len__") else True


def narrowed(filterset, criteria: dict, excluding=()):
    """The public catalogue with the criteria's filters applied, but those in `excluding`."""
    queryset = filterset.queryset.all()
    for name, value in criteria.items():
        if name not in excluding:
            queryset = filterset.filters[name].filter(queryset, value)
    return queryset


def whole_catalogue_counts() -> FacetCounts:
    """The same for every visitor: cached until the catalogue changes."""
    return cached_for_catalogue(
        "facets", lambda: count_facets(Initiative.objects.published(), {}, FACETS)
    )


def counted(filterset, criteria: dict, plan: SearchPlan | None) -> FacetCounts:
    in_use = [facet for facet in FACETS if facet in criteria]
    others_in_use = [name for name in criteria if name not in FACETS]
    if not criteria:
        return whole_catalogue_counts()
    if len(in_use) == 1 and not others_in_use:
        # A theme, city, country or project page: that facet's own counts are the whole
        # catalogue's (cached), and the others count only the rows it selects.
        (facet,) = in_use
        others = [other for other in FACETS if other != facet]
        counts = count_facets(narrowed(filterset, criteria), {}, others)
        return counts.merged(whole_catalogue_counts().only([facet]))
    matches = narrowed(filterset, criteria, excluding=("q", *in_use))
    if plan:
        matches = plan.apply(matches)
    conditions = {facet: filterset.filters[facet].condition(criteria[facet]) for facet in in_use}
    return count_facets(matches, conditions, FACETS)


def with_chosen_values(counts: FacetCounts, criteria: dict) -> FacetCounts:
    """Chosen values that no longer match anything still need their names (count 0)."""
    options = {facet: dict(values) for facet, values in counts.options.items()}
    for facet, label in CHOSEN_LABELS.items():
        for chosen in criteria.get(facet, ()):
            options[facet].setdefault(chosen.slug, (getattr(chosen, label), 0))
    return FacetCounts(counts.total, options)


def page_of(rows, total: int, number) -> Page:
    """One page of cards: the page's ids first, then their cards (cities, themes, project,
    snippet). Computed in the query that pages, the cards would be computed for every row an
    OFFSET skips too: page 4,000 of the catalogue took a second (83 ms this way)."""
    paginator = Paginator(rows, PAGE_SIZE)
    paginator.count = total  # counted with the facets: no COUNT(*) of its own
    page = paginator.page(number)
    ids = list(page.object_list.values_list("pk", flat=True))
    cards = rows.with_list_relations().filter(pk__in=ids).in_bulk()
    page.object_list = [cards[pk] for pk in ids]
    return page
