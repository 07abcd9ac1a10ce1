"""Probes: `/livez` says the process answers (restart it if not); `/readyz` (and `/healthz`, which
compose and the image's HEALTHCHECK call) that it can serve: the database answers and every
migration is applied (send no traffic until then)."""

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def live(request):
    return JsonResponse({"status": "ok"})


# Once this process has seen every migration of its code applied, that stays true.
_migrated = False


@never_cache
def ready(request):
    global _migrated
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = [] if _migrated else _pending_migrations(connection)
    except DatabaseError as error:
        return JsonResponse(
            {"status": "unavailable", "database": f"unreachable: {type(error).__name__}"},
            status=503,
        )
    if pending:
        names = [f"{migration.app_label}.{migration.name}" for migration, _backwards in pending]
        return JsonResponse(
            {"status": "unavailable", "database": "ok", "pending_migrations": names}, status=503
        )
    _migrated = True
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "applied"})


def _pending_migrations(connection) -> list:
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())
