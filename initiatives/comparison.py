"""Initiatives side by side (/compare/?i=<slug>&i=<slug>…): the facts a meeting weighs, then the
five sections of the summary, one row each, so that a difference is read across one line.

Only public initiatives, through `published()`: a draft's slug is answered as an unknown one,
so the page says nothing of what is not public.
"""

from dataclasses import dataclass

from django.template.defaultfilters import date as format_date
from django.utils.translation import gettext as _
from django_countries import countries

from initiatives.models import Initiative
from initiatives.templatetags.catalogue import euros, number
from initiatives.views.params import InvalidParameter

MIN_COMPARED = 2
MAX_COMPARED = 4


@dataclass(frozen=True)
class Comparison:
    initiatives: list  # public initiatives, in the order they were asked for
    missing: list[str]  # slugs that name no public initiative

    def facts(self) -> list[dict]:
        """One row per fact: its label, each initiative's value, and whether they differ."""
        rows = [
            (_("Place"), place),
            (_("Years"), lambda item: item.years),
            (_("Budget"), lambda item: euros(item.budget_eur)),
            (_("Cost per person reached"), lambda item: euros(item.cost_per_person)),
            (_("People reached"), lambda item: number(item.people_reached)),
            (_("Funding"), lambda item: ", ".join(item.funding_labels())),
            (_("Results"), lambda item: "\n".join(item.result_list())),
            (_("Evaluation"), lambda item: item.get_evaluation_type_display()),
            (_("Evaluated by"), evaluator),
            (_("Outcome"), lambda item: item.get_outcome_display()),
            (_("Last reviewed"), lambda item: format_date(item.last_reviewed, "j F Y")),
        ]
        return [row_of(label, [value(item) for item in self.initiatives]) for label, value in rows]

    def sections(self) -> list[dict]:
        """The five sections, one row each, in the summaries' reading order."""
        columns = [item.sections() for item in self.initiatives]
        return [
            {
                "anchor": anchor,
                "label": label,
                "texts": [
                    (column[index][2], item)
                    for column, item in zip(columns, self.initiatives, strict=True)
                ],
            }
            for index, (anchor, label, _text) in enumerate(columns[0] if columns else [])
        ]


def row_of(label, values: list[str]) -> dict:
    values = [str(value) for value in values]
    return {"label": label, "values": values, "differs": len(set(values)) > 1}


def place(item) -> str:
    return "; ".join(
        f"{city.name} ({countries.name(city.country.code)})" for city in item.cities.all()
    )


def evaluator(item) -> str:
    if not item.evaluator:
        return ""
    if item.evaluation_year:
        return f"{item.get_evaluator_display()} ({item.evaluation_year})"
    return item.get_evaluator_display()


def compared(slugs: list[str]) -> Comparison:
    """The public initiatives of `slugs` (a slug asked twice is compared once); more than
    MAX_COMPARED slugs is refused with a message (a 400 page)."""
    slugs = [slug for slug in dict.fromkeys(slug.strip() for slug in slugs) if slug]
    if len(slugs) > MAX_COMPARED:
        raise InvalidParameter(
            _(
                "You asked to compare %(count)d initiatives: the comparison shows at most "
                "%(limit)d side by side. Remove some from the address and try again."
            )
            % {"count": len(slugs), "limit": MAX_COMPARED}
        )
    found = Initiative.objects.published().with_page_relations().in_bulk(slugs, field_name="slug")
    return Comparison(
        initiatives=[found[slug] for slug in slugs if slug in found],
        missing=[slug for slug in slugs if slug not in found],
    )
