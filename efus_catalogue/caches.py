"""Cache settings from the environment: where Django's cache lives, how long pages are fresh.

Two caches: `default` for the pieces of answers (the catalogue's counts, search plans, cards,
rendered Markdown), `pages` for whole public pages (http_cache.py), kept apart so that a crawl
through thousands of pages never pushes out the counts every list needs.

A third, `fragments`, holds the parts of the page frame that depend only on the code and the
language (the site's header and footer, base.html's `{% cache %}` blocks): they are the same for
every page, so each process renders them once per language instead of once per page (1.1 ms of
a summary page's 11 ms of Python). It is always each process's own memory, whatever CACHE_URL
says: what it holds changes with a deploy, not with content, so a Redis that outlives a deploy
must not keep it, and a measurement with CACHE_URL=dummy:// still renders them once, as it still
compiles templates once. With DEBUG on it keeps nothing, so that an edited template shows at once.

Without CACHE_URL each process keeps its own local-memory caches, which is right for one app
server: what is cached (under the catalogue's version) is never wrong for being per process,
only computed once more per process. Several app servers can set
CACHE_URL=redis://host:6379/0 (or rediss://, unix://) to compute it once for all of them,
through Django's own Redis backend. CACHE_URL=dummy:// caches nothing, so that `make bench` can
measure what every answer costs when computed.
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# Searches' counts and pages are cached too (catalogue_query.py): room for a few thousand,
# each a few kilobytes, before the oldest third is dropped.
LOCAL_MEMORY = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
# A public page is 10-50 KB: 1,000 of them are at most ~50 MB a process.
LOCAL_MEMORY_PAGES = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
FRAGMENTS = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"}
NOTHING = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
REDIS = "django.core.cache.backends.redis.RedisCache"
REDIS_SCHEMES = {"redis", "rediss", "unix"}
DEFAULT_PUBLIC_MAX_AGE = 60  # seconds


def cache_settings(environ: Mapping[str, str], *, debug: bool = False) -> dict:
    """CACHES for the environment's CACHE_URL (none or empty: each process's own memory)."""
    return {**content_caches(environ), "fragments": NOTHING if debug else FRAGMENTS}


def content_caches(environ: Mapping[str, str]) -> dict:
    url = environ.get("CACHE_URL", "").strip()
    if not url:
        return {"default": LOCAL_MEMORY, "pages": LOCAL_MEMORY_PAGES}
    scheme = urlsplit(url).scheme
    if scheme == "dummy":  # no cache at all: every answer computed (measurements only)
        return {"default": NOTHING, "pages": NOTHING}
    if scheme not in REDIS_SCHEMES:
        # Only the scheme is named: the rest of the URL may hold a password.
        raise ImproperlyConfigured(
            "CACHE_URL must start with redis://, rediss://, unix:// or dummy:// (found"
            f" {scheme or 'no'} scheme); leave it empty for each process's own memory."
        )
    return {
        "default": {"BACKEND": REDIS, "LOCATION": url},
        "pages": {"BACKEND": REDIS, "LOCATION": url, "KEY_PREFIX": "pages"},
    }


def public_max_age(environ: Mapping[str, str]) -> int:
    """Seconds a public page stays fresh in caches (PUBLIC_CACHE_MAX_AGE, default 60)."""
    value = environ.get("PUBLIC_CACHE_MAX_AGE", "").strip() or str(DEFAULT_PUBLIC_MAX_AGE)
    if not value.isdigit():
        raise ImproperlyConfigured(
            f"PUBLIC_CACHE_MAX_AGE must be a whole number of seconds, not {value!r}."
        )
    return int(value)
