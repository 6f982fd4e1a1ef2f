"""Health for operators and load balancers (issue 20, item 2): no login, no personal data.

- `/healthz`: the process answers (no database, no session): restart it when this fails.
- `/readyz`: the process can serve: the database answers, every migration is applied, and no
  background job of this process has stopped giving signs of life (krami/jobs.py). 503 with the
  failing check named otherwise: take the server out of the load balancer until it passes.
- `/metrics`: Prometheus metrics (django-prometheus), only when METRICS is on, and then only with
  the bearer token or from an address in METRICS_ALLOWED_IPS (docs/operations.md).
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from krami import jobs

# Once every migration was seen applied, a process does not look again (they are not unapplied
# under a running server; a deploy that migrates restarts the processes).
_migrations_applied = False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unreachable"
    return "ok"


def _migrations() -> str:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        unapplied = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        if unapplied:
            return f"{unapplied} not applied"
        _migrations_applied = True
    return "ok"


def _background() -> str:
    stuck = jobs.stuck()
    return f"{len(stuck)} stuck" if stuck else "ok"


@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    checks = {"database": _database()}
    checks["migrations"] = _migrations() if checks["database"] == "ok" else "unknown"
    checks["background_jobs"] = _background()
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": checks}, status=200 if ready else 503)


def _metrics_allowed(request: HttpRequest) -> bool:
    token = settings.KRAMI_METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(header.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.KRAMI_METRICS_ALLOWED_IPS)


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """404 when metrics are off or the caller is not allowed (the endpoint does not reveal itself)."""
    if not settings.KRAMI_METRICS or not _metrics_allowed(request):
        raise Http404
    from django_prometheus.exports import ExportToDjangoView  # noqa: PLC0415 - installed, but only used when METRICS is on

    return ExportToDjangoView(request)
