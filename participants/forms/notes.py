"""Forms of the journal."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from krami.forms import DateInput
from participants.models import (
    JournalNote,
    NoteVisibility,
)


class JournalNoteForm(forms.ModelForm):
    class Meta:
        model = JournalNote
        fields = ["noted_on", "visibility", "text"]
        widgets = {"noted_on": DateInput(), "text": forms.Textarea(attrs={"rows": 6}), "visibility": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["noted_on"].initial = timezone.localdate()
        # Radio buttons need no "---------" choice: nothing ticked already means "not chosen".
        self.fields["visibility"].choices = NoteVisibility.choices


class NoteEditForm(forms.Form):
    """A note's new text; `note_edit` keeps the old one as a revision."""

    text = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The earlier text is kept and shown as an earlier version."),
    )
