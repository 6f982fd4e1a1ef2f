"""Login, lock-out per (username, IP), session limits, logout."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from krami.middleware import SESSION_AUTH_AT, SESSION_SEEN_AT
from krami.models import Role
from tests.krami.factories import UnitFactory, UserFactory, staff

PASSWORD = "ett-langt-losenord-2026"


@pytest.fixture
def vagledare(db):
    unit = UnitFactory()
    return staff(role=Role.VAGLEDARE, unit=unit, organisation=unit.parties.first(), username="anna")


def login(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post("/konto/logga-in/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_page_is_swedish_and_labelled(client, db):
    html = client.get("/konto/logga-in/").content.decode()
    assert '<html lang="sv">' in html
    assert 'for="id_username"' in html and 'for="id_password"' in html


def test_login_rotates_the_session_key_and_logout_ends_the_session(client, vagledare):
    client.get("/konto/logga-in/")
    client.cookies["sessionid"] = "attacker-chosen-session-id"
    response = login(client, "anna")
    assert response.status_code == 302
    key = client.cookies["sessionid"].value
    assert key != "attacker-chosen-session-id"
    assert client.get("/").status_code == 200
    client.post("/konto/logga-ut/")
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/").status_code == 302


def test_wrong_password_shows_an_error_and_keeps_the_username(client, vagledare):
    response = login(client, "anna", "fel-losenord")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="anna"' in html
    assert "error-summary" in html


def test_lock_out_after_repeated_failures_for_that_username_and_ip_only(client, vagledare, settings):
    staff(
        role=Role.VAGLEDARE, unit=vagledare.memberships.get().unit, organisation=vagledare.memberships.get().organisation, username="bertil"
    )
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "anna", "fel-losenord", ip="10.0.0.1")
    locked = login(client, "anna", PASSWORD, ip="10.0.0.1")
    assert locked.status_code == 429
    assert "Other users on the same network are not affected" in locked.content.decode() or "andra" in locked.content.decode().lower()
    # A colleague behind the same office IP can still log in ...
    other = client_for_login()
    assert login(other, "bertil", ip="10.0.0.1").status_code == 302
    # ... and so can the same person from another address.
    elsewhere = client_for_login()
    assert login(elsewhere, "anna", ip="10.9.9.9").status_code == 302


def client_for_login():
    return Client()


def test_idle_timeout_logs_out_after_thirty_minutes(client, vagledare, settings):
    login(client, "anna")
    session = client.session
    session[SESSION_SEEN_AT] = time.time() - settings.SESSION_IDLE_TIMEOUT.total_seconds() - 5
    session.save()
    response = client.get("/deltagare/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")
    assert client.get("/").status_code == 302


def test_activity_within_the_idle_limit_keeps_the_session(client, vagledare, settings):
    login(client, "anna")
    session = client.session
    session[SESSION_SEEN_AT] = time.time() - settings.SESSION_IDLE_TIMEOUT.total_seconds() + 60
    session.save()
    assert client.get("/").status_code == 200


def test_absolute_lifetime_ends_the_session_after_twelve_hours_even_when_active(client, vagledare, settings):
    login(client, "anna")
    session = client.session
    session[SESSION_AUTH_AT] = time.time() - settings.SESSION_ABSOLUTE_LIFETIME.total_seconds() - 1
    session[SESSION_SEEN_AT] = time.time()
    session.save()
    assert client.get("/").status_code == 302


def test_disabling_a_user_ends_their_sessions(client, vagledare):
    login(client, "anna")
    assert client.get("/").status_code == 200
    vagledare.is_active = False
    vagledare.save()
    assert client.get("/").status_code == 302


def test_a_user_without_membership_sees_nothing_but_an_explanation(client, db):
    UserFactory(username="ny")
    login(client, "ny")
    html = client.get("/").content.decode()
    assert "no role in any Krami unit" in html or "ingen roll" in html
    assert client.get("/deltagare/").status_code == 404
