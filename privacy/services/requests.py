"""Services of the register of extract requests: a request received, and its steps recorded.

The steps come in order: the identity is checked and the extract made (in either order, both on
or after the day the request came in), then it is handed over; none in the future. A request that
has been handed over is closed and is kept as it was.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from krami.models import CASEWORK_ROLES, Membership
from krami.services import audit
from participants import authority
from participants.models import Participant
from privacy.models import ExtractRequest

STEP_FIELDS = ("identity_checked_on", "identity_check", "extract_made_on", "handed_over_on", "handed_over_how")


def may_handle(*, user, organisation, unit) -> bool:
    """`user` can handle a request to `organisation` in `unit`: one of its active case workers or coordinators there."""
    return user.is_active and Membership.objects.filter(
        user=user, unit=unit, organisation=organisation, role__in=CASEWORK_ROLES
    ).exists()


def _not_in_future(errors: dict, field: str, day: date | None, today: date) -> None:
    if day and day > today:
        errors[field] = _("The date cannot be in the future.")


@transaction.atomic
def extract_request_record(*, participant: Participant, by, received_on: date, handled_by) -> ExtractRequest:
    """Register that `participant` asked `by`'s organisation for a register extract on `received_on`.

    Side effects, in order: refused unless `by` coordinates the participant's unit and the handler
    works there for the same organisation; the request; audit ``extract_request.received``.
    """
    authority.require(authority.may_handle_extract_requests(by, participant))
    organisation = authority.organisation_of(by)
    errors: dict = {}
    _not_in_future(errors, "received_on", received_on, timezone.localdate())
    if not may_handle(user=handled_by, organisation=organisation, unit=participant.unit):
        errors["handled_by"] = _("Choose a case worker or coordinator of your organisation in the unit.")
    if errors:
        raise ValidationError(errors)
    request = ExtractRequest(
        unit=participant.unit, organisation=organisation, participant=participant, received_on=received_on,
        handled_by=handled_by, recorded_by=by,
    )
    request.full_clean()
    request.save()
    audit(
        user=by, action="extract_request.received", obj=request, unit=participant.unit, participant=participant.pk,
        received_on=received_on.isoformat(), deadline=request.deadline.isoformat(),
    )
    return request


def _check_steps(request: ExtractRequest, today: date) -> dict:
    errors: dict = {}
    for field in ("identity_checked_on", "extract_made_on", "handed_over_on"):
        day = getattr(request, field)
        _not_in_future(errors, field, day, today)
        if day and day < request.received_on and field not in errors:
            errors[field] = _("The step cannot come before the request was received (%(day)s).") % {
                "day": f"{request.received_on:%Y-%m-%d}"
            }
    if request.identity_checked_on and not request.identity_check:
        errors["identity_check"] = _("Say how the identity was checked.")
    if request.handed_over_on:
        if not request.identity_checked_on:
            errors.setdefault("identity_checked_on", _("Check the identity before the extract is handed over."))
        if not request.extract_made_on:
            errors.setdefault("extract_made_on", _("Make the extract before it is handed over."))
        if not request.handed_over_how:
            errors["handed_over_how"] = _("Say how the extract was handed over.")
        later_than = [d for d in (request.identity_checked_on, request.extract_made_on) if d]
        if later_than and request.handed_over_on < max(later_than) and "handed_over_on" not in errors:
            errors["handed_over_on"] = _("The extract is handed over after the identity check and after it was made.")
    return errors


@transaction.atomic
def extract_request_update(*, request: ExtractRequest, by, handled_by, **steps) -> ExtractRequest:
    """Record the steps of a request (`STEP_FIELDS`) and who handles it.

    Side effects, in order: refused for a request that has been handed over (it is closed) or to
    another organisation; the steps checked in their order; the request saved; audit
    ``extract_request.updated`` with the steps that changed (``extract_request.handed_over`` when
    it is handed over).
    """
    locked = ExtractRequest.objects.select_for_update().select_related("participant", "unit").get(pk=request.pk)
    organisation = authority.organisation_of(by)
    authority.require(
        authority.may_handle_extract_requests(by, locked.participant)
        and organisation is not None and locked.organisation_id == organisation.pk
    )
    if locked.handed_over_on:
        raise ValidationError(_("This request has been handed over and is closed."))
    unknown = set(steps) - set(STEP_FIELDS)
    if unknown:
        raise TypeError(f"unknown steps: {sorted(unknown)}")
    before = {field: getattr(locked, field) for field in (*STEP_FIELDS, "handled_by_id")}
    for field, value in steps.items():
        setattr(locked, field, value if value is not None else (None if field.endswith("_on") else ""))
    if not may_handle(user=handled_by, organisation=locked.organisation, unit=locked.unit):
        raise ValidationError({"handled_by": _("Choose a case worker or coordinator of your organisation in the unit.")})
    locked.handled_by = handled_by
    errors = _check_steps(locked, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    locked.full_clean()
    locked.save()
    changed = {
        field: str(getattr(locked, field) or "") for field in (*STEP_FIELDS, "handled_by_id") if getattr(locked, field) != before[field]
    }
    audit(
        user=by, action="extract_request.handed_over" if locked.handed_over_on else "extract_request.updated",
        obj=locked, unit=locked.unit, participant=locked.participant_id, **changed,
    )
    return locked
