"""WCAG 2.2.1 (timing adjustable): before the idle logout a warning offers to stay logged in, so a
long note or registration is not lost; at the limit it says that the session has ended."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participants.models import Participant
from tests.browser.a11y import axe_problems
from tests.browser.conftest import login
from tests.browser.keyboard import focused
from tests.fixtures import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IDLE_SECONDS = 6  # the warning shows a quarter of the limit before it (three minutes in real life)


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}  # axe is injected inline


@pytest.fixture
def short_sessions(settings, monkeypatch):
    settings.SESSION_IDLE_TIMEOUT = timedelta(seconds=IDLE_SECONDS)
    monkeypatch.setattr("krami.middleware._SEEN_RESOLUTION_SECONDS", 0)


def test_stay_logged_in_keeps_what_was_typed(page, live_server, short_sessions):
    world = build_world()
    login(page, live_server, "kommun_vl")
    page.goto(f"{live_server.url}/deltagare/{world.participants['no_consent'].pk}/anteckningar/ny/")
    page.check("#id_visibility_0")
    page.fill("#id_text", "Ett långt samtal om praktik.")
    page.focus("#id_text")

    warning = page.locator("[data-session-warning]")
    warning.wait_for(state="visible", timeout=IDLE_SECONDS * 1000)
    assert page.evaluate("() => document.activeElement.matches('[data-session-continue]')"), focused(page)
    assert axe_problems(page, "the idle warning") == []

    page.keyboard.press("Enter")  # "Stay logged in"
    warning.wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement.id") == "id_text"  # the focus is back

    page.wait_for_timeout(IDLE_SECONDS * 1000 - 1500)  # past the original limit, within the renewed one
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("#journal")
    assert Participant.objects.get(pk=world.participants["no_consent"].pk).notes.filter(
        text="Ett långt samtal om praktik."
    ).exists()


def test_the_warning_says_when_the_session_has_ended_and_escape_closes_it(page, live_server, short_sessions):
    build_world()
    login(page, live_server, "kommun_vl")
    warning = page.locator("[data-session-warning]")
    warning.wait_for(state="visible", timeout=IDLE_SECONDS * 1000)
    page.keyboard.press("Escape")
    assert warning.is_hidden()

    page.locator("[data-session-expired-text]").wait_for(state="visible", timeout=IDLE_SECONDS * 1000)
    assert page.evaluate("() => document.activeElement.closest('[data-session-expired-text]') !== null")
    assert page.locator("[data-session-continue]").is_hidden()
    page.goto(f"{live_server.url}/deltagare/")
    assert "/konto/logga-in/" in page.url  # the server ended the session too
