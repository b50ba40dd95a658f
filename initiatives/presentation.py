"""Turning a CatalogueResult into what the list template shows: facet options and chips."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from initiatives.filters import FACETS
from initiatives.languages import Language
from initiatives.models import EvaluationType, Outcome
from initiatives.translations import localised_label

CHOICE_LABELS = {
    "evaluation": dict(EvaluationType.choices),
    "outcome": dict(Outcome.choices),
    "language": dict(Language.choices),
}
ALPHABETICAL = {"theme", "country", "city", "project"}
SINGLE_VALUE_LABELS = {
    "q": _("Search"),
    "year_from": _("From"),
    "year_to": _("To"),
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
        groups.append(
            {
                "name": facet,
                "label": filterset.filters[facet].label,
                "options": ordered,
                "active": bool(chosen),
            }
        )
    return groups


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
            chips.append({"label": label, "url": f"{list_url}?{query}" if query else list_url})
    return chips
