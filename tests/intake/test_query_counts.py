"""List pages run the same number of queries for one row and for many."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.models import FollowUpResult
from intake.selectors.agenda import week_agenda
from intake.selectors.todo import Kind, todo_list
from intake.services.assessment import interview_record
from intake.services.meetings import attendance_add_participant, attendance_add_walkin
from intake.services.queue import queue_place
from krami.dates import week_bounds
from tests.intake.factories import (
    accept,
    exit_,
    make_drug_test,
    make_group,
    make_meeting,
    reads_of_page,
    set_category_data,
    start,
    today,
)
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def grow(client, url, add, *, first=1, then=6) -> tuple[int, int]:
    """Queries with `first` rows, then with `then` rows; `add(n)` adds one row."""
    for i in range(first):
        add(i)
    small = queries(client, url)
    for i in range(first, then):
        add(i)
    return small, queries(client, url)


@pytest.fixture
def owner(world, client):
    user = world.users["kommun_vagledare"]
    client.force_login(user)
    return user


def queued(world, owner, i, *, days=10):
    p = make_participant(unit=world.unit, handler=owner, first_name=f"Kö{i}")
    set_category_data(p, status="probation" if i % 2 else "other_context", kv=True)
    return accept(p, by=owner, on=today() - timedelta(days=days + i))


def test_queue(world, owner, client, unit_rules):
    unit_rules(occupancy_target=0)  # at the target: categories, women first, reasons all computed

    def add(i):
        p = queued(world, owner, i)
        if i % 3 == 0:
            queue_place(participant=p, by=owner, position=1, reason="Test")

    small, large = grow(client, reverse("intake:queue", args=[world.unit.pk]), add)
    assert small == large


def test_meetings_and_attendance(world, owner, client):
    small, large = grow(
        client, reverse("intake:meetings", args=[world.unit.pk]),
        lambda i: make_meeting(world.unit, by=owner, on=today() - timedelta(days=7 * (i + 1))),
    )
    assert small == large
    meeting = make_meeting(world.unit, by=owner)

    def add(i):
        if i % 2:
            attendance_add_walkin(meeting=meeting, by=owner, name=f"Besökare {i}", contact="070-1")
        else:
            attendance_add_participant(meeting=meeting, by=owner, participant=make_participant(unit=world.unit, handler=owner))

    # from two rows (one walk-in, one participant: every section of the page shows) to seven
    small, large = grow(client, reverse("intake:meeting_detail", args=[meeting.pk]), add, first=2, then=7)
    assert small == large


def test_groups_and_group_detail(world, owner, client):
    small, large = grow(
        client, reverse("intake:groups", args=[world.unit.pk]),
        lambda i: make_group(world.unit, by=owner, starts_on=today() + timedelta(days=i), name=f"Grupp {i}"),
    )
    assert small == large
    group = make_group(world.unit, by=owner, capacity=10)
    small, large = grow(
        client, reverse("intake:group_detail", args=[group.pk]),
        lambda i: start(queued(world, owner, i), by=owner, group=group),
    )
    assert small == large


def test_followups_and_participant_record(world, owner, client):
    def add(i):
        p = queued(world, owner, i)
        start(p, by=owner, on=today() - timedelta(days=200))
        exit_(p, by=owner, on=today() - timedelta(days=100))

    small, large = grow(client, reverse("intake:followups", args=[world.unit.pk]) + "?all=1", add)
    assert small == large

    p = queued(world, owner, 99, days=400)
    interview_record(participant=p, by=owner, held_on=today() - timedelta(days=401), interviewer=owner)

    def add_episode(i):
        start(p, by=owner, on=today() - timedelta(days=300 - 60 * i))
        episode = exit_(p, by=owner, on=today() - timedelta(days=290 - 60 * i))
        episode.follow_ups.filter(months=3).update(result=FollowUpResult.WORKING, checked_on=today())
        make_drug_test(p, by=owner, on=today() - timedelta(days=295 - 60 * i), result="negative",
                       result_on=today() - timedelta(days=294 - 60 * i))
        # Applying again: an information meeting, an interview and the team's assessment each time.
        meeting = make_meeting(world.unit, by=owner, on=today() - timedelta(days=288 - 60 * i))
        attendance_add_participant(meeting=meeting, by=owner, participant=p)
        interview_record(participant=p, by=owner, held_on=today() - timedelta(days=287 - 60 * i), interviewer=owner)
        accept(p, by=owner, on=today() - timedelta(days=286 - 60 * i))

    # The case page: the path and the intake records cost the same queries for one round as for four.
    small, large = grow(client, reverse("participants:detail", args=[p.pk]), add_episode, then=4)
    assert small == large


def test_home_page_and_overview(world, owner, client):
    def add(i):
        make_participant(unit=world.unit, handler=owner, first_name=f"Ny{i}")  # waiting for an interview
        p = make_participant(unit=world.unit, handler=owner, first_name=f"Vecka{i}")
        interview_record(participant=p, by=owner, held_on=today(), interviewer=owner)
        make_drug_test(p, by=owner)
        q = queued(world, owner, i)
        start(q, by=owner, on=today() - timedelta(days=200))
        exit_(q, by=owner, on=today() - timedelta(days=100))
        make_group(world.unit, by=owner, starts_on=today() + timedelta(days=1), name=f"Ny grupp {i}")

    urls = [reverse("krami:home"), reverse("intake:overview")]
    add(0)
    small = [queries(client, url) for url in urls]
    for i in range(1, 6):
        add(i)
    assert [queries(client, url) for url in urls] == small


def test_the_week_on_home_takes_its_follow_ups_and_drug_tests_from_the_to_do_list(world, owner, client):
    """Issue 19: the home page's week showed the case worker's follow-ups and missing drug-test results
    that its to-do list had just read, and read them again. The week now takes its part of the to-do's
    lists (intake/home.py): the same rows as when it asks the database itself, one read of each."""
    monday, sunday = week_bounds(today())
    others = make_participant(unit=world.unit, handler=world.users["kommun_samordnare"], first_name="Annans")
    for i, due in enumerate([today() - timedelta(days=20), sunday, sunday + timedelta(days=1), today() + timedelta(days=13)]):
        p = queued(world, owner, i)
        start(p, by=owner, on=today() - timedelta(days=200))
        episode = exit_(p, by=owner, on=today() - timedelta(days=100))
        first = episode.follow_ups.order_by("months").first()
        episode.follow_ups.exclude(pk=first.pk).update(due_on=today() + timedelta(days=400))
        episode.follow_ups.filter(pk=first.pk).update(due_on=due)
        make_drug_test(p, by=owner, on=today() - timedelta(days=i + 1))
    make_drug_test(others, by=world.users["kommun_samordnare"])  # not the case worker's
    make_drug_test(p, by=owner, result="negative", result_on=today())  # has its result

    todo = todo_list(user=owner, on=today())
    shared = week_agenda(user=owner, on=today(), follow_ups=todo.records(Kind.FOLLOW_UP),
                         drug_tests=todo.records(Kind.DRUG_TEST))
    own = week_agenda(user=owner, on=today())
    assert [f.due_on for f in shared["follow_ups"]] == [f.due_on for f in own["follow_ups"]]
    assert [f.due_on for f in own["follow_ups"]] == [today() - timedelta(days=20), sunday]  # the window's edge: Sunday
    assert [t.pk for t in shared["drug_tests"]] == [t.pk for t in own["drug_tests"]]
    assert len(own["drug_tests"]) == 4
    assert {p.pk for p in shared["people"]} == {p.pk for p in own["people"]}

    reads = reads_of_page(client, reverse("krami:home"))
    assert sum('FROM "intake_followup"' in sql for sql in reads) == 1
    # The missing results and the no-shows waiting for the team's decision: one read (HomeReads).
    assert sum('FROM "intake_drugtest"' in sql for sql in reads) == 1
