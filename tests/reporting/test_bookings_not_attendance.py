"""A booking for a coming information meeting (or interview) is a plan, not attendance (issue 16):
it appears nowhere in the reports — the funnel's figures, the dashboard page, the CSV and Excel
exports — and the person's page does not say they came. Only who came counts."""

import io
from datetime import date, datetime, time

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from intake.models import AttendanceState, InformationMeeting, Interview, InterviewStatus, MeetingAttendance
from reporting.figures import intake_figures
from reporting.periods import month_period
from tests.reporting.helpers import Team

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 12)  # in March: one meeting held on the 3rd, one still to come on the 24th
# The reports show a month once it has ended (issue 13: fixed periods); by then the bookings of the
# 24th are still bookings, since nobody recorded that they came.
AFTER = date(2026, 4, 2)


@pytest.fixture
def march(client):
    moment = timezone.make_aware(datetime.combine(TODAY, time(10, 0)))
    with time_machine.travel(moment, tick=False):
        team = Team()
        held = InformationMeeting.objects.create(
            unit=team.unit, held_on=date(2026, 3, 3), starts_at=time(13), place="Kramis lokal", created_by=team.worker
        )
        coming = InformationMeeting.objects.create(
            unit=team.unit, held_on=date(2026, 3, 24), starts_at=time(13), place="Kramis lokal", created_by=team.worker
        )
        for i in range(6):  # six came: a count the reports may show
            MeetingAttendance.objects.create(meeting=held, participant=team.person(first_name=f"Kom{i}"), recorded_by=team.worker)
        booked = []
        for i in range(7):  # seven booked on the coming meeting: none of them has come
            person = team.person(first_name=f"Bokad{i}", last_name="Framtidsson")
            MeetingAttendance.objects.create(
                meeting=coming, participant=person, state=AttendanceState.BOOKED, recorded_by=team.worker
            )
            Interview.objects.create(
                participant=person, held_on=date(2026, 3, 26), interviewer=team.worker, recorded_by=team.worker,
                status=InterviewStatus.BOOKED,
            )
            booked.append(person)
        team.booked = booked
        client.force_login(team.styrgrupp)
        yield team


def test_the_funnel_counts_who_came_not_who_is_booked(march):
    figures = intake_figures([march.unit.pk], month_period(date(2026, 3, 1)))[march.unit.pk]
    assert figures["funnel|attendees"] == 6
    assert "funnel|interviewed" not in figures  # seven interviews booked, none held


def _funnel_row(html: str, label: str) -> str:
    start = html.index(label)
    return html[start:html.index("</tr>", start)]


def test_the_dashboard_shows_six_who_came(client, march):
    with time_machine.travel(timezone.make_aware(datetime.combine(AFTER, time(10, 0))), tick=False):
        client.force_login(march.styrgrupp)  # a new day, a new session
        html = client.get(reverse("reporting:unit", args=[march.unit.pk]) + "?period=2026-03").content.decode()
    row = _funnel_row(html, "Came to an information meeting")
    assert ">6<" in row and ">13<" not in row


def test_the_exports_count_who_came(client, march):
    with time_machine.travel(timezone.make_aware(datetime.combine(AFTER, time(10, 0))), tick=False):
        client.force_login(march.styrgrupp)  # a new day, a new session
        csv_text = client.get(reverse("reporting:csv", args=[march.unit.pk]) + "?period=2026-03").content.decode("utf-8-sig")
        xlsx = client.get(reverse("reporting:xlsx", args=[march.unit.pk]) + "?period=2026-03").content
    assert "Inflow in the period;Came to an information meeting;Number in the period;6;" in csv_text.splitlines()
    book = load_workbook(io.BytesIO(xlsx))
    cells = [row for sheet in book for row in sheet.iter_rows(values_only=True) if "Came to an information meeting" in row]
    assert cells and all(row[1] == 6 for row in cells)


def test_the_persons_page_says_booked_not_came(client, march):
    person = march.booked[0]
    client.force_login(march.worker)
    with time_machine.travel(timezone.make_aware(datetime.combine(TODAY, time(10, 0))), tick=False):
        html = client.get(reverse("participants:detail", args=[person.pk])).content.decode()  # the case page
    assert "Came to the information meeting" not in html
    assert "Booked on the information meeting 2026-03-24 at 13:00" in html
