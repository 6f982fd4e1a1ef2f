"""The error page for an unexpected failure, one while the database is unreachable, one when
a write collided with another at the same moment, and the one for a stale form (CSRF).

The first three are rendered from plain templates with no context processors, so they work when
the database, the session store or the user lookup is what failed; the stale-form page is an
ordinary page of the site (nothing has failed but the token). None ever shows a stack trace or
mentions DEBUG (DEBUG is off in production; `check --deploy` verifies it).
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from krami.drafts import form_page, has_text, kept_fields, same_origin, stash_draft

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


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent with a stale or missing security token — most often one opened
    before the user logged in again (in another tab, or after an idle logout).

    Django's own page is in English and speaks of DEBUG; this one says in plain Swedish what
    happened and keeps the text. A logged-in user's fields are kept as a draft that fills in the
    form when its page is opened again (krami/drafts.py); a logged-out user's are shown here to be
    copied and never stored. A form sent from another site is neither kept nor shown. 403, as
    Django answers; `reason` is Django's own log line and is not shown.
    """
    user = getattr(request, "user", None)
    logged_in = bool(user and user.is_authenticated)
    page = form_page(request)
    fields = kept_fields(request.POST) if request.method == "POST" and same_origin(request) else {}
    if page.startswith("/konto/"):
        fields = {}  # the login and two-factor forms: nothing worth keeping, and never a code
    kept = logged_in and stash_draft(request, user_id=user.pk, fields=fields, page=page)
    typed = [] if kept or not has_text(fields) else [(name, v) for name, values in fields.items() for v in values if v.strip()]
    context = {
        "page": page,
        "logged_in": logged_in,
        "kept": kept,
        "typed": typed,
        "login_url": redirect_to_login(page, settings.LOGIN_URL)["Location"],
    }
    return render(request, "403_csrf.html", context, status=403)
