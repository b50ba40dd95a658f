"""The site's URLs plus two that fail, for the error-handling tests."""

from django.db import OperationalError
from django.http import HttpResponse
from django.urls import path

from efus_catalogue.urls import handler400, handler500, urlpatterns  # noqa: F401


def broken_view(request):
    raise RuntimeError("a bug in a view")


def database_gone(request):
    raise OperationalError('connection to server on socket "/x/.s.PGSQL.5432" failed')


def remember(request):
    """Writes the session, which SessionMiddleware saves after the view has returned."""
    request.session["seen"] = True
    return HttpResponse("remembered")


urlpatterns = [
    path("boom/", broken_view),
    path("database-gone/", database_gone),
    path("remember/", remember),
    *urlpatterns,
]
