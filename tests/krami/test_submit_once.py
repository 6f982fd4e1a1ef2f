"""A form sent twice saves once (issue 15, finding 6: a double-clicked journal note was saved twice)."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from krami.models import FormSubmission
from participants.models import JournalNote
from tests.fixtures import build_world

NOTE = {"noted_on": "2026-11-30", "visibility": "team", "text": "Samtal om praktikplats"}


def _token(html: str, action: str) -> str:
    form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.S) or re.search(
        r'<form[^>]*method="post"[^>]*>(.*?)</form>', html, re.S
    )
    return re.search(r'name="submit_token" value="([^"]+)"', form.group(1)).group(1)


@pytest.fixture
def note_page(world, client):
    participant = world.participants["no_consent"]
    client.force_login(world.users["kommun_vagledare"])
    url = reverse("participants:note_create", kwargs={"pk": participant.pk})
    return participant, url, client.get(url).content.decode()


def test_every_post_form_of_a_page_carries_a_token_of_its_own(note_page):
    _participant, _url, html = note_page
    forms = re.findall(r'<form\b[^>]*method="post"[^>]*>\s*<input type="hidden" name="submit_token" value="([^"]+)">', html)
    assert len(forms) == html.count('method="post"') >= 2  # the note form, the language form, the session form
    assert len(set(forms)) == len(forms)


def test_a_double_clicked_note_is_saved_once(note_page, client):
    participant, url, html = note_page
    data = {**NOTE, "submit_token": _token(html, url)}
    first = client.post(url, data)
    second = client.post(url, data)
    assert JournalNote.objects.filter(participant=participant, text=NOTE["text"]).count() == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    page = client.get(second["Location"]).content.decode()
    assert "already been sent" in page or "redan skickat" in page


def test_a_form_that_came_back_with_errors_can_be_sent_again(note_page, client):
    participant, url, html = note_page
    token = _token(html, url)
    assert client.post(url, {**NOTE, "text": "", "submit_token": token}).status_code == 200
    assert client.post(url, {**NOTE, "submit_token": token}).status_code == 302
    assert JournalNote.objects.filter(participant=participant).count() == 1


def test_another_user_cannot_replay_a_token(note_page, client, world):
    participant, url, html = note_page
    token = _token(html, url)
    client.post(url, {**NOTE, "submit_token": token})
    colleague = Client()
    colleague.force_login(world.users["kommun_samordnare"])
    response = colleague.post(url, {**NOTE, "text": "Kollegans anteckning", "submit_token": token})
    assert response.status_code == 409  # never sent where someone else's form led
    assert not JournalNote.objects.filter(text="Kollegans anteckning").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_the_same_moment_save_one_note():
    world = build_world()
    participant = world.participants["no_consent"]
    user = world.users["kommun_vagledare"]
    url = reverse("participants:note_create", kwargs={"pk": participant.pk})
    clients = [Client(), Client()]
    for c in clients:
        c.force_login(user)
    token = _token(clients[0].get(url).content.decode(), url)
    barrier = threading.Barrier(2)
    answers = {}

    def click(i):
        try:
            barrier.wait(timeout=10)
            answers[i] = clients[i].post(url, {**NOTE, "submit_token": token})
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert JournalNote.objects.filter(participant=participant).count() == 1
    assert sorted(a.status_code for a in answers.values()) == [302, 302]
    assert len({a["Location"] for a in answers.values()}) == 1
    assert FormSubmission.objects.filter(token=token).count() == 1
