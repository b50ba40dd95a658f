"""Counts over the whole public catalogue, cached until the catalogue changes.

The unfiltered initiative list and the home page count every published initiative by theme,
country, city… The same for every visitor, and about 230 ms of aggregation at 100,000
initiatives. So they are cached under the catalogue's version: a sequence that database triggers
advance on any change to initiatives, their themes and cities, or to themes, cities and projects
(sql/catalogue_version.sql), whether it comes from the admin, an import or plain SQL. The next
request after a change counts afresh.

Two things change the public catalogue without advancing the version, hence two expiries:
- a scheduled publication coming due: an entry lives only until the next one is due;
- a sequence is not transactional: a visitor counting while an editor's change is not yet
  committed can cache the old counts under the new version; entries live at most MAX_AGE.
"""

import hashlib

from django.core.cache import cache
from django.utils import timezone

from efus_catalogue.release import release
from initiatives import rawsql
from initiatives.models import Initiative, Status

MAX_AGE = 300  # seconds


def catalogue_state() -> tuple[int, float | None]:
    """(version, seconds until the next scheduled publication, or None)."""
    now = timezone.now()
    table = rawsql.quoted(Initiative._meta.db_table)
    [(version, next_due)] = rawsql.fetch_all(
        "SELECT (SELECT last_value FROM efus_catalogue_version), min(published_at)"
        f" FROM {table} WHERE status = %s AND published_at > %s",
        [Status.PUBLISHED, now],
    )
    return version, None if next_due is None else (next_due - now).total_seconds()


class CatalogueCache:
    """What the current public catalogue answers, cached under its version: the state is read
    once (one query of 0.1 ms), however many answers a request looks up."""

    def __init__(self):
        self.version, self.due_in = catalogue_state()

    def get_or_compute(self, name: str, compute):
        # The release too: a shared cache outlives a deploy, whose code may count or present
        # an answer differently (a new facet).
        key = f"catalogue:{release()}:{self.version}:{name}"
        found = cache.get(key)
        if found is None:
            found = compute()
            max_age = MAX_AGE if self.due_in is None else min(MAX_AGE, self.due_in)
            if max_age >= 1:
                cache.set(key, found, int(max_age))
        return found


def cached_for_catalogue(name: str, compute):
    """compute()'s result for the current public catalogue, computed once per version."""
    return CatalogueCache().get_or_compute(name, compute)


def fingerprint(*parts) -> str:
    """A short, stable key for validated criteria (model instances by primary key) and the
    rest of what decides an answer."""

    def plain(value):
        if isinstance(value, dict):
            return sorted((name, plain(item)) for name, item in value.items())
        if isinstance(value, tuple):  # in order (ids of a page); other collections are sets
            return [plain(item) for item in value]
        if hasattr(value, "__iter__") and not isinstance(value, str):
            return sorted(repr(plain(item)) for item in value)
        return getattr(value, "pk", value)

    return hashlib.sha256(repr([plain(part) for part in parts]).encode()).hexdigest()[:32]
