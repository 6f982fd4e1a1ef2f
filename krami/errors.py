"""The error page for an unexpected failure, one while the database is unreachable, and one when
a write collided with another at the same moment.

Both are rendered from plain templates with no context processors, so they work when the
database, the session store or the user lookup is what failed. Neither ever shows a stack trace
(DEBUG is off in production; `check --deploy` verifies it).
"""

from __future__ import annotations

import sys

from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

# Seconds a browser or proxy is asked to wait before trying again during a database outage.
RETRY_AFTER_SECONDS = 30


def _caused_by(exc: BaseException | None, kinds) -> bool:
    while exc is not None:
        if isinstance(exc, kinds):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether the failure is the database being unreachable (restart, failover, network)."""
    return _caused_by(exc, (OperationalError, InterfaceError))


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 with Retry-After while the database is down; 409 when a constraint refused a
    write (two people saving the same thing at once: the transaction was rolled back, so nothing is
    half-saved, and the page says so); else the general 500 page.

    Forms turn the collisions they can foresee into a message beside the field (issue 15); this is
    the floor under every other write, so that an IntegrityError never reaches a user as a 500.
    Django calls this inside its exception handler, so the failure is in `sys.exc_info()`.
    """
    failure = sys.exc_info()[1]
    if database_unavailable(failure):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if _caused_by(failure, IntegrityError):
        return HttpResponse(loader.get_template("409.html").render(), status=409)
    return HttpResponseServerError(loader.get_template("500.html").render())
