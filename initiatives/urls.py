from django.urls import path, re_path

from initiatives import views
from initiatives.views.downloads import initiatives_download

app_name = "initiatives"

urlpatterns = [
    path("initiatives/", views.InitiativeListView.as_view(), name="list"),
    re_path(
        r"^initiatives/download\.(?P<file_format>csv|json|xlsx)$",
        initiatives_download,
        name="download",
    ),
    path("initiatives/<slug:slug>/", views.InitiativeDetailView.as_view(), name="detail"),
    path("themes/<slug:slug>/", views.ThemeView.as_view(), name="theme"),
    path("cities/<slug:slug>/", views.CityView.as_view(), name="city"),
    path("countries/<str:code>/", views.CountryView.as_view(), name="country"),
    path("projects/<slug:slug>/", views.ProjectView.as_view(), name="project"),
]

news_patterns = (
    [
        path("", views.NewsListView.as_view(), name="list"),
        path("<slug:slug>/", views.NewsDetailView.as_view(), name="detail"),
    ],
    "news",
)

manifesto_patterns = (
    [
        path("", views.ManifestoView.as_view(), name="current"),
        path("<int:year>/", views.ManifestoView.as_view(), name="year"),
    ],
    "manifesto",
)
