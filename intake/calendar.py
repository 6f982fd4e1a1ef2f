"""The calendar files of bookings (issue 16): an information meeting or an interview.

A file leaves Krami (it is mailed, synced to phones): it names no person. The summary carries the
participant's pseudonymous reference (`Participant.reference`), the description a link to the case,
which opens only for those who may see it.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import Interview, MeetingAttendance
from krami.ical import CalendarEvent

MEETING_LENGTH = timedelta(hours=1)
INTERVIEW_LENGTH = timedelta(hours=1)
# An interview booked without a time: the working day's start, so the file still opens in a calendar.
DEFAULT_INTERVIEW_TIME = time(9, 0)


def _at(day, at: time):
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


def _case_link(request, participant_id: int) -> str:
    return request.build_absolute_uri(reverse("intake:participant", kwargs={"pk": participant_id}))


def meeting_booking_event(request, attendance: MeetingAttendance) -> CalendarEvent:
    meeting = attendance.meeting
    reference = attendance.participant.reference
    link = _case_link(request, attendance.participant_id)
    return CalendarEvent(
        uid=f"krami-meeting-{attendance.pk}@{request.get_host()}",
        summary=_("Information meeting, %(reference)s") % {"reference": reference},
        starts=_at(meeting.held_on, meeting.starts_at),
        duration=MEETING_LENGTH,
        location=meeting.place,
        description=_("Krami: information meeting booked for %(reference)s. The case: %(link)s")
        % {"reference": reference, "link": link},
        url=link,
    )


def interview_event(request, interview: Interview) -> CalendarEvent:
    reference = interview.participant.reference
    link = _case_link(request, interview.participant_id)
    return CalendarEvent(
        uid=f"krami-interview-{interview.pk}@{request.get_host()}",
        summary=_("Interview, %(reference)s") % {"reference": reference},
        starts=_at(interview.held_on, interview.starts_at or DEFAULT_INTERVIEW_TIME),
        duration=INTERVIEW_LENGTH,
        location=interview.place,
        description=_("Krami: interview booked for %(reference)s. The case: %(link)s")
        % {"reference": reference, "link": link},
        url=link,
    )
