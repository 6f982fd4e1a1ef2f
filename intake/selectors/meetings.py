"""The information-meetings page: the weekly slots, the coming meetings, the meetings held."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from intake.models import AttendanceState, InformationMeeting, MeetingAttendance, MeetingSlot
from krami.models import Unit

WEEKS_AHEAD = 4


@dataclass(frozen=True)
class ComingMeeting:
    held_on: date
    slot: MeetingSlot | None
    meeting: InformationMeeting | None  # None until someone opens its attendance list

    @property
    def starts_at(self):
        return self.meeting.starts_at if self.meeting else self.slot.starts_at

    @property
    def place(self):
        return self.meeting.place if self.meeting else self.slot.place


def with_counts(qs):
    """Each meeting's attendance (who came, walk-ins among them) and bookings: a booking is not
    attendance (issue 16). Counted for the meetings shown (a page of them), not by grouping every
    attendance of the unit's history (issue 19)."""
    attendances = MeetingAttendance.objects.filter(meeting=OuterRef("pk")).order_by().values("meeting")
    came = attendances.filter(state=AttendanceState.ATTENDED)

    def counted(rows):
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

    return qs.annotate(
        attended=counted(came),
        walk_ins=counted(came.filter(participant__isnull=True)),
        booked=counted(attendances.filter(state=AttendanceState.BOOKED)),
    )


def coming_meetings(*, unit: Unit, on: date) -> list[ComingMeeting]:
    """Meetings from `on` for the next weeks: those opened, and those the active slots promise."""
    until = on + timedelta(weeks=WEEKS_AHEAD)
    opened = list(with_counts(InformationMeeting.objects.filter(unit=unit, held_on__range=(on, until))).select_related("slot"))
    taken = {(m.held_on, m.starts_at) for m in opened}
    result = [ComingMeeting(m.held_on, m.slot, m) for m in opened]
    for slot in MeetingSlot.objects.filter(unit=unit, is_active=True):
        day = on + timedelta(days=(slot.weekday - on.weekday()) % 7)
        while day <= until:
            if (day, slot.starts_at) not in taken:
                result.append(ComingMeeting(day, slot, None))
            day += timedelta(weeks=1)
    return sorted(result, key=lambda m: (m.held_on, m.starts_at))


def past_meetings(*, unit: Unit, on: date):
    return with_counts(InformationMeeting.objects.filter(unit=unit, held_on__lt=on)).order_by("-held_on", "-starts_at")
