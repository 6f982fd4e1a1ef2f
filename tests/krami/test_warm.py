"""A warm process freezes its long-lived objects out of full garbage collections (krami/warm.py)."""

import gc

import pytest
from django.test import Client, override_settings

from krami import warm


@pytest.fixture
def fresh_process(monkeypatch):
    """A process that has served nothing and frozen nothing; whatever the test froze is let go after."""
    gc.unfreeze()
    monkeypatch.setattr(warm, "_served", 0)
    yield
    gc.unfreeze()


def _serve(requests: int) -> None:
    """The process serves this many pages (the login page: no data needed)."""
    client = Client()
    for _ in range(requests):
        client.get("/konto/logga-in/")


def test_freeze_points_are_the_first_count_and_ten_and_a_hundred_times_it():
    assert warm.freeze_points(20) == (20, 200, 2000)
    assert warm.freeze_points(0) == ()


@pytest.mark.django_db
@override_settings(KRAMI_GC_FREEZE_AFTER=3)
def test_the_third_request_freezes_what_the_process_holds(fresh_process):
    _serve(2)
    assert gc.get_freeze_count() == 0

    tracked_before = len(gc.get_objects())
    _serve(1)

    assert gc.get_freeze_count() > 0.5 * tracked_before
    # What a full collection walks from now on: what was made since, not the process's modules and caches.
    assert len(gc.get_objects()) < 0.1 * tracked_before


@pytest.mark.django_db
@override_settings(KRAMI_GC_FREEZE_AFTER=0)
def test_nothing_is_frozen_when_it_is_turned_off(fresh_process):
    _serve(5)
    assert gc.get_freeze_count() == 0
