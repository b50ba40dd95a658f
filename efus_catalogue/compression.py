"""Django's GZipMiddleware, minus the answers that are compressed files already."""

from django.middleware.gzip import GZipMiddleware

# A gzip file (the catalogue's dumps) or a spreadsheet (a zip archive) gains nothing from a
# second compression, which would cost a core for the whole of a 50 MB download.
COMPRESSED_TYPES = {
    "application/gzip",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class CompressingMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        media_type = response.get("Content-Type", "").split(";")[0].strip()
        if media_type in COMPRESSED_TYPES:
            return response
        return super().process_response(request, response)
