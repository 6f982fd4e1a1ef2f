"""A case worker's own reminders on a case (issue 16, item 3). Only the author changes or removes one."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from krami.services import audit
from participants import authority
from participants.models import Participant, Reminder


@transaction.atomic
def reminder_create(*, participant: Participant, by, due_on: date, text: str) -> Reminder:
    """A dated reminder for `by` on the participant; audit ``reminder.created`` (no text in the audit)."""
    reminder = Reminder(participant=participant, author=by, due_on=due_on, text=text.strip())
    reminder.full_clean()
    reminder.save()
    audit(user=by, action="reminder.created", obj=reminder, unit=participant.unit, participant=participant.pk)
    return reminder


@transaction.atomic
def reminder_update(*, reminder: Reminder, by, due_on: date, text: str, done: bool) -> Reminder:
    """Change the date or text, or mark it done (today); only the author. Audit ``reminder.updated``."""
    locked = Reminder.objects.select_for_update().select_related("participant__unit").get(pk=reminder.pk)
    authority.require(authority.owns_reminder(by, locked))
    locked.due_on, locked.text = due_on, text.strip()
    if done and locked.done_on is None:
        locked.done_on = timezone.localdate()
    elif not done:
        locked.done_on = None
    locked.full_clean()
    locked.save()
    audit(user=by, action="reminder.updated", obj=locked, unit=locked.participant.unit, participant=locked.participant_id,
          done=locked.done_on is not None)
    return locked


@transaction.atomic
def reminder_delete(*, reminder: Reminder, by) -> None:
    """Remove the reminder; only the author. Audit ``reminder.deleted``."""
    locked = Reminder.objects.select_for_update().select_related("participant__unit").get(pk=reminder.pk)
    authority.require(authority.owns_reminder(by, locked))
    audit(user=by, action="reminder.deleted", obj=locked, unit=locked.participant.unit, participant=locked.participant_id)
    locked.delete()
