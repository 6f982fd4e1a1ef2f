"""Consent and journal notes through the browser forms."""

from datetime import timedelta

from django.utils import timezone

from krami.models import DataCategory
from participants.access import visible_participants
from participants.models import JournalNote, NoteVisibility
from participants.services.notes import note_create, note_edit


def test_recording_consent_through_the_form_gives_access_at_once(world, client):
    participant = world.participants["no_consent"]
    af = world.users["af_vagledare"]
    assert not visible_participants(af).filter(pk=participant.pk).exists()
    client.force_login(world.users["kommun_vagledare"])
    response = client.post(
        f"/deltagare/{participant.pk}/samtycke/nytt/",
        {
            "given_on": timezone.localdate().isoformat(),
            "method": "written",
            "valid_until": "",
            "scopes": [f"{world.orgs['af'].pk}:{DataCategory.CORE.value}"],
            "note": "",
        },
    )
    assert response.status_code == 302
    assert visible_participants(af).filter(pk=participant.pk).exists()


def test_a_consent_given_in_the_future_or_ending_before_it_starts_is_refused(world, client):
    participant = world.participants["no_consent"]
    client.force_login(world.users["kommun_vagledare"])
    today = timezone.localdate()
    response = client.post(
        f"/deltagare/{participant.pk}/samtycke/nytt/",
        {"given_on": (today + timedelta(days=1)).isoformat(), "method": "oral", "valid_until": "",
         "scopes": [f"{world.orgs['af'].pk}:core"]},
    )
    assert response.status_code == 200 and b'id="id_given_on_error"' in response.content
    response = client.post(
        f"/deltagare/{participant.pk}/samtycke/nytt/",
        {"given_on": today.isoformat(), "method": "oral", "valid_until": (today - timedelta(days=1)).isoformat(),
         "scopes": [f"{world.orgs['af'].pk}:core"]},
    )
    assert response.status_code == 200 and b'id="id_valid_until_error"' in response.content
    assert participant.consents.count() == 0


def test_team_notes_follow_consent_and_own_notes_stay_home(world, client):
    participant = world.participants["consent_kv_core"]  # KV sees the person, not the notes
    owner = world.users["kommun_vagledare"]
    note_create(participant=participant, by=owner, noted_on=timezone.localdate(), visibility=NoteVisibility.TEAM, text="TEAM-NOTE-SENTINEL")
    note_create(
        participant=participant,
        by=owner,
        noted_on=timezone.localdate(),
        visibility=NoteVisibility.OWN_ORGANISATION,
        text="OWN-NOTE-SENTINEL",
    )
    client.force_login(world.users["kv_vagledare"])
    html = client.get(f"/deltagare/{participant.pk}/").content.decode()
    assert "TEAM-NOTE-SENTINEL" not in html and "OWN-NOTE-SENTINEL" not in html
    shared = world.participants["consent_all"]
    note_create(participant=shared, by=owner, noted_on=timezone.localdate(), visibility=NoteVisibility.TEAM, text="SHARED-TEAM-NOTE")
    note_create(
        participant=shared, by=owner, noted_on=timezone.localdate(), visibility=NoteVisibility.OWN_ORGANISATION, text="KOMMUN-ONLY-NOTE"
    )
    html = client.get(f"/deltagare/{shared.pk}/").content.decode()
    assert "SHARED-TEAM-NOTE" in html and "KOMMUN-ONLY-NOTE" not in html


def test_a_note_is_written_through_the_form_and_owned_by_the_authors_organisation(world, client):
    participant = world.participants["consent_all"]
    client.force_login(world.users["kv_vagledare"])
    response = client.post(
        f"/deltagare/{participant.pk}/anteckningar/ny/",
        {"noted_on": timezone.localdate().isoformat(), "visibility": "own", "text": "Samtal med frivården."},
    )
    assert response.status_code == 302
    note = JournalNote.objects.get(text="Samtal med frivården.")
    assert note.owner_organisation == world.orgs["kv"]


def test_editing_a_note_keeps_the_earlier_text(world):
    owner = world.users["kommun_vagledare"]
    note = note_create(
        participant=world.participants["no_consent"], by=owner, noted_on=timezone.localdate(), visibility="own", text="Första"
    )
    note_edit(note=note, by=owner, text="Andra")
    note.refresh_from_db()
    assert note.text == "Andra"
    assert list(note.revisions.values_list("text", flat=True)) == ["Första"]
