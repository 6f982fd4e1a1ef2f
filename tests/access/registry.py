"""The access matrix's registry: every named URL of the project must have a case here.

Each app's `tests/<app>/access_cases.py` registers its URLs with one of the helpers below;
`tests/access/test_matrix.py` enumerates the URL configuration, fails on any URL without a
case, and checks each case for every principal of the test world (tests/fixtures.py).

Kinds:
- `public(...)`: anyone may open it.
- `participant(...)`: an object-level URL about one participant; allowed exactly when the
  user may see `category` of that participant (tests.fixtures.expected_categories). Checked
  for every participant consent state. Denied answers 404, logged out redirects to login.
- `scoped(...)`: any other URL; `kwargs(world)` builds the URL arguments (creating objects in
  the world's unit if needed) and `allowed(world, user_key)` says who may open it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from krami.models import DataCategory
from tests.fixtures import expected_categories


@dataclass(frozen=True)
class Case:
    kind: str
    method: str = "GET"
    category: str = DataCategory.CORE
    kwargs: Callable | None = None
    allowed: Callable | None = None
    data: Callable | None = None  # POST data builder (world, kwargs) -> dict
    ok_statuses: frozenset = field(default_factory=lambda: frozenset({200, 302}))
    # participant URLs that change something: may(world, user_key, state) -> bool, the write rule
    # (tests/access/authority.py) instead of "may see `category`"
    may: Callable | None = None


CASES: dict[str, Case] = {}


def public(url_name: str, *, method: str = "GET", kwargs=None, ok_statuses=None) -> None:
    """Anyone may open it. `ok_statuses`: what an empty request answers when not 200/302 (the SAML
    endpoints answer 400 to a request without a SAML message)."""
    CASES[url_name] = Case(
        kind="public", method=method, kwargs=kwargs, **({"ok_statuses": frozenset(ok_statuses)} if ok_statuses else {})
    )


def participant(
    url_name: str, *, kwargs=None, method: str = "GET", category=DataCategory.CORE, data=None, may=None
) -> None:
    """`kwargs(world, participant) -> dict`; default: {"pk": participant.pk}. `may`: see Case."""
    CASES[url_name] = Case(
        kind="participant",
        method=method,
        category=category,
        kwargs=kwargs or (lambda world, p: {"pk": p.pk}),
        data=data,
        may=may,
    )


def scoped(url_name: str, *, allowed, kwargs=None, method: str = "GET", data=None, ok_statuses=None) -> None:
    """`kwargs(world) -> dict`, `allowed(world, user_key) -> bool`."""
    CASES[url_name] = Case(
        kind="scoped",
        method=method,
        kwargs=kwargs or (lambda world: {}),
        allowed=allowed,
        data=data,
        **({"ok_statuses": frozenset(ok_statuses)} if ok_statuses else {}),
    )


def may_open(case: Case, world, user_key: str | None, state: str) -> bool:
    """Whether `user_key` may open a participant case's URL in consent `state`: its write rule when
    it has one (`may`), else seeing its category (tests.fixtures.expected_categories)."""
    if user_key is None:
        return False
    if case.may is not None:
        return case.may(world, user_key, state)
    return case.category in expected_categories(world, user_key, state)


# Roles of the world's principals (tests/fixtures.py), for `allowed` callables.
USER_ROLES = {
    "kommun_vagledare": {"vagledare"},
    "kommun_samordnare": {"samordnare"},
    "kv_vagledare": {"vagledare"},
    "af_vagledare": {"vagledare"},
    "styrgrupp": {"styrgrupp"},
    "agreement_admin": {"agreement_admin"},
    "other_unit_vagledare": set(),  # roles only in the other unit
    "nsg": {"nsg"},
    "sysadmin": {"sysadmin"},
    "no_membership": set(),
}
OTHER_UNIT_ROLES = {"other_unit_vagledare": {"vagledare"}}


def has_role_in_unit(*roles: str):
    """allowed(): the user has one of `roles` in the world's unit."""
    return lambda world, user_key: bool(USER_ROLES[user_key] & set(roles))


def has_role_anywhere(*roles: str):
    """allowed(): the user has one of `roles` in any unit, or nationally."""
    return lambda world, user_key: bool((USER_ROLES[user_key] | OTHER_UNIT_ROLES.get(user_key, set())) & set(roles))


def logged_in(world, user_key) -> bool:
    return True
