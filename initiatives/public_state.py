"""The state of what the public sees, in one cheap statement: what page validators are built on.

Public content changes in two ways:
- a write: database triggers advance a sequence on every change to the catalogue
  (sql/catalogue_version.sql: initiatives, themes, cities, projects) or to the editorial content
  (sql/editorial_version.sql: news, manifestos, recommendations), whoever writes;
- the clock passing a scheduled publication date, which writes nothing: hence the date of the
  next publication due, which is in the state until it has passed.

The statement reads two sequences and, through the (status, published_at) indexes of
initiatives and news (manifestos are a handful of rows), the earliest scheduled date (LEAST
ignores NULLs). Measured from Django on the 2-core machine: 0.45 ms a call (0.2 ms of it
planning, 0.04 ms executing; `SELECT 1` takes 0.09 ms). A UNION ALL of the three dates took
1.1 ms, most of it planning.
"""

import datetime
from dataclasses import dataclass

from initiatives import rawsql
from initiatives.models import Initiative, Manifesto, NewsItem, Status


@dataclass(frozen=True)
class PublicState:
    catalogue_version: int
    editorial_version: int
    next_publication: datetime.datetime | None


def public_state(now: datetime.datetime) -> PublicState:
    scheduled = ", ".join(
        f"(SELECT min(published_at) FROM {rawsql.quoted(model._meta.db_table)}"
        " WHERE status = %s AND published_at > %s)"
        for model in (Initiative, NewsItem, Manifesto)
    )
    [row] = rawsql.fetch_all(
        "SELECT (SELECT last_value FROM efus_catalogue_version),"
        f" (SELECT last_value FROM efus_editorial_version), LEAST({scheduled})",
        [Status.PUBLISHED, now] * 3,
    )
    return PublicState(*row)
