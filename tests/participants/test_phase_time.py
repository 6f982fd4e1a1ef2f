"""Time in each phase (participants/selectors/phases.py), with dates computed by hand."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.models import Participant, Phase
from participants.selectors.phases import days_by_phase, phase_history, phase_periods, phase_timeline
from participants.services.phase import participant_set_phase
from tests.participants.factories import make_participant

# The phases by their initials, so that each case below reads as a line of the timeline.
A, Q, G, I, W, C = Phase.APPLICANT, Phase.QUEUED, Phase.GUIDANCE, Phase.INTERNSHIP, Phase.WORK_OR_STUDIES, Phase.CLOSED  # noqa: E741

CASES = [
    pytest.param(
        [(A, date(2026, 1, 5)), (Q, date(2026, 1, 19)), (G, date(2026, 2, 2)), (I, date(2026, 3, 2)), (W, date(2026, 5, 4))],
        date(2026, 6, 1),
        [(A, 14), (Q, 14), (G, 28), (I, 63), (W, 28)],  # February 2026 has 28 days; 2 Mar–4 May = 29 + 30 + 4
        id="the whole programme",
    ),
    pytest.param(
        [(G, date(2026, 1, 1)), (I, date(2026, 3, 2)), (I, date(2026, 4, 1)), (W, date(2026, 5, 1))],
        date(2026, 5, 1),
        [(G, 60), (I, 60), (W, 0)],  # a second placement continues the internship phase
        id="second internship is the same period",
    ),
    pytest.param(
        [(G, date(2028, 2, 1)), (I, date(2028, 3, 1))],
        date(2028, 3, 1),
        [(G, 29), (I, 0)],  # leap year
        id="leap year",
    ),
    pytest.param(
        [(A, date(2026, 1, 5)), (Q, date(2026, 1, 5)), (G, date(2026, 1, 5))],
        date(2026, 1, 15),
        [(A, 0), (Q, 0), (G, 10)],  # three steps on one day
        id="same-day changes",
    ),
    pytest.param(
        [(G, date(2026, 1, 1)), (I, date(2026, 2, 1))],
        date(2026, 1, 20),
        [(G, 31), (I, 0)],  # a change dated after today counts no days yet
        id="future change",
    ),
    pytest.param([], date(2026, 1, 1), [], id="no history"),
]


@pytest.mark.parametrize(("changes", "today", "expected"), CASES)
def test_phase_periods(changes, today, expected):
    periods = phase_periods(changes, today=today)
    assert [(p.phase, p.days) for p in periods] == expected
    if periods:
        assert periods[-1].is_current and all(p.end is not None for p in periods[:-1])


def test_totals_add_up_a_phase_that_comes_back():
    """Re-enrolment: guidance 1 Jan–1 Feb (31), exited 1 Feb–1 Mar (29 in 2028), guidance again 10 days."""
    periods = phase_periods(
        [(G, date(2028, 1, 1)), (C, date(2028, 2, 1)), (G, date(2028, 3, 1))], today=date(2028, 3, 11)
    )
    assert [(t.phase, t.days) for t in days_by_phase(periods)] == [(G, 41), (C, 29)]


def test_timeline_reads_the_phase_history(world):
    owner = world.users["kommun_vagledare"]
    start = date.today() - timedelta(days=100)
    p = make_participant(unit=world.unit, handler=owner, phase=Phase.GUIDANCE, phase_since=start)
    participant_set_phase(participant=p, phase=I, on=start + timedelta(days=30), by=owner)
    participant_set_phase(participant=p, phase=W, on=start + timedelta(days=75), by=owner)
    timeline = phase_timeline(participant=p, today=start + timedelta(days=100))
    assert [(x.phase, x.start, x.days) for x in timeline.periods] == [
        (G, start, 30),
        (I, start + timedelta(days=30), 45),
        (W, start + timedelta(days=75), 25),
    ]


def test_the_history_read_with_the_record_gives_the_same_timeline(world):
    """The case page reads the phase history as text with the record (issue 19): the same periods,
    same-day changes in the order they were made, a change planned ahead apart."""
    owner = world.users["kommun_vagledare"]
    start = date.today() - timedelta(days=40)
    p = make_participant(unit=world.unit, handler=owner, phase=Phase.APPLICANT, phase_since=start)
    participant_set_phase(participant=p, phase=Q, on=start + timedelta(days=10), by=owner)
    participant_set_phase(participant=p, phase=G, on=start + timedelta(days=10), by=owner)
    participant_set_phase(participant=p, phase=I, on=date.today() + timedelta(days=5), by=owner)  # planned
    with_history = Participant.objects.annotate(phase_history=phase_history()).get(pk=p.pk)
    assert with_history.phase_history
    with CaptureQueriesContext(connection) as queries:
        timeline = phase_timeline(participant=with_history, today=date.today())
    assert queries.captured_queries == []
    assert timeline == phase_timeline(participant=Participant.objects.get(pk=p.pk), today=date.today())
    assert [(x.phase, x.days) for x in timeline.periods] == [(A, 10), (Q, 0), (G, 30)]
    assert [(x.phase, x.on) for x in timeline.planned] == [(I, date.today() + timedelta(days=5))]


def test_participant_page_shows_days_in_each_phase(client, world):
    owner = world.users["kommun_vagledare"]
    start = date.today() - timedelta(days=50)
    p = make_participant(unit=world.unit, handler=owner, phase=Phase.GUIDANCE, phase_since=start)
    participant_set_phase(participant=p, phase=I, on=start + timedelta(days=21), by=owner)
    client.force_login(owner)
    html = client.get(reverse("participants:detail", kwargs={"pk": p.pk})).content.decode()
    timeline = html[html.index("data-phase-timeline"): html.index("</table>", html.index("data-phase-timeline"))]
    assert "Guidance course" in timeline and '<td class="num">21</td>' in timeline
    assert "Internship (praktik)" in timeline and '<td class="num">29</td>' in timeline
