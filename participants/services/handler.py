"""Reassigning a participant's case worker (handläggare), with a record of every change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from krami.services import audit
from participants import authority
from participants.access import caseworkers_who_may_see
from participants.models import HandlerChange, Participant


@transaction.atomic
def participant_reassign(*, participant: Participant, new_handler, by, reason: str = "") -> HandlerChange:
    """Make `new_handler` the participant's case worker.

    Only a case worker of the participant's unit who may see the participant can take over
    (`caseworkers_who_may_see`): a party without the person's consent cannot follow them up.
    Side effects, in order: the participant row is locked and updated (handler, version); a
    HandlerChange row (who, when, from, to); audit ``participant.reassigned``.
    """
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    authority.require(authority.owns_core(by, locked))
    if new_handler.pk == locked.handler_id:
        raise ValidationError({"new_handler": _("This person is already the case worker.")}, code="same")
    if not caseworkers_who_may_see(locked).filter(pk=new_handler.pk).exists():
        raise ValidationError(
            {"new_handler": _("Choose a case worker of the unit who may see this participant.")}, code="not_eligible"
        )
    change = HandlerChange.objects.create(
        participant=locked, previous_handler_id=locked.handler_id, new_handler=new_handler, changed_by=by, reason=reason
    )
    previous = locked.handler_id
    locked.handler = new_handler
    locked.version += 1
    locked.save(update_fields=["handler", "version", "updated_at"])
    audit(
        user=by,
        action="participant.reassigned",
        obj=locked,
        unit=locked.unit,
        previous_handler=previous,
        new_handler=new_handler.pk,
        reason=reason,
    )
    participant.handler, participant.version = new_handler, locked.version
    return change
