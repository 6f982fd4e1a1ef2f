"""Journal notes: dated, owned by the author's organisation, edits keep the earlier text."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from krami.appendonly import AppendOnlyModel
from krami.models import Organisation
from krami.validators import plausible_date
from participants.models.register import Participant


class NoteVisibility(models.TextChoices):
    OWN_ORGANISATION = "own", _("My organisation only")
    TEAM = "team", _("The Krami team (if the participant consents)")


class NoteKind(models.TextChoices):
    """What kind of contact a journal entry records (issue 16, item 6)."""

    CONVERSATION = "samtal", _("Conversation")
    PHONE = "telefon", _("Phone call")
    VISIT = "besok", _("Visit")
    SMS = "sms", _("Text message (sms)")
    MEETING = "mote", _("Meeting")
    OTHER = "ovrigt", _("Other")


class JournalNote(models.Model):
    """A dated journal note, owned by the author's organisation. Edits keep the earlier text."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    owner_organisation = models.ForeignKey(
        Organisation, verbose_name=_("owning organisation"), on_delete=models.PROTECT, related_name="+"
    )
    visibility = models.CharField(_("visible to"), max_length=10, choices=NoteVisibility.choices)
    kind = models.CharField(_("type"), max_length=10, choices=NoteKind.choices, default=NoteKind.OTHER)
    noted_on = models.DateField(_("date"), validators=[plausible_date])
    text = models.TextField(_("note"), max_length=10000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        ordering = ["-noted_on", "-pk"]
        verbose_name = _("journal note")
        verbose_name_plural = _("journal notes")
        indexes = [models.Index(fields=["participant", "noted_on"], name="note_participant_date")]

    def __str__(self) -> str:
        return f"{self.participant.reference} {self.noted_on}"


class JournalNoteRevision(AppendOnlyModel):
    """The text a note had before an edit."""

    note = models.ForeignKey(
        JournalNote, verbose_name=_("journal note"), on_delete=models.CASCADE, related_name="revisions"
    )
    text = models.TextField(_("text"), max_length=10000)
    replaced_at = models.DateTimeField(_("replaced"), auto_now_add=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("replaced by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("earlier version of a journal note")
        verbose_name_plural = _("earlier versions of journal notes")
        ordering = ["-replaced_at"]

    def __str__(self) -> str:
        return f"{self.note} @ {self.replaced_at}"
