from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from initiatives import views
from initiatives.urls import manifesto_patterns, news_patterns

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("", include("initiatives.urls")),
    path("search/", views.SearchView.as_view(), name="search"),
    path("search/suggest/", views.suggest, name="suggest"),
    path("news/", include(news_patterns)),
    path("manifesto/", include(manifesto_patterns)),
    path(
        "preview/initiatives/<int:pk>/",
        views.InitiativePreviewView.as_view(),
        name="initiative-preview",
    ),
    path("preview/news/<int:pk>/", views.NewsPreviewView.as_view(), name="news-preview"),
    # The footer's language switch posts here from every page. Without CSRF protection, so that
    # pages carry no token and set no cookie, and can be shared by caches (http_cache.py): the
    # worst a forged request can do is change the visitor's interface language, and `next` only
    # leads back to this site (set_language checks it). Languages move into the URL later.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "initiatives.views.params.bad_request"
handler500 = "efus_catalogue.observability.server_error"
