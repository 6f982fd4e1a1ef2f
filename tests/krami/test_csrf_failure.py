"""A form sent with a stale or missing security token (CSRF) gets a Swedish page that keeps what was
typed (krami.errors.csrf_failure): a logged-in user finds the form filled in again; a logged-out
user sees the text to copy, and it is stored nowhere. Never Django's English page about DEBUG."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from krami.drafts import SESSION_DRAFT

PASSWORD = "ett-langt-losenord-2026"
SERVER = "http://testserver"
NOTE = "Samtal om praktik på verkstad, börjar i januari."


@pytest.fixture
def csrf_client():
    """A client that checks CSRF tokens as a browser's requests are checked."""
    return Client(enforce_csrf_checks=True)


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def _log_in(client, user):
    page = client.get("/konto/logga-in/").content.decode()
    response = client.post(
        "/konto/logga-in/", {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": _token(page)},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 302


def _note(p, token: str) -> dict:
    return {"csrfmiddlewaretoken": token, "noted_on": "2026-11-20", "visibility": "team", "text": NOTE, "password": "hemligt-123"}


def _assert_swedish_page(response):
    html = response.content.decode()
    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in html and '<html lang="sv">' in html
    assert "DEBUG" not in html and "CSRF" not in html and "Forbidden" not in html
    assert "hemligt-123" not in html  # a password is never kept or shown
    return html


def test_a_form_opened_before_logging_in_again_is_filled_in_after_the_stale_form_page(world, csrf_client):
    p = world.participants["no_consent"]
    url = f"/deltagare/{p.pk}/anteckningar/ny/"
    _log_in(csrf_client, world.users["kommun_vagledare"])
    old_token = _token(csrf_client.get(url).content.decode())
    Session.objects.all().delete()  # logged out (the idle limit) ...
    _log_in(csrf_client, world.users["kommun_vagledare"])  # ... and in again in another tab: the old form is stale

    response = csrf_client.post(url, _note(p, old_token), HTTP_ORIGIN=SERVER, HTTP_REFERER=SERVER + url)
    html = _assert_swedish_page(response)
    assert "Det du skrev finns kvar" in html and f'href="{url}"' in html and "Öppna formuläret igen" in html
    assert not p.notes.exists()

    html = csrf_client.get(url).content.decode()
    assert NOTE in html and 'value="2026-11-20"' in html
    assert "Vi har fyllt i det du skrev innan du loggades ut" in html
    assert NOTE not in csrf_client.get(url).content.decode()  # used once


def test_a_logged_out_user_sees_what_was_typed_and_nothing_is_stored(world, csrf_client):
    p = world.participants["no_consent"]
    url = f"/deltagare/{p.pk}/anteckningar/ny/"
    response = csrf_client.post(url, _note(p, "x" * 32), HTTP_ORIGIN=SERVER, HTTP_REFERER=SERVER + url)
    html = _assert_swedish_page(response)
    assert NOTE in html and "2026-11-20" in html
    assert f'href="/konto/logga-in/?next={url}"' in html
    assert "data-drafts-keep" in html  # krami.js keeps its copy for after the login
    assert SESSION_DRAFT not in csrf_client.session

    _log_in(csrf_client, world.users["kommun_vagledare"])
    assert NOTE not in csrf_client.get(url).content.decode()  # the server kept nothing (the browser may have)


def test_a_post_from_another_site_is_neither_kept_nor_shown(world, csrf_client):
    p = world.participants["no_consent"]
    url = f"/deltagare/{p.pk}/anteckningar/ny/"
    _log_in(csrf_client, world.users["kommun_vagledare"])
    response = csrf_client.post(url, _note(p, "x" * 32), HTTP_ORIGIN="https://angripare.example", HTTP_REFERER="https://angripare.example/")
    html = _assert_swedish_page(response)
    assert NOTE not in html
    assert NOTE not in csrf_client.get(url).content.decode()


def test_the_page_is_in_english_for_who_chose_english(world, csrf_client, settings):
    csrf_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = csrf_client.post("/deltagare/", {"q": "x"}, HTTP_ORIGIN=SERVER)
    assert response.status_code == 403 and "The form could not be sent" in response.content.decode()
