"""The forum's editorial content: news items, and yearly manifestos of recommendations."""

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.languages import Language
from initiatives.models.catalogue import NEWEST_FIRST, Initiative, search_config_of
from initiatives.models.limits import (
    LEAD_MAX_CHARS,
    SECTION_MAX_CHARS,
    limited_text,
    text_size_limits,
)
from initiatives.models.publishable import (
    MAX_YEAR,
    MIN_YEAR,
    ConstraintsBesideGeneratedFields,
    Publishable,
    PublishableQuerySet,
    published_has_date,
    year_validators,
)
from initiatives.models.vocabulary import Project, Theme
from initiatives.search.fulltext import bilingual_full_text_search, full_text_search

# How many initiatives a manifesto shows under each recommendation.
IN_PRACTICE = 6  # initiatives linked to a recommendation, shown on the manifesto's page
THEMED_IN_PRACTICE = 3  # then the newest sharing its themes: more would repeat on every one


class NewsItemQuerySet(PublishableQuerySet):
    def search(self, text: str, expansions=()):
        """News matching the words (and their glossary `expansions`), with `rank` and
        `headline`, best first."""
        found = full_text_search(self, text, ("lead", "body"), expansions=expansions)
        return found.order_by("-rank", "-date", "-pk")

    def recent(self, limit: int):
        return self.order_by("-date", "pk")[:limit]

    def for_list(self):
        """Newest first, with the themes each card shows."""
        return self.order_by("-date", "-pk").prefetch_related("themes")

    def with_page_relations(self):
        return self.select_related("project").prefetch_related("themes")


class ManifestoQuerySet(PublishableQuerySet):
    def current(self):
        """The latest year's manifesto, or None."""
        return self.order_by("-year").first()

    def years_other_than(self, manifesto):
        return self.exclude(pk=manifesto.pk).order_by("-year").values_list("year", flat=True)


class RecommendationQuerySet(models.QuerySet):
    def published(self):
        """Recommendations of published manifestos: they have no status of their own."""
        return self.filter(manifesto__in=Manifesto.objects.published())

    def search(self, text: str, expansions=()):
        """Recommendations matching the words, with `rank` and `headline`, best first."""
        return (
            bilingual_full_text_search(self, text, expansions)
            .select_related("manifesto")
            .order_by("-rank", "number")
        )

    def in_order(self):
        return self.prefetch_related("themes").order_by("number")

    def with_initiatives_in_practice(self):
        """Each with the public initiatives that put it into practice, newest first: those
        linked to it (`linked_in_practice`), then those sharing one of its themes
        (`themed_in_practice`), as {slug, title}; see Recommendation.initiatives_in_practice.

        Two correlated subqueries per recommendation, each reading the "newest" index and
        stopping after a few, so a theme shared by thousands of initiatives costs no more than
        a rare one (272 ms → 3 ms for a manifesto at 100,000 initiatives).
        """
        public = Initiative.objects.published().order_by(*NEWEST_FIRST)
        card = JSONObject(slug="slug", title="title")
        own_themes = self.model.themes.through.objects.filter(
            recommendation_id=OuterRef(OuterRef("pk"))
        ).values("theme_id")
        linked = public.filter(recommendations=OuterRef("pk"))
        # Originals only: a summary and its translation share every theme.
        themed = public.filter(
            theme_ids__overlap=ArraySubquery(own_themes), translation_of__isnull=True
        ).exclude(recommendations=OuterRef("pk"))
        return self.annotate(
            linked_in_practice=ArraySubquery(linked.values(json=card)[:IN_PRACTICE]),
            themed_in_practice=ArraySubquery(themed.values(json=card)[:THEMED_IN_PRACTICE]),
        )


class NewsItem(ConstraintsBesideGeneratedFields, Publishable):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    date = models.DateField(_("date"), db_index=True)
    lead = limited_text(_("lead"), LEAD_MAX_CHARS)
    body = limited_text(_("body"), blank=True, help_text=_("Markdown."))
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    themes = models.ManyToManyField(
        Theme, related_name="news_items", blank=True, verbose_name=_("themes")
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_items",
        verbose_name=_("project"),
    )
    initiatives = models.ManyToManyField(
        Initiative, related_name="news_items", blank=True, verbose_name=_("related initiatives")
    )
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=search_config_of("language"))
        + SearchVector("lead", weight="B", config=search_config_of("language"))
        + SearchVector("body", weight="C", config=search_config_of("language")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    history = HistoricalRecords(excluded_fields=["search_vector"], m2m_fields=[themes, initiatives])

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        permissions = [("publish_newsitem", _("Can publish and withdraw news items"))]
        indexes = [
            GinIndex(fields=["search_vector"], name="newsitem_search_gin"),
            models.Index(fields=["status", "published_at"], name="newsitem_public_idx"),
        ]
        constraints = [
            published_has_date("newsitem"),
            *text_size_limits("newsitem", {"lead": LEAD_MAX_CHARS, "body": SECTION_MAX_CHARS}),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", args=[self.slug])


class Manifesto(Publishable):
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=year_validators)
    introduction = limited_text(_("introduction"), blank=True, help_text=_("Markdown."))
    # French versions (initiatives/translations.py).
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    introduction_fr = limited_text(
        _("introduction in French"), blank=True, help_text=_("Markdown.")
    )
    history = HistoricalRecords()

    objects = ManifestoQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("manifesto")
        verbose_name_plural = _("manifestos")
        permissions = [("publish_manifesto", _("Can publish and withdraw manifestos"))]
        constraints = [
            published_has_date("manifesto"),
            *text_size_limits(
                "manifesto",
                {"introduction": SECTION_MAX_CHARS, "introduction_fr": SECTION_MAX_CHARS},
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR), name="manifesto_year_range"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("manifesto:year", args=[self.year])


class Recommendation(ConstraintsBesideGeneratedFields, models.Model):
    manifesto = models.ForeignKey(
        Manifesto,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("manifesto"),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=200)
    text = limited_text(_("text"), help_text=_("Markdown."))
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    text_fr = limited_text(_("text in French"), blank=True, help_text=_("Markdown."))
    themes = models.ManyToManyField(
        Theme, related_name="recommendations", blank=True, verbose_name=_("themes")
    )
    initiatives = models.ManyToManyField(
        Initiative,
        related_name="recommendations",
        blank=True,
        verbose_name=_("initiatives that put it into practice"),
    )
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="efus_english")
        + SearchVector("text", weight="B", config="efus_english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The French version's words, parsed as French: a French query is matched against them.
    search_vector_fr = models.GeneratedField(
        expression=SearchVector("title_fr", weight="A", config="efus_french")
        + SearchVector("text_fr", weight="B", config="efus_french"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    history = HistoricalRecords(
        excluded_fields=["search_vector", "search_vector_fr"], m2m_fields=[themes, initiatives]
    )
    revisions = GenericRelation("initiatives.Revision")

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["manifesto", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [
            GinIndex(fields=["search_vector"], name="recommendation_search_gin"),
            GinIndex(fields=["search_vector_fr"], name="recommendation_search_fr_gin"),
        ]
        constraints = [
            *text_size_limits(
                "recommendation", {"text": SECTION_MAX_CHARS, "text_fr": SECTION_MAX_CHARS}
            ),
            models.UniqueConstraint(
                fields=["manifesto", "number"],
                name="recommendation_unique_number",
                violation_error_message=_(
                    "This manifesto already has a recommendation with this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="recommendation_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return f"{self.manifesto.get_absolute_url()}#recommendation-{self.number}"

    @property
    def initiatives_in_practice(self) -> list[dict]:
        """Set by RecommendationQuerySet.with_initiatives_in_practice()."""
        return [*self.linked_in_practice, *self.themed_in_practice][:IN_PRACTICE]
