"""Journal notes: written by staff, owned by the author's organisation, never silently edited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from krami.access import user_access
from krami.services import audit
from participants.models import JournalNote, JournalNoteRevision, NoteKind, Participant


@transaction.atomic
def note_create(
    *, participant: Participant, by, noted_on, visibility: str, text: str, kind: str = NoteKind.OTHER
) -> JournalNote:
    """Add a note (of a type: samtal, telefon, …) owned by the author's organisation; audit ``note.created``."""
    note = JournalNote.objects.create(
        kind=kind or NoteKind.OTHER,
        participant=participant,
        author=by,
        owner_organisation=user_access(by).organisation,
        noted_on=noted_on,
        visibility=visibility,
        text=text,
    )
    audit(user=by, action="note.created", obj=note, unit=participant.unit, participant=participant.pk)
    return note


@transaction.atomic
def note_edit(*, note: JournalNote, by, text: str) -> JournalNote:
    """Change a note's text; the earlier text is kept as a revision; audit ``note.edited``."""
    note = JournalNote.objects.select_for_update().get(pk=note.pk)
    if note.text != text:
        JournalNoteRevision.objects.create(note=note, text=note.text, replaced_by=by)
        note.text = text
        note.edited_at = timezone.now()
        note.save(update_fields=["text", "edited_at"])
        audit(user=by, action="note.edited", obj=note, unit=note.participant.unit, participant=note.participant_id)
    return note
