"""Addresses for machines and for citing: robots.txt, the DCAT description, permanent short
addresses and citation files. Feeds are in feeds.py, the sitemap in sitemaps.py."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from initiatives.citations import FORMATS, Citation
from initiatives.dumps import chunks, latest_dump, withdrawn_since
from initiatives.linked_data import dcat_catalogue
from initiatives.models import Initiative

# Editors' tools: nothing there for a crawler (the admin asks for a login, previews are
# noindex already).
DISALLOWED = ["/admin/", "/preview/"]
# The participation forms of every list and summary (README, "Participation"): one address per
# query string or summary, a form each, nothing to index. The proposal form stays indexed.
DISALLOWED += [
    path
    for code, _name in settings.LANGUAGES
    for path in (f"/{code}/follow/", f"/{code}/initiatives/*/correct/")
]
# When to ask again for a catalogue file being written anew: the cron period of write_dumps.
RETRY_AFTER = 15 * 60


class FormerSlugRedirect:
    """For a detail view: an address with a slug the item had before answers 301 to the
    item's address now, if the item is public (`visible()`); otherwise the same 404."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            slug = kwargs.get("slug")
            moved = self.visible().formerly_at(slug).only("slug").first() if slug else None
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.get_absolute_url())


def citation_downloads(initiative) -> list[dict]:
    """The citation files offered beside a public summary's citation."""
    names = {"ris": "RIS", "bib": "BibTeX", "json": "CSL-JSON"}
    return [
        {"label": names[format], "url": reverse("initiatives:cite", args=[initiative.slug, format])}
        for format in FORMATS
    ]


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        *(f"Disallow: {path}" for path in DISALLOWED),
        # Downloads of lists: every list links to them, and each is an export to compute.
        *(f"Disallow: /{code}/initiatives/download." for code, _name in settings.LANGUAGES),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def catalog_jsonld(request):
    """The catalogue in DCAT-AP, for data portals (linked from the home page's <head>)."""
    body = json.dumps(dcat_catalogue(request), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type="application/ld+json")


@require_safe
def short_url(request, pk):
    """/i/<id>/: an initiative's permanent address, whatever its slug becomes, leading to its
    page in the visitor's language. Anything not public now is the same 404 as an id that
    never existed."""
    initiative = get_object_or_404(Initiative.objects.published().only("slug"), pk=pk)
    return HttpResponsePermanentRedirect(initiative.get_absolute_url())


@require_safe
def citation_file(request, slug, format):
    """A public summary's reference as a file for reference managers (citations.py). Under a
    slug the summary had before, a 301 to its address now."""
    public = Initiative.objects.published()
    initiative = public.prefetch_related("themes").filter(slug=slug).first()
    if initiative is None:
        moved = get_object_or_404(public.formerly_at(slug).only("slug"))
        return HttpResponsePermanentRedirect(reverse("initiatives:cite", args=[moved.slug, format]))
    citation = Citation.of(initiative, request.build_absolute_uri(initiative.get_absolute_url()))
    write, content_type, extension = FORMATS[format]
    response = HttpResponse(write(citation), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{citation.key}.{extension}"'
    return response


@require_safe
def catalogue_dump(request, file_format: str):
    """Every public initiative in one gzip file (dumps.py), written ahead by `write_dumps`."""
    dump = latest_dump(file_format)
    if dump is None:
        return HttpResponseNotFound(
            _(
                "The catalogue's file is being prepared: it is written every few minutes. "
                "Meanwhile, download a filtered list or read the API (%(api)s)."
            )
            % {"api": request.build_absolute_uri(reverse("api-docs"))},
            content_type="text/plain; charset=utf-8",
        )
    if withdrawn_since(dump):
        response = HttpResponse(
            _(
                "The catalogue's file is being written again, since a summary in it has been "
                "withdrawn: try again in a few minutes."
            ),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    etag = f'"{dump.sha256}"'
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(dump.created_at.timestamp())
    )
    if not_modified is None:
        response = StreamingHttpResponse(chunks(dump), content_type="application/gzip")
        response["Content-Length"] = str(dump.size)
        name = f"efus-initiatives-{timezone.localdate(dump.created_at)}.{file_format}.gz"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        response = not_modified
    response["ETag"] = etag
    response["Last-Modified"] = http_date(dump.created_at.timestamp())
    # Revalidated on every use, so that a withdrawn summary leaves every copy at once.
    response["Cache-Control"] = "public, no-cache"
    return response
