"""What a summary says about its evidence: who evaluated it, who paid, and what it achieved.

The rating scale itself (evaluation types and outcomes) is defined for readers on the
methodology page (templates/pages/evidence.html); the choices here are its vocabulary.
"""

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# Results: one to three measurable results, one per line, each short enough for a card.
MAX_RESULTS = 3
RESULT_MAX_CHARS = 160
RESULTS_MAX_CHARS = MAX_RESULTS * (RESULT_MAX_CHARS + 1)
LESSONS_MAX_CHARS = 4_000


class EvaluationType(models.TextChoices):
    NONE = "none", _("Not evaluated")
    INTERNAL = "internal", _("Internal evaluation")
    EXTERNAL = "external", _("External evaluation")
    EXPERIMENTAL = "experimental", _("Experimental or quasi-experimental")


class Outcome(models.TextChoices):
    EFFECTIVE = "effective", _("Effective")
    PROMISING = "promising", _("Promising")
    MIXED = "mixed", _("Mixed results")
    NO_EFFECT = "no_effect", _("No effect")
    TOO_EARLY = "too_early", _("Too early to tell")


class Evaluator(models.TextChoices):
    INTERNAL = "internal", _("The initiative's own team")
    UNIVERSITY = "university", _("University or research institute")
    CONSULTANT = "consultant", _("Consultancy")
    AUDIT = "audit", _("Public audit or inspection body")
    PEER = "peer", _("Peer review by other cities")


# Who may evaluate for each evaluation type: an internal evaluation is the team's own; an
# external or experimental one is someone else's.
EVALUATORS_OF = {
    EvaluationType.NONE: set(),
    EvaluationType.INTERNAL: {Evaluator.INTERNAL},
    EvaluationType.EXTERNAL: set(Evaluator) - {Evaluator.INTERNAL},
    EvaluationType.EXPERIMENTAL: set(Evaluator) - {Evaluator.INTERNAL},
}


class FundingSource(models.TextChoices):
    CITY = "city", _("City budget")
    REGIONAL = "regional", _("Regional government")
    NATIONAL = "national", _("National government")
    EU = "eu", _("European Union programme")
    PRIVATE = "private", _("Private sector or foundation")
    OTHER = "other", _("Other source")


class ChoiceArrayField(ArrayField):
    """An array of choices, edited as checkboxes (ArrayField's own form field is a
    comma-separated text box, which lets an editor type any value)."""

    def deconstruct(self):
        # Migrations see an ArrayField: the form field is no part of the schema, and
        # migrations import no project code (tests/test_migrations.py).
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.contrib.postgres.fields.ArrayField", args, kwargs

    def formfield(self, **kwargs):
        return super(ArrayField, self).formfield(
            **{
                "form_class": forms.TypedMultipleChoiceField,
                "choices": self.base_field.choices,
                "coerce": self.base_field.to_python,
                "widget": forms.CheckboxSelectMultiple,
                **kwargs,
            }
        )


def results_of(text: str) -> list[str]:
    """The results a `results` field holds, one per non-empty line."""
    lines = (line.strip().lstrip("-•* ").strip() for line in (text or "").splitlines())
    return [line for line in lines if line]


def validate_results(text: str) -> None:
    results = results_of(text)
    if len(results) > MAX_RESULTS:
        raise ValidationError(
            _("Give at most %(max)d results, one per line (there are %(count)d)."),
            params={"max": MAX_RESULTS, "count": len(results)},
        )
    for number, result in enumerate(results, start=1):
        if len(result) > RESULT_MAX_CHARS:
            raise ValidationError(
                ngettext(
                    "Result %(number)d has %(count)d character; at most %(max)d fit on a card.",
                    "Result %(number)d has %(count)d characters; at most %(max)d fit on a card.",
                    len(result),
                ),
                params={"number": number, "count": len(result), "max": RESULT_MAX_CHARS},
            )
