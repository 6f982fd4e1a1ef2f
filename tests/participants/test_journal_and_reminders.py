"""Journal entries have a type and are searched within the case through the access door; a case
worker's reminder is theirs alone (issue 16, items 3 and 6)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from krami.models import AuditEvent
from participants.models import JournalNote, NoteKind, NoteVisibility, Reminder
from participants.services.notes import note_create
from privacy.services.retention import _anonymise

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(world):
    """A participant every party sees (consent to everything), with a note from each of kommun and KV."""
    p = world.participants["consent_all"]
    kommun, kv = world.users["kommun_vagledare"], world.users["kv_vagledare"]
    note_create(participant=p, by=kommun, noted_on=p.phase_since, visibility=NoteVisibility.TEAM, kind=NoteKind.PHONE,
                text="Ringde om praktikplatsen på bageriet")
    note_create(participant=p, by=kommun, noted_on=p.phase_since, visibility=NoteVisibility.OWN_ORGANISATION,
                kind=NoteKind.VISIT, text="Hembesök, bageriet nämndes igen")
    note_create(participant=p, by=kv, noted_on=p.phase_since, visibility=NoteVisibility.TEAM, kind=NoteKind.MEETING,
                text="Möte på frivården om bageriet")
    return p


def test_a_note_is_written_with_its_type(client, world):
    p = world.participants["no_consent"]
    client.force_login(world.users["kommun_vagledare"])
    client.post(reverse("participants:note_create", args=[p.pk]),
                {"noted_on": p.phase_since.isoformat(), "kind": NoteKind.SMS, "visibility": NoteVisibility.TEAM, "text": "Sms om tiden"})
    assert JournalNote.objects.get(participant=p).kind == NoteKind.SMS
    assert "Text message (sms)" in client.get(reverse("participants:detail", args=[p.pk])).content.decode()


def test_the_search_finds_words_and_types_among_the_notes_the_user_may_read(client, world, shared):
    client.force_login(world.users["kommun_vagledare"])
    url = reverse("participants:journal", args=[shared.pk])
    assert len(client.get(url + "?q=bageriet").context["notes"]) == 3
    assert [n.kind for n in client.get(url + "?q=bageriet&kind=besok").context["notes"]] == [NoteKind.VISIT]
    assert list(client.get(url + "?q=frivården bageriet").context["notes"].values_list("kind", flat=True)) == [NoteKind.MEETING]
    # AF sees the team notes released to it, never the kommun's own-organisation note.
    client.force_login(world.users["af_vagledare"])
    found = client.get(url + "?q=bageriet").context["notes"]
    assert sorted(n.text for n in found) == ["Möte på frivården om bageriet", "Ringde om praktikplatsen på bageriet"]
    response = client.get(url + "?q=Hembesök")
    assert list(response.context["notes"]) == [] and "Hembesök, bageriet" not in response.content.decode()


def test_no_search_of_a_case_the_user_may_not_see(client, world, shared):
    client.force_login(world.users["kv_vagledare"])
    assert client.get(reverse("participants:journal", args=[world.participants["no_consent"].pk]) + "?q=x").status_code == 404


def test_a_reminder_is_its_authors_alone(client, world):
    p = world.participants["consent_all"]
    author, colleague = world.users["kommun_vagledare"], world.users["kommun_samordnare"]
    client.force_login(author)
    client.post(reverse("participants:reminder_create", args=[p.pk]),
                {"due_on": (p.phase_since + timedelta(days=3)).isoformat(), "text": "Ring handledaren"})
    reminder = Reminder.objects.get()
    assert (reminder.author, reminder.text) == (author, "Ring handledaren")
    assert AuditEvent.objects.filter(action="reminder.created").get().data == {"participant": p.pk}  # no text in the audit
    edit = reverse("participants:reminder_edit", args=[p.pk, reminder.pk])
    delete = reverse("participants:reminder_delete", args=[p.pk, reminder.pk])
    client.force_login(colleague)  # same organisation, same unit: still not theirs
    assert client.get(edit).status_code == 404
    assert client.post(delete).status_code == 404
    assert "Ring handledaren" not in client.get(reverse("intake:todo") + "?scope=team").content.decode()
    client.force_login(author)
    client.post(edit, {"due_on": reminder.due_on.isoformat(), "text": "Ring handledaren", "done": "on"})
    reminder.refresh_from_db()
    assert reminder.is_done
    client.post(delete)
    assert not Reminder.objects.exists()


def test_gallring_removes_reminders(world):
    p = world.participants["no_consent"]
    Reminder.objects.create(participant=p, author=world.users["kommun_vagledare"], due_on=p.phase_since, text="Personligt")
    assert _anonymise(p)["reminders_deleted"] == 1
    assert not Reminder.objects.exists()
