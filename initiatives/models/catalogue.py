"""Initiatives: the summary documents the catalogue is made of, and the reads that list them."""

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, Func, OuterRef, Q
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.expressions import unaccented
from initiatives.languages import Language
from initiatives.markdown import html_of, kept_html
from initiatives.models.evidence import (
    EVALUATORS_OF,
    LESSONS_MAX_CHARS,
    RESULTS_MAX_CHARS,
    ChoiceArrayField,
    EvaluationType,
    Evaluator,
    FundingSource,
    Outcome,
    results_of,
    validate_results,
)
from initiatives.models.limits import (
    LEAD_MAX_CHARS,
    PARTNERS_MAX_CHARS,
    SECTION_MAX_CHARS,
    limited_text,
    text_size_limits,
    web_link,
    web_link_only,
)
from initiatives.models.publishable import (
    MAX_YEAR,
    MIN_YEAR,
    ConstraintsBesideGeneratedFields,
    Publishable,
    PublishableQuerySet,
    Status,
    published_has_date,
    year_validators,
)
from initiatives.models.vocabulary import City, Project, Theme
from initiatives.search.fulltext import full_text_search

SECTIONS = ("context", "objectives", "activities", "budget", "evaluation")
# What editors write in Markdown: the sections and the lessons.
MARKDOWN_FIELDS = (*SECTIONS, "lessons")

# The "newest" order: lists, the manifesto's initiatives in practice and an index share it.
NEWEST_FIRST = (F("start_year").desc(), F("published_at").desc(), F("id").asc())
NEWEST_FIELDS = ["-start_year", "-published_at", "id"]
# What `published()` asks besides the date: the condition of the partial indexes it uses.
PUBLISHED_ROW = Q(status=Status.PUBLISHED)


def search_config_of(language_field: str) -> Func:
    # efus_search_config() is an IMMUTABLE SQL function (sql/search_config.sql), which a
    # generated column needs: casting text to regconfig at run time would be merely STABLE.
    return Func(F(language_field), function="efus_search_config")


class InitiativeQuerySet(PublishableQuerySet):
    def search(self, text: str, expansions=()):
        """Initiatives matching the words (web-search syntax), with `rank` and `headline`.

        The words as typed, and the glossary's `expansions` of them (search/glossary.py); the
        typo fallbacks are in initiatives/search/plans.py.
        """
        return full_text_search(self, text, rank_vector="rank_vector", expansions=expansions)

    def one_per_initiative(self):
        """One row per initiative among these rows, whatever its translations: the original,
        or while the original is not among them (it does not match the words, or is not
        public), its first translation that is. Only translations are looked at twice (an
        index probe each); originals and summaries without translations pass as they are.
        The version in the visitor's language is chosen afterwards, for the cards of one page
        (catalogue_query.in_visitors_language), so counts and pages stay the same, and cached
        the same, in every language."""
        earlier_version = self.filter(
            Q(pk=OuterRef("translation_of"))
            | Q(translation_of=OuterRef("translation_of"), pk__lt=OuterRef("pk"))
        )
        return self.filter(Q(translation_of__isnull=True) | ~Exists(earlier_version))

    def left_out_versions(self):
        """The rows one_per_initiative() leaves out: translations whose original, or an
        earlier translation, is among these rows. Few, and found through the index of
        translations."""
        earlier_version = self.filter(
            Q(pk=OuterRef("translation_of"))
            | Q(translation_of=OuterRef("translation_of"), pk__lt=OuterRef("pk"))
        )
        return self.filter(translation_of__isnull=False).filter(Exists(earlier_version))

    def with_versions(self):
        """`versions`: the initiative's other public versions (its original and translations),
        as [{id, slug, language}], by language."""
        siblings = Initiative.objects.published().filter(
            Q(pk=OuterRef("translation_of"))
            | Q(translation_of=OuterRef("pk"))
            | Q(translation_of=OuterRef("translation_of"))
        )
        return self.annotate(
            versions=ArraySubquery(
                siblings.exclude(pk=OuterRef("pk"))
                .order_by("language")
                .values(json=JSONObject(id="id", slug="slug", language="language"))
            )
        )

    def with_list_relations(self):
        """What a list card shows, in the same query: project, cities and theme names.

        Array subqueries instead of prefetching keep a list page at a constant, small number
        of queries.
        """
        return (
            self.select_related("project")
            .defer("sections_html")
            .with_versions()
            .annotate(
                city_list=ArraySubquery(
                    City.objects.filter(initiatives=OuterRef("pk"))
                    .order_by("name")
                    .values(json=JSONObject(name="name", slug="slug", country="country"))
                ),
                theme_list=ArraySubquery(
                    Theme.objects.filter(initiatives=OuterRef("pk"))
                    .order_by("name")
                    .values(json=JSONObject(name="name", name_fr="name_fr", slug="slug"))
                ),
            )
        )

    def with_page_relations(self):
        """An initiative with its project, cities, themes and versions (the API's detail, the
        comparison). Without the columns kept for searching: the vectors are kilobytes read from
        TOAST (2.4 -> 1.8 ms); nor the sections' HTML, which only summary pages show."""
        return (
            self.select_related("project")
            .prefetch_related("cities", "themes")
            .with_versions()
            .defer(*SEARCH_COLUMNS, "sections_html")
        )

    def recently_published(self, limit: int):
        return self.with_list_relations().order_by("-published_at", "pk")[:limit]


# Columns kept for searching and filtering, which a page showing a summary never reads.
SEARCH_COLUMNS = ["keywords", "search_vector", "rank_vector"]


class Initiative(ConstraintsBesideGeneratedFields, Publishable):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    lead = limited_text(
        _("lead"), LEAD_MAX_CHARS, help_text=_("A summary of one to three sentences.")
    )
    context = limited_text(_("context"), blank=True, help_text=_("Markdown."))
    objectives = limited_text(_("objectives"), blank=True, help_text=_("Markdown."))
    activities = limited_text(_("activities"), blank=True, help_text=_("Markdown."))
    budget = limited_text(_("budget"), blank=True, help_text=_("Markdown."))
    evaluation = limited_text(_("evaluation"), blank=True, help_text=_("Markdown."))
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
    partners = limited_text(_("partners"), PARTNERS_MAX_CHARS, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    source_url = web_link(_("source link"), max_length=500)
    language = models.CharField(
        _("language of the text"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    # A translation is a summary of its own (its slug, its status, its words), linked to the
    # original: readers are offered every version, and lists show one card per initiative.
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_(
            "The summary this one translates. Readers are offered each version, and lists show "
            "one card per initiative, in the reader's language when there is one."
        ),
    )
    evaluation_type = models.CharField(
        _("evaluation type"), max_length=12, choices=EvaluationType, default=EvaluationType.NONE
    )
    outcome = models.CharField(
        _("evidence outcome"), max_length=10, choices=Outcome, default=Outcome.TOO_EARLY
    )
    # The evidence at a glance (issue 15): what it achieved, who judged it, what it cost whom.
    results = limited_text(
        _("results"),
        RESULTS_MAX_CHARS,
        blank=True,
        help_text=_(
            "One to three measurable results, one per line, e.g. “41 drone flights detected "
            "during 20 matches and concerts”. Shown on cards and at the top of the page."
        ),
    )
    lessons = limited_text(
        _("lessons for others"),
        LESSONS_MAX_CHARS,
        blank=True,
        help_text=_("Markdown. What helped, what to watch for: advice for a city that starts."),
    )
    evaluator = models.CharField(
        _("evaluated by"),
        max_length=12,
        choices=Evaluator,
        blank=True,
        help_text=_("Who evaluated it; empty when it was not evaluated."),
    )
    evaluation_year = models.PositiveSmallIntegerField(
        _("year of the evaluation"), null=True, blank=True, validators=year_validators
    )
    evaluation_report_url = web_link(_("evaluation report"), max_length=500)
    funding_sources = ChoiceArrayField(
        models.CharField(max_length=10, choices=FundingSource),
        verbose_name=_("funding sources"),
        blank=True,
        default=list,
    )
    people_reached = models.PositiveIntegerField(
        _("people reached"),
        null=True,
        blank=True,
        help_text=_(
            "Where known: how many people it served or involved, so that readers can judge "
            "the cost per person."
        ),
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When a publisher last confirmed that the summary is still accurate."),
    )
    # Names of the initiative's themes, cities and project, kept by database triggers
    # (sql/derived_columns.sql) so that the generated search vector can weigh them.
    keywords = models.TextField(editable=False, default="")
    # The ids of its themes and cities and its countries, kept by the same triggers: filters
    # and facet counts read them from the row instead of joining the link tables, which keeps
    # a search with filters over 100,000 initiatives fast.
    theme_ids = ArrayField(models.BigIntegerField(), editable=False, default=list)
    city_ids = ArrayField(models.BigIntegerField(), editable=False, default=list)
    country_codes = ArrayField(models.CharField(max_length=2), editable=False, default=list)
    # The Markdown sections as HTML, rendered when saved: {field: [digest of its text, html]}
    # (markdown.py, `kept_html`). A page uses an entry only if it was rendered from the text.
    sections_html = models.JSONField(editable=False, default=dict)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=search_config_of("language"))
        + SearchVector("lead", "keywords", weight="B", config=search_config_of("language"))
        + SearchVector(
            "objectives", "activities", "results", weight="C", config=search_config_of("language")
        )
        + SearchVector(
            "context",
            "budget",
            "evaluation",
            "lessons",
            "partners",
            weight="D",
            config=search_config_of("language"),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # What relevance is computed from: the title, the lead and the names of the themes, cities
    # and project, weighted as in `search_vector`. The full vector decides what matches; this
    # small one, kept in the row (sql/initiative_storage.sql), orders the matches. Ranking by
    # the full vector read each hit's from the TOAST table: a word in 95 % of 100,000
    # summaries took 650-900 ms to order, 90-140 ms this way.
    rank_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=search_config_of("language"))
        + SearchVector("lead", "keywords", weight="B", config=search_config_of("language")),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # Who changed what and when; the derived columns are rebuilt by the database.
    history = HistoricalRecords(
        excluded_fields=[
            "keywords",
            "search_vector",
            "rank_vector",
            "theme_ids",
            "city_ids",
            "country_codes",
            "sections_html",
        ],
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
            # a search never re-reads the vectors from the table; see search/fulltext.py.
            GinIndex(fields=["language", "search_vector"], name="initiative_language_search_gin"),
            # GiST rather than GIN: it can also return titles nearest first (`<<->`), which
            # search-as-you-type needs to stop after a few. A 256-byte signature rather than
            # the default 12 keeps a title's trigrams apart: `%>` then reads a handful of index
            # pages instead of most of them (0.2 ms instead of 25 at 100,000 titles).
            GistIndex(
                OpClass(unaccented("title"), name="gist_trgm_ops(siglen=256)"),
                name="initiative_title_trgm_gist",
            ),
            GinIndex(fields=["theme_ids"], name="initiative_theme_ids_gin"),
            GinIndex(fields=["city_ids"], name="initiative_city_ids_gin"),
            GinIndex(fields=["country_codes"], name="initiative_countries_gin"),
            models.Index(fields=["status", "published_at"], name="initiative_public_idx"),
            models.Index(fields=["start_year", "end_year"], name="initiative_years_idx"),
            # The "newest" order of lists, related initiatives and the manifesto's initiatives
            # in practice. Of published rows only, and holding every column that order and
            # `published()` read, so that a deep page (OFFSET 80,000) is an index-only scan
            # rather than a sort of the whole catalogue (108 ms at 100,000).
            # The arrays it includes served the related initiatives' walks, which now start in
            # their pools (related_pools.py); kept for filtered lists in this order.
            # `translation_of` too: one_per_initiative() reads it on every row it walks.
            models.Index(
                fields=NEWEST_FIELDS,
                include=["city_ids", "theme_ids", "translation_of", "project"],
                name="initiative_newest_idx",
                condition=PUBLISHED_ROW,
            ),
            # A project's newest initiatives: the related initiatives of a summary page.
            models.Index(
                fields=["project", *NEWEST_FIELDS],
                include=["city_ids", "theme_ids", "translation_of"],
                name="initiative_project_newest_idx",
                condition=PUBLISHED_ROW,
            ),
            models.Index(fields=["budget_eur"], name="initiative_budget_idx"),
            models.Index(fields=["evaluation_type"], name="initiative_evaluation_idx"),
            models.Index(fields=["outcome"], name="initiative_outcome_idx"),
        ]
        constraints = [
            *text_size_limits(
                "initiative",
                {
                    "lead": LEAD_MAX_CHARS,
                    **dict.fromkeys(SECTIONS, SECTION_MAX_CHARS),
                    "partners": PARTNERS_MAX_CHARS,
                    "results": RESULTS_MAX_CHARS,
                    "lessons": LESSONS_MAX_CHARS,
                },
            ),
            web_link_only("initiative", "source_url"),
            web_link_only("initiative", "evaluation_report_url"),
            models.CheckConstraint(
                condition=Q(evaluation_year__isnull=True)
                | Q(evaluation_year__gte=F("start_year"), evaluation_year__lte=MAX_YEAR),
                name="initiative_evaluated_after_start",
                violation_error_message=_(
                    "The evaluation cannot be older than the initiative (its start year)."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(evaluation_type=EvaluationType.NONE) | Q(outcome=Outcome.TOO_EARLY),
                name="initiative_unevaluated_is_too_early",
                violation_error_message=_(
                    "An initiative that was not evaluated is rated “too early to tell”."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(evaluation_type=EvaluationType.NONE)
                | Q(evaluator="", evaluation_year__isnull=True),
                name="initiative_unevaluated_has_no_evaluator",
                violation_error_message=_(
                    "An initiative that was not evaluated has no evaluator nor evaluation year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(funding_sources__contained_by=FundingSource.values),
                name="initiative_known_funding_sources",
                violation_error_message=_("Unknown funding source."),
            ),
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
            models.CheckConstraint(
                condition=~Q(translation_of=F("pk")),
                name="initiative_not_its_own_translation",
                violation_error_message=_("A summary cannot be a translation of itself."),
            ),
            # Partial: as a full index on (translation_of, language), the planner took it to
            # find the rows of a language no summary is written in (a search's Spanish or
            # Italian branch), which made it recheck every hit's vector, read from TOAST:
            # "drones" at 100,000 went from 342 to 824 ms.
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=Q(translation_of__isnull=False),
                name="initiative_one_translation_per_language",
                violation_error_message=_(
                    "This summary already has a translation in this language."
                ),
            ),
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
        if self.translation_of_id:
            errors |= self.translation_errors()
        errors |= self.evidence_errors()
        if self.status == Status.PUBLISHED:
            for name in self.missing_sections():
                errors[name] = _(
                    "A published summary needs this section; write it or keep a draft."
                )
        if errors:
            raise ValidationError(errors)

    def evidence_errors(self) -> dict:
        """Who evaluated and when, in agreement with the evaluation type and the years."""
        errors = {}
        try:
            validate_results(self.results)
        except ValidationError as error:
            errors["results"] = error.messages
        if self.evaluation_type == EvaluationType.NONE:
            if self.outcome != Outcome.TOO_EARLY:
                errors["outcome"] = _(
                    "Without an evaluation, the outcome is “too early to tell”: choose an "
                    "evaluation type, or this outcome."
                )
            if self.evaluator:
                errors["evaluator"] = _("It was not evaluated (evaluation type): leave empty.")
            if self.evaluation_year:
                errors["evaluation_year"] = _(
                    "It was not evaluated (evaluation type): leave empty."
                )
        elif self.evaluator and self.evaluator not in EVALUATORS_OF.get(self.evaluation_type, ()):
            errors["evaluator"] = _(
                "“%(evaluator)s” does not fit an evaluation of the type “%(type)s”."
            ) % {
                "evaluator": self.get_evaluator_display(),
                "type": self.get_evaluation_type_display(),
            }
        if self.evaluation_year and self.start_year and self.evaluation_year < self.start_year:
            errors["evaluation_year"] = _(
                "The evaluation cannot be older than the initiative (it started in %(start)s)."
            ) % {"start": self.start_year}
        return errors

    def result_list(self) -> list[str]:
        return results_of(self.results)

    def funding_labels(self) -> list[str]:
        labels = dict(FundingSource.choices)
        return [str(labels[code]) for code in self.funding_sources if code in labels]

    @property
    def cost_per_person(self) -> int | None:
        """The budget over the people reached, in whole euros, where both are known."""
        if self.budget_eur is None or not self.people_reached:
            return None
        return round(self.budget_eur / self.people_reached)

    def translation_errors(self) -> dict:
        """One original and its translations, each in a language of its own."""
        original = self.translation_of
        if original.pk == self.pk:
            return {"translation_of": _("A summary cannot be a translation of itself.")}
        if original.translation_of_id:
            return {
                "translation_of": _(
                    "“%(title)s” is itself a translation: link to its original instead."
                )
                % {"title": original.title}
            }
        if self.pk and self.translations.exists():
            return {
                "translation_of": _(
                    "This summary has translations of its own, so it cannot be a translation."
                )
            }
        if original.language == self.language:
            return {"language": _("A translation is in another language than its original.")}
        return {}

    def sections(self):
        """The five parts of the summary document, in reading order, as (anchor, label, text)."""
        return [
            (name, self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in SECTIONS
        ]

    def sections_as_html(self):
        """The five parts as (anchor, label, HTML), from the HTML kept when saved."""
        return [
            (name, self._meta.get_field(name).verbose_name, html_of(self, name))
            for name in SECTIONS
        ]

    def lessons_as_html(self):
        return html_of(self, "lessons")

    def save(self, *args, **kwargs):
        """Renders the Markdown sections whose text changed (`sections_html`)."""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = kwargs["update_fields"] = set(update_fields)  # may be an iterator
        if update_fields is None or update_fields & set(MARKDOWN_FIELDS):
            kept = {} if "sections_html" in self.get_deferred_fields() else self.sections_html
            self.sections_html = kept_html(self, MARKDOWN_FIELDS, kept)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "sections_html"}
        super().save(*args, **kwargs)
