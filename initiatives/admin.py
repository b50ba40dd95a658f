from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats.base_formats import JSON
from simple_history.admin import SimpleHistoryAdmin

from initiatives import revisions
from initiatives.admin_identifiers import FormerAddressesMixin
from initiatives.admin_revisions import ReviewedChangesMixin
from initiatives.admin_workflow import WorkflowAdmin
from initiatives.models import (
    City,
    Concept,
    Initiative,
    Manifesto,
    NewsItem,
    Project,
    Recommendation,
    Status,
    Term,
    Theme,
)
from initiatives.participation import admin as participation_admin  # noqa: F401 (registers)
from initiatives.transfer import (
    SAMPLE_FILE,
    InitiativeResource,
    SizeLimitedImportForm,
    SpreadsheetSafeCSV,
)
from initiatives.workflow import REVIEWED, may_publish

admin.site.site_header = _("Efus catalogue: editors")
admin.site.site_title = _("Efus catalogue")
admin.site.index_title = _("Catalogue content")


class CountryInUseFilter(admin.SimpleListFilter):
    """Countries of the cities that initiatives name, not the world's 249: django-countries'
    own list made the changelist 7,000 px tall."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = City.objects.filter(initiatives__isnull=False).values_list("country", flat=True)
        return sorted(
            ((code, countries.name(code)) for code in set(codes)), key=lambda pair: pair[1]
        )

    def queryset(self, request, queryset):
        code = self.value()
        return queryset.filter(country_codes__contains=[code]) if code else queryset


def public_url(obj):
    """'View on site' only where a visitor would see the page; drafts would answer 404."""
    return obj.get_absolute_url() if obj.is_public else None


class TranslationsSideBySide:
    """Each translated field on one line with its French version (`name` | `name_fr`), so an
    editor writes and checks the two together (initiatives/translations.py)."""

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        versions = {f: f"{f}_fr" for f in fields if f"{f}_fr" in fields}
        return [
            (f, versions[f]) if f in versions else f for f in fields if f not in versions.values()
        ]


class VocabularyAdmin(TranslationsSideBySide, admin.ModelAdmin):
    """Themes, cities and projects in public use change only by a publisher's hand: a renamed
    theme would otherwise reach every public page at once. Editors add new ones (not public
    until a published item uses them) and change those not yet public."""

    def has_change_permission(self, request, obj=None):
        in_public_use = (
            obj is not None
            and not may_publish(request.user, Initiative)
            and self.model.objects.public().filter(pk=obj.pk).exists()
        )
        return not in_public_use and super().has_change_permission(request, obj)


@admin.register(Theme)
class ThemeAdmin(VocabularyAdmin):
    list_display = ["name", "name_fr", "slug", "initiative_count"]
    search_fields = ["name", "name_fr", "description", "description_fr"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(initiative_count=Count("initiatives"))
            .order_by("name")
        )

    @admin.display(description=_("initiatives"), ordering="initiative_count")
    def initiative_count(self, obj):
        return obj.initiative_count


class CityForm(forms.ModelForm):
    """Coordinates as number fields bounded like the database's constraints, with help saying
    where to read them: the overview's map places the city with them (overview_marks.py)."""

    class Meta:
        model = City
        fields = ["name", "slug", "country", "other_names", "latitude", "longitude"]
        widgets = {
            "latitude": forms.NumberInput(attrs={"min": -90, "max": 90, "step": "0.00001"}),
            "longitude": forms.NumberInput(attrs={"min": -180, "max": 180, "step": "0.00001"}),
        }
        help_texts = {
            "latitude": _(
                "Decimal degrees, north positive, from −90 to 90 (Lyon: 45.764). On "
                "openstreetmap.org, right-click the city and choose “Show address”."
            ),
            "longitude": _(
                "Decimal degrees, east positive, from −180 to 180 (Lyon: 4.8357). Without "
                "coordinates the city is listed on the overview but not placed on its map."
            ),
        }


@admin.register(City)
class CityAdmin(VocabularyAdmin):
    form = CityForm
    list_display = ["name", "other_names", "country", "latitude", "longitude"]
    list_filter = ["country"]
    search_fields = ["name", "other_names"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Project)
class ProjectAdmin(VocabularyAdmin):
    list_display = ["acronym", "name", "start_year", "end_year"]
    search_fields = ["acronym", "name", "name_fr", "description", "description_fr"]
    prepopulated_fields = {"slug": ["acronym"]}


@admin.register(Initiative)
class InitiativeAdmin(FormerAddressesMixin, ImportMixin, ExportActionMixin, WorkflowAdmin):
    list_display = [
        "title",
        "status",
        "city_names",
        "theme_names",
        "start_year",
        "language",
        "updated_at",
        "preview_link",
    ]
    list_filter = [
        "status",
        "themes",
        CountryInUseFilter,
        "language",
        "evaluation_type",
        "outcome",
        "project",
    ]
    list_select_related = ["project"]
    search_fields = ["title", "lead", "context", "objectives", "activities", "evaluation"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["cities", "themes", "project", "translation_of"]
    date_hierarchy = "published_at"
    readonly_fields = ["created_at", "updated_at", "last_reviewed"]
    view_on_site = staticmethod(public_url)
    preview_url_name = "initiative-preview"
    detail_url_name = "initiatives:detail"
    change_form_template = WorkflowAdmin.change_form_template
    show_change_form_export = False
    resource_classes = [InitiativeResource]
    formats = [SpreadsheetSafeCSV, JSON]
    import_form_class = SizeLimitedImportForm

    def get_urls(self):
        template = path(
            "import/template.csv",
            self.admin_site.admin_view(self.import_template_view),
            name="initiatives_initiative_import_template",
        )
        return [template, *super().get_urls()]

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        return FileResponse(
            SAMPLE_FILE.open("rb"),
            as_attachment=True,
            filename="initiatives-template.csv",
            content_type="text/csv; charset=utf-8",
        )

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        url = reverse("admin:initiatives_initiative_import_template")
        return {**context, "import_template_url": url}

    def write_to_tmp_storage(self, import_file, input_format):
        """django-import-export's own joins the upload's 64 KB chunks with `data += chunk`,
        which copies all that came before at every chunk: 0.11 s for 10 MB, 27.6 s for 62 MB
        (the worker timeout is 30 s). One join is linear: 0.004 s and 0.14 s."""
        storage = self.get_tmp_storage_class()(
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        storage.save(b"".join(import_file.chunks()))
        return storage

    fieldsets = [
        (
            _("Identity"),
            {
                "fields": [
                    "title",
                    "slug",
                    "former_addresses",
                    "lead",
                    "cities",
                    "themes",
                    "project",
                    "start_year",
                    "end_year",
                    "partners",
                    "contact",
                    "source_url",
                    "language",
                    "translation_of",
                ]
            },
        ),
        (_("Context"), {"fields": ["context"]}),
        (_("Objectives"), {"fields": ["objectives"]}),
        (_("Activities"), {"fields": ["activities"]}),
        (_("Budget"), {"fields": ["budget", "budget_eur", "funding_sources", "people_reached"]}),
        (
            _("Evaluation"),
            {
                "fields": [
                    "evaluation",
                    "evaluation_type",
                    "outcome",
                    "evaluator",
                    "evaluation_year",
                    "evaluation_report_url",
                ]
            },
        ),
        (_("What it achieved"), {"fields": ["results", "lessons"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "last_reviewed", "created_at", "updated_at"]},
        ),
    ]
    actions = [*WorkflowAdmin.actions, "confirm_still_accurate"]

    @admin.action(
        description=_("Confirm selected summaries are still accurate"), permissions=["publish"]
    )
    def confirm_still_accurate(self, request, queryset):
        """Sets "last reviewed" to today on published summaries, one history entry each."""
        today = timezone.localdate()
        reviewed = 0
        for initiative in queryset.filter(status=Status.PUBLISHED):
            initiative.last_reviewed = today
            initiative._change_reason = str(REVIEWED)
            initiative.save(update_fields=["last_reviewed", "updated_at"])
            reviewed += 1
        skipped = queryset.count() - reviewed
        if reviewed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d summary was confirmed as still accurate today.",
                    "%(count)d summaries were confirmed as still accurate today.",
                    reviewed,
                )
                % {"count": reviewed},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d summary is not published and was left alone: only published "
                    "summaries are reviewed.",
                    "%(count)d summaries are not published and were left alone: only published "
                    "summaries are reviewed.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("cities", "themes")

    @admin.display(description=_("cities"))
    def city_names(self, obj):
        return ", ".join(city.name for city in obj.cities.all())

    @admin.display(description=_("themes"))
    def theme_names(self, obj):
        return ", ".join(theme.name for theme in obj.themes.all())


@admin.register(NewsItem)
class NewsItemAdmin(FormerAddressesMixin, WorkflowAdmin):
    list_display = ["title", "date", "status", "language", "project", "updated_at", "preview_link"]
    list_filter = ["status", "language", "themes", "project"]
    list_select_related = ["project"]
    search_fields = ["title", "lead", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["themes", "project", "initiatives"]
    date_hierarchy = "date"
    view_on_site = staticmethod(public_url)
    preview_url_name = "news-preview"
    detail_url_name = "news:detail"


class RecommendationInline(TranslationsSideBySide, admin.StackedInline):
    """Editable here only while the manifesto is unpublished, or by publishers; an editor
    changes a published manifesto's recommendations one by one, through review."""

    model = Recommendation
    extra = 0
    autocomplete_fields = ["themes", "initiatives"]

    def _editable(self, request, manifesto):
        return manifesto is None or not revisions.needs_review(request.user, manifesto)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_delete_permission(request, obj)


@admin.register(Manifesto)
class ManifestoAdmin(TranslationsSideBySide, WorkflowAdmin):
    list_display = ["title", "title_fr", "year", "status"]
    list_filter = ["status"]
    search_fields = ["title", "title_fr", "introduction", "introduction_fr"]
    inlines = [RecommendationInline]
    view_on_site = staticmethod(public_url)


@admin.register(Recommendation)
class RecommendationAdmin(TranslationsSideBySide, ReviewedChangesMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "title_fr", "manifesto"]
    list_filter = ["manifesto", "themes"]
    list_select_related = ["manifesto"]
    search_fields = ["title", "title_fr", "text", "text_fr"]
    autocomplete_fields = ["themes", "initiatives"]

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.manifesto.is_public else None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "manifesto" in form.base_fields and not revisions.may_review(request.user, self.model):
            # Moved or added into a published manifesto, a recommendation would be public at once.
            current = obj.manifesto_id if obj is not None else None
            form.base_fields["manifesto"].queryset = Manifesto.objects.exclude(
                ~Q(pk=current), status=Status.PUBLISHED
            )
            form.base_fields["manifesto"].help_text = _(
                "Published manifestos take new recommendations from publishers."
            )
        return form


class TermInline(admin.TabularInline):
    model = Term
    extra = 3
    fields = ["language", "text"]


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    """The glossary: each concept's terms in every language. A search for one term searches
    the others too, at once and for every visitor, hence publishers' permissions only."""

    inlines = [TermInline]
    list_display = ["slug", "terms_in_english", "terms_in_french"]
    search_fields = ["slug", "terms__text"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("terms")

    @admin.display(description=_("English"))
    def terms_in_english(self, obj):
        return ", ".join(term.text for term in obj.terms.all() if term.language == "en")

    @admin.display(description=_("French"))
    def terms_in_french(self, obj):
        return ", ".join(term.text for term in obj.terms.all() if term.language == "fr")
