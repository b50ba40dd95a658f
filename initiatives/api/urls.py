from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from initiatives.api import views

app_name = "api"

urlpatterns = [
    path("", views.Root.as_view(), name="root"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("initiatives/", views.InitiativeList.as_view(), name="initiatives"),
    path("initiatives/facets/", views.InitiativeFacets.as_view(), name="facets"),
    path("initiatives/<slug:slug>/", views.InitiativeDetail.as_view(), name="initiative-detail"),
    path("themes/", views.ThemeList.as_view(), name="themes"),
    path("cities/", views.CityList.as_view(), name="cities"),
    path("countries/", views.CountryList.as_view(), name="countries"),
    path("projects/", views.ProjectList.as_view(), name="projects"),
    path("news/", views.NewsList.as_view(), name="news"),
    path("news/<slug:slug>/", views.NewsDetail.as_view(), name="news-detail"),
    path("manifestos/", views.ManifestoList.as_view(), name="manifestos"),
    path("manifestos/<int:year>/", views.ManifestoDetail.as_view(), name="manifesto-detail"),
    path("glossary/", views.ConceptList.as_view(), name="glossary"),
    re_path(r"^(?P<path>.*)$", views.Unknown.as_view()),
]
