"""Issue 18, item 8: every figure of a unit counts a person once, by the keyed personnummer hash,
whichever organisations registered them (two parties may each register the same person: the
duplicate check sees only the records the user may see)."""

from datetime import date, time

import pytest

from intake.models import AttendanceState, InformationMeeting, MeetingAttendance
from krami.models import Role
from reporting.periods import month_period, quarter_period
from reporting.selectors import unit_figures
from tests.krami.factories import staff
from tests.participants.factories import same_person_record
from tests.reporting.helpers import Team

pytestmark = pytest.mark.django_db


def _twice(team: Team):
    """The kommun's person and AF's record of the same person, each taken through the same intake
    and the same enrolment (both parties recorded it), and one other person who exits in March."""
    af = staff(role=Role.VAGLEDARE, unit=team.unit, organisation=team.unit.parties.get(kind="af"))
    person = team.person()
    twin = same_person_record(person, by=af)
    meeting = InformationMeeting.objects.create(
        unit=team.unit, held_on=date(2026, 1, 5), starts_at=time(13, 0), place="Kramis lokal", created_by=team.worker,
    )
    episodes = []
    for record in (person, twin):
        MeetingAttendance.objects.create(meeting=meeting, participant=record, recorded_by=team.worker, state=AttendanceState.ATTENDED)
        team.interview(record, date(2026, 1, 10))
        team.assess(record, date(2026, 1, 12))
        episodes.append(team.enrol(record, date(2026, 1, 20), date(2026, 3, 16), "work", completed=True))
    for episode in episodes:
        team.follow_up(episode, 3, date(2026, 6, 16), result="working", checked=date(2026, 6, 18))
    team.closed(date(2026, 1, 20), date(2026, 3, 16), "moved", completed=True)
    return person, twin


def test_a_person_registered_by_two_parties_counts_once_in_every_figure():
    team = Team()
    _twice(team)
    january = unit_figures(unit=team.unit, period=month_period(date(2026, 1, 1))).values
    assert january["funnel|attendees"] == 1
    assert (january["funnel|interviewed"], january["funnel|assessed"], january["funnel|accepted"]) == (1, 1, 1)
    assert january["funnel|started"] == 2  # the person and the other one
    assert january["occupancy|active"] == 2
    march = unit_figures(unit=team.unit, period=month_period(date(2026, 3, 1))).values
    assert (march["outcome|closed"], march["outcome|work_or_studies"], march["reason|work"]) == (2, 1, 1)
    june = unit_figures(unit=team.unit, period=month_period(date(2026, 6, 1))).values
    assert (june["keeping|3|due"], june["keeping|3|kept"]) == (1, 1)
    quarter = unit_figures(unit=team.unit, period=quarter_period(2026, 1)).values
    assert quarter["breakdown|gender|man|started"] == 2 and quarter["breakdown|gender|man|closed"] == 2


def test_two_enrolments_of_one_person_on_different_days_are_two_starts():
    """An enrolment is a person and a start date: a re-enrolment is a start of its own, as before."""
    team = Team()
    person, twin = _twice(team)
    team.enrol(twin, date(2026, 4, 7))
    april = unit_figures(unit=team.unit, period=month_period(date(2026, 4, 1))).values
    assert (april["funnel|started"], april["occupancy|active"]) == (1, 1)
