"""What the overview's template shows (overview.py counts it): the matrix, each chart's rows
and the cities of the map, every mark with its number, its label and the list it opens.

The tables built from these are the page without JavaScript; static/js/explore.js draws the
charts and the map from the same tables, so the pictures cannot say something the tables do
not.
"""

from django.utils.translation import gettext as _
from django_countries import countries

from initiatives.languages import Language
from initiatives.models import City, EvaluationType, Outcome
from initiatives.overview import BUDGET_BANDS
from initiatives.templatetags.catalogue import euros
from initiatives.translations import localised_label


def evidence_matrix(overview) -> dict:
    """Outcome (rows, strongest first) × evaluation type (columns, weakest first)."""
    counted = overview.crosses.options.get("evidence", {})
    rows = []
    for outcome in Outcome:
        cells = [
            {
                "count": counted.get(f"{outcome}:{evaluation}", ("", 0))[1],
                "url": overview.link(outcome=outcome, evaluation=evaluation),
                "label": f"{outcome.label}, {evaluation.label}",
            }
            for evaluation in EvaluationType
        ]
        rows.append(
            {
                "value": outcome.value,
                "label": outcome.label,
                "cells": cells,
                "total": sum(cell["count"] for cell in cells),
                "url": overview.link(outcome=outcome, evaluation=None),
            }
        )
    columns = [
        {
            "value": evaluation.value,
            "label": evaluation.label,
            "total": sum(row["cells"][index]["count"] for row in rows),
            "url": overview.link(evaluation=evaluation, outcome=None),
        }
        for index, evaluation in enumerate(EvaluationType)
    ]
    # Counted without the outcome and evaluation filters, as every cell: its link too.
    return {
        "columns": columns,
        "rows": rows,
        "total": sum(row["total"] for row in rows),
        "url": overview.link(outcome=None, evaluation=None),
    }


def started_by_outcome(overview) -> dict:
    """Start years (rows, oldest first) × outcome (the stacks)."""
    counted = overview.crosses.options.get("started", {})
    years = sorted({int(key.split(":")[0]) for key in counted})
    rows = []
    for year in years:
        cells = [
            {
                "count": counted.get(f"{year}:{outcome}", ("", 0))[1],
                "url": overview.link(started=year, outcome=outcome),
                "label": f"{year}, {outcome.label}",
            }
            for outcome in Outcome
        ]
        rows.append(
            {
                "label": str(year),
                "cells": cells,
                "total": sum(cell["count"] for cell in cells),
                "url": overview.link(started=year, outcome=None),
            }
        )
    series = [{"value": outcome.value, "label": outcome.label} for outcome in Outcome]
    return {"series": series, "rows": rows}


def by_theme(overview) -> list[dict]:
    counted = overview.counts.options.get("theme", {})
    bars = [
        {"label": localised_label(label), "count": count, "url": overview.link(theme=slug)}
        for slug, (label, count) in counted.items()
        if count
    ]
    return sorted(bars, key=lambda bar: (-bar["count"], bar["label"]))


def by_budget(overview) -> dict:
    """Every band from the lowest to the highest budget counted, empty ones included: the
    gaps are part of the distribution."""
    counted = overview.crosses.options.get("budget", {})
    found = [band for band in BUDGET_BANDS if counted.get(str(band), ("", 0))[1]]
    bars = [
        {
            "label": band_label(band),
            "count": counted.get(str(band), ("", 0))[1],
            "url": overview.link(budget_min=low or None, budget_max=high),
        }
        for band, (low, high) in BUDGET_BANDS.items()
        if found and found[0] <= band <= found[-1]
    ]
    # Counted with the bars (without the budget filters, which are the chart's own), not
    # taken from the list's total, which the budget filters narrow.
    return {"bars": bars, "unstated": counted.get("none", ("", 0))[1]}


def band_label(band: int) -> str:
    low, high = BUDGET_BANDS[band]
    if not low:
        return _("under %(amount)s") % {"amount": euros(high + 1)}
    if high is None:
        return _("%(amount)s or more") % {"amount": euros(low)}
    return _("%(low)s to %(high)s") % {"low": euros(low), "high": euros(high)}


def by_language(overview) -> list[dict]:
    counted = overview.counts.options.get("language", {})
    names = dict(Language.choices)
    return [
        {"label": str(names.get(code, code)), "count": count, "url": overview.link(language=code)}
        for code, (_label, count) in sorted(counted.items(), key=lambda item: -item[1][1])
        if count
    ]


def city_marks(overview) -> list[dict]:
    """The cities with initiatives, most first, with their coordinates where known (a city
    without them is listed, not placed on the map)."""
    counted = overview.counts.options.get("city", {})
    counted = {slug: count for slug, (_label, count) in counted.items() if count}
    places = (
        City.objects.public()
        .filter(slug__in=counted)
        .values_list("slug", "name", "country", "latitude", "longitude")
    )
    marks = [
        {
            "name": name,
            "country": countries.name(country) or country,
            "count": counted[slug],
            "url": overview.link(city=slug),
            "latitude": latitude,
            "longitude": longitude,
        }
        for slug, name, country, latitude, longitude in places
    ]
    return sorted(marks, key=lambda mark: (-mark["count"], mark["name"]))
