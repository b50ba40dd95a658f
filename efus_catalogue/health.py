"""`/healthz` and `/readyz`, for load balancers and orchestrators.

- `/healthz`: the process answers (200). It reads nothing, so a database outage does not get
  healthy app servers restarted.
- `/readyz`: the database answers and every migration is applied (200), else 503 with the
  reason, so a server is sent traffic only when it can serve it.

Answered by a middleware first in the chain, before the host check: probes address a server by
its own IP address, which is in no ALLOWED_HOSTS. Neither says more than ok or what is wrong.
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

from efus_catalogue.observability import DATABASE_UNAVAILABLE, first_line

PROBES = {"/healthz", "/readyz"}
_migrations_applied = False  # once true, stays true for the life of the process


def unapplied_migrations(connection) -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def readiness() -> tuple[int, dict]:
    global _migrations_applied
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _migrations_applied:
            missing = unapplied_migrations(connection)
            if missing:
                return 503, {"status": "migrations not applied", "missing": missing}
            _migrations_applied = True
    except DATABASE_UNAVAILABLE as error:
        return 503, {"status": "database unavailable", "reason": first_line(error)}
    return 200, {"status": "ok"}


def health_check_middleware(get_response):
    def middleware(request):
        if request.path not in PROBES:
            return get_response(request)
        status, body = (200, {"status": "ok"}) if request.path == "/healthz" else readiness()
        response = JsonResponse(body, status=status)
        response["Cache-Control"] = "no-store"
        return response

    return middleware
