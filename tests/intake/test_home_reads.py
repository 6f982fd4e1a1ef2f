"""The home page reads its interviews and its drug tests once for the to-do list and the week
(issue 19, `intake.selectors.agenda.HomeReads`): the lists it shows are the ones each list reads on
its own, whichever interviews and tests are about, and the page asks for each table once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from intake.models import DrugTest, DrugTestResult, Interview, InterviewStatus, NoShowDecision
from intake.selectors.agenda import HomeReads, week_agenda
from intake.selectors.todo import BOOKING_WINDOW, todo_list
from intake.services.drugtests import drugtest_record_result, drugtest_refer
from tests.intake.factories import accept, exit_, make_drug_test, reads_of_page, start, today
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db


def _enrolled(world, handler, days=40):
    p = accept(make_participant(unit=world.unit, handler=handler), by=handler, on=today() - timedelta(days=days + 10))
    start(p, by=handler, on=today() - timedelta(days=days))
    return p


def _no_show(p, by, days_ago=3):
    test = drugtest_refer(participant=p, by=by, referred_on=today() - timedelta(days=days_ago + 1), reason="Påverkad")
    return drugtest_record_result(test=test, by=by, result=DrugTestResult.NO_SHOW, result_on=today() - timedelta(days=days_ago))


def _interviews(world, owner):
    colleague = world.users["kommun_samordnare"]
    mine = make_participant(unit=world.unit, handler=owner)
    theirs = make_participant(unit=world.unit, handler=colleague)
    made = {}
    for name, days, status, person, interviewer in (
        ("overdue booking", -3, InterviewStatus.BOOKED, mine, owner),
        ("tomorrow", 1, InterviewStatus.BOOKED, mine, owner),
        ("held yesterday", -1, InterviewStatus.HELD, mine, owner),
        ("no-show today", 0, InterviewStatus.NO_SHOW, mine, owner),
        ("booked in five days", 5, InterviewStatus.BOOKED, mine, owner),
        ("booked in ten days", 10, InterviewStatus.BOOKED, mine, owner),
        ("held long ago", -30, InterviewStatus.HELD, mine, owner),
        ("the owner interviews a colleague's person", 1, InterviewStatus.BOOKED, theirs, owner),
        ("a colleague's own", 1, InterviewStatus.BOOKED, theirs, colleague),
    ):
        made[name] = Interview.objects.create(
            participant=person, held_on=today() + timedelta(days=days), status=status, interviewer=interviewer,
            recorded_by=interviewer,
        )
    return made


def _drug_tests(world, owner):
    p, q, r = (_enrolled(world, owner) for _i in range(3))
    made = {
        "result missing": make_drug_test(p, by=owner),
        "a colleague's person's result missing": make_drug_test(
            make_participant(unit=world.unit, handler=world.users["kommun_samordnare"]), by=world.users["kommun_samordnare"]
        ),
        "result in": make_drug_test(p, by=owner, result="negative", result_on=today()),
        "no-show to decide": _no_show(q, owner),
        "no-show of someone since exited": _no_show(r, owner, days_ago=5),
    }
    exit_(r, by=owner, on=today())
    # Pending, though no longer enrolled (an exit by another way): not the team's to decide.
    DrugTest.objects.filter(pk=made["no-show of someone since exited"].pk).update(no_show_decision=NoShowDecision.PENDING)
    return made


def test_the_home_pages_reads_give_the_lists_each_reads_on_its_own(world):
    owner = world.users["kommun_vagledare"]
    interviews, tests = _interviews(world, owner), _drug_tests(world, owner)
    on = today()
    reads = HomeReads.read(user=owner, on=on, horizon=on + timedelta(days=BOOKING_WINDOW))

    alone, shared = todo_list(user=owner, on=on), todo_list(user=owner, on=on, reads=reads)
    assert [(i.kind, i.url, i.overdue) for i in shared.items] == [(i.kind, i.url, i.overdue) for i in alone.items]
    week_alone, week_shared = week_agenda(user=owner, on=on), week_agenda(user=owner, on=on, reads=reads)
    for name in ("interviews", "no_shows", "drug_tests"):
        assert [x.pk for x in week_shared[name]] == [x.pk for x in week_alone[name]], name

    # What they are, whatever the weekday: the bookings up to tomorrow, the owner's only.
    assert [i.pk for i in reads.bookings()] == [interviews[n].pk for n in (
        "overdue booking", "tomorrow", "the owner interviews a colleague's person")]
    assert interviews["booked in ten days"].pk not in {i.pk for i in reads.interviews}
    assert interviews["a colleague's own"].pk not in {i.pk for i in reads.interviews}
    assert [t.pk for t in reads.results_to_record()] == [tests["result missing"].pk]
    assert [t.pk for t in reads.no_shows()] == [tests["no-show to decide"].pk]


def test_the_home_page_asks_for_interviews_and_drug_tests_once(world, client):
    owner = world.users["kommun_vagledare"]
    _interviews(world, owner)
    _drug_tests(world, owner)
    client.force_login(owner)
    reads = reads_of_page(client, reverse("krami:home"))
    assert sum('FROM "intake_interview"' in sql for sql in reads) == 1
    assert sum('FROM "intake_drugtest"' in sql for sql in reads) == 1
