"""Demo step 60: a year of history so that the reports have figures after `seed_demo`.

The participants of step 20 are too few for figures above the small-number threshold, so each
unit gets invented people who came to an information meeting, were interviewed, accepted,
started and exited over the last ten months (with follow-ups), some who were not accepted, and
residents of municipalities outside the agreement (purchased places). Every month up to the one
before the last complete one is closed (month-end snapshots; months are closed in order), and
one exit is then recorded late into the last closed month, so the dashboard marks a change. Idempotent: a unit with a closed month is
left as it is. Invented people only.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from intake.demo_data import demo_assessment, demo_attendance, demo_enrolment, demo_follow_up, demo_interview
from intake.models import Decision, Episode, ExitOutcome, FollowUpResult, InformationMeeting
from krami import demo
from krami.dates import add_months, month_end
from krami.models import Gender, Municipality
from participants.demo_data import MEN, SURNAMES, WOMEN, invented_personnummer
from participants.models import Condition, Participant, Phase, ReferralSource
from participants.services.register import participant_create
from reporting.models import MonthSnapshot
from reporting.periods import last_complete_month
from reporting.snapshots import month_close

# unit key: (people with a finished enrolment, people not accepted, people still in the guidance course,
#            buying municipalities, styrgrupp user). Trollhättan gets no new active people: its demo
#            is at its occupancy target (intake's demo) and stays there.
PLAN = {
    "sthlm": (72, 14, 12, ["Huddinge", "Nacka", "Solna"], "sthlm.kommun.styrgrupp"),
    "thn": (40, 8, 0, ["Uddevalla"], "thn.kommun.styrgrupp"),
}
OUTCOMES = [
    (ExitOutcome.WORK_WITH_SUBSIDY, 22), (ExitOutcome.WORK, 20), (ExitOutcome.STUDIES, 14),
    (ExitOutcome.OTHER_PROGRAMME, 10), (ExitOutcome.DROPPED_OUT, 14), (ExitOutcome.MOVED, 6),
    (ExitOutcome.ILLNESS, 6), (ExitOutcome.DRUG_TEST_DISCHARGE, 5), (ExitOutcome.OTHER, 3),
]
FOLLOW_UP_RESULTS = [(FollowUpResult.WORKING, 62), (FollowUpResult.STUDYING, 12), (FollowUpResult.NEITHER, 14),
                     (FollowUpResult.NOT_REACHED, 12)]


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def _person(rng, unit, handler, *, phase, since: date, municipality, today) -> Participant:
    woman = rng.random() < 0.35
    for _attempt in range(5):
        born = today - timedelta(days=rng.randint(18 * 365 + 200, 58 * 365))
        try:
            return participant_create(
                unit=unit, organisation=handler.staff_profile.organisation, handler=handler, by=handler,
                personnummer_value=invented_personnummer(rng, born),
                first_name=rng.choice(WOMEN if woman else MEN), last_name=rng.choice(SURNAMES),
                gender=Gender.WOMAN if woman else Gender.MAN, identifies_as_woman=woman, municipality=municipality,
                referral_source=rng.choice(list(ReferralSource)), drug_free=Condition.YES, housing_arranged=Condition.YES,
                childcare_arranged=Condition.NOT_APPLICABLE, phase=phase, registered_on=since, phase_since=since,
            )
        except ValidationError:  # an invented number that happens to exist already: draw another
            continue
    raise RuntimeError("could not invent a unique personnummer")


def _meeting(unit, on: date, by) -> InformationMeeting:
    on = on - timedelta(days=on.weekday())  # the week's meeting, on Monday
    return InformationMeeting.objects.get_or_create(
        unit=unit, held_on=on, starts_at=time(13, 0), defaults={"place": "Kramis lokal", "created_by": by},
    )[0]


def _intake(participant, *, unit, by, started: date, decision=Decision.ACCEPTED) -> None:
    demo_attendance(_meeting(unit, started - timedelta(days=35), by), participant, by=by)
    demo_interview(participant, started - timedelta(days=24), by=by)
    demo_assessment(
        participant, started - timedelta(days=waiting_days(started)), decision, by=by,
        reason="" if decision == Decision.ACCEPTED else "Bedömning vid teammötet",
        referred_to="Arbetsträning" if decision == Decision.REFERRED else "",
    )


def waiting_days(started: date) -> int:
    """Days from the team's decision to the start: 7–20, varying with the date."""
    return 7 + started.toordinal() % 14


def _exit(outcomes: random.Random) -> tuple[str, bool]:
    """An exit outcome and whether the guidance programme was completed."""
    outcome = _pick(outcomes, OUTCOMES)
    return outcome, outcome not in (ExitOutcome.DROPPED_OUT, ExitOutcome.DRUG_TEST_DISCHARGE) and outcomes.random() < 0.9


def _episode(rng, participant, *, by, started: date, ended: date, today: date, ending: tuple[str, bool]) -> Episode:
    outcome, completed = ending
    episode = demo_enrolment(
        participant, started, by=by, ended_on=ended, exit_outcome=outcome, completed_guidance_programme=completed,
    )
    if outcome in (ExitOutcome.WORK_WITH_SUBSIDY, ExitOutcome.WORK, ExitOutcome.STUDIES):
        for months in (3, 6, 12):
            due = add_months(ended, months)
            result = _pick(rng, FOLLOW_UP_RESULTS) if due + timedelta(days=3) <= today else ""
            demo_follow_up(episode, months, due_on=due, result=result, checked_on=due + timedelta(days=3) if result else None, by=by)
    return episode


def _seed_unit(rng, unit, ctx, *, closed: int, not_accepted: int, active: int, buyers: list[str], styrgrupp: str,
               today: date) -> None:
    handlers = [m.user for m in unit.memberships.filter(role="vagledare").select_related("user__staff_profile")]
    own = list(unit.municipalities.all())
    outside = list(Municipality.objects.filter(name__in=buyers))
    last = last_complete_month(today)
    # Outcomes from a stream of their own: the draws for dates vary with the calendar, and the
    # outcomes of each month (exit i falls i % 10 months back) must not, or a month's figures
    # (and what small-number protection hides) would change from one day to the next.
    outcomes = random.Random(f"outcomes-{unit.name}")
    for i in range(closed):
        by = handlers[i % len(handlers)]
        municipality = outside[i % len(outside)] if outside and i % 6 == 5 else rng.choice(own)
        exit_month = add_months(last.start, -(i % 10))
        ended = exit_month + timedelta(days=rng.randint(0, month_end(exit_month).day - 1))
        started = ended - timedelta(days=rng.randint(45, 200))
        person = _person(rng, unit, by, phase=Phase.CLOSED, since=ended, municipality=municipality, today=today)
        _intake(person, unit=unit, by=by, started=started)
        _episode(rng, person, by=by, started=started, ended=ended, today=today, ending=_exit(outcomes))
    for i in range(not_accepted):
        by = handlers[i % len(handlers)]
        on = add_months(last.start, -(i % 10)) + timedelta(days=rng.randint(10, 25))
        person = _person(rng, unit, by, phase=Phase.NOT_ACCEPTED, since=on - timedelta(days=waiting_days(on)), municipality=rng.choice(own),
                         today=today)
        _intake(person, unit=unit, by=by, started=on, decision=Decision.NOT_NOW if i % 2 else Decision.REFERRED)
    for i in range(active):  # individual starts in the last three months, still enrolled
        by = handlers[i % len(handlers)]
        month = add_months(last.start, -(i % 3))
        started = month + timedelta(days=rng.randint(0, 27))
        municipality = outside[i % len(outside)] if outside and i % 4 == 3 else rng.choice(own)
        person = _person(rng, unit, by, phase=Phase.GUIDANCE, since=started, municipality=municipality, today=today)
        _intake(person, unit=unit, by=by, started=started)
        demo_enrolment(person, started, by=by)
    closer = ctx.users[styrgrupp]
    for back in (2, 1):
        month_close(unit=unit, month=add_months(last.start, -back), by=closer)
    # Recorded after the month was closed: marked as a change on the closed month.
    late_month = add_months(last.start, -1)
    by = handlers[0]
    ended = late_month + timedelta(days=19)
    person = _person(rng, unit, by, phase=Phase.CLOSED, since=ended, municipality=own[0], today=today)
    _intake(person, unit=unit, by=by, started=late_month - timedelta(days=90))
    demo_enrolment(
        person, late_month - timedelta(days=90), by=by, ended_on=ended, exit_outcome=ExitOutcome.WORK, completed_guidance_programme=True,
    )


@demo.step(60, "reports: a year of history, closed months")
def seed_reporting(ctx: demo.DemoContext) -> None:
    today = timezone.localdate()
    for key, (closed, not_accepted, active, buyers, styrgrupp) in PLAN.items():
        unit = ctx.units.get(key)
        if unit is None or MonthSnapshot.objects.filter(unit=unit).exists():
            continue  # idempotent: the unit has its report history
        _seed_unit(random.Random(f"reporting-{key}"), unit, ctx, closed=closed, not_accepted=not_accepted, active=active, buyers=buyers,
                   styrgrupp=styrgrupp, today=today)
