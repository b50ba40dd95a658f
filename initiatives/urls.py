from django.urls import path, re_path, register_converter

from initiatives import feeds, views
from initiatives.views.downloads import initiatives_download
from initiatives.views.explore import CompareView, ExploreView
from initiatives.views.open_data import citation_file


class CitationFormat:
    regex = "ris|bib|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CitationFormat, "citation_format")

app_name = "initiatives"

urlpatterns = [
    path("initiatives/", views.InitiativeListView.as_view(), name="list"),
    path("explore/", ExploreView.as_view(), name="explore"),
    path("compare/", CompareView.as_view(), name="compare"),
    re_path(
        r"^initiatives/download\.(?P<file_format>csv|json|xlsx)$",
        initiatives_download,
        name="download",
    ),
    # The list's feeds, for the list's query string (feeds.py).
    path("initiatives/feed/atom/", feeds.InitiativesAtomFeed(), name="feed-atom"),
    path("initiatives/feed/rss/", feeds.InitiativesFeed(), name="feed-rss"),
    path("initiatives/<slug:slug>/", views.InitiativeDetailView.as_view(), name="detail"),
    path(
        "initiatives/<slug:slug>/cite.<citation_format:format>",
        citation_file,
        name="cite",
    ),
    path("themes/<slug:slug>/", views.ThemeView.as_view(), name="theme"),
    path("cities/<slug:slug>/", views.CityView.as_view(), name="city"),
    path("countries/<str:code>/", views.CountryView.as_view(), name="country"),
    path("projects/<slug:slug>/", views.ProjectView.as_view(), name="project"),
]

news_patterns = (
    [
        path("", views.NewsListView.as_view(), name="list"),
        path("feed/atom/", feeds.NewsAtomFeed(), name="feed-atom"),
        path("feed/rss/", feeds.NewsFeed(), name="feed-rss"),
        path("<slug:slug>/", views.NewsDetailView.as_view(), name="detail"),
    ],
    "news",
)

manifesto_patterns = (
    [
        path("", views.ManifestoView.as_view(), name="current"),
        path("feed/atom/", feeds.ManifestoAtomFeed(), name="feed-atom"),
        path("feed/rss/", feeds.ManifestoFeed(), name="feed-rss"),
        path("<int:year>/", views.ManifestoView.as_view(), name="year"),
    ],
    "manifesto",
)
