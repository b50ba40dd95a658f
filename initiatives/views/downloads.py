""" "Download these results": the list's rows, all of them, as CSV, JSON or XLSX (exports.py)."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

from initiatives.catalogue_query import CatalogueQuery
from initiatives.exports import TooManyRows, download
from initiatives.views.params import without_blank_values


def initiatives_download(request, file_format: str):
    filterset, count, rows = CatalogueQuery(without_blank_values(request.GET)).every_row()
    if filterset.errors:
        problems = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items()
        )
        return HttpResponseBadRequest(
            _("Nothing to download: %(problems)s") % {"problems": problems},
            content_type="text/plain; charset=utf-8",
        )
    try:
        return download(rows, file_format, count, filename="efus-initiatives")
    except TooManyRows as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
