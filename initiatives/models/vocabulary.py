"""The words that describe initiatives: themes, cities (with their country) and projects.

A word of the vocabulary is public while at least one public item uses it: a theme, city or
project that only drafts, items in review or scheduled items use has no page, no place in the
filters and suggestions, and cannot correct a visitor's typo. `public()` is that rule.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.lookups import IsNull
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from initiatives.models.limits import (
    LEAD_MAX_CHARS,
    SECTION_MAX_CHARS,
    limited_text,
    text_size_limits,
    web_link,
    web_link_only,
)
from initiatives.models.publishable import year_validators


def any_of(queryset) -> Q:
    """Whether `queryset` (correlated with OuterRef) has a row, as a filter.

    Not Exists(): PostgreSQL turns that into a semi-join, and here it joined every published
    initiative with its cities to keep the 19 cities used (124 ms at 100,000 initiatives). A
    subquery with LIMIT 1 stays a probe per outer row through the indexes, which stops at the
    first public use: under 2 ms.
    """
    return Q(IsNull(Subquery(queryset.order_by().values("pk")[:1]), False))


def used_by_public(relation: str, model_name: str) -> Q:
    """There is a public `model_name` (of this app) whose `relation` is the outer row."""
    from django.apps import apps  # the catalogue's models import this module

    model = apps.get_model("initiatives", model_name)
    return any_of(model.objects.published().filter(**{relation: OuterRef("pk")}))


class ThemeQuerySet(models.QuerySet):
    def public(self):
        """Themes of a public initiative or a public news item."""
        return self.filter(
            used_by_public("themes", "Initiative") | used_by_public("themes", "NewsItem")
        )


class CityQuerySet(models.QuerySet):
    def public(self):
        return self.filter(used_by_public("cities", "Initiative"))


class ProjectQuerySet(models.QuerySet):
    def public(self):
        return self.filter(used_by_public("project", "Initiative"))


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = limited_text(_("short description"), LEAD_MAX_CHARS, blank=True)
    # French versions (initiatives/translations.py): shown on French pages, searchable words.
    name_fr = models.CharField(_("name in French"), max_length=100, blank=True)
    description_fr = limited_text(_("short description in French"), LEAD_MAX_CHARS, blank=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(
                fields=["name_fr"],
                condition=~Q(name_fr=""),
                name="theme_unique_name_fr",
                violation_error_message=_("Another theme already has this French name."),
            ),
            *text_size_limits(
                "theme", {"description": LEAD_MAX_CHARS, "description_fr": LEAD_MAX_CHARS}
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:theme", args=[self.slug])


class City(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = CountryField(_("country"), db_index=True)
    # Searchable with the city's initiatives (sql/keywords_in_every_language.sql):
    # "Malines" finds Mechelen.
    other_names = ArrayField(
        models.CharField(max_length=100),
        verbose_name=_("other names"),
        blank=True,
        default=list,
        help_text=_("The city's names in other languages, separated by commas: Malines, Mecheln."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="city_unique_name_country"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="city_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_range",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country.code})"

    def get_absolute_url(self):
        return reverse("initiatives:city", args=[self.slug])


class Project(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=year_validators
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=year_validators
    )
    description = limited_text(_("description"), blank=True)
    name_fr = models.CharField(_("name in French"), max_length=200, blank=True)
    description_fr = limited_text(_("description in French"), blank=True)
    url = web_link(_("website"))

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["acronym", "name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="project_end_after_start",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
            web_link_only("project", "url"),
            *text_size_limits(
                "project",
                {"description": SECTION_MAX_CHARS, "description_fr": SECTION_MAX_CHARS},
            ),
        ]

    def __str__(self):
        return self.acronym or self.name

    def get_absolute_url(self):
        return reverse("initiatives:project", args=[self.slug])


class TitleWord(models.Model):
    """A word of some initiative's title: the vocabulary that "did you mean" corrects typos with.

    Filled by database triggers on every insert or update of initiatives (sql/title_words.sql), so
    bulk loads feed it too. It holds the words of drafts and of old titles as well: it only
    proposes candidates, and a correction keeps a word only if public content contains it
    (search/corrections.py).
    """

    word = models.TextField(primary_key=True)

    class Meta:
        indexes = [GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="titleword_trgm")]

    def __str__(self):
        return self.word


class CountryName(models.Model):
    """A country's name in one of the languages summaries are written in, from django-countries'
    translations (migration 0012): the initiatives of a country are found by its name in any of
    them ("Allemagne", "Deutschland", "Germany"), through their keywords
    (sql/keywords_in_every_language.sql)."""

    code = models.CharField(_("country code"), max_length=2)
    language = models.CharField(_("language"), max_length=2)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "language"], name="country_name_per_language")
        ]
        verbose_name = _("country name")
        verbose_name_plural = _("country names")

    def __str__(self):
        return self.name
