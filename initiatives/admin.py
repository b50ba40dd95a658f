from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats.base_formats import CSV, JSON
from simple_history.admin import SimpleHistoryAdmin

from initiatives.admin_workflow import WorkflowAdmin
from initiatives.models import (
    City,
    Initiative,
    Manifesto,
    NewsItem,
    Project,
    Recommendation,
    Theme,
)
from initiatives.transfer import InitiativeResource

admin.site.site_header = _("Efus catalogue: editors")
admin.site.site_title = _("Efus catalogue")
admin.site.index_title = _("Catalogue content")


def public_url(obj):
    """'View on site' only where a visitor would see the page; drafts would answer 404."""
    return obj.get_absolute_url() if obj.is_public else None


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "initiative_count"]
    search_fields = ["name", "description"]
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


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "latitude", "longitude"]
    list_filter = ["country"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "start_year", "end_year"]
    search_fields = ["acronym", "name", "description"]
    prepopulated_fields = {"slug": ["acronym"]}


@admin.register(Initiative)
class InitiativeAdmin(ImportMixin, ExportActionMixin, WorkflowAdmin):
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
        "cities__country",
        "language",
        "evaluation_type",
        "outcome",
        "project",
    ]
    list_select_related = ["project"]
    search_fields = ["title", "lead", "context", "objectives", "activities", "evaluation"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["cities", "themes", "project"]
    date_hierarchy = "published_at"
    readonly_fields = ["created_at", "updated_at"]
    view_on_site = staticmethod(public_url)
    preview_url_name = "initiative-preview"
    change_form_template = WorkflowAdmin.change_form_template
    show_change_form_export = False
    resource_classes = [InitiativeResource]
    formats = [CSV, JSON]
    fieldsets = [
        (
            _("Identity"),
            {
                "fields": [
                    "title",
                    "slug",
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
                ]
            },
        ),
        (_("Context"), {"fields": ["context"]}),
        (_("Objectives"), {"fields": ["objectives"]}),
        (_("Activities"), {"fields": ["activities"]}),
        (_("Budget"), {"fields": ["budget", "budget_eur"]}),
        (_("Evaluation"), {"fields": ["evaluation", "evaluation_type", "outcome"]}),
        (_("Publication"), {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("cities", "themes")

    @admin.display(description=_("cities"))
    def city_names(self, obj):
        return ", ".join(city.name for city in obj.cities.all())

    @admin.display(description=_("themes"))
    def theme_names(self, obj):
        return ", ".join(theme.name for theme in obj.themes.all())


@admin.register(NewsItem)
class NewsItemAdmin(WorkflowAdmin):
    list_display = ["title", "date", "status", "language", "project", "updated_at", "preview_link"]
    list_filter = ["status", "language", "themes", "project"]
    list_select_related = ["project"]
    search_fields = ["title", "lead", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["themes", "project", "initiatives"]
    date_hierarchy = "date"
    view_on_site = staticmethod(public_url)
    preview_url_name = "news-preview"


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    autocomplete_fields = ["themes", "initiatives"]


@admin.register(Manifesto)
class ManifestoAdmin(WorkflowAdmin):
    list_display = ["title", "year", "status"]
    list_filter = ["status"]
    search_fields = ["title", "introduction"]
    inlines = [RecommendationInline]
    view_on_site = staticmethod(public_url)


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "manifesto"]
    list_filter = ["manifesto", "themes"]
    list_select_related = ["manifesto"]
    search_fields = ["title", "text"]
    autocomplete_fields = ["themes", "initiatives"]

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.manifesto.is_public else None
