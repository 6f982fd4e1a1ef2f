"""Demo step 40: intake records that match the demo participants' phases (step 20), in both units.

Every intake page and state gets content: weekly information meetings with walk-ins, interviews
(some this week), assessments (accepted, one despite a failed condition, referred, not now), the
queue with a manual placement, group starts (running and full, finished, planned for women),
session attendance, episodes and exits, follow-ups due, drug tests (a missing result, a refusal
that discharged someone and now blocks re-enrolment).

Records are written directly with the dates they would have had: the participants' phases are
already set by step 20. Where a date must fit (a running group, a follow-up due this week), the
participant's `phase_since` and its phase-change row are moved with it. Invented people only.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from django.utils import timezone

from agreements import selectors as agreement_selectors
from intake import eligibility
from intake.models import (
    Assessment,
    AttendanceStatus,
    Decision,
    DrugTest,
    DrugTestResult,
    Episode,
    ExitOutcome,
    FollowUp,
    FollowUpResult,
    GroupAudience,
    GroupSession,
    GuidanceGroup,
    InformationMeeting,
    Interview,
    MeetingAttendance,
    MeetingSlot,
    QueuePlacement,
    SessionAttendance,
    StartKind,
)
from intake.services.groups import session_dates
from intake.services.programme import FOLLOW_UP_MONTHS
from krami import demo
from krami.dates import add_months, week_bounds
from participants.models import Condition, Participant, Phase, PhaseChange

SLOTS = {"sthlm": (1, time(13, 0), "Kramis lokal, samlingsrummet"), "thn": (2, time(10, 0), "Kramis lokal, Trollhättan")}
WALK_INS = [
    ("Alva Nyström", "070-111 22 01"), ("Benjamin Holt", "070-111 22 02"), ("Cecilia Ek", "cecilia.ek@example.invalid"),
    ("David Lund", "070-111 22 04"), ("Ebba Sand", ""), ("Farid Nasser", "070-111 22 06"), ("Greta Wahl", "070-111 22 07"),
]
CLOSED_OUTCOMES = [
    (ExitOutcome.WORK_WITH_SUBSIDY, True), (ExitOutcome.STUDIES, True), (ExitOutcome.DRUG_TEST_DISCHARGE, False),
    (ExitOutcome.WORK, True), (ExitOutcome.DROPPED_OUT, False), (ExitOutcome.MOVED, False),
]


def _move_phase_date(p: Participant, on: date) -> None:
    """Move the participant's current phase to start on `on` (and its phase-change row with it)."""
    PhaseChange.objects.filter(participant=p, phase=p.phase, on=p.phase_since).update(on=on)
    Participant.objects.filter(pk=p.pk).update(phase_since=on)
    p.phase_since = on


def _history(p: Participant, changes: list[tuple[str, date]]) -> None:
    """Earlier phases the intake records imply (applicant → queued → guidance …)."""
    PhaseChange.objects.bulk_create(
        [PhaseChange(participant=p, phase=phase, on=on, changed_by=p.handler, reason="demo") for phase, on in changes]
    )


def _interview(p: Participant, on: date, rng: random.Random) -> Interview:
    notes = rng.choice(["Motiverad, vill arbeta inom bygg.", "Vill studera vidare; behöver stöd med ekonomi.",
                        "Har arbetat i lager tidigare. Bor hos syster.", "Vill ha praktik inom restaurang."])
    return Interview.objects.create(participant=p, held_on=on, interviewer=p.handler, notes=notes, recorded_by=p.handler)


def _assess(p: Participant, on: date, decision=Decision.ACCEPTED, **fields) -> Assessment:
    rules = agreement_selectors.rules_for_unit(unit=p.unit, on=on)
    failures = eligibility.evaluate(eligibility.facts_for(p, on), rules.eligibility)
    if decision == Decision.ACCEPTED and failures:
        fields["override_reason"] = "Boendet ordnas via socialtjänsten före start; teamet bedömer att personen är redo."
    return Assessment.objects.create(
        participant=p, decided_on=on, decision=decision, decided_by=p.handler, recorded_by=p.handler,
        failed_conditions=[f.as_json() for f in failures], **fields,
    )


def _episode(p: Participant, started_on: date, group: GuidanceGroup | None = None, **exit_fields) -> Episode:
    return Episode.objects.create(
        participant=p, kind=StartKind.GROUP if group else StartKind.INDIVIDUAL, group=group,
        started_on=started_on, started_by=p.handler, ended_by=p.handler if exit_fields else None, **exit_fields,
    )


def _group(unit, by, name, starts_on, audience=GroupAudience.MIXED, capacity=6, weekdays=(0, 2)) -> GuidanceGroup:
    group = GuidanceGroup.objects.create(
        unit=unit, name=name, starts_on=starts_on, weeks=4, capacity=capacity, audience=audience,
        place="Kramis lokal, grupprummet", created_by=by,
    )
    GroupSession.objects.bulk_create(
        [GroupSession(group=group, held_on=d, starts_at=time(9, 30), topic=t)
         for d, t in zip(session_dates(starts_on, 4, weekdays), _TOPICS * 3, strict=False)]
    )
    return group


_TOPICS = ["Rättigheter och skyldigheter", "Samhällsinformation", "Arbetsmarknaden", "Ekonomi och budget"]


def _meetings(unit, by, slot: MeetingSlot, applicants: list[Participant], today: date, rng: random.Random) -> None:
    """Six weeks of held meetings with walk-ins, and the applicants who came."""
    monday, _ = week_bounds(today)
    walk_ins = list(WALK_INS)
    rng.shuffle(walk_ins)
    for weeks_ago in range(6, -1, -1):
        held_on = monday - timedelta(weeks=weeks_ago) + timedelta(days=slot.weekday)
        if held_on > today:
            continue
        meeting = InformationMeeting.objects.create(
            unit=unit, slot=slot, held_on=held_on, starts_at=slot.starts_at, place=slot.place, created_by=by
        )
        for name, contact in walk_ins[weeks_ago % 3 * 2: weeks_ago % 3 * 2 + 2]:
            MeetingAttendance.objects.create(meeting=meeting, name=name, contact=contact, recorded_by=by)
        for p in applicants[weeks_ago::7]:
            MeetingAttendance.objects.create(meeting=meeting, participant=p, recorded_by=by, linked_at=timezone.now())


def _intake_history(p: Participant, rng: random.Random) -> date:
    """Meeting, interview and accepted assessment before the start; returns the decision date."""
    decided = p.phase_since - timedelta(days=rng.randint(10, 30))
    _interview(p, decided - timedelta(days=7), rng)
    _assess(p, decided)
    _history(p, [(Phase.QUEUED, decided)])
    return decided


def _seed_applicants(people, monday: date, rng) -> None:
    for i, p in enumerate(people):
        if i % 2 == 0:  # interviewed (this week for some): waiting for the next team meeting
            _interview(p, max(p.phase_since, monday) if i % 4 == 0 else p.phase_since, rng)


def _seed_queue(people, rng) -> None:
    for i, p in enumerate(people):
        if i == 0:  # accepted although housing is not arranged yet: an override with its reason
            Participant.objects.filter(pk=p.pk).update(housing_arranged=Condition.NO)
            p.housing_arranged = Condition.NO
        if i == 2:  # assessed before: "not now" first, accepted after a new interview
            earlier = p.phase_since - timedelta(days=60)
            _interview(p, earlier - timedelta(days=7), rng)
            _assess(p, earlier, Decision.NOT_NOW, reason="Vill vänta tills frigivningen är klar.")
            _history(p, [(Phase.NOT_ACCEPTED, earlier)])
        _interview(p, p.phase_since - timedelta(days=7), rng)
        assessment = _assess(p, p.phase_since)
        if i == 1:
            QueuePlacement.objects.create(
                assessment=assessment, position=1, placed_by=p.handler,
                reason="Erbjuden praktikplats som kräver start inom två veckor.",
            )


def _seed_not_accepted(people, rng) -> None:
    for i, p in enumerate(people):
        _interview(p, p.phase_since - timedelta(days=7), rng)
        if i % 2 == 0:
            _assess(p, p.phase_since, Decision.REFERRED, referred_to="Arbetsträning, kommunens arbetsmarknadsenhet")
        else:
            _assess(p, p.phase_since, Decision.NOT_NOW, reason="Behöver först ordna boende; välkommen åter.")


def _seed_guidance(people, running: GuidanceGroup, by, today: date, rng) -> None:
    """The running group fills up (to full, in Stockholm); attendance for the sessions held so far."""
    for i, p in enumerate(people):
        group = running if i < running.capacity else None  # more than the group holds: individual starts
        if group:
            _move_phase_date(p, running.starts_on)
        _intake_history(p, rng)
        episode = _episode(p, p.phase_since, group)
        if group is None:
            continue
        for session in running.sessions.filter(held_on__lt=today):
            status = AttendanceStatus.ABSENT if (i + session.pk) % 5 == 0 else AttendanceStatus.PRESENT
            SessionAttendance.objects.create(session=session, episode=episode, status=status, recorded_by=by)
        if i == 0:  # referred on suspicion; the result is not in yet
            DrugTest.objects.create(
                participant=p, owner_organisation=p.owner_organisation, referred_on=today - timedelta(days=2),
                reason="Misstänkt påverkan vid gruppträff.", referred_by=p.handler,
            )


def _seed_after_course(people, finished: GuidanceGroup, rng) -> None:
    """Internship, work or studies: the course is behind them, in the finished group or individually."""
    in_finished = 0
    for p in people:
        started = p.phase_since - timedelta(days=35)
        group = None
        if in_finished < finished.capacity and finished.starts_on <= started <= finished.ends_on:
            group, in_finished = finished, in_finished + 1
        _intake_history(p, rng)
        _episode(p, started, group)
        _history(p, [(Phase.GUIDANCE, started)])


def _follow_ups(episode: Episode, today: date) -> None:
    for months in FOLLOW_UP_MONTHS:
        due = add_months(episode.ended_on, months)
        done = due < today - timedelta(days=14) and months == 3
        FollowUp.objects.create(
            episode=episode, months=months, due_on=due, result=FollowUpResult.WORKING if done else "",
            checked_on=due if done else None, recorded_by=episode.participant.handler if done else None,
        )


def _seed_closed(people, today: date, rng) -> None:
    for i, p in enumerate(people):
        outcome, completed = CLOSED_OUTCOMES[i % len(CLOSED_OUTCOMES)]
        if i == 0:  # exited three months ago: the 3-month follow-up is due now
            _move_phase_date(p, add_months(today, -3))
        started = p.phase_since - timedelta(days=rng.randint(60, 150))
        _intake_history(p, rng)
        _history(p, [(Phase.GUIDANCE, started)])
        episode = _episode(
            p, started, ended_on=p.phase_since, exit_outcome=outcome, completed_guidance_programme=completed
        )
        _follow_ups(episode, today)
        if outcome == ExitOutcome.DRUG_TEST_DISCHARGE:  # refused the test: discharged, re-enrolment blocked
            DrugTest.objects.create(
                participant=p, owner_organisation=p.owner_organisation, referred_on=p.phase_since - timedelta(days=1),
                reason="Misstänkt påverkan; vägrade lämna prov.", referred_by=p.handler,
                result=DrugTestResult.REFUSED, result_on=p.phase_since, result_recorded_by=p.handler,
            )


def _seed_unit(key: str, unit, people: list[Participant], by, today: date, rng: random.Random) -> None:
    by_phase: dict[str, list[Participant]] = {phase: [] for phase in Phase.values}
    for p in people:
        by_phase[p.phase].append(p)
    weekday, at, place = SLOTS.get(key, (1, time(13, 0), "Kramis lokal"))
    slot = MeetingSlot.objects.create(unit=unit, weekday=weekday, starts_at=at, place=place, created_by=by)
    _meetings(unit, by, slot, by_phase[Phase.APPLICANT], today, rng)
    monday, _ = week_bounds(today)
    _seed_applicants(by_phase[Phase.APPLICANT], monday, rng)
    _seed_queue(by_phase[Phase.QUEUED], rng)
    _seed_not_accepted(by_phase[Phase.NOT_ACCEPTED], rng)
    running = _group(unit, by, f"Vägledningskurs {monday - timedelta(weeks=1):%Y-%m-%d}", monday - timedelta(weeks=1))
    _seed_guidance(by_phase[Phase.GUIDANCE], running, by, today, rng)
    finished = _group(unit, by, f"Vägledningskurs {today - timedelta(weeks=20):%Y-%m-%d}", today - timedelta(weeks=20))
    _seed_after_course(by_phase[Phase.INTERNSHIP] + by_phase[Phase.WORK_OR_STUDIES], finished, rng)
    _group(unit, by, f"Vägledningskurs {monday + timedelta(weeks=1):%Y-%m-%d}, kvinnor", monday + timedelta(weeks=1),
           audience=GroupAudience.WOMEN, capacity=5)
    _seed_closed(by_phase[Phase.CLOSED], today, rng)


@demo.step(40, "intake: meetings, interviews, assessments, queue, groups, episodes, follow-ups, drug tests")
def seed_intake(ctx: demo.DemoContext) -> None:
    rng = random.Random(4040)
    today = timezone.localdate()
    for key, unit in ctx.units.items():
        if MeetingSlot.objects.filter(unit=unit).exists():
            continue  # idempotent: the unit has its intake demo data
        people = list(Participant.objects.filter(unit=unit).select_related("handler", "unit", "municipality").order_by("pk"))
        if not people:
            continue
        _seed_unit(key, unit, people, people[0].handler, today, rng)
