"""HTTP caching of the public pages: shared by every anonymous visitor, revalidated in one query.

An anonymous GET or HEAD of a public page that answers 200 gets
`Cache-Control: public, max-age=PUBLIC_CACHE_MAX_AGE` and a weak ETag built from the state of the
public content (initiatives/public_state.py), the language, the full URL and the code's release.
A request whose If-None-Match holds the current ETag is answered 304 before the view runs: the
cost of a revalidation is one query of 0.1 ms instead of the page's queries and rendering.

What makes a page change, and so is in its ETag:
- content: the catalogue's and the editorial content's versions, advanced by database triggers;
- time: the next scheduled publication (an item with a future `published_at` becomes public when
  the clock passes it, and nothing is written then). While it is in the ETag the ETag is the
  same; once it has passed, the state names the next one (or none) and the ETag changes. The
  max-age never reaches past it either, so no cache serves the page as fresh after that moment;
- the language (LocaleMiddleware's choice), the scheme, host, path and query string;
- the release: a deploy changes templates and static file names without changing content;
- a five-minute period. The versions are sequences, which are not transactional: a visitor
  reading while an editor's change is written but not yet committed gets the old page under the
  new version, which nothing would advance again until the next change. The period bounds that
  staleness, as catalogue_counts.MAX_AGE does for the cached counts; it costs one full answer
  per page and cache every five minutes.

Pages are not `Vary: Cookie`: the language is in the address (/en/…, /fr/…), so one copy per
address serves every visitor. Only the address without a language (/) depends on the visitor
(cookie, Accept-Language), and it answers a redirect, never shared.

The server keeps the pages too (`pages` cache, caches.py): a page whose ETag it has answered
before is sent again without running the view (a summary page: ~30 ms of queries and rendering
down to the state's query and a cache read). Its key is the ETag, so it is exactly as fresh as
what a browser is allowed to reuse: any change to the public content, a scheduled publication
coming due, a deploy or the five-minute period gives the page another key. Only anonymous GETs
of public pages that answered 200, set no cookie and read no session are kept.

Nothing personal is shared: a request with a session cookie (editors: admin links, previews),
and a response that sets a cookie or read the session, gets `Cache-Control: private, no-cache`;
the admin and the previews are never public; a view that sets Cache-Control itself keeps it.
"""

import hashlib
import math

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from efus_catalogue.release import release
from initiatives.catalogue_counts import MAX_AGE as VALIDATOR_PERIOD
from initiatives.public_state import public_state

# The participation forms carry a CSRF token and their links a signature: personal answers.
NEVER_PUBLIC_NAMESPACES = {"admin", "participation"}
NEVER_PUBLIC_NAMES = {"initiative-preview", "news-preview"}
# Answers revalidated (ETag, 304) but never sent again from the server's copy: the API's views
# must run, so that each request counts against the client's rate limit.
NEVER_KEPT_NAMESPACES = {"api"}
# Answers with validators of their own (the catalogue's files: their digest).
OWN_VALIDATORS = {"catalogue-dump"}


def is_public_page(request) -> bool:
    match = request.resolver_match
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not NEVER_PUBLIC_NAMESPACES.intersection(match.namespaces)
        and match.url_name not in NEVER_PUBLIC_NAMES
        and match.url_name not in OWN_VALIDATORS
    )


def validator(request) -> tuple[str, int]:
    """(ETag, max-age) of the page the request asks for, as the public content is now."""
    now = timezone.now()
    state = public_state(now)
    max_age = settings.PUBLIC_CACHE_MAX_AGE
    if state.next_publication is not None:
        max_age = min(max_age, math.floor((state.next_publication - now).total_seconds()))
    parts = (
        release(),
        state.catalogue_version,
        state.editorial_version,
        state.next_publication.isoformat() if state.next_publication else "",
        int(now.timestamp() // VALIDATOR_PERIOD),
        request.LANGUAGE_CODE,
        request.build_absolute_uri(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f'W/"{digest}"', max(max_age, 0)


# Larger answers (none today: a list page is ~50 KB) are computed each time rather than crowd
# out a hundred others.
LARGEST_KEPT_PAGE = 256 * 1024


def kept_page(etag: str) -> HttpResponse | None:
    found = caches["pages"].get(f"page:{etag}")
    if found is None:
        return None
    content, headers = found
    return HttpResponse(content, headers=headers)


def keep_page(etag: str, response) -> None:
    if response.status_code != 200 or response.streaming:
        return
    if len(response.content) <= LARGEST_KEPT_PAGE:
        page = (response.content, list(response.headers.items()))
        caches["pages"].set(f"page:{etag}", page, VALIDATOR_PERIOD)


def is_shareable(request, response) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code in (200, 304)
        and not response.cookies
        and "Cache-Control" not in response
        and not (session is not None and session.accessed)
    )


class PublicPageCacheMiddleware:
    """Cache-Control, ETag and 304s for the public pages (see the module's docstring).

    Placed right after LocaleMiddleware: it needs the language, and it sees the cookies set by
    the middleware after it (CSRF, messages) before deciding what may be shared.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_public_page(request):
            request.public_validator = validator(request)
            etag = request.public_validator[0]
            not_modified = get_conditional_response(request, etag=etag)
            if not_modified is not None:
                return not_modified
            keepable = request.method == "GET" and not NEVER_KEPT_NAMESPACES.intersection(
                request.resolver_match.namespaces
            )
            request.kept_page = kept_page(etag) if keepable else None
            request.keepable = keepable
            return request.kept_page
        return None

    def __call__(self, request):
        response = self.get_response(request)
        found = getattr(request, "public_validator", None)
        if found is not None and is_shareable(request, response):
            etag, max_age = found
            if getattr(request, "keepable", False) and getattr(request, "kept_page", None) is None:
                keep_page(etag, response)
            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=max_age)
            # Accept-Encoding too on a 304, as on the page it stands for (GZipMiddleware adds it
            # only to what it may compress): caches keep the gzip and the plain copy apart.
            patch_vary_headers(response, ["Accept-Encoding"])
        elif "Cache-Control" not in response and (
            found is not None or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            patch_cache_control(response, private=True, no_cache=True)
        return response
