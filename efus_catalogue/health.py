"""`/healthz` and `/readyz`, for load balancers and orchestrators.

- `/healthz`: the process answers (200). It reads nothing, so a database outage does not get
  healthy app servers restarted.
- `/readyz`: the database answers and every migration is applied (200), else 503 with what is
  wrong, so a server is sent traffic only when it can serve it. The migration check runs until
  it first succeeds, then never again in this process; afterwards a probe costs one `SELECT 1`.

Answered by a middleware first in the chain: no session, CSRF, locale or HTTPS redirect (a
probe from the load balancer speaks plain HTTP to the app server). The host is still checked
like any request's, so a probe must send a name in ALLOWED_HOSTS (Kubernetes: an `httpHeaders`
Host). Neither probe says more than ok or what is wrong: the database's own error message,
which names hosts or sockets, goes to the log, not to the answer.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

from efus_catalogue.observability import DATABASE_UNAVAILABLE, first_line

PROBES = {"/healthz", "/readyz"}
_migrations_applied = False  # once true, stays true for the life of the process
logger = logging.getLogger("efus_catalogue")


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
        logger.warning("not ready, database unavailable: %s", first_line(error))
        return 503, {"status": "database unavailable"}
    return 200, {"status": "ok"}


def health_check_middleware(get_response):
    def middleware(request):
        if request.path not in PROBES:
            return get_response(request)
        request.get_host()  # DisallowedHost: the usual 400, as for any other page
        status, body = (200, {"status": "ok"}) if request.path == "/healthz" else readiness()
        response = JsonResponse(body, status=status)
        response["Cache-Control"] = "no-store"
        return response

    return middleware
