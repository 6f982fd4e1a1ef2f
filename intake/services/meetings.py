"""Information meetings: the weekly slot, occurrences, attendance, and turning walk-ins into participants."""

from __future__ import annotations

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import AttendanceState, InformationMeeting, MeetingAttendance, MeetingSlot
from krami.models import Organisation, Unit
from krami.services import audit
from participants.models import Participant, ReferralSource
from participants.services.register import participant_create


@transaction.atomic
def slot_save(
    *, unit: Unit, by, weekday: int, starts_at: time, place: str, is_active: bool = True, slot: MeetingSlot | None = None
) -> MeetingSlot:
    """Create or change the unit's weekly meeting slot; audit ``meeting_slot.saved``."""
    if slot is None:
        slot = MeetingSlot(unit=unit, created_by=by)
    slot.weekday, slot.starts_at, slot.place, slot.is_active = weekday, starts_at, place, is_active
    slot.full_clean(exclude=["unit", "created_by"])
    slot.save()
    audit(user=by, action="meeting_slot.saved", obj=slot, unit=unit, weekday=weekday, active=is_active)
    return slot


@transaction.atomic
def meeting_open(
    *, unit: Unit, by, held_on: date, starts_at: time, place: str, slot: MeetingSlot | None = None
) -> InformationMeeting:
    """The meeting at this date and time, created when first opened; audit ``info_meeting.opened`` once."""
    meeting, created = InformationMeeting.objects.get_or_create(
        unit=unit, held_on=held_on, starts_at=starts_at, defaults={"place": place, "slot": slot, "created_by": by}
    )
    if created:
        audit(user=by, action="info_meeting.opened", obj=meeting, unit=unit, held_on=held_on.isoformat())
    return meeting


@transaction.atomic
def attendance_add_walkin(*, meeting: InformationMeeting, by, name: str, contact: str) -> MeetingAttendance:
    """Record a walk-in with the minimum data: a name and how to reach them; audit ``info_meeting.walk_in``."""
    name, contact = name.strip(), contact.strip()
    if meeting.held_on > timezone.localdate():
        raise ValidationError(_("A walk-in is someone who came: add walk-ins on or after the day of the meeting."))
    if not name:
        raise ValidationError({"name": _("Write the person's name.")})
    attendance = MeetingAttendance.objects.create(meeting=meeting, name=name, contact=contact, recorded_by=by)
    audit(user=by, action="info_meeting.walk_in", obj=attendance, unit=meeting.unit, meeting=meeting.pk)
    return attendance


@transaction.atomic
def attendance_add_participant(*, meeting: InformationMeeting, by, participant: Participant) -> MeetingAttendance:
    """Book a registered participant on a coming meeting, or record that they came (on or after the day).

    A second entry of the same person is ignored. Side effects: the attendance row (state BOOKED
    before the day, ATTENDED from the day on); audit ``info_meeting.booked`` or ``info_meeting.attended``.
    """
    if participant.unit_id != meeting.unit_id:
        raise ValidationError(_("The participant belongs to another unit."))
    ahead = meeting.held_on > timezone.localdate()
    state = AttendanceState.BOOKED if ahead else AttendanceState.ATTENDED
    attendance, created = MeetingAttendance.objects.get_or_create(
        meeting=meeting, participant=participant, defaults={"recorded_by": by, "state": state}
    )
    if created:
        audit(
            user=by, action="info_meeting.booked" if ahead else "info_meeting.attended", obj=attendance,
            unit=meeting.unit, meeting=meeting.pk, participant=participant.pk,
        )
    return attendance


@transaction.atomic
def attendance_record(*, attendance: MeetingAttendance, by, came: bool) -> MeetingAttendance:
    """Record, on or after the meeting's day, whether a booked (or listed) participant came.

    Side effects: the row is locked and its state set (ATTENDED or ABSENT); audit
    ``info_meeting.attendance_recorded``. Walk-ins came by definition and are not changed here.
    """
    locked = MeetingAttendance.objects.select_for_update().select_related("meeting__unit").get(pk=attendance.pk)
    if locked.participant_id is None:
        raise ValidationError(_("A walk-in is someone who came."))
    if locked.meeting.held_on > timezone.localdate():
        raise ValidationError(
            _("The meeting is on %(on)s: record who came on or after that day.") % {"on": locked.meeting.held_on.isoformat()}
        )
    locked.state = AttendanceState.ATTENDED if came else AttendanceState.ABSENT
    locked.save(update_fields=["state"])
    audit(
        user=by, action="info_meeting.attendance_recorded", obj=locked, unit=locked.meeting.unit,
        participant=locked.participant_id, state=locked.state,
    )
    return locked


def _link(attendance: MeetingAttendance, participant: Participant) -> None:
    """Attach the walk-in to the participant and drop the walk-in's own copy of the personal data."""
    if MeetingAttendance.objects.filter(meeting=attendance.meeting_id, participant=participant).exists():
        raise ValidationError(_("This participant is already on the meeting's attendance list."))
    attendance.participant = participant
    attendance.name = ""
    attendance.contact = ""
    attendance.linked_at = timezone.now()
    attendance.save(update_fields=["participant", "name", "contact", "linked_at"])


def _locked_walkin(attendance: MeetingAttendance) -> MeetingAttendance:
    locked = MeetingAttendance.objects.select_for_update().select_related("meeting__unit").get(pk=attendance.pk)
    if locked.participant_id is not None:
        raise ValidationError(_("This walk-in has already been registered as a participant."))
    return locked


@transaction.atomic
def walkin_link(*, attendance: MeetingAttendance, participant: Participant, by) -> MeetingAttendance:
    """Link a walk-in to a participant who is already registered; audit ``info_meeting.walk_in_linked``."""
    locked = _locked_walkin(attendance)
    if participant.unit_id != locked.meeting.unit_id:
        raise ValidationError(_("The participant belongs to another unit."))
    _link(locked, participant)
    audit(user=by, action="info_meeting.walk_in_linked", obj=locked, unit=locked.meeting.unit, participant=participant.pk)
    return locked


@transaction.atomic
def walkin_register(
    *, attendance: MeetingAttendance, by, organisation: Organisation, personnummer_value: str, **fields
) -> Participant:
    """Register a walk-in as a participant and link the attendance to the new record.

    Side effects, in order: the attendance row is locked (two colleagues cannot register the same
    walk-in twice); `participants.services.register.participant_create` (its own validation,
    duplicate check, grants and audit); the attendance linked and its walk-in fields emptied;
    audit ``info_meeting.walk_in_registered``.
    """
    locked = _locked_walkin(attendance)
    fields.setdefault("referral_source", ReferralSource.SELF)
    try:
        participant = participant_create(
            unit=locked.meeting.unit, organisation=organisation, by=by, personnummer_value=personnummer_value, **fields
        )
    except IntegrityError as exc:  # a duplicate registered at the same moment: let the caller re-check
        raise ValidationError(_("This person was registered a moment ago; search for the record.")) from exc
    _link(locked, participant)
    audit(
        user=by, action="info_meeting.walk_in_registered", obj=locked, unit=locked.meeting.unit,
        participant=participant.pk,
    )
    return participant
