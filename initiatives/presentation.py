"""Turning a CatalogueResult into what the list template shows: facet options and chips."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from initiatives.catalogue_query import CatalogueQuery
from initiatives.filters import FACETS
from initiatives.languages import Language
from initiatives.models import EvaluationType, Evaluator, FundingSource, Outcome
from initiatives.translations import localised_label

CHOICE_LABELS = {
    "funding": dict(FundingSource.choices),
    "evaluation": dict(EvaluationType.choices),
    "evaluator": dict(Evaluator.choices),
    "outcome": dict(Outcome.choices),
    "language": dict(Language.choices),
}
ALPHABETICAL = {"theme", "country", "city", "project"}
SHOWN = 6  # options of a long facet shown before "show more"
SINGLE_VALUE_LABELS = {
    "q": _("Search"),
    "year_from": _("From"),
    "year_to": _("To"),
    "started": _("Started in"),
    "budget_min": _("Budget from €"),
    "budget_max": _("Budget up to €"),
}


def option_label(facet: str, value: str, db_label: str | tuple = "") -> str:
    if facet == "country":
        return countries.name(value) or value
    if facet in CHOICE_LABELS:
        return str(CHOICE_LABELS[facet].get(value, value))
    return localised_label(db_label) or value


def selected_values(filterset, name: str) -> list[str]:
    """The values of a filter that passed validation, as they appear in the query string."""
    if name in filterset.form.errors:
        return []
    return filterset.data.getlist(name)


def facet_groups(result) -> list[dict]:
    filterset, counts = result.filterset, result.counts.options
    groups = []
    for facet in FACETS:
        chosen = selected_values(filterset, facet)
        options = {
            value: {
                "value": value,
                "label": option_label(facet, value, label),
                "count": n,
                "selected": value in chosen,
            }
            for value, (label, n) in counts[facet].items()
        }
        for value in chosen:
            if value not in options:
                options[value] = {
                    "value": value,
                    "label": option_label(facet, value),
                    "count": 0,
                    "selected": True,
                }
        ordered = list(options.values())
        if facet in ALPHABETICAL:
            ordered.sort(key=lambda option: option["label"].casefold())
        else:
            order = list(CHOICE_LABELS[facet])
            ordered.sort(key=lambda option: order.index(option["value"]))
        shown, more = split_long(ordered)
        groups.append(
            {
                "name": facet,
                "label": filterset.filters[facet].label,
                "options": ordered,
                "shown": shown,
                "more": more,
                "active": bool(chosen),
            }
        )
    return groups


def split_long(options: list[dict]) -> tuple[list[dict], list[dict]]:
    """A long list of options as (shown, more): the chosen options first, then the commonest,
    up to SHOWN; the rest, in the list's own order, behind "show more". Short lists are shown
    whole. An inner scroll box used to hide an active option on its own page."""
    if len(options) <= SHOWN + 2:  # hiding one or two would cost more than it saves
        return options, []
    chosen = [option for option in options if option["selected"]]
    commonest = sorted(
        (option for option in options if not option["selected"]),
        key=lambda option: -option["count"],
    )[: max(SHOWN - len(chosen), 0)]
    shown = chosen + commonest
    kept = {option["value"] for option in shown}
    return shown, [option for option in options if option["value"] not in kept]


def active_filter_chips(result) -> list[dict]:
    """One removable chip per active filter value; each links to the list without it."""
    filterset, counts = result.filterset, result.counts.options
    list_url = reverse("initiatives:list")
    data = filterset.data
    chips = []
    for name in filterset.filters:
        if name in ("sort", "synonyms"):  # how to search and order, not what to show
            continue
        for value in selected_values(filterset, name):
            remaining = data.copy()
            remaining.setlist(name, [v for v in data.getlist(name) if v != value])
            remaining.pop("page", None)
            if name in SINGLE_VALUE_LABELS:
                label = f"{SINGLE_VALUE_LABELS[name]}: {value}"
            else:
                db_label = counts.get(name, {}).get(value, ("", 0))[0]
                text = option_label(name, value, db_label)
                label = f"{filterset.filters[name].label}: {text}"
            query = remaining.urlencode()
            chips.append(
                {
                    "label": label,
                    "url": f"{list_url}?{query}" if query else list_url,
                    "without": remaining,
                }
            )
    return chips


def ways_out(chips: list[dict], limit: int = 6) -> list[dict]:
    """For a list with no result: each active filter's chip with the number of initiatives
    the list would show without it, those that give some first. Counted like the list (and
    cached with it); asked only when nothing matched."""
    counted = [{**chip, "count": CatalogueQuery(chip["without"]).total()} for chip in chips[:limit]]
    return sorted(counted, key=lambda chip: -chip["count"])
