"""The idle-logout warning's server side: the limit in the page, and "Stay logged in"."""

from __future__ import annotations

import time

from django.urls import reverse

from krami.middleware import SESSION_SEEN_AT


def test_every_page_of_a_logged_in_user_carries_the_idle_limit_unlocalised(client, world):
    client.force_login(world.users["kommun_vagledare"])
    html = client.get(reverse("krami:home")).content.decode()
    # 1800, not "1 800": the Swedish thousands separator would make it 1 second in JavaScript.
    assert 'data-session-warning data-idle-seconds="1800" hidden' in html


def test_the_login_page_has_no_warning(client, db):
    assert "data-session-warning" not in client.get(reverse("krami:login")).content.decode()


def test_stay_logged_in_renews_the_idle_timer(client, world):
    client.force_login(world.users["kommun_vagledare"])
    client.get(reverse("krami:home"))
    session = client.session
    session[SESSION_SEEN_AT] = time.time() - 25 * 60  # 25 minutes without a request
    session.save()
    response = client.post(reverse("krami:keep_alive"))
    assert response.status_code == 204
    assert time.time() - client.session[SESSION_SEEN_AT] < 5


def test_without_javascript_the_button_returns_to_the_page(client, world):
    client.force_login(world.users["kommun_vagledare"])
    response = client.post(reverse("krami:keep_alive"), {"next": "/deltagare/"})
    assert (response.status_code, response["Location"]) == (302, "/deltagare/")
    response = client.post(reverse("krami:keep_alive"), {"next": "https://elsewhere.example/"})
    assert response["Location"] == reverse("krami:home")


def test_after_the_limit_it_is_too_late(client, world):
    client.force_login(world.users["kommun_vagledare"])
    client.get(reverse("krami:home"))
    session = client.session
    session[SESSION_SEEN_AT] = time.time() - 31 * 60
    session.save()
    response = client.post(reverse("krami:keep_alive"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("krami:login"))
