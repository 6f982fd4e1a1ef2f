"""Calendar files (iCalendar, RFC 5545) for bookings: one event, written by the `icalendar` library.

The library folds long lines at 75 octets and escapes commas, semicolons and newlines; the event's
time is local (Europe/Stockholm) with the matching VTIMEZONE, so calendar programs show the
meeting at the time the unit booked it whatever their own zone. What goes in is the caller's
choice: a booking's file names no person (intake/calendar.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

PRODUCT_ID = "-//Krami//Krami bokning//SV"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    starts: datetime  # aware
    duration: timedelta
    location: str = ""
    description: str = ""
    url: str = ""


def event_ics(event: CalendarEvent) -> bytes:
    """The event as a VCALENDAR with one VEVENT (and the VTIMEZONE it needs)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    item = Event()
    item.add("uid", event.uid)
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.starts)
    item.add("dtend", event.starts + event.duration)
    item.add("summary", event.summary)
    if event.location:
        item.add("location", event.location)
    if event.description:
        item.add("description", event.description)
    if event.url:
        item.add("url", event.url)
    calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_response(event: CalendarEvent, filename: str) -> HttpResponse:
    """The file as a download (text/calendar), never cached: it describes a booking that may change."""
    response = HttpResponse(event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
