"""The journal: writing a note (anyone who sees the participant) and editing one (its organisation)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from krami.drafts import take_draft
from participants.access import (
    get_owned_record,
    get_participant_for_change,
)
from participants.forms.notes import JournalNoteForm, NoteEditForm
from participants.models import JournalNote
from participants.services.notes import note_create, note_edit


@login_required
def note_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_change(request, pk)
    draft = take_draft(request) if request.method == "GET" else None
    if draft:
        messages.info(request, _("The text you wrote before you were logged out has been restored. Save it to keep it."))
    form = JournalNoteForm(request.POST or None, initial=draft)
    if request.method == "POST" and form.is_valid():
        note_create(participant=participant, by=request.user, **form.cleaned_data)
        messages.success(request, _("The note has been saved."))
        return redirect(reverse("participants:detail", kwargs={"pk": participant.pk}) + "#journal")
    return render(request, "participants/note_form.html", {"form": form, "participant": participant})


@login_required
def note_edit_view(request: HttpRequest, pk: int, note_id: int) -> HttpResponse:
    """Edit a note's text. Only the author's organisation may; the old text is kept."""
    participant, note = get_owned_record(request, pk, JournalNote.objects.all(), note_id)
    form = NoteEditForm(request.POST or None, initial={"text": note.text})
    if request.method == "POST" and form.is_valid():
        note_edit(note=note, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("The note has been saved; the earlier text is kept."))
        return redirect(reverse("participants:detail", kwargs={"pk": participant.pk}) + "#journal")
    return render(request, "participants/note_edit_form.html", {"form": form, "participant": participant, "note": note})
