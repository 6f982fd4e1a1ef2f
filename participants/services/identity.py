"""Protected identity (skyddade personuppgifter): marking it, and the reason for showing it anyway.

Who sees the name is decided in participants/identity.py; the reads are logged by the views
through participants.access. This module records what changes."""

from __future__ import annotations

from krami.models import AuditEvent
from krami.services import audit
from participants.models import Participant


def identity_reveal(*, participant: Participant, by, reason: str, shown: str) -> AuditEvent:
    """Record why `by`, who may not see the identity of `participant` without asking, was shown
    its `shown` ("name" or "personnummer").

    Side effects: audit ``participant.identity_shown`` with the reason (the read itself is in the
    access log, written by the view as ``reveal_identity`` or ``reveal_pnr``).
    """
    return audit(
        user=by, action="participant.identity_shown", obj=participant, unit=participant.unit,
        shown=shown, reason=reason, reference=participant.reference,
    )
