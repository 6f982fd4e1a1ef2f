"""Where a form returns to after saving: a `next` parameter, if it stays on this site.

A step of the case page that is blocked by missing data links to the form that fixes it with
`?next=<the step>`; the form carries `next` through its POST (a hidden field) and goes back there
after saving. Only a path on this host is followed (`url_has_allowed_host_and_scheme`): anything
else (another host, a scheme, `//evil`) falls back to the form's usual page, so the parameter
cannot send a user off the site.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

NEXT = "next"


def safe_next(request: HttpRequest) -> str | None:
    """The `next` of the POST (else the query string) when it is a URL of this site; else None."""
    url = request.POST.get(NEXT) or request.GET.get(NEXT)
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return None


def next_or(request: HttpRequest, default: str) -> str:
    """Where to go after saving: the safe `next`, else `default`."""
    return safe_next(request) or default
