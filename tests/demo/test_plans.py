"""The demo's "Att göra" (issue 16): a demo case worker's start page shows a follow-up due within 14 days,
and the bookings ahead (a meeting, an interview tomorrow) have content."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from intake.models import AttendanceState, InterviewStatus, MeetingAttendance
from intake.models import Interview as InterviewModel

pytestmark = pytest.mark.django_db


def test_a_demo_case_workers_start_page_shows_a_follow_up_due_within_14_days(seeded, client):
    user = get_user_model().objects.get(username="sthlm.kommun.vagledare")
    client.force_login(user)
    response = client.get(reverse("krami:home"))
    todo = next(s for t, s in response.context["sections"] if t == "intake/home_todo.html")["todo"]
    today = timezone.localdate()
    due = [i for i in todo.of("follow_up") if today <= i.due_on <= today + timedelta(days=14)]
    assert due, [(i.kind, i.due_on) for i in todo.items]
    assert due[0].url in response.content.decode()
    assert due[0].participant.handler == user


def test_every_demo_case_worker_with_exited_people_has_one_due_soon(seeded, client):
    today = timezone.localdate()
    for username in ("sthlm.kommun.vagledare", "sthlm.kv.vagledare", "thn.kommun.vagledare"):
        client.force_login(get_user_model().objects.get(username=username))
        todo = client.get(reverse("intake:todo")).context["todo"]
        assert any(today < i.due_on <= today + timedelta(days=14) for i in todo.of("follow_up")), username


def test_the_demo_has_bookings_ahead(seeded):
    assert MeetingAttendance.objects.filter(state=AttendanceState.BOOKED, meeting__held_on__gt=timezone.localdate()).count() >= 2
    assert InterviewModel.objects.filter(status=InterviewStatus.BOOKED, held_on=timezone.localdate() + timedelta(days=1)).exists()
