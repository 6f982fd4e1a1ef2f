"""Forms of the journal."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from krami.forms import DateField, DateInput
from participants.models import (
    JournalNote,
    NoteKind,
    NoteVisibility,
    Reminder,
)


class JournalNoteForm(forms.ModelForm):
    class Meta:
        model = JournalNote
        fields = ["noted_on", "kind", "visibility", "text"]
        widgets = {
            "noted_on": DateInput(), "text": forms.Textarea(attrs={"rows": 6}), "visibility": forms.RadioSelect,
            "kind": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["noted_on"].initial = timezone.localdate()
        # Radio buttons need no "---------" choice: nothing ticked already means "not chosen".
        self.fields["visibility"].choices = NoteVisibility.choices
        self.fields["kind"].choices = NoteKind.choices
        self.fields["kind"].required = False  # nothing ticked: "other"
        self.fields["kind"].initial = NoteKind.OTHER


class NoteEditForm(forms.Form):
    """A note's new text; `note_edit` keeps the old one as a revision."""

    text = forms.CharField(
        label=_("Note"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The earlier text is kept and shown as an earlier version."),
    )


class JournalSearchForm(forms.Form):
    """Search within one participant's journal (GET): words in the text, and the type of entry."""

    q = forms.CharField(label=_("Words in the note"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types"))] + NoteKind.choices)


class ReminderForm(forms.ModelForm):
    done = forms.BooleanField(label=_("Done"), required=False)

    class Meta:
        model = Reminder
        fields = ["due_on", "text"]
        widgets = {"due_on": DateInput()}
        field_classes = {"due_on": DateField}  # a plausible date, 1900–2100 (issue 15)
        help_texts = {"text": _("Only you see it, on your “To do” list from 14 days before the date.")}

    def __init__(self, *args, with_done: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_done:
            del self.fields["done"]
        else:
            self.fields["done"].initial = self.instance.is_done
