"""Programme phase: one service moves a participant between phases and keeps the history.

A step entered ahead (issue 16: a praktik, a job, studies or a group start on a coming date)
is a planned change: its PhaseChange row is written at once with `applied` False, and the
participant's phase follows on that day (`phases_apply_due`: the nightly job
`manage.py apply_planned_phases`, and every service that locks the participant first).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from krami.services import audit
from participants.models import Participant, PhaseChange


def phase_ahead(participant: Participant) -> tuple[str, date]:
    """(phase, from) the participant will be in once every planned change has taken effect: the last
    planned change, or the phase in effect now. (Not the latest change by date: a history may be
    recorded backdated, e.g. a registration today of someone accepted last month.)"""
    planned = PhaseChange.objects.filter(participant=participant, applied=False).order_by("-on", "-pk").first()
    if planned is not None:
        return planned.phase, planned.on
    return participant.phase, participant.phase_since


@transaction.atomic
def participant_set_phase(*, participant: Participant, phase: str, on: date, by, reason: str = "") -> Participant:
    """Move the participant to `phase` from `on` (today or earlier), or plan the move (a coming `on`).

    Side effects, in order: the participant row is locked; a PhaseChange row (`applied` False for a
    coming date); for a change in effect, the participant's phase, phase_since and version; audit
    ``participant.phase_changed`` or ``participant.phase_planned``. Intake (start, exit,
    re-enrolment) and the programme (internship, work or studies) all go through here.
    """
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    previous = locked.phase
    planned = on > timezone.localdate()
    PhaseChange.objects.create(participant=locked, phase=phase, on=on, changed_by=by, reason=reason, applied=not planned)
    if not planned:
        locked.phase = phase
        locked.phase_since = on
        locked.version += 1
        locked.save(update_fields=["phase", "phase_since", "version", "updated_at"])
    audit(
        user=by,
        action="participant.phase_planned" if planned else "participant.phase_changed",
        obj=locked,
        unit=locked.unit,
        previous=previous,
        phase=phase,
        on=on.isoformat(),
        reason=reason,
    )
    participant.phase, participant.phase_since, participant.version = locked.phase, locked.phase_since, locked.version
    return locked


@transaction.atomic
def phases_apply_due(*, on: date | None = None, participant: Participant | None = None) -> int:
    """Put into effect the planned phase changes dated `on` (today) or earlier; returns how many.

    Side effects, in order, for each due change (oldest first): the participant row locked; its
    phase, phase_since and version set from the change; the change marked applied; audit
    ``participant.phase_changed`` (by the user who planned it). Safe to run again: an applied
    change is not due any more. `participant`: only that participant's changes.
    """
    day = on or timezone.localdate()
    due = PhaseChange.objects.filter(applied=False, on__lte=day)
    if participant is not None:
        due = due.filter(participant=participant)
    applied = 0
    for change in due.select_for_update().order_by("on", "pk"):
        locked = Participant.objects.select_for_update().select_related("unit").get(pk=change.participant_id)
        previous = locked.phase
        locked.phase, locked.phase_since = change.phase, change.on
        locked.version += 1
        locked.save(update_fields=["phase", "phase_since", "version", "updated_at"])
        change.applied = True
        change.save(update_fields=["applied"])
        audit(
            user=change.changed_by, action="participant.phase_changed", obj=locked, unit=locked.unit,
            previous=previous, phase=change.phase, on=change.on.isoformat(), reason=change.reason, planned=True,
        )
        applied += 1
    if participant is not None and applied:
        fresh = Participant.objects.only("phase", "phase_since", "version").get(pk=participant.pk)
        participant.phase, participant.phase_since, participant.version = fresh.phase, fresh.phase_since, fresh.version
    return applied


def planned_changes_cancel(*, participant: Participant) -> int:
    """Drop the participant's planned (not yet applied) phase changes: an exit ends the plans
    made for after it. Returns how many were dropped; the caller audits the exit."""
    deleted, _ = PhaseChange.objects.filter(participant=participant, applied=False).delete()
    return deleted
