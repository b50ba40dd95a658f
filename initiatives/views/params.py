"""Reading request parameters: the one path every query string takes before a form sees it."""

import re

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

# C0 control characters and DEL, but tab, line feed and carriage return, which a pasted text
# may hold and a search folds into spaces. PostgreSQL refuses NUL in text outright.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class InvalidParameter(BadRequest):
    """A request parameter no page can use; its message is shown to the visitor."""


def reject_control_characters(get_response):
    """Middleware: a query string with control characters answers 400, on every page."""

    def middleware(request):
        for name, values in request.GET.lists():
            if any(CONTROL_CHARACTERS.search(text) for text in [name, *values]):
                raise InvalidParameter(
                    _(
                        "The address contains a control character (such as NUL) in “%(name)s”. "
                        "Remove it and try again."
                    )
                    % {"name": CONTROL_CHARACTERS.sub("", name)}
                )
        return get_response(request)

    return middleware


def bad_request(request, exception):
    """The 400 page, with the reason when it is one of ours (never an internal message). A form
    over the size Django reads into memory is a 413 that says so: Django's own answer was a 400
    page that could only say "something was not valid"."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20
        message = _(
            "The form sent is too large: this site accepts up to %(limit)s MB. "
            "Shorten its texts and send it again."
        ) % {"limit": f"{limit:g}"}
        return render(request, "400.html", {"message": message}, status=413)
    if isinstance(exception, TooManyFieldsSent):
        message = _("The form or address has too many fields.")
    else:
        message = str(exception) if isinstance(exception, InvalidParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)


def without_blank_values(query: QueryDict) -> QueryDict:
    """The query string minus empty values: an HTML form submits its empty fields too."""
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        kept = [value for value in values if value.strip()]
        if kept:
            cleaned.setlist(key, kept)
    return cleaned
