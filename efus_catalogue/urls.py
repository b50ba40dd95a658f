from django.contrib import admin
from django.urls import include, path

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
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "initiatives.views.params.bad_request"
handler500 = "efus_catalogue.observability.server_error"
