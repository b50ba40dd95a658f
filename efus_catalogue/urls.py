from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from initiatives import views
from initiatives.sitemaps import SITEMAPS
from initiatives.urls import manifesto_patterns, news_patterns
from initiatives.views import open_data
from initiatives.views.api_docs import ApiDocumentation
from initiatives.views.pages import EvidencePage, SitePage

# Editors' tools keep one address whatever the language: the admin speaks the editor's browser
# language (LocaleMiddleware reads Accept-Language and the language cookie there).
urlpatterns = [
    path(
        "preview/initiatives/<int:pk>/",
        views.InitiativePreviewView.as_view(),
        name="initiative-preview",
    ),
    path("preview/news/<int:pk>/", views.NewsPreviewView.as_view(), name="news-preview"),
    path("admin/", admin.site.urls),
    # The API speaks no interface language: its labels come in English and French.
    path("api/v1/", include("initiatives.api.urls")),
    # Open data (README, "Open data"): for crawlers and harvesters, one address whatever the
    # language; the pages they list carry theirs.
    path("robots.txt", open_data.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/section.xml"},
        name="sitemap-section",
    ),
    path("catalog.jsonld", open_data.catalog_jsonld, name="catalog"),
    re_path(
        r"^data/initiatives\.(?P<file_format>csv|json)\.gz$",
        open_data.catalogue_dump,
        name="catalogue-dump",
    ),
    # An initiative's permanent address: /i/<id>/ leads to its page in the visitor's language.
    path("i/<int:pk>/", open_data.short_url, name="short-url"),
]

# The public site in each language at its own address (/en/…, /fr/…): a link, a bookmark or a
# search engine gets the language it asked for, and a shared cache needs no `Vary: Cookie`.
# An address without a language (/, /initiatives/…) redirects by the language cookie, then
# Accept-Language (LocaleMiddleware).
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("", include("initiatives.urls")),
    # Proposals, corrections and followed searches (README, "Participation").
    path("", include("initiatives.participation.urls")),
    path("search/", views.SearchView.as_view(), name="search"),
    path("search/suggest/", views.suggest, name="suggest"),
    path("news/", include(news_patterns)),
    path("manifesto/", include(manifesto_patterns)),
    path("api/", ApiDocumentation.as_view(), name="api-docs"),
    path("about/", SitePage.as_view(page="about", title=_("About the catalogue")), name="about"),
    path(
        "about/evidence/",
        EvidencePage.as_view(page="evidence", title=_("How initiatives are rated")),
        name="evidence",
    ),
    path(
        "about/accessibility/",
        SitePage.as_view(page="accessibility", title=_("Accessibility statement")),
        name="accessibility",
    ),
    path(
        "about/privacy/",
        SitePage.as_view(page="privacy", title=_("Privacy notice")),
        name="privacy",
    ),
)

handler400 = "initiatives.views.params.bad_request"
handler500 = "efus_catalogue.observability.server_error"
