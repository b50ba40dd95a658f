"""The catalogue's data: initiatives (summary documents), news, manifestos, and their vocabulary.

Invariants live in the database (check and unique constraints) as well as in field validators, so
that imports, the admin and the shell all obey them.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, OuterRef, Q
from django.db.models.functions import JSONObject, Now
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from initiatives.expressions import Unaccented
from initiatives.languages import Language

MIN_YEAR = 1990
MAX_YEAR = 2100
year_validators = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What visitors may see: published, and not scheduled for later."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=Now())


class Publishable(models.Model):
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("Set at first publication. A future date keeps the item hidden until then."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        from django.utils import timezone

        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


def published_has_date(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
        name=f"{prefix}_published_has_date",
        violation_error_message=_("A published item needs a publication date."),
    )


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("short description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:theme", args=[self.slug])


class City(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = CountryField(_("country"), db_index=True)
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
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)

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
        ]

    def __str__(self):
        return self.acronym or self.name

    def get_absolute_url(self):
        return reverse("initiatives:project", args=[self.slug])


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


SECTIONS = ("context", "objectives", "activities", "budget", "evaluation")


def search_config_of(language_field: str) -> Func:
    # efus_search_config() is an IMMUTABLE SQL function (migration 0001), which a generated
    # column needs: casting text to regconfig at run time would be merely STABLE.
    return Func(F(language_field), function="efus_search_config")


class InitiativeQuerySet(PublishableQuerySet):
    def search(self, query: str):
        """Initiatives matching the words, annotated with `rank` and `headline`."""
        from initiatives.search import plan_search

        return plan_search(query).apply(self)

    def with_list_relations(self):
        """What a list card shows, in the same query: project, cities and theme names.

        Array subqueries instead of prefetching keep a list page at a constant, small number
        of queries.
        """
        return self.select_related("project").annotate(
            city_list=ArraySubquery(
                City.objects.filter(initiatives=OuterRef("pk"))
                .order_by("name")
                .values(json=JSONObject(name="name", slug="slug", country="country"))
            ),
            theme_list=ArraySubquery(
                Theme.objects.filter(initiatives=OuterRef("pk"))
                .order_by("name")
                .values(json=JSONObject(name="name", slug="slug"))
            ),
        )


class Initiative(Publishable):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    lead = models.TextField(
        _("lead"), max_length=800, help_text=_("A summary of one to three sentences.")
    )
    context = models.TextField(_("context"), blank=True, help_text=_("Markdown."))
    objectives = models.TextField(_("objectives"), blank=True, help_text=_("Markdown."))
    activities = models.TextField(_("activities"), blank=True, help_text=_("Markdown."))
    budget = models.TextField(_("budget"), blank=True, help_text=_("Markdown."))
    evaluation = models.TextField(_("evaluation"), blank=True, help_text=_("Markdown."))
    budget_eur = models.BigIntegerField(
        _("budget in euros"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Total budget as a number, for filtering and sorting."),
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), validators=year_validators)
    end_year = models.PositiveSmallIntegerField(
        _("end year"),
        null=True,
        blank=True,
        validators=year_validators,
        help_text=_("Empty while the initiative is ongoing."),
    )
    cities = models.ManyToManyField(City, related_name="initiatives", verbose_name=_("cities"))
    themes = models.ManyToManyField(Theme, related_name="initiatives", verbose_name=_("themes"))
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("project"),
    )
    partners = models.TextField(_("partners"), blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    language = models.CharField(
        _("language of the text"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    evaluation_type = models.CharField(
        _("evaluation type"), max_length=12, choices=EvaluationType, default=EvaluationType.NONE
    )
    outcome = models.CharField(
        _("evidence outcome"), max_length=10, choices=Outcome, default=Outcome.TOO_EARLY
    )
    # Names of the initiative's themes, cities and project, kept by database triggers
    # (migration 0003) so that the generated search vector can weigh them.
    keywords = models.TextField(editable=False, default="")
    # The ids of its themes and cities and its countries, kept by the same triggers (migration
    # 0009): filters and facet counts read them from the row instead of joining the link
    # tables, which keeps a search with filters over 100,000 initiatives fast.
    theme_ids = ArrayField(models.BigIntegerField(), editable=False, default=list)
    city_ids = ArrayField(models.BigIntegerField(), editable=False, default=list)
    country_codes = ArrayField(models.CharField(max_length=2), editable=False, default=list)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=search_config_of("language"))
        + SearchVector("lead", "keywords", weight="B", config=search_config_of("language"))
        + SearchVector("objectives", "activities", weight="C", config=search_config_of("language"))
        + SearchVector(
            "context",
            "budget",
            "evaluation",
            "partners",
            weight="D",
            config=search_config_of("language"),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # Who changed what and when; the derived columns are rebuilt by the database.
    history = HistoricalRecords(
        excluded_fields=["keywords", "search_vector", "theme_ids", "city_ids", "country_codes"],
        m2m_fields=[cities, themes],
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        permissions = [("publish_initiative", _("Can publish and withdraw initiatives"))]
        indexes = [
            # One index answers `language = … AND search_vector @@ …` exactly (btree_gin), so
            # a search never re-reads the vectors from the table; see search.full_text_match.
            GinIndex(fields=["language", "search_vector"], name="initiative_language_search_gin"),
            # GiST rather than GIN: it can also return titles nearest first (`<<->`), which
            # search-as-you-type needs to stop after a few. A 256-byte signature rather than
            # the default 12 keeps a title's trigrams apart: `%>` then reads a handful of index
            # pages instead of most of them (0.2 ms instead of 25 at 100,000 titles).
            GistIndex(
                OpClass(Unaccented("title"), name="gist_trgm_ops(siglen=256)"),
                name="initiative_title_trgm_gist",
            ),
            GinIndex(fields=["theme_ids"], name="initiative_theme_ids_gin"),
            GinIndex(fields=["city_ids"], name="initiative_city_ids_gin"),
            GinIndex(fields=["country_codes"], name="initiative_countries_gin"),
            models.Index(fields=["status", "published_at"], name="initiative_public_idx"),
            models.Index(fields=["start_year", "end_year"], name="initiative_years_idx"),
            # The "newest" order of lists and of the manifesto's initiatives in practice.
            models.Index(
                F("start_year").desc(), F("published_at").desc(), "id", name="initiative_newest_idx"
            ),
            models.Index(fields=["budget_eur"], name="initiative_budget_idx"),
            models.Index(fields=["evaluation_type"], name="initiative_evaluation_idx"),
            models.Index(fields=["outcome"], name="initiative_outcome_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_eur__isnull=True) | Q(budget_eur__gte=0),
                name="initiative_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=MIN_YEAR, start_year__lte=MAX_YEAR),
                name="initiative_start_year_range",
                violation_error_message=_("The start year must be between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(end_year__gte=F("start_year"), end_year__lte=MAX_YEAR),
                name="initiative_end_after_start",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED)
                | (
                    ~Q(context="")
                    & ~Q(objectives="")
                    & ~Q(activities="")
                    & ~Q(budget="")
                    & ~Q(evaluation="")
                ),
                name="initiative_published_is_complete",
                violation_error_message=_(
                    "A published summary needs all five sections: context, objectives, "
                    "activities, budget and evaluation."
                ),
            ),
            published_has_date("initiative"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:detail", args=[self.slug])

    @property
    def years(self) -> str:
        if self.end_year == self.start_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year or ''}"

    def missing_sections(self) -> list[str]:
        return [name for name in SECTIONS if not (getattr(self, name) or "").strip()]

    def clean(self):
        """The database's rules, reported on the field they concern."""
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The end year cannot be before the start year (%(start)s).") % {
                "start": self.start_year
            }
        if self.status == Status.PUBLISHED:
            for name in self.missing_sections():
                errors[name] = _(
                    "A published summary needs this section; write it or keep a draft."
                )
        if errors:
            raise ValidationError(errors)

    def sections(self):
        """The five parts of the summary document, in reading order, as (anchor, label, text)."""
        return [
            (name, self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in SECTIONS
        ]


class TitleWord(models.Model):
    """A word of some initiative's title: the vocabulary that "did you mean" corrects typos with.

    Filled by database triggers on every insert or update of initiatives (migration 0010), so
    bulk loads feed it too. Words of drafts and of old titles stay: a correction is offered only
    when it finds published initiatives, so they are never shown for themselves.
    """

    word = models.TextField(primary_key=True)

    class Meta:
        indexes = [GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="titleword_trgm")]

    def __str__(self):
        return self.word


class NewsItem(Publishable):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    date = models.DateField(_("date"), db_index=True)
    lead = models.TextField(_("lead"), max_length=800)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
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

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        permissions = [("publish_newsitem", _("Can publish and withdraw news items"))]
        indexes = [
            GinIndex(fields=["search_vector"], name="newsitem_search_gin"),
            models.Index(fields=["status", "published_at"], name="newsitem_public_idx"),
        ]
        constraints = [published_has_date("newsitem")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", args=[self.slug])


class Manifesto(Publishable):
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=year_validators)
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("manifesto")
        verbose_name_plural = _("manifestos")
        permissions = [("publish_manifesto", _("Can publish and withdraw manifestos"))]
        constraints = [
            published_has_date("manifesto"),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR), name="manifesto_year_range"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("manifesto:year", args=[self.year])


class Recommendation(models.Model):
    manifesto = models.ForeignKey(
        Manifesto,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("manifesto"),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), help_text=_("Markdown."))
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
    history = HistoricalRecords(excluded_fields=["search_vector"], m2m_fields=[themes, initiatives])

    class Meta:
        ordering = ["manifesto", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [GinIndex(fields=["search_vector"], name="recommendation_search_gin")]
        constraints = [
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
