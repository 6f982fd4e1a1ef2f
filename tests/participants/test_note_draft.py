"""A long journal note survives a session timeout: after logging in again, the text is back."""

from __future__ import annotations

import time

import pytest

from krami.middleware import SESSION_SEEN_AT
from participants.models import JournalNote

PASSWORD = "ett-langt-losenord-2026"
LONG_TEXT = "Samtal om praktikplats och boende. " * 200  # about 7 000 characters, written for an hour


def _login(client, user):
    return client.post("/konto/logga-in/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")


def _expire(client, settings):
    session = client.session
    session[SESSION_SEEN_AT] = time.time() - settings.SESSION_IDLE_TIMEOUT.total_seconds() - 5
    session.save()


@pytest.fixture
def timed_out_note(world, client, settings):
    """kommun_vl writes a long note, is idle past the limit, then presses Save."""
    p = world.participants["no_consent"]
    assert _login(client, world.users["kommun_vagledare"]).status_code == 302
    url = f"/deltagare/{p.pk}/anteckningar/ny/"
    assert client.get(url).status_code == 200
    _expire(client, settings)
    response = client.post(url, {"noted_on": "2026-11-20", "visibility": "team", "text": LONG_TEXT})
    return p, url, response


def test_the_save_after_the_timeout_sends_to_login_and_saves_nothing(timed_out_note):
    p, url, response = timed_out_note
    assert response.status_code == 302 and response["Location"] == f"/konto/logga-in/?next={url}"
    assert not JournalNote.objects.filter(participant=p).exists()


def test_after_logging_in_again_the_text_is_restored(world, client, timed_out_note):
    p, url, response = timed_out_note
    login = _login(client, world.users["kommun_vagledare"])
    assert login.status_code == 302
    html = client.get(url).content.decode()
    assert LONG_TEXT.strip() in html and 'value="2026-11-20"' in html
    assert client.get(url).content.decode().count("Samtal om praktikplats") == 0  # taken once


def test_another_user_logging_in_on_that_browser_gets_nothing(world, client, timed_out_note):
    p, url, _response = timed_out_note
    assert _login(client, world.users["kommun_samordnare"]).status_code == 302
    assert "Samtal om praktikplats" not in client.get(url).content.decode()
