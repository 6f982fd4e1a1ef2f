"""Swedish by default, whatever the browser asks for; English when chosen in the header."""

from __future__ import annotations

import pytest
from django.urls import reverse

LOGIN = "/konto/logga-in/"


def _lang(response) -> str:
    html = response.content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("accept_language", ["", "en", "en-GB,en;q=0.9", "de", "sv-SE"])
def test_the_site_is_swedish_whatever_the_browser_prefers(client, db, accept_language):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE=accept_language)
    assert _lang(response) == "sv"
    assert response["Content-Language"] == "sv"
    assert "Logga in i Krami" in response.content.decode()


def test_english_is_chosen_with_the_header_form_and_swedish_chosen_back(client, db):
    # The header's language form posts to Django's set_language view.
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN}, follow=True)
    assert _lang(response) == "en"
    html = response.content.decode()
    assert "Log in to Krami" in html
    assert '<button type="submit" name="language" value="sv" class="button button--link" lang="sv">Svenska</button>' in html

    # The choice holds for the next pages, even with a Swedish browser.
    assert _lang(client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="sv")) == "en"

    response = client.post(reverse("set_language"), {"language": "sv", "next": LOGIN}, follow=True)
    assert _lang(response) == "sv"
    assert "Logga in i Krami" in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_swedish(client, db):
    client.cookies["django_language"] = "fi"
    assert _lang(client.get(LOGIN)) == "sv"


def test_english_pages_use_english_words_and_swedish_terms(client, world):
    client.force_login(world.users["kommun_vagledare"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("participants:list")).content.decode()
    assert "Register a participant" in html
    assert "consent (samtycke)" in html
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    html = client.get(reverse("participants:list")).content.decode()
    assert "Registrera en deltagare" in html
    assert "Vad betyder samtycke?" in html
