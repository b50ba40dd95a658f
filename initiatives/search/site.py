"""One search over every kind of content: initiatives, news and manifesto recommendations."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from initiatives.catalogue_counts import CatalogueCache, fingerprint
from initiatives.catalogue_query import cards_of, planned
from initiatives.models import Initiative, NewsItem, Recommendation
from initiatives.search.plans import REFINED, SearchPlan, plan_search


@dataclass(frozen=True)
class ResultGroup:
    kind: str
    label: str
    count: int
    items: list
    all_url: str | None  # the kind's own list, with the same words and its filters


@dataclass(frozen=True)
class SiteSearch:
    plan: SearchPlan
    groups: tuple[ResultGroup, ...]


def search_everything(query: str, per_kind: int = 5, synonyms: bool = True) -> SiteSearch:
    """The best `per_kind` of each kind and how many there are; typo fallbacks for initiatives,
    whose corrected words then search news and recommendations too.

    One statement per kind finds the matches, counts them (a window over the whole result)
    and keeps the best: counting first and ranking after ran each search twice (430-650 ms
    for a common word at 100,000 initiatives). The initiatives' answer is cached under the
    catalogue's version, as the list's is.
    """
    cache = CatalogueCache()
    plan = planned(query, synonyms, cache)
    found = best_initiatives(cache, plan)
    if found[0] == 0:
        fallback = cache.get_or_compute(
            f"plan:{fingerprint(plan.typed, True, synonyms)}",
            lambda: plan_search(plan.typed, True, expansions=plan.expansions),
        )
        if fallback != plan:
            plan, found = fallback, best_initiatives(cache, fallback)
    total, ids = found
    cards = cards_of(plan.apply(Initiative.objects.published()), ids[:per_kind], cache, plan)
    news = counted_best(NewsItem.objects.published().search(plan.text, plan.expansions), per_kind)
    recommendations = counted_best(
        Recommendation.objects.published().search(plan.text, plan.expansions), per_kind
    )
    words = urlencode({"q": plan.text})
    groups = (
        ResultGroup(
            "initiatives",
            _("Initiatives"),
            total,
            cards,
            f"{reverse('initiatives:list')}?{words}",
        ),
        ResultGroup("news", _("News"), *news, f"{reverse('news:list')}?{words}"),
        ResultGroup("recommendations", _("Manifesto recommendations"), *recommendations, None),
    )
    return SiteSearch(plan=plan, groups=groups)


def best_initiatives(cache: CatalogueCache, plan: SearchPlan) -> tuple[int, list[int]]:
    """(how many public initiatives the plan finds, the ids of the best, most relevant first):
    the first stage of the ranking counts and keeps its best in one statement, the second
    orders those few (SearchPlan.most_relevant_ids)."""

    def compute():
        rows = plan.apply(Initiative.objects.published()).one_per_initiative()
        first = list(
            rows.order_by(*plan.relevance())
            .annotate(total=Window(Count("pk")))
            .values_list("pk", "total")[:REFINED]
        )
        total = first[0][1] if first else 0
        return total, plan.refined(rows, [pk for pk, _total in first])

    return cache.get_or_compute(f"site-search:{fingerprint(plan)}", compute)


def counted_best(results, limit: int) -> tuple[int, list]:
    """(how many results, the first `limit`) in one statement."""
    best = list(results.annotate(total=Window(Count("pk")))[:limit])
    return (best[0].total if best else 0), best
