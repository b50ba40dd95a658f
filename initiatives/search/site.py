"""One search over every kind of content: initiatives, news and manifesto recommendations."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, NewsItem, Recommendation
from initiatives.search.plans import SearchPlan, plan_search


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


def search_everything(query: str, per_kind: int = 5) -> SiteSearch:
    """The best `per_kind` of each kind and how many there are; typo fallbacks for initiatives,
    whose corrected words then search news and recommendations too."""
    plan = plan_search(query)
    initiatives = plan.apply(Initiative.objects.published()).order_by(*plan.relevance())
    news = NewsItem.objects.published().search(plan.text)
    recommendations = Recommendation.objects.published().search(plan.text)
    words = urlencode({"q": plan.text})
    groups = (
        ResultGroup(
            "initiatives",
            _("Initiatives"),
            initiatives.count(),
            list(initiatives.with_list_relations()[:per_kind]),
            f"{reverse('initiatives:list')}?{words}",
        ),
        ResultGroup(
            "news",
            _("News"),
            news.count(),
            list(news[:per_kind]),
            f"{reverse('news:list')}?{words}",
        ),
        ResultGroup(
            "recommendations",
            _("Manifesto recommendations"),
            recommendations.count(),
            list(recommendations[:per_kind]),
            None,
        ),
    )
    return SiteSearch(plan=plan, groups=groups)
