"""The error page for an unexpected failure, and a separate one while the database is unreachable.

Both are rendered from plain templates with no context processors, so they work when the
database, the session store or the user lookup is what failed. Neither ever shows a stack trace
(DEBUG is off in production; `check --deploy` verifies it).
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

# Seconds a browser or proxy is asked to wait before trying again during a database outage.
RETRY_AFTER_SECONDS = 30


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether the failure is the database being unreachable (restart, failover, network)."""
    while exc is not None:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 with Retry-After while the database is down, else the general 500 page.

    Django calls this inside its exception handler, so the failure is in `sys.exc_info()`.
    """
    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
