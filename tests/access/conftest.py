"""Logins for the access tests: one session per principal for the whole module.

The matrix and the leak test make thousands of requests, each as a principal. Logging in
before each (a new session row, the login signals) was a quarter of their time. The sessions
are made once, in the transaction of the module's shared world (tests.fixtures.module_world),
and each request runs in a savepoint that is rolled back, so what a request does to its session
(a logout, the idle clock) is undone before the next request uses it.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.test import Client


@pytest.fixture(scope="module")
def sessions(module_world, django_db_blocker) -> dict[str, str]:
    """Session cookie value per user of the world, by its key (World.users)."""
    assert module_world is not None, "the access tests share one world per module (tests.fixtures.module_world)"
    cookies = {}
    with django_db_blocker.unblock():
        for key, user in module_world.users.items():
            client = Client()
            client.force_login(user)
            cookies[key] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


@pytest.fixture
def log_in_as(client, sessions):
    """log_in_as(user_key or None): the client's next requests are that principal's (None: logged out)."""

    def log_in(user_key: str | None) -> None:
        client.cookies = SimpleCookie()  # what client.logout() leaves
        if user_key is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[user_key]

    return log_in
