"""The journal: writing a note (anyone who sees the participant) and editing one (its organisation)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from participants.access import (
    get_own_reminder,
    get_owned_record,
    get_participant_for_change,
    get_participant_for_user,
    search_notes,
    visible_notes,
)
from participants.forms.notes import JournalNoteForm, JournalSearchForm, NoteEditForm, ReminderForm
from participants.models import JournalNote
from participants.services.notes import note_create, note_edit
from participants.services.reminders import reminder_create, reminder_delete, reminder_update


@login_required
def note_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_change(request, pk)
    form = JournalNoteForm(request.POST or None)
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


@login_required
@require_safe
def journal(request: HttpRequest, pk: int) -> HttpResponse:
    """Search within the case's journal: only the notes the user may read (`visible_notes`)."""
    participant = get_participant_for_user(request, pk)
    form = JournalSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    notes = search_notes(
        visible_notes(request.user, participant).select_related("author", "owner_organisation"),
        text=data.get("q", ""), kind=data.get("kind", ""),
    )
    return render(
        request, "participants/journal.html",
        {"participant": participant, "form": form, "notes": notes, "searched": bool(data.get("q") or data.get("kind"))},
    )


def _reminder_back(participant) -> str:
    return reverse("intake:todo")


@login_required
def reminder_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A reminder of one's own on the case (anyone who sees the participant; only they will see it)."""
    participant = get_participant_for_change(request, pk)
    form = ReminderForm(request.POST or None, initial={"due_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        reminder_create(participant=participant, by=request.user, **form.cleaned_data)
        messages.success(request, _("The reminder has been saved; it shows on your “To do” list."))
        return redirect(reverse("participants:detail", kwargs={"pk": participant.pk}))
    return render(request, "participants/reminder_form.html", {"form": form, "participant": participant, "reminder": None})


@login_required
def reminder_edit_view(request: HttpRequest, pk: int, reminder_id: int) -> HttpResponse:
    """Change or tick off one's own reminder: anyone else's is a 404."""
    participant, reminder = get_own_reminder(request, pk, reminder_id)
    form = ReminderForm(request.POST or None, instance=reminder, with_done=True)
    if request.method == "POST" and form.is_valid():
        reminder_update(reminder=reminder, by=request.user, **form.cleaned_data)
        messages.success(request, _("The reminder has been saved."))
        return redirect(_reminder_back(participant))
    return render(
        request, "participants/reminder_form.html", {"form": form, "participant": participant, "reminder": reminder}
    )


@login_required
@require_POST
def reminder_delete_view(request: HttpRequest, pk: int, reminder_id: int) -> HttpResponse:
    participant, reminder = get_own_reminder(request, pk, reminder_id)
    reminder_delete(reminder=reminder, by=request.user)
    messages.success(request, _("The reminder has been removed."))
    return redirect(_reminder_back(participant))
