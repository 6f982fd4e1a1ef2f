"""Bookings ahead (issue 16, item 2): a coming meeting or interview is booked; whether the person came is
recorded on or after the day; a booking is not attendance; each booking has a calendar file that names
no one. The migration turns rows for meetings and interviews still to come into bookings."""

import importlib
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from intake.models import AttendanceState, Interview, InterviewStatus, MeetingAttendance
from intake.services.assessment import interview_for_assessment
from participants import personnummer
from tests.intake.factories import make_meeting, today
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(world, client):
    user = world.users["kommun_vagledare"]
    client.force_login(user)
    return user


@pytest.fixture
def applicant(world, owner):
    return make_participant(unit=world.unit, handler=owner, first_name="Bodil", last_name="Bokadsson")


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def test_adding_someone_to_next_weeks_meeting_books_them_and_nobody_came(world, owner, applicant, client):
    meeting = make_meeting(world.unit, by=owner, on=today() + timedelta(days=7))
    response = client.post(reverse("intake:attendance_add", args=[meeting.pk]), {"participant": applicant.pk}, follow=True)
    html = response.content.decode()
    assert MeetingAttendance.objects.get(meeting=meeting).state == AttendanceState.BOOKED
    assert "0 people came, 1 booked" in html
    assert "1 person came" not in html
    assert "has been booked on the meeting" in html
    page = client.get(reverse("participants:detail", args=[applicant.pk])).content.decode()  # the case page
    assert "Came to the information meeting" not in page and "Booked on the information meeting" in page


def test_attendance_is_recorded_on_the_day_not_before(world, owner, applicant, client):
    meeting_day = today() + timedelta(days=2)
    meeting = make_meeting(world.unit, by=owner, on=meeting_day)
    client.post(reverse("intake:attendance_add", args=[meeting.pk]), {"participant": applicant.pk})
    booking = MeetingAttendance.objects.get(meeting=meeting)
    url = reverse("intake:attendance_record", args=[meeting.pk, booking.pk])
    client.post(url, {"came": "yes"})
    booking.refresh_from_db()
    assert booking.state == AttendanceState.BOOKED  # refused before the day
    with time_machine.travel(_at(meeting_day, 15), tick=False):
        client.force_login(owner)  # days later: a new session
        assert 'name="came" value="yes"' in client.get(reverse("intake:meeting_detail", args=[meeting.pk])).content.decode()
        client.post(url, {"came": "yes"})
    booking.refresh_from_db()
    assert booking.state == AttendanceState.ATTENDED


def test_a_walk_in_is_added_on_the_day_only(world, owner, client):
    meeting = make_meeting(world.unit, by=owner, on=today() + timedelta(days=3))
    response = client.post(reverse("intake:walkin_add", args=[meeting.pk]), {"name": "Framtida Besökare", "contact": ""})
    assert response.status_code == 200 and "Walk-ins are added on the day of the meeting." in response.content.decode()
    assert not MeetingAttendance.objects.filter(meeting=meeting).exists()


def test_registered_on_the_day_is_attendance_at_once(world, owner, applicant, client):
    meeting = make_meeting(world.unit, by=owner)
    client.post(reverse("intake:attendance_add", args=[meeting.pk]), {"participant": applicant.pk})
    assert MeetingAttendance.objects.get(meeting=meeting).state == AttendanceState.ATTENDED


def test_an_interview_booked_ahead_has_time_place_and_me_as_interviewer(world, owner, applicant, client):
    form = client.get(reverse("intake:interview_create", args=[applicant.pk])).context["form"]
    assert form["interviewer"].value() == owner.pk
    day = today() + timedelta(days=4)
    client.post(
        reverse("intake:interview_create", args=[applicant.pk]),
        {"held_on": day.isoformat(), "starts_at": "10:30", "place": "Krami, rum 3", "interviewer": owner.pk, "notes": ""},
    )
    interview = Interview.objects.get(participant=applicant)
    assert (interview.status, interview.starts_at, interview.place) == (InterviewStatus.BOOKED, time(10, 30), "Krami, rum 3")
    # A booked interview is not one an assessment can rest on, not even on its day.
    assert interview_for_assessment(applicant, day) is None
    outcome = reverse("intake:interview_outcome", args=[applicant.pk, interview.pk])
    client.post(outcome, {"held": "yes", "notes": "Motiverad"})
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.BOOKED  # not before the day
    with time_machine.travel(_at(day, 12), tick=False):
        client.force_login(owner)
        client.post(outcome, {"held": "yes", "notes": "Motiverad"})
        interview.refresh_from_db()
        assert interview.status == InterviewStatus.HELD and interview.notes == "Motiverad"
        assert interview_for_assessment(applicant, day) == interview


def test_a_no_show_is_kept_but_is_not_an_interview(world, owner, applicant, client):
    day = today() + timedelta(days=1)
    interview = Interview.objects.create(
        participant=applicant, held_on=day, interviewer=owner, recorded_by=owner, status=InterviewStatus.BOOKED
    )
    with time_machine.travel(_at(day, 16), tick=False):
        client.force_login(owner)
        client.post(reverse("intake:interview_outcome", args=[applicant.pk, interview.pk]), {"held": "no"})
        interview.refresh_from_db()
        assert interview.status == InterviewStatus.NO_SHOW
        assert interview_for_assessment(applicant, day) is None


def _calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    raw = response.content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "RFC 5545 folds lines at 75 octets"
    return raw, Calendar.from_ical(raw).walk("VEVENT")[0]


def test_the_meeting_booking_calendar_file_names_no_one(world, owner, applicant, client):
    meeting = make_meeting(world.unit, by=owner, on=today() + timedelta(days=7))
    meeting.place = "Krami, Storgatan 1; plan 2, rum 4"  # a comma and a semicolon to escape
    meeting.save()
    client.post(reverse("intake:attendance_add", args=[meeting.pk]), {"participant": applicant.pk})
    booking = MeetingAttendance.objects.get(meeting=meeting)
    raw, event = _calendar(client.get(reverse("intake:meeting_booking_ics", args=[applicant.pk, booking.pk])))
    assert str(event["SUMMARY"]) == f"Information meeting, {applicant.reference}"
    assert str(event["LOCATION"]) == "Krami, Storgatan 1; plan 2, rum 4"
    assert b"Storgatan 1\\; plan 2\\, rum 4" in raw.replace(b"\r\n ", b"")
    assert event["DTSTART"].dt == timezone.make_aware(datetime.combine(meeting.held_on, time(13, 0)))
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Stockholm"
    assert reverse("intake:participant", args=[applicant.pk]) in str(event["DESCRIPTION"])
    text = raw.replace(b"\r\n ", b"").decode()
    digits = personnummer.decrypt(applicant.personnummer_encrypted)
    for secret in ("Bodil", "Bokadsson", digits, digits[2:8], applicant.masked_personnummer):
        assert secret not in text


def test_the_interview_calendar_file_names_no_one(world, owner, applicant, client):
    interview = Interview.objects.create(
        participant=applicant, held_on=today() + timedelta(days=2), starts_at=time(9, 15), place="Krami",
        interviewer=owner, recorded_by=owner, status=InterviewStatus.BOOKED,
    )
    raw, event = _calendar(client.get(reverse("intake:interview_ics", args=[applicant.pk, interview.pk])))
    assert str(event["SUMMARY"]) == f"Interview, {applicant.reference}"
    assert event["DTEND"].dt - event["DTSTART"].dt == timedelta(hours=1)
    assert "Bodil" not in raw.decode() and "Bokadsson" not in raw.decode()


def test_a_held_interview_has_no_calendar_file(world, owner, applicant, client):
    interview = Interview.objects.create(
        participant=applicant, held_on=today(), interviewer=owner, recorded_by=owner, status=InterviewStatus.HELD
    )
    assert client.get(reverse("intake:interview_ics", args=[applicant.pk, interview.pk])).status_code == 404


def test_the_migration_makes_rows_for_coming_dates_bookings(world, owner, applicant):
    past = make_meeting(world.unit, by=owner, on=today() - timedelta(days=7))
    coming = make_meeting(world.unit, by=owner, on=today() + timedelta(days=7))
    came = MeetingAttendance.objects.create(meeting=past, participant=applicant, recorded_by=owner)
    ahead = MeetingAttendance.objects.create(meeting=coming, participant=applicant, recorded_by=owner)
    walk_in = MeetingAttendance.objects.create(meeting=coming, name="Tidig Besökare", recorded_by=owner)
    held = Interview.objects.create(participant=applicant, held_on=today() - timedelta(days=1), interviewer=owner, recorded_by=owner)
    booked = Interview.objects.create(participant=applicant, held_on=today() + timedelta(days=1), interviewer=owner, recorded_by=owner)
    migration = importlib.import_module("intake.migrations.0007_bookings_and_digest")
    migration.bookings_from_the_future(apps, None)
    states = dict(MeetingAttendance.objects.values_list("pk", "state"))
    assert states == {came.pk: "attended", ahead.pk: "booked", walk_in.pk: "attended"}
    statuses = dict(Interview.objects.values_list("pk", "status"))
    assert statuses == {held.pk: "held", booked.pk: "booked"}
