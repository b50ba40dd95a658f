"""The glossary: the concepts of urban security and the words each language has for them.

A search for one of a concept's terms also searches its other terms, in every language
(initiatives/search/glossary.py): "ransomware" finds "rançongiciel", "CCTV" finds
"vidéoprotection". Editors keep it in the admin; `manage.py load_glossary` seeds it.
"""

from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from initiatives.expressions import unaccented
from initiatives.languages import Language


def term_key(expression):
    """How terms are compared: without case, accents, or the difference between a hyphen and
    a space ("E-scooter", "e scooter" and "é-scooter" are one term)."""
    spaced = Func(expression, Value(r"[\s\-‐]+"), Value(" "), Value("g"), function="regexp_replace")
    return unaccented(Lower(spaced))


class Concept(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    note = models.TextField(
        _("note for editors"), blank=True, help_text=_("What the concept covers, if unclear.")
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("glossary concept")
        verbose_name_plural = _("glossary concepts")

    def __str__(self):
        return self.slug


class Term(models.Model):
    concept = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="terms", verbose_name=_("concept")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language)
    text = models.CharField(
        _("term"), max_length=100, help_text=_("A word or a short phrase, as people type it.")
    )

    class Meta:
        ordering = ["concept", "language", "pk"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            # A term means one concept: a search for it must know what else to search.
            models.UniqueConstraint(
                term_key("text"),
                name="glossary_term_key_unique",
                violation_error_message=_("This term already belongs to a concept."),
            ),
            models.CheckConstraint(
                condition=models.Q(text__regex=r"\w"), name="glossary_term_has_a_word"
            ),
        ]

    def __str__(self):
        return self.text
