"""Programme phase: one service moves a participant between phases and keeps the history."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from krami.services import audit
from participants.models import Participant, PhaseChange


@transaction.atomic
def participant_set_phase(*, participant: Participant, phase: str, on: date, by, reason: str = "") -> Participant:
    """Move the participant to `phase` from `on`.

    Side effects, in order: the participant row is locked and updated (phase, phase_since,
    version); a PhaseChange row; audit ``participant.phase_changed``. Intake (start, exit,
    re-enrolment) and the programme (internship, work or studies) all go through here.
    """
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    previous = locked.phase
    locked.phase = phase
    locked.phase_since = on
    locked.version += 1
    locked.save(update_fields=["phase", "phase_since", "version", "updated_at"])
    PhaseChange.objects.create(participant=locked, phase=phase, on=on, changed_by=by, reason=reason)
    audit(
        user=by,
        action="participant.phase_changed",
        obj=locked,
        unit=locked.unit,
        previous=previous,
        phase=phase,
        on=on.isoformat(),
        reason=reason,
    )
    participant.phase, participant.phase_since, participant.version = locked.phase, locked.phase_since, locked.version
    return locked
