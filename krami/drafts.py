"""Nothing typed is lost (issue 6; issue 15, item 7): what a user typed in any form survives an idle
logout, a session that is gone and a form whose security (CSRF) token went stale.

Two halves, one in the browser and one on the server, so that it works with JavaScript off too:

- **In the browser** (`static/js/krami.js`, "Drafts"): while the user types, the fields of every
  POST form are kept in the tab's sessionStorage, under the page's path and the form's field names
  (never passwords, one-time codes, tokens or files). A page that means the form did not arrive —
  the login page, the two-factor page, the CSRF failure page (`<body data-drafts-keep>`) — marks
  them as lost; when the same user sees the same form again, it is filled in with a notice and a
  button that discards it. Any other page means the form arrived (saved, or shown again with the
  server's own copy of what was sent) and the kept copy is dropped; logging out drops them all.
- **On the server**: when a session ends on a POST (the idle limit, `krami/middleware.py`) or a
  logged-in user's POST fails the CSRF check (a form opened before logging in again,
  `krami.errors.csrf_failure`), the non-secret fields are kept in the session with the user's id
  and the path of the page the form was on. On that user's next GET of that page,
  `DraftMiddleware` offers them to every form on it: the project's form renderer makes each field
  a `DraftBoundField`, whose initial value is the kept one, and the form template says so
  (`templates/forms/form.html`). A draft is used once; another user logging in on the same browser
  gets nothing. A logged-out user's text is never stored on the server: the CSRF failure page shows
  it to be copied.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.forms import BoundField
from django.forms.formsets import INITIAL_FORM_COUNT, MAX_NUM_FORM_COUNT, MIN_NUM_FORM_COUNT, TOTAL_FORM_COUNT
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import resolve_url
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_DRAFT = "krami_draft"
# Never kept: secrets, and what only steers the request (where to go next).
_SECRET = re.compile(r"password|token|otp|csrf", re.IGNORECASE)
SKIPPED = {"next"}
# A formset's own bookkeeping is the page's, not the user's: restoring it would drop or invent rows.
_MANAGEMENT = (TOTAL_FORM_COUNT, INITIAL_FORM_COUNT, MIN_NUM_FORM_COUNT, MAX_NUM_FORM_COUNT)
MAX_CHARS = 100_000


def kept_fields(post: QueryDict) -> dict[str, list[str]]:
    """The fields of a POST that may be kept and shown again: all but secrets and `next`."""
    return {
        name: values
        for name, values in post.lists()
        if name not in SKIPPED and not _SECRET.search(name) and not name.endswith(_MANAGEMENT)
    }


def has_text(fields: dict[str, list[str]]) -> bool:
    return any(value.strip() for values in fields.values() for value in values)


def same_origin(request: HttpRequest) -> bool:
    """Whether the POST came from a page of this site (Origin, else Referer): a draft is never
    taken from another site's form, so no one can plant text in a Krami form."""
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc == request.get_host()
    referer = request.headers.get("Referer")
    return bool(referer) and urlsplit(referer).netloc == request.get_host()


def form_page(request: HttpRequest) -> str:
    """The page (path and query) the submitted form was on: the Referer when it is this site's,
    else the address the form was sent to (most forms are sent to their own page)."""
    referer = request.headers.get("Referer", "")
    parts = urlsplit(referer)
    page = parts.path + (f"?{parts.query}" if parts.query else "")
    if referer and parts.netloc == request.get_host() and url_has_allowed_host_and_scheme(page, allowed_hosts=None):
        return page
    return request.get_full_path()


def stash_draft(request: HttpRequest, *, user_id: int, fields: dict[str, list[str]], page: str) -> bool:
    """Keep `fields` for `user_id` until that user next opens `page`; False if there was nothing
    to keep (no text, or more than MAX_CHARS, which the session is not meant to carry)."""
    if not has_text(fields) or sum(len(v) for values in fields.values() for v in values) > MAX_CHARS:
        return False
    request.session[SESSION_DRAFT] = {"user": user_id, "path": urlsplit(page).path, "data": fields}
    return True


def take_draft(request: HttpRequest) -> dict[str, list[str]] | None:
    """The kept fields for this user and this page, removed from the session; else None."""
    draft = request.session.get(SESSION_DRAFT)
    if not draft or draft.get("path") != request.path:
        return None
    del request.session[SESSION_DRAFT]
    if draft.get("user") != request.user.pk:
        return None
    # Drafts kept before fields were lists held one value per name.
    return {name: values if isinstance(values, list) else [values] for name, values in draft["data"].items()}


@dataclass
class _Restoring:
    """The draft offered to the forms of one request."""

    data: dict[str, list[str]]
    noticed: bool = False
    _taking_part: dict[int, bool] = field(default_factory=dict)

    def takes_part(self, form) -> bool:
        """Whether `form` is (part of) the form that was sent: unbound, with a field in the draft."""
        if form.is_bound:
            return False
        if id(form) not in self._taking_part:
            self._taking_part[id(form)] = any(form.add_prefix(name) in self.data for name in form.fields)
        return self._taking_part[id(form)]


_RESTORING: ContextVar[_Restoring | None] = ContextVar("krami_draft_restoring", default=None)
_MISSING = object()


def _kept_value(bound: BoundField):
    restoring = _RESTORING.get()
    if restoring is None or bound.field.disabled or not restoring.takes_part(bound.form):
        return _MISSING
    values = restoring.data.get(bound.html_name)
    multiple = getattr(bound.field.widget, "allow_multiple_selected", False)
    if values is None:
        # A browser sends nothing for an unticked box: in the form that was sent, that is the answer.
        if multiple:
            return []
        return False if bound.widget_type == "checkbox" else _MISSING
    return list(values) if multiple else values[-1]


def kept_value(name: str) -> str | None:
    """A value of the draft being restored that is no form field — a record's version in a hidden
    input — so that a view can show the version the user typed against: a colleague's save made
    in between then still ends in the conflict page instead of being overwritten."""
    restoring = _RESTORING.get()
    values = restoring.data.get(name) if restoring is not None else None
    return values[-1] if values else None


class DraftBoundField(BoundField):
    """A form field whose initial value is the kept draft's, while a draft is being restored."""

    @cached_property
    def initial(self):
        kept = _kept_value(self)
        return self.form.get_initial_for_field(self.field, self.name) if kept is _MISSING else kept


def draft_notice(form) -> bool:
    """Whether the form template should say that it was filled in from a draft (once a page)."""
    restoring = _RESTORING.get()
    if restoring is None or restoring.noticed or not restoring.takes_part(form):
        return False
    restoring.noticed = True
    return True


class DraftMiddleware:
    """Offers a kept draft to the forms of the page it was typed on, once, to the user who typed it;
    and sends a logged-out user whose form was refused back to that page after logging in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        draft = None
        if request.method == "GET" and request.user.is_authenticated and not request.headers.get("HX-Request"):
            draft = take_draft(request)
        if draft is None:
            response = self.get_response(request)
        else:
            token = _RESTORING.set(_Restoring(draft))
            try:
                response = self.get_response(request)
            finally:
                _RESTORING.reset(token)
        if request.method == "POST" and not request.user.is_authenticated:
            response = self._log_in_to_the_form(request, response)
        return response

    @staticmethod
    def _log_in_to_the_form(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """login_required sends a POST whose session has gone to the login page and then to the
        address it was sent to; a form sent elsewhere than its own page should come back to its page,
        where krami.js fills it in again."""
        login_url = resolve_url(settings.LOGIN_URL)
        location = urlsplit(response.get("Location", "")) if response.status_code == 302 else None
        if location is None or location.path != login_url:
            return response
        page = form_page(request)
        if parse_qs(location.query).get("next") != [request.get_full_path()] or page == request.get_full_path():
            return response
        return redirect_to_login(page, login_url)
