"""The "page not found" page: the same designed page with DEBUG on as off.

With DEBUG on (`make run`), Django answers a 404 with its technical page, which lists the URL
patterns: useful to a developer, a dead end to anyone trying the catalogue. This middleware gives
the public site's 404s the designed page in every mode; the admin keeps Django's.
"""

from django.conf import settings
from django.views.defaults import page_not_found


def designed_not_found_middleware(get_response):
    def middleware(request):
        response = get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path.startswith(("/admin/", settings.STATIC_URL))
        ):
            return page_not_found(request, exception=None)
        return response

    return middleware
