"""Public pages. Thin views: each hands one read (a CatalogueQuery, a QuerySet method, a search)
to a template."""

from initiatives.views.catalogue import (
    CityView,
    CountryView,
    InitiativeDetailView,
    InitiativeListView,
    ProjectView,
    ThemeView,
)
from initiatives.views.editorial import ManifestoView, NewsDetailView, NewsListView
from initiatives.views.home import HomeView
from initiatives.views.preview import InitiativePreviewView, NewsPreviewView
from initiatives.views.search import SearchView, suggest

__all__ = [
    "CityView",
    "CountryView",
    "HomeView",
    "InitiativeDetailView",
    "InitiativeListView",
    "InitiativePreviewView",
    "ManifestoView",
    "NewsDetailView",
    "NewsListView",
    "NewsPreviewView",
    "ProjectView",
    "SearchView",
    "ThemeView",
    "suggest",
]
