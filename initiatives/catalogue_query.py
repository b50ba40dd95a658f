"""One list request, from its query string to the page it shows.

`CatalogueQuery(data, page).run()` validates the filters (filters.InitiativeFilter), decides how
the words are searched (search/plans.py), counts the facets and the result in one statement
(facets.py, or the cached whole-catalogue counts), orders the list and reads one page of cards.
The answer, a `CatalogueResult`, is immutable: the HTML list, theme and city pages, and later
exports, feeds and the API all start from it, so a filter behaves the same on every surface.

The costly parts (the search plan, the counts, the ids of a page) are cached under the
catalogue's version (catalogue_counts.CatalogueCache) and keyed by the validated criteria, so a
search asked again, by anyone, until the catalogue changes, costs the cards of one page. Exact
disjunctive counts over the 95,000 hits of a common word cost about 200 ms of PostgreSQL here
whatever the statement's shape (see facets.py); popular searches are asked again and again.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, Value, When
from django.http import QueryDict

from initiatives.catalogue_counts import CatalogueCache, fingerprint
from initiatives.facets import FacetCounts, count_facets, every_version_language
from initiatives.filters import FACETS, SORTS, InitiativeFilter
from initiatives.models import Initiative
from initiatives.search.plans import REFINED, SearchPlan, plan_search
from initiatives.translations import active_language

PAGE_SIZE = 20


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
    per_page: int = PAGE_SIZE  # a feed reads the first 50 (feeds.py)

    def every_row(self):
        """(filterset, number of rows, every row in the list's order): what a download of the
        list holds. The filterset carries the validation errors. By relevance, the best
        REFINED come first in the second stage's order, as on the list's first pages."""
        filterset, criteria, _cache, plan, counts = self.counted()
        rows = ordered(filterset, criteria, plan)
        if plan and filterset.form.cleaned_data["sort"] == "relevance":
            best = plan.most_relevant_ids(rows, 0, REFINED)
            first = Case(
                *(When(pk=pk, then=Value(position)) for position, pk in enumerate(best)),
                default=Value(len(best)),
            )
            rows = rows.order_by(first, *rows.query.order_by)
        return filterset, counts.total, rows

    def total(self) -> int:
        """How many initiatives the list would show (its counts, cached like the list's)."""
        *_rest, counts = self.counted()
        return counts.total

    def counted(self):
        filterset = InitiativeFilter(self.data, queryset=Initiative.objects.published())
        filterset.is_valid()  # an invalid value is reported on the form and left out
        criteria = active_criteria(filterset)
        cache = CatalogueCache()
        synonyms = filterset.form.cleaned_data.get("synonyms") != "off"
        plan = planned(criteria["q"], synonyms, cache) if "q" in criteria else None

        def counts_for(plan):
            key = f"counts:{fingerprint(criteria, plan)}"
            return cache.get_or_compute(key, lambda: counted(filterset, criteria, plan, cache))

        counts = counts_for(plan)
        if plan and counts.total == 0:
            # With no filter but the words, "nothing here" already means "nothing anywhere".
            alone = criteria.keys() == {"q"}
            fallback = cache.get_or_compute(
                f"plan:{fingerprint(plan.typed, alone, synonyms)}",
                lambda: plan_search(plan.typed, alone, expansions=plan.expansions),
            )
            if fallback != plan:
                plan, counts = fallback, counts_for(fallback)
        return filterset, criteria, cache, plan, counts

    def run(self) -> CatalogueResult:
        """Raises django.core.paginator.InvalidPage for a page that does not exist."""
        filterset, criteria, cache, plan, counts = self.counted()
        sort = filterset.form.cleaned_data["sort"]
        rows = ordered(filterset, criteria, plan)
        page = page_of(rows, counts.total, self.page, self.per_page)

        def ids_of_page():
            if plan and sort == "relevance":
                start = (page.number - 1) * self.per_page
                return plan.most_relevant_ids(rows, start, start + self.per_page)
            return list(page.object_list.values_list("pk", flat=True))

        ids = cache.get_or_compute(
            f"page:{fingerprint(criteria, plan, sort, page.number, self.per_page)}", ids_of_page
        )
        return CatalogueResult(
            filterset=filterset,
            plan=plan,
            sort=sort,
            counts=with_chosen_values(counts, criteria),
            page=with_cards(page, rows, ids, cache, plan),
        )


def ordered(filterset, criteria: dict, plan: SearchPlan | None):
    """Every row of the list, one per initiative, in the list's order."""
    sort = filterset.form.cleaned_data["sort"]
    rows = narrowed(filterset, criteria, excluding=("q",))
    if plan:
        rows = plan.apply(rows)
    return rows.one_per_initiative().order_by(
        *(plan.relevance() if sort == "relevance" else SORTS[sort])
    )


def planned(words: str, synonyms: bool, cache: CatalogueCache) -> SearchPlan:
    """How the words are searched first: as typed, and with the glossary's other terms for
    them unless `synonyms` is off (one lookup per query and version of the catalogue, whose
    version the glossary's changes advance)."""
    typed = SearchPlan.as_typed(words)
    if not synonyms:
        return typed
    return cache.get_or_compute(f"expanded:{fingerprint(typed.text)}", typed.expanded)


def active_criteria(filterset) -> dict:
    """The filters that passed validation and have a value; sorting and the search's options
    aside, which decide how the rows are searched and ordered, not which facets count."""
    return {
        name: value
        for name, value in filterset.form.cleaned_data.items()
        if name not in SEARCH_OPTIONS and is_set(value)
    }


SEARCH_OPTIONS = {"sort", "synonyms"}


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


def whole_catalogue_counts(cache: CatalogueCache) -> FacetCounts:
    """The same for every visitor: cached until the catalogue changes."""
    return cache.get_or_compute(
        "facets",
        lambda: count_facets(
            [
                (Initiative.objects.published().one_per_initiative(), FACETS),
                every_version_language(Initiative.objects.published()),
            ]
        ),
    )


def counted(filterset, criteria: dict, plan: SearchPlan | None, cache) -> FacetCounts:
    """The result's size and every facet's counts, disjunctive: a facet in use counts the rows
    of the same criteria without its own filter."""
    if not criteria:
        return whole_catalogue_counts(cache)

    def rows(criteria):
        return matching(filterset, criteria, plan)

    in_use = [facet for facet in FACETS if facet in criteria]
    parts = [(rows(criteria), [facet for facet in FACETS if facet not in in_use])]
    cached = []
    for facet in in_use:
        others = {name: value for name, value in criteria.items() if name != facet}
        if others:
            parts.append((rows(others), [facet]))
        else:
            # A theme, city, country or project page: that facet's own counts are the whole
            # catalogue's, cached.
            cached.append(facet)
    if "language" not in cached:
        others = {name: value for name, value in criteria.items() if name != "language"}
        parts.append(every_version_language(matching_versions(filterset, others, plan)))
    counts = count_facets(parts)
    return counts.merged(whole_catalogue_counts(cache).only(cached)) if cached else counts


def matching(filterset, criteria: dict, plan: SearchPlan | None):
    """The initiatives, one row each, that the criteria select (unordered): what a count
    counts, on the list and on the overview (overview.py)."""
    return matching_versions(filterset, criteria, plan).one_per_initiative()


def matching_versions(filterset, criteria: dict, plan: SearchPlan | None):
    """Every version (original or translation) that the criteria select."""
    found = narrowed(filterset, criteria, excluding=("q",))
    return plan.apply(found) if plan and "q" in criteria else found


def with_chosen_values(counts: FacetCounts, criteria: dict) -> FacetCounts:
    """Chosen values that no longer match anything still need their names (count 0)."""
    options = {facet: dict(values) for facet, values in counts.options.items()}
    for facet in ("theme", "city", "project"):
        for chosen in criteria.get(facet, ()):
            options[facet].setdefault(chosen.slug, (label_of(chosen), 0))
    return FacetCounts(counts.total, options)


def label_of(chosen) -> str | tuple[str, str]:
    """A chosen theme, city or project's label, as facets.py labels the values it counts."""
    if getattr(chosen, "acronym", None) is not None:
        return chosen.acronym
    french = getattr(chosen, "name_fr", "")
    return (chosen.name, french) if french else chosen.name


def page_of(rows, total: int, number, per_page: int = PAGE_SIZE) -> Page:
    """The page `number` of `rows`, counted already; raises InvalidPage if there is none."""
    paginator = Paginator(rows, per_page)
    paginator.count = total  # counted with the facets: no COUNT(*) of its own
    return paginator.page(number)


def with_cards(page: Page, rows, ids: list[int], cache: CatalogueCache, plan) -> Page:
    """The page's cards (cities, themes, project, snippet), read by id. Computed in the query
    that pages, the cards would be computed for every row an OFFSET skips too: page 4,000 of the
    catalogue took a second (83 ms this way)."""
    page.object_list = cards_of(rows, ids, cache, plan)
    return page


def cards_of(rows, ids: list[int], cache: CatalogueCache, plan) -> list:
    """The cards of the initiatives `ids`, in that order, cached with the catalogue: a search's
    snippets (ts_headline over three sections of each) cost 20-40 ms a page to compute."""

    def compute():
        cards = rows.with_list_relations().filter(pk__in=ids).in_bulk()
        return [cards[pk] for pk in ids if pk in cards]

    cards = cache.get_or_compute(f"cards:{fingerprint(tuple(ids), plan)}", compute)
    return in_visitors_language(cards, cache)


def in_visitors_language(cards: list, cache: CatalogueCache) -> list:
    """Each card in the page's language where the initiative has a public version in it
    (Initiative.with_versions): the list counted and paged one row per initiative, whichever
    version matched; the reader gets the one they read. The card then shows its lead, not
    the snippet of the version that matched."""
    language = active_language()
    swaps = {
        card.pk: version["id"]
        for card in cards
        if card.language != language
        for version in card.versions
        if version["language"] == language
    }
    if not swaps:
        return cards

    def compute():
        versions = Initiative.objects.published().with_list_relations()
        return versions.in_bulk(swaps.values())

    versions = cache.get_or_compute(f"versions:{fingerprint(tuple(swaps.values()))}", compute)
    return [versions.get(swaps.get(card.pk), card) for card in cards]
