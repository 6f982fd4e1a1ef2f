"""The registry's GET pages, each with one principal who may open it (for checks that need a page
opened once, not the whole matrix)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from tests.access.registry import CASES, Case, may_open
from tests.access.test_matrix import USER_KEYS

STATE = "consent_all"  # participant pages are opened on the participant with full consent


def get_pages(world) -> Iterator[tuple[str, Case, str | None]]:
    """(url, case, first allowed user key or None) of every GET case with URL arguments."""
    for case_key, case in sorted(CASES.items()):
        if case.method != "GET":
            continue
        name = case_key.split("[", 1)[0]
        if case.kind == "participant":
            kwargs = case.kwargs(world, world.participants[STATE])
            users = [u for u in USER_KEYS if may_open(case, world, u, STATE)]
        else:
            kwargs = case.kwargs(world) if case.kwargs else {}
            users = [] if case.kind == "public" else [u for u in USER_KEYS if case.allowed(world, u)]
        if kwargs is not None:
            yield reverse(name, kwargs=kwargs), case, (users[0] if users else None)
