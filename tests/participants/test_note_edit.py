"""Editing a journal note: only the author's organisation; the earlier text is kept and shown."""

import pytest
from django.urls import reverse

from participants.models import JournalNote, JournalNoteRevision, NoteVisibility
from participants.services.notes import note_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_note(world, today):
    """A kommun note shared with the team, on the participant who consents to everything."""
    return note_create(participant=world.participants["consent_all"], by=world.users["kommun_vagledare"],
                       noted_on=today, visibility=NoteVisibility.TEAM, text="Möte med arbetsgivaren på måndag.")


def _url(note):
    return reverse("participants:note_edit", kwargs={"pk": note.participant_id, "note_id": note.pk})


def test_a_colleague_of_the_author_edits_and_the_old_text_stays_visible(client, world, team_note):
    client.force_login(world.users["kommun_samordnare"])
    form = client.get(_url(team_note)).content.decode()
    assert "Möte med arbetsgivaren på måndag." in form  # the form starts from the current text
    response = client.post(_url(team_note), {"text": "Möte med arbetsgivaren på tisdag."})
    assert response.status_code == 302
    team_note.refresh_from_db()
    assert team_note.text == "Möte med arbetsgivaren på tisdag." and team_note.edited_at is not None
    assert list(JournalNoteRevision.objects.values_list("text", flat=True)) == ["Möte med arbetsgivaren på måndag."]

    client.force_login(world.users["kv_vagledare"])  # another party that may read the team note
    html = client.get(reverse("participants:detail", kwargs={"pk": team_note.participant_id})).content.decode()
    journal = html[html.index('id="journal"'):]
    assert "data-note-edited" in journal and "Earlier versions" in journal
    assert "på tisdag." in journal and "på måndag." in journal


def test_another_organisation_may_read_but_not_edit(client, world, team_note):
    client.force_login(world.users["kv_vagledare"])
    html = client.get(reverse("participants:detail", kwargs={"pk": team_note.participant_id})).content.decode()
    assert "Möte med arbetsgivaren" in html and _url(team_note) not in html
    assert client.get(_url(team_note)).status_code == 404
    assert client.post(_url(team_note), {"text": "Ändrat av KV"}).status_code == 404
    team_note.refresh_from_db()
    assert team_note.text == "Möte med arbetsgivaren på måndag." and not JournalNoteRevision.objects.exists()


def test_outsiders_get_404(client, world, team_note):
    for user_key in ("other_unit_vagledare", "styrgrupp", "no_membership"):
        client.force_login(world.users[user_key])
        assert client.post(_url(team_note), {"text": "x"}).status_code == 404
    assert JournalNote.objects.get().text == "Möte med arbetsgivaren på måndag."


def test_an_empty_text_is_refused_and_nothing_is_saved(client, world, team_note):
    client.force_login(world.users["kommun_vagledare"])
    response = client.post(_url(team_note), {"text": ""})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not JournalNoteRevision.objects.exists()


def test_saving_unchanged_text_makes_no_revision(client, world, team_note):
    client.force_login(world.users["kommun_vagledare"])
    client.post(_url(team_note), {"text": team_note.text})
    team_note.refresh_from_db()
    assert team_note.edited_at is None and not JournalNoteRevision.objects.exists()
