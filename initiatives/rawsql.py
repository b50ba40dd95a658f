"""The one place where a QuerySet becomes SQL text.

Some statements are beyond what the ORM writes: a MATERIALIZED common table expression that
PostgreSQL must not inline (facets.py, search/plans.py). They embed the SQL of ordinary
querysets, compiled here through `QuerySet.query.sql_with_params()`, so the filters themselves
stay defined once, in Django expressions.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection


class NothingToSelect(Exception):
    """The queryset can select no row, and Django knows it without asking the database."""


def compiled(queryset) -> tuple[str, list]:
    """(sql, params) of the queryset; raises NothingToSelect for an always-empty one."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet as empty:  # e.g. `pk__in=[]`: nothing resembles the words
        raise NothingToSelect from empty
    return sql, list(params)


def quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def fetch_all(statement: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()
