"""The write matrix's registry: every URL that accepts a POST has a case here.

Each app's `tests/<app>/write_cases.py` registers its writes; `tests/access/test_write_matrix.py`
posts each as every principal (and, for participant URLs, on the participant in every consent
state) and checks that a refused write answers 404 and changes nothing in any table, and that an
allowed one answers as the page does and really writes. Who may write what is the table in
tests/access/authority.py, written independently of participants/authority.py.

Kinds:
- `participant_write(...)`: about one participant; `may(world, user_key, state)` decides;
  `kwargs(world, participant)` builds the URL arguments (None: no such record in that state).
- `scoped_write(...)`: anything else; `allowed(world, user_key)` decides.
- `session_write(...)`: the user's own session (log in and out, language, keep-alive): open to
  everyone, so nothing is refused; the matrix checks only that it never fails.
`data(world, kwargs, user_key, page)` builds what is posted; `page(url)` is the HTML of a GET of
`url` by a principal who may open it, for forms read as a browser would send them (formvalues.py).
`log_only`: an allowed request may write the access log and nothing else (a read behind a POST).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.access.authority import sees
from tests.access.formvalues import form_data


@dataclass(frozen=True)
class Write:
    kind: str
    allowed: Callable
    kwargs: Callable
    data: Callable
    ok_statuses: frozenset = field(default_factory=lambda: frozenset({200, 302}))
    log_only: bool = False


WRITES: dict[str, Write] = {}


def _no_data(world, kwargs, user_key, page):
    return {}


def participant_write(url_name: str, *, may=sees, kwargs=None, data=None, log_only: bool = False) -> None:
    WRITES[url_name] = Write(
        kind="participant", allowed=may, kwargs=kwargs or (lambda world, p: {"pk": p.pk}), data=data or _no_data,
        log_only=log_only,
    )


def scoped_write(url_name: str, *, allowed, kwargs=None, data=None, ok_statuses=None) -> None:
    WRITES[url_name] = Write(
        kind="scoped", allowed=allowed, kwargs=kwargs or (lambda world: {}), data=data or _no_data,
        **({"ok_statuses": frozenset(ok_statuses)} if ok_statuses else {}),
    )


def session_write(url_name: str, *, kwargs=None, data=None, ok_statuses=None) -> None:
    WRITES[url_name] = Write(
        kind="session", allowed=lambda world, user_key: True, kwargs=kwargs or (lambda world: {}),
        data=data or _no_data, **({"ok_statuses": frozenset(ok_statuses)} if ok_statuses else {}),
    )


def fixed(values: dict | Callable):
    """data(): the same values for everyone (a callable gets the world)."""
    return lambda world, kwargs, user_key, page: values(world) if callable(values) else dict(values)


def as_rendered(fill: dict | Callable | None = None, *, page_url: Callable | None = None):
    """data(): the form as the page renders it, with `fill` (a dict, or fill(world, user_key)) on top.

    `page_url(world, kwargs)`: the page that holds the form (default: the write URL itself)."""
    def data(world, kwargs, user_key, page, *, url):
        source = page_url(world, kwargs) if page_url else url
        extra = fill(world, user_key) if callable(fill) else dict(fill or {})
        return form_data(page(source), source, action=url, fill=extra)

    data.as_rendered = True
    return data
