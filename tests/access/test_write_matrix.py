"""The write matrix: every URL that accepts a POST × every principal × every consent state.

Beside the read matrix (test_matrix.py). A write refused to a principal answers exactly what a
hidden or missing record answers (404; logged out: the login page) and changes nothing in any
table, the access log included, compared row by row (tests/access/digest.py). A write allowed to a
principal answers as the page does, and each case shows at least once that it really writes, so
that "nothing changed" on a refusal means something. Who may write what is the table in
tests/access/authority.py.

Every other URL must refuse a POST (405): a read-only page cannot be used to write by accident,
and a new form cannot be forgotten here.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.db import transaction
from django.urls import resolve, reverse

import tests
from tests.access.digest import changed_tables, table_states
from tests.access.pages import get_pages
from tests.access.test_matrix import ALL_URLS, USER_KEYS
from tests.access.writes import WRITES
from tests.fixtures import CONSENT_STATES

LOG_TABLE = "krami_accesslog"


def _load_cases() -> None:
    for module in pkgutil.walk_packages(tests.__path__, prefix="tests."):
        if module.name.endswith(".write_cases"):
            importlib.import_module(module.name)


_load_cases()


def _name(case_key: str) -> str:
    return case_key.split("[", 1)[0]


def test_every_url_that_accepts_a_post_has_a_write_case(client, log_in_as, world):
    """A URL without a write case must refuse a POST with 405, whoever sends it."""
    registered = {_name(key) for key in WRITES}
    assert sorted(registered - set(ALL_URLS)) == [], "write cases for URLs that no longer exist"
    accepting = []
    for url, _case, user_key in get_pages(world):
        if resolve(url).view_name in registered:
            continue
        log_in_as(user_key)
        with transaction.atomic():
            response = client.post(url, {})
            transaction.set_rollback(True)
        if response.status_code != 405:
            accepting.append(f"{url} ({response.status_code})")
    assert accepting == [], (
        "pages that accept a POST without a write case (add one, or decorate the view with require_safe): "
        + ", ".join(accepting)
    )


def _post(client, url, data, before):
    """POST in a savepoint; return the answer and the tables it changed since `before` (then undo everything)."""
    with transaction.atomic():
        response = client.post(url, data)
        changed = changed_tables(before, table_states(with_log=True))
        transaction.set_rollback(True)
    return response, changed


def _page_as(client, log_in_as, user_key):
    """page(url): the HTML of a GET by `user_key`, read once per URL."""
    cache: dict[str, str] = {}

    def page(url: str) -> str:
        if url not in cache:
            log_in_as(user_key)
            response = client.get(url)
            assert response.status_code == 200, f"GET {url} as {user_key}: {response.status_code}"
            cache[url] = response.content.decode()
        return cache[url]

    return page


def _data(case, world, kwargs, user_key, page, url):
    if getattr(case.data, "as_rendered", False):
        return case.data(world, kwargs, user_key, page, url=url)
    return case.data(world, kwargs, user_key, page)


def _check(case, url, user_key, allowed, response, changed, problems, writes):
    status = response.status_code
    where = f"POST {url} as {user_key or 'anonymous'}"
    location = response.get("Location", "") if status == 302 else ""
    if case.kind == "session":  # the user's own session: nobody is refused, and only the session changes
        if status not in case.ok_statuses and not location.startswith(reverse("krami:login")):
            problems.append(f"{where}: {status}, expected one of {sorted(case.ok_statuses)}")
        writes.append(where)
    elif user_key is None:
        if not (status == 302 and location.startswith(reverse("krami:login"))) or changed:
            problems.append(f"{where}: {status} {location} changed {changed}, expected the login page and no change")
    elif not allowed:
        if status != 404 or changed:
            problems.append(f"{where}: {status} changed {changed}, expected 404 and no change")
    else:
        if status not in case.ok_statuses or location.startswith(reverse("krami:login")):
            problems.append(f"{where}: {status} {location}, expected one of {sorted(case.ok_statuses)}")
        domain = [t for t in changed if t != LOG_TABLE]
        if case.log_only and domain:
            problems.append(f"{where}: a read behind a POST changed {domain}")
        if (domain or (case.log_only and changed)) and status in (200, 204, 302):
            writes.append(where)



@pytest.mark.slow
@pytest.mark.parametrize("case_key", sorted(WRITES))
def test_write_matrix(case_key, client, log_in_as, world):
    case = WRITES[case_key]
    name = _name(case_key)
    problems: list[str] = []
    writes: list[str] = []
    runs = [(state, world.participants[state]) for state in CONSENT_STATES] if case.kind == "participant" else [(None, None)]
    for state, participant in runs:
        kwargs = case.kwargs(world, participant) if participant is not None else case.kwargs(world)
        if kwargs is None:
            continue
        url = reverse(name, kwargs=kwargs)
        allowed = {
            user_key: case.allowed(world, user_key, state) if case.kind == "participant" else case.allowed(world, user_key)
            for user_key in USER_KEYS
        }
        reader = next((u for u in USER_KEYS if allowed[u]), None)
        page = _page_as(client, log_in_as, reader)
        before = None  # each POST is undone, so the tables are the same before each of them
        for user_key in [None, *USER_KEYS]:
            data = _data(case, world, kwargs, user_key, page, url) if reader else {}
            log_in_as(user_key)
            before = before or table_states(with_log=True)
            response, changed = _post(client, url, data, before)
            may = case.kind == "session" or (user_key is not None and allowed[user_key])
            _check(case, url, user_key, may, response, changed, problems, writes)
    assert problems == []
    assert writes, f"{case_key}: no allowed principal wrote anything, so a refusal that changes nothing proves little"
