"""The access matrix: every URL of the project × every principal × every consent state.

A URL without a registered case fails `test_every_url_has_a_case`, so a new page cannot be
forgotten. Denied answers must be 404 (exactly as for a record that does not exist), logged
out users are sent to the login page, and every answer (downloads, partials, redirects and
denials too) carries the security headers, with no-store whenever someone is logged in.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.access.headers import header_problems
from tests.access.registry import CASES, may_open
from tests.fixtures import CONSENT_STATES

EXCLUDED_NAMESPACES = {"admin"}  # Django's admin has its own staff check, tested in test_admin.py


def _load_cases() -> None:
    for module in pkgutil.walk_packages(tests.__path__, prefix="tests."):
        if module.name.endswith(".access_cases"):
            importlib.import_module(module.name)


def url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or ""
                if ns in EXCLUDED_NAMESPACES:
                    continue
                walk(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns)
    return names


_load_cases()
ALL_URLS = sorted(url_names())
USER_KEYS = [
    "kommun_vagledare", "kommun_samordnare", "kv_vagledare", "af_vagledare", "styrgrupp",
    "agreement_admin", "other_unit_vagledare", "nsg", "sysadmin", "no_membership",
]


def test_every_url_has_a_case():
    registered = {key.split("[", 1)[0] for key in CASES}
    missing = sorted(set(ALL_URLS) - registered)
    assert missing == [], f"URLs without an access-matrix case (add them to tests/<app>/access_cases.py): {missing}"
    stale = sorted(registered - set(ALL_URLS))
    assert stale == [], f"Access-matrix cases for URLs that no longer exist: {stale}"


def _request(client, case, url, world, kwargs):
    data = case.data(world, kwargs) if case.data else {}
    # Each request runs in a savepoint that is rolled back, so one check cannot change the next.
    with transaction.atomic():
        response = client.post(url, data) if case.method == "POST" else client.get(url)
        transaction.set_rollback(True)
    return response


def _check(client, log_in_as, case, url, world, kwargs, user_key, allowed, problems):
    user = world.users.get(user_key)
    log_in_as(user_key if user is not None else None)
    response = _request(client, case, url, world, kwargs)
    status = response.status_code
    if case.kind == "public":
        ok = status in case.ok_statuses
        expectation = "public"
    elif user is None:
        ok = status == 302 and response["Location"].startswith(reverse("krami:login"))
        expectation = "redirect to login"
    elif allowed:
        ok = status in case.ok_statuses and not (
            status == 302 and response["Location"].startswith(reverse("krami:login"))
        )
        expectation = f"allowed ({sorted(case.ok_statuses)})"
    else:
        ok = status == 404
        expectation = "404"
    if not ok:
        problems.append(f"{case.method} {url} as {user_key or 'anonymous'}: got {status}, expected {expectation}")
    # Logged in when the answer was made (logging out ends that before the answer).
    missing = header_problems(response, authenticated=response.wsgi_request.user.is_authenticated)
    if missing:
        problems.append(f"{case.method} {url} as {user_key or 'anonymous'}: no {', '.join(missing)}")


@pytest.mark.parametrize("case_key", sorted(CASES))
def test_access_matrix(case_key, client, log_in_as, world):
    case = CASES[case_key]
    url_name = case_key.split("[", 1)[0]
    problems: list[str] = []
    principals = [None, *USER_KEYS]
    if case.kind == "participant":
        for state in CONSENT_STATES:
            participant = world.participants[state]
            kwargs = case.kwargs(world, participant)
            if kwargs is None:
                continue
            url = reverse(url_name, kwargs=kwargs)
            for user_key in principals:
                allowed = may_open(case, world, user_key, state)
                _check(client, log_in_as, case, url, world, kwargs, user_key, allowed, problems)
    else:
        kwargs = case.kwargs(world) if case.kwargs else {}
        url = reverse(url_name, kwargs=kwargs)
        for user_key in principals:
            allowed = case.kind == "public" or (user_key is not None and case.allowed(world, user_key))
            _check(client, log_in_as, case, url, world, kwargs, user_key, allowed, problems)
    assert problems == []
