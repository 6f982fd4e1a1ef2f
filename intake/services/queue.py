"""Manual placement in the priority queue: always with a reason, always logged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from intake.models import QueuePlacement
from intake.services.assessment import latest_accepted
from krami.services import audit
from participants.models import Participant, Phase


@transaction.atomic
def queue_place(*, participant: Participant, by, position: int | None, reason: str) -> QueuePlacement:
    """Place an accepted applicant at `position` (1 = first), or back in rule order with None.

    Side effects, in order: the participant row is locked; a QueuePlacement row (append-only: the
    log of who moved whom, when and why); audit ``queue.reordered`` with the position.
    """
    locked = Participant.objects.select_for_update().select_related("unit").get(pk=participant.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for moving the applicant.")})
    if position is not None and position < 1:
        raise ValidationError({"position": _("The first place is 1.")})
    assessment = latest_accepted(locked)
    if locked.phase != Phase.QUEUED or assessment is None:
        raise ValidationError(_("Only accepted applicants who have not started are in the queue."))
    placement = QueuePlacement.objects.create(assessment=assessment, position=position, reason=reason, placed_by=by)
    audit(
        user=by, action="queue.reordered", obj=placement, unit=locked.unit, participant=locked.pk,
        position=position,
    )
    return placement
