"""The programme after the start (DOMAIN.md, "Programme"): internships (praktik), then
employment or studies with continued support. Recording one moves the participant's phase
through `participant_set_phase`, the only way a phase changes; a step entered for a coming date
moves it on that date (participants/services/phase.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from krami.services import audit
from participants import authority
from participants.models import (
    ACTIVE_PHASES,
    Employer,
    Employment,
    Internship,
    Participant,
    Phase,
    Studies,
)
from participants.services.phase import participant_set_phase, phase_ahead, phases_apply_due


def check_programme_start(*, participant: Participant, start_date: date) -> str:
    """The rule for every programme step: the person is enrolled (or has a start planned), and the
    step starts no earlier than the phase it follows (a planned one included: `phase_ahead`).

    A step may be entered ahead (issue 16): its phase follows on its date. Returns the phase the
    participant is in (or will be in) just before `start_date`. The messages say "since" of a past
    date and "from" of a coming one, never a future date in the past tense.
    """
    phase, since = phase_ahead(participant)
    if phase not in ACTIVE_PHASES:
        raise ValidationError(
            _(
                "%(name)s is not enrolled (phase: %(phase)s). Internships, employment and studies are "
                "recorded for participants who have started the programme."
            )
            % {"name": participant.full_name, "phase": participant.get_phase_display()},
            code="not_enrolled",
        )
    if start_date < since:
        values = {"phase": Phase(phase).label, "since": since.isoformat()}
        if since > timezone.localdate():
            message = _("The participant is in the phase “%(phase)s” from %(since)s (planned); the start date cannot be earlier.")
        else:
            message = _("The participant has been in the phase “%(phase)s” since %(since)s; the start date cannot be earlier.")
        raise ValidationError({"start_date": message % values}, code="before_phase")
    return phase


def _lock(participant: Participant) -> Participant:
    """The participant locked, with any planned phase change that has come due put into effect."""
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    phases_apply_due(participant=locked)
    return locked


def _move_to(*, participant: Participant, current: str, phase: str, on: date, by, reason: str) -> None:
    if current != phase:
        participant_set_phase(participant=participant, phase=phase, on=on, by=by, reason=reason)


@transaction.atomic
def internship_start(
    *, participant: Participant, employer: Employer, by, start_date: date, planned_end_date: date, **fields
) -> Internship:
    """Start a placement (praktik) at an employer of the participant's unit.

    Side effects, in order: the participant is locked and the start checked
    (`check_programme_start`); the internship row; the phase becomes INTERNSHIP from the
    start date (unless it already is; planned when the date is still to come); audit ``internship.started``.
    """
    locked = _lock(participant)
    current = check_programme_start(participant=locked, start_date=start_date)
    if employer.unit_id != locked.unit_id:
        raise ValidationError({"employer": _("Choose an employer from this unit's register.")})
    internship = Internship(
        participant=locked,
        employer=employer,
        start_date=start_date,
        planned_end_date=planned_end_date,
        created_by=by,
        owner_organisation=authority.organisation_of(by),
        **fields,
    )
    internship.full_clean()
    internship.save()
    _move_to(participant=locked, current=current, phase=Phase.INTERNSHIP, on=start_date, by=by, reason=_("Internship started"))
    audit(user=by, action="internship.started", obj=internship, unit=locked.unit, participant=locked.pk)
    participant.phase, participant.phase_since = locked.phase, locked.phase_since
    return internship


def _end_ongoing_internships(*, participant: Participant, before: date) -> int:
    """End open placements on the day before `before` (or on their start day, if later)."""
    ended = 0
    for internship in Internship.objects.filter(participant=participant, actual_end_date__isnull=True):
        internship.actual_end_date = max(internship.start_date, before - timedelta(days=1))
        internship.save(update_fields=["actual_end_date"])
        ended += 1
    return ended


def _enter_work_or_studies(*, participant: Participant, record, by, end_internships: bool, reason: str, action: str):
    locked = _lock(participant)
    current = check_programme_start(participant=locked, start_date=record.start_date)
    record.participant = locked
    record.created_by = by
    record.owner_organisation = authority.organisation_of(by)
    record.full_clean()
    record.save()
    ended = _end_ongoing_internships(participant=locked, before=record.start_date) if end_internships else 0
    _move_to(participant=locked, current=current, phase=Phase.WORK_OR_STUDIES, on=record.start_date, by=by, reason=reason)
    audit(user=by, action=action, obj=record, unit=locked.unit, participant=locked.pk, internships_ended=ended)
    participant.phase, participant.phase_since = locked.phase, locked.phase_since
    return record


@transaction.atomic
def employment_record(
    *, participant: Participant, employer: Employer, by, end_internships: bool = True, **fields
) -> Employment:
    """Record a job; Krami's support continues in phase WORK_OR_STUDIES.

    Side effects, in order: participant locked, start checked; the employment row; with
    `end_internships`, open placements end the day before; phase WORK_OR_STUDIES from the
    start date (unless it already is); audit ``employment.recorded``.
    """
    if employer.unit_id != participant.unit_id:
        raise ValidationError({"employer": _("Choose an employer from this unit's register.")})
    return _enter_work_or_studies(
        participant=participant,
        record=Employment(employer=employer, **fields),
        by=by,
        end_internships=end_internships,
        reason=_("Employment started"),
        action="employment.recorded",
    )


@transaction.atomic
def studies_record(*, participant: Participant, by, end_internships: bool = True, **fields) -> Studies:
    """Record studies; as `employment_record`, with audit ``studies.recorded``."""
    return _enter_work_or_studies(
        participant=participant,
        record=Studies(**fields),
        by=by,
        end_internships=end_internships,
        reason=_("Studies started"),
        action="studies.recorded",
    )


@transaction.atomic
def programme_record_update(*, record: Internship | Employment | Studies, by, **fields):
    """Change an internship, employment or studies record (end dates, supervisor, note).

    Side effects: the row is validated and saved; audit ``<model>.updated`` with the changed
    fields. The phase does not change: exits and re-enrolment belong to intake. Only the
    organisation that recorded it may change it (participants/authority.py).
    """
    model = type(record)
    locked = model.objects.select_for_update().get(pk=record.pk)
    authority.require(authority.owns_record(by, locked))
    changed = sorted(name for name, value in fields.items() if getattr(locked, name) != value)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    participant = locked.participant
    audit(
        user=by,
        action=f"{model.__name__.lower()}.updated",
        obj=locked,
        unit=participant.unit,
        participant=participant.pk,
        fields=changed,
    )
    return locked
