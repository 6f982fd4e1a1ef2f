"""A case worker's own dated reminder on a case (issue 16, item 3: "Att göra")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participants.models.register import Participant


class Reminder(models.Model):
    """A reminder one case worker sets for themself on a participant: a date and a short text.

    Only its author sees, changes or removes it (participants/authority.py::owns_reminder); it is
    shown on the author's "Att göra" while they may still see the participant.
    """

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="reminders"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="reminders"
    )
    due_on = models.DateField(_("date"))
    text = models.CharField(_("reminder"), max_length=200)
    done_on = models.DateField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.CheckConstraint(condition=~models.Q(text=""), name="reminder_has_text")]
        indexes = [models.Index(fields=["author", "done_on", "due_on"], name="reminder_author_open_due")]

    def __str__(self) -> str:
        return f"{self.participant.reference} {self.due_on}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
