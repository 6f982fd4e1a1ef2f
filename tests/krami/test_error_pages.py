"""The error pages: 503 while the database is unreachable, 409 when a constraint refused a write,
500 otherwise; never a stack trace.

The end-to-end check with a real PostgreSQL restart is tests/krami/test_database_restart.py.
"""

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError
from django.test import Client, RequestFactory

import participants.views.notes as views
from krami.errors import server_error


def _render_while_handling(exc: Exception):
    try:
        raise exc
    except Exception:
        return server_error(RequestFactory().get("/deltagare/"))


@pytest.mark.parametrize(
    "exc, status, text",
    [
        (OperationalError("connection to server at 127.0.0.1 failed"), 503, "Krami är tillfälligt otillgängligt"),
        (InterfaceError("connection already closed"), 503, "Krami är tillfälligt otillgängligt"),
        (IntegrityError("duplicate key value"), 409, "Inget sparades"),
        (ValueError("a bug"), 500, "Något gick fel"),
    ],
)
def test_the_error_page_depends_on_what_failed_and_never_shows_the_error(exc, status, text):
    response = _render_while_handling(exc)
    html = response.content.decode()
    assert response.status_code == status and text in html
    assert str(exc) not in html and type(exc).__name__ not in html
    assert (response.get("Retry-After") == "30") is (status == 503)


def test_a_database_error_wrapped_in_another_error_still_counts_as_an_outage():
    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as inner:
            raise RuntimeError("template rendering failed") from inner
    except RuntimeError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 503


def test_a_write_that_a_constraint_refuses_answers_409_not_500(world, monkeypatch):
    """The floor under every form: an IntegrityError nobody foresaw is a 'nothing was saved' page."""


    def collide(**kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "participant_unique_pnr_per_unit_org"')

    monkeypatch.setattr(views, "note_create", collide)
    participant = world.participants["no_consent"]
    client = Client(raise_request_exception=False)
    client.force_login(world.users["kommun_vagledare"])
    response = client.post(f"/deltagare/{participant.pk}/anteckningar/ny/",
                           {"noted_on": "2026-01-05", "visibility": "team", "text": "Samtal"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Inget sparades" in html and "participant_unique" not in html and "IntegrityError" not in html
