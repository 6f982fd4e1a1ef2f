"""Demo step 40: intake records that match the demo participants' phases (step 20), in both units.

Every intake page and state gets content: weekly information meetings with walk-ins, interviews
(some this week), assessments (accepted, one despite a failed condition, one without an interview,
referred, not now), the queue with a manual placement and two applicants accepted the same day
(women first), group starts (running and full, finished, planned for women; in a unit that takes
group starts only, every start is a group start), session attendance, episodes and exits (to work,
to full-time and part-time studies), follow-ups due, drug tests (a missing result, a refusal that
discharged someone and now blocks re-enrolment, a no-show waiting for the team's decision and one
decided, a no-show discharge by the agreement's rule). Trollhättan's target group (seeds/003)
gets people convicted and at risk of crime.

Records are written directly with the dates they would have had: the participants' phases are
already set by step 20. Where a date must fit (a running group, a follow-up due this week), the
participant's `phase_since` and its phase-change row are moved with it. Invented people only.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from django.utils import timezone

from agreements import selectors as agreement_selectors
from agreements.rules import IntakeMode, NoShowRule
from intake import eligibility
from intake.drugpolicy import no_show_consequence
from intake.models import (
    Assessment,
    AttendanceState,
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
    InterviewStatus,
    MeetingAttendance,
    MeetingSlot,
    NoShowDecision,
    QueuePlacement,
    SessionAttendance,
    StartKind,
)
from intake.services.groups import session_dates
from intake.services.programme import FOLLOW_UP_MONTHS
from krami import demo
from krami.dates import add_months, week_bounds
from krami.models import Gender
from participants.models import Condition, CriminalJusticeStatus, Participant, Phase, PhaseChange, Reminder

SLOTS = {"sthlm": (1, time(13, 0), "Kramis lokal, samlingsrummet"), "thn": (2, time(10, 0), "Kramis lokal, Trollhättan")}
WALK_INS = [
    ("Alva Nyström", "070-111 22 01"), ("Benjamin Holt", "070-111 22 02"), ("Cecilia Ek", "cecilia.ek@example.invalid"),
    ("David Lund", "070-111 22 04"), ("Ebba Sand", ""), ("Farid Nasser", "070-111 22 06"), ("Greta Wahl", "070-111 22 07"),
]
CLOSED_OUTCOMES = [
    (ExitOutcome.WORK_WITH_SUBSIDY, True), (ExitOutcome.STUDIES_FULL_TIME, True), (ExitOutcome.DRUG_TEST_DISCHARGE, False),
    (ExitOutcome.WORK, True), (ExitOutcome.DROPPED_OUT, False), (ExitOutcome.STUDIES_PART_TIME, True),
]
# A follow-up answered "still there": working, or studying as they were when they left.
KEPT_ANSWER = {
    ExitOutcome.STUDIES_FULL_TIME: FollowUpResult.STUDYING_FULL_TIME, ExitOutcome.STUDIES_PART_TIME: FollowUpResult.STUDYING_PART_TIME,
}
OVERRIDE_REASONS = {
    "housing": "Boendet ordnas via socialtjänsten före start; teamet bedömer att personen är redo.",
    "target_group": "Dömd 2021 enligt personens egen uppgift; frivården kontrollerar domen och uppdaterar Kriminalvårdens uppgifter.",
}
NO_INTERVIEW_REASON = "Intervjuad av frivården på anstalten inför frigivningen; teamet bedömde på det underlaget."


# --- The shared generator of intake history (issue 14) -------------------------------------------
# Demo history is dated in the past, which the services rightly refuse (nobody records today an
# interview held last year), so every demo writes its intake rows through these few functions: the
# intake demo below and the reports' year of history (reporting/demo_data.py).


def demo_attendance(meeting: InformationMeeting, p: Participant | None, *, by, **fields) -> MeetingAttendance:
    return MeetingAttendance.objects.create(meeting=meeting, participant=p, recorded_by=by, **fields)


def demo_interview(p: Participant, on: date, *, by, **fields) -> Interview:
    return Interview.objects.create(participant=p, held_on=on, interviewer=by, recorded_by=by, **fields)


def demo_assessment(p: Participant, on: date, decision=Decision.ACCEPTED, *, by, **fields) -> Assessment:
    return Assessment.objects.create(participant=p, decided_on=on, decision=decision, decided_by=by, recorded_by=by, **fields)


def demo_enrolment(p: Participant, started_on: date, *, by, group: GuidanceGroup | None = None, **exit_fields) -> Episode:
    """An enrolment, exited if `exit_fields` (ended_on, exit_outcome, completed_guidance_programme) are given."""
    return Episode.objects.create(
        participant=p, kind=StartKind.GROUP if group else StartKind.INDIVIDUAL, group=group,
        started_on=started_on, started_by=by, ended_by=by if exit_fields else None, **exit_fields,
    )


def demo_follow_up(episode: Episode, months: int, *, due_on: date, result: str = "", checked_on: date | None = None, by=None) -> FollowUp:
    return FollowUp.objects.update_or_create(episode=episode, months=months, defaults={
        "unit_id": episode.participant.unit_id, "due_on": due_on, "result": result, "checked_on": checked_on,
        "recorded_by": by if result else None,
    })[0]


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
    return demo_interview(p, on, by=p.handler, notes=notes)


def _assess(p: Participant, on: date, decision=Decision.ACCEPTED, **fields) -> Assessment:
    rules = agreement_selectors.rules_for_unit(unit=p.unit, on=on)
    failures = eligibility.evaluate(eligibility.facts_for(p, on), rules.eligibility)
    if decision == Decision.ACCEPTED and failures:
        reasons = {OVERRIDE_REASONS.get(f.code.removesuffix("_unknown"), OVERRIDE_REASONS["housing"]) for f in failures}
        fields["override_reason"] = " ".join(sorted(reasons))
    return demo_assessment(p, on, decision, by=p.handler, failed_conditions=[f.as_json() for f in failures], **fields)


class GroupStarts:
    """In a unit whose agreement takes group starts only, every demo start is a group start: a
    finished or running weekly group is made for a start that has none (at most six a group)."""

    def __init__(self, unit, by):
        self.unit, self.by, self.groups = unit, by, {}

    def group_for(self, started_on: date, group: GuidanceGroup | None = None) -> GuidanceGroup | None:
        rules = agreement_selectors.rules_for_unit(unit=self.unit, on=started_on)
        if group is not None or rules.intake_mode != IntakeMode.GROUP:
            return group
        monday = started_on - timedelta(days=started_on.weekday())
        current = self.groups.get(monday)
        if current is None or current.episodes.count() >= current.capacity:
            letter = "BCDEFGH"[len([m for m in self.groups if m == monday])]
            current = _group(self.unit, self.by, f"Vägledningskurs {monday:%Y-%m-%d}, grupp {letter}", monday)
            self.groups[monday] = current
        return current


def _episode(p: Participant, started_on: date, group: GuidanceGroup | None = None, **exit_fields) -> Episode:
    return demo_enrolment(p, started_on, by=p.handler, group=group, **exit_fields)


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
            demo_attendance(meeting, None, by=by, name=name, contact=contact)
        for p in applicants[weeks_ago::7]:
            demo_attendance(meeting, p, by=by, linked_at=timezone.now())


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


def _is_woman(p: Participant) -> bool:
    return p.gender == Gender.WOMAN or p.identifies_as_woman


def _accepted_same_day(people) -> list[Participant]:
    """A woman accepted on the same day as a man (registered before her where there is one): the
    women-first rule decides between them. Returns the pair."""
    woman = next((p for p in people if _is_woman(p)), None)
    men = [p for p in people if not _is_woman(p)]
    if woman is None or not men:
        return []
    man = next((m for m in men if m.pk < woman.pk), men[0])
    _move_phase_date(woman, man.phase_since)
    return [man, woman]


def _seed_queue(people, rng) -> None:
    pair = _accepted_same_day(people[1:])  # not the override (0)
    placed = next((p for p in people[1:] if p not in pair), None)
    for i, p in enumerate(people):
        if i == 0:  # accepted although housing is not arranged yet: an override with its reason
            Participant.objects.filter(pk=p.pk).update(housing_arranged=Condition.NO)
            p.housing_arranged = Condition.NO
        if i == 2:  # assessed before: "not now" first, accepted after a new interview
            earlier = p.phase_since - timedelta(days=60)
            _interview(p, earlier - timedelta(days=7), rng)
            _assess(p, earlier, Decision.NOT_NOW, reason="Vill vänta tills frigivningen är klar.")
            _history(p, [(Phase.NOT_ACCEPTED, earlier)])
        if i == 3:  # interviewed by the probation service in prison, not by Krami: assessed with a reason
            assessment = _assess(p, p.phase_since, no_interview_reason=NO_INTERVIEW_REASON)
        else:
            _interview(p, p.phase_since - timedelta(days=7), rng)
            assessment = _assess(p, p.phase_since)
        if p is placed:
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


def _no_show(p: Participant, on: date, **decision) -> DrugTest:
    return DrugTest.objects.create(
        participant=p, owner_organisation=p.owner_organisation, referred_on=on - timedelta(days=2),
        reason="Misstänkt påverkan vid gruppträff.", referred_by=p.handler, result=DrugTestResult.NO_SHOW, result_on=on,
        result_recorded_by=p.handler, **decision,
    )


def _seed_no_shows(people, today: date) -> None:
    """A no-show while enrolled, as the unit's rule has it: waiting for the team's decision (Stockholm),
    or the first of the two that discharge (Trollhättan); and one the team has decided."""
    if len(people) < 3:
        return
    rules = agreement_selectors.rules_for_unit(unit=people[1].unit, on=today).drug_tests
    consequence = no_show_consequence(rules=rules, no_shows=1, enrolled=True)
    _no_show(people[1], today - timedelta(days=3), no_show_decision=NoShowDecision.PENDING if consequence == "team" else "")
    if consequence == "team":
        _no_show(people[2], today - timedelta(days=6), no_show_decision=NoShowDecision.CONTINUE,
                 no_show_reason="Sjuk den dagen, visade läkarintyg; nytt prov bokat.", no_show_decided_on=today - timedelta(days=5),
                 no_show_decided_by=people[2].handler)


def _seed_guidance(people, running: GuidanceGroup, by, today: date, rng, starts: GroupStarts) -> None:
    """The running group fills up (to full, in Stockholm); attendance for the sessions held so far."""
    for i, p in enumerate(people):
        group = running if i < running.capacity else None  # more than the group holds: individual starts
        if group:
            _move_phase_date(p, running.starts_on)
        _intake_history(p, rng)
        episode = _episode(p, p.phase_since, starts.group_for(p.phase_since, group))
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


def _seed_after_course(people, finished: GuidanceGroup, rng, starts: GroupStarts) -> None:
    """Internship, work or studies: the course is behind them, in the finished group or individually."""
    in_finished = 0
    for p in people:
        started = p.phase_since - timedelta(days=35)
        group = None
        if in_finished < finished.capacity and finished.starts_on <= started <= finished.ends_on:
            group, in_finished = finished, in_finished + 1
        _intake_history(p, rng)
        _episode(p, started, starts.group_for(started, group))
        _history(p, [(Phase.GUIDANCE, started)])


def _follow_ups(episode: Episode, today: date) -> None:
    kept = KEPT_ANSWER.get(episode.exit_outcome, FollowUpResult.WORKING)
    for months in FOLLOW_UP_MONTHS:
        due = add_months(episode.ended_on, months)
        done = due < today - timedelta(days=14) and months == 3
        demo_follow_up(
            episode, months, due_on=due, result=kept if done else "", checked_on=due if done else None,
            by=episode.participant.handler,
        )


FOLLOW_UP_SOON_DAYS = 11


def _due_soon(people) -> list[Participant]:
    """For each case worker with exited participants, the first of them after the unit's first (whose
    follow-up is due today): their 3-month follow-up falls due in FOLLOW_UP_SOON_DAYS."""
    first_of: dict[int, Participant] = {}
    for p in people[1:]:
        first_of.setdefault(p.handler_id, p)
    return list(first_of.values())


def _seed_closed(people, today: date, rng, starts: GroupStarts) -> None:
    plan = [CLOSED_OUTCOMES[i % len(CLOSED_OUTCOMES)] for i in range(len(people))]
    if plan and all(outcome != ExitOutcome.DRUG_TEST_DISCHARGE for outcome, _completed in plan):
        plan[-1] = (ExitOutcome.DRUG_TEST_DISCHARGE, False)  # every unit shows a drug-test discharge
    soon = _due_soon(people)
    for i, p in enumerate(people):
        outcome, completed = plan[i]
        if i == 0:  # exited three months ago: the 3-month follow-up is due now
            _move_phase_date(p, add_months(today, -3))
        elif p in soon:  # each case worker's "Att göra" has a 3-month follow-up due in 11 days (issue 16)
            _move_phase_date(p, add_months(today, -3) + timedelta(days=FOLLOW_UP_SOON_DAYS))
        started = p.phase_since - timedelta(days=rng.randint(60, 150))
        _intake_history(p, rng)
        _history(p, [(Phase.GUIDANCE, started)])
        episode = _episode(
            p, started, starts.group_for(started), ended_on=p.phase_since, exit_outcome=outcome,
            completed_guidance_programme=completed,
        )
        _follow_ups(episode, today)
        rules = agreement_selectors.rules_for_unit(unit=p.unit, on=p.phase_since).drug_tests
        if outcome == ExitOutcome.DRUG_TEST_DISCHARGE and rules.no_show_limit > 1 and rules.no_show != NoShowRule.TEAM:
            # Did not come, twice: by the agreement's rule the second no-show discharged (re-enrolment blocked).
            _no_show(p, p.phase_since - timedelta(days=12))
            _no_show(p, p.phase_since, no_show_decision=NoShowDecision.BY_RULE, no_show_decided_on=p.phase_since,
                     no_show_decided_by=p.handler)
        elif outcome == ExitOutcome.DRUG_TEST_DISCHARGE:  # refused the test: discharged, re-enrolment blocked
            DrugTest.objects.create(
                participant=p, owner_organisation=p.owner_organisation, referred_on=p.phase_since - timedelta(days=1),
                reason="Misstänkt påverkan; vägrade lämna prov.", referred_by=p.handler,
                result=DrugTestResult.REFUSED, result_on=p.phase_since, result_recorded_by=p.handler,
            )


def _target_group_statuses(unit, people: list[Participant], today: date) -> None:
    """Where the agreement names a target group (Trollhättan: convicted men and women, women at risk of
    crime), Kriminalvården's status says convicted or at risk instead of "other" or nothing; the first
    queued applicant stays without one, accepted with an override."""
    if not agreement_selectors.rules_for_unit(unit=unit, on=today).eligibility.target_group:
        return
    keep = next((p for p in people if p.phase == Phase.QUEUED), None)
    for p in people:
        cj = p.criminal_justice
        if p is keep:
            cj.status = CriminalJusticeStatus.NONE
        elif cj.status in (CriminalJusticeStatus.NONE, CriminalJusticeStatus.OTHER_CRIMINAL_CONTEXT):
            cj.status = CriminalJusticeStatus.AT_RISK if _is_woman(p) else CriminalJusticeStatus.CONVICTED
        cj.save(update_fields=["status"])


def _seed_unit(key: str, unit, people: list[Participant], by, today: date, rng: random.Random) -> None:
    _target_group_statuses(unit, people, today)
    starts = GroupStarts(unit, by)
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
    _seed_guidance(by_phase[Phase.GUIDANCE], running, by, today, rng, starts)
    _seed_no_shows(by_phase[Phase.GUIDANCE], today)
    finished = _group(unit, by, f"Vägledningskurs {today - timedelta(weeks=20):%Y-%m-%d}", today - timedelta(weeks=20))
    _seed_after_course(by_phase[Phase.INTERNSHIP] + by_phase[Phase.WORK_OR_STUDIES], finished, rng, starts)
    _group(unit, by, f"Vägledningskurs {monday + timedelta(weeks=1):%Y-%m-%d}, kvinnor", monday + timedelta(weeks=1),
           audience=GroupAudience.WOMEN, capacity=5)
    _seed_closed(by_phase[Phase.CLOSED], today, rng, starts)


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


def _next_meeting_day(slot: MeetingSlot, today: date) -> date:
    return today + timedelta(days=(slot.weekday - today.weekday()) % 7 or 7)


@demo.step(41, "intake: plans ahead (issue 16): bookings on the next meeting, an interview tomorrow, a reminder")
def seed_plans(ctx: demo.DemoContext) -> None:
    """Bookings the case workers' "Att göra" lists and calendar files show: two applicants booked on the
    unit's next information meeting, one interview booked for tomorrow, and a reminder of the handler's own."""
    today = timezone.localdate()
    for unit in ctx.units.values():
        slot = MeetingSlot.objects.filter(unit=unit).first()
        if slot is None or MeetingAttendance.objects.filter(meeting__unit=unit, state=AttendanceState.BOOKED).exists():
            continue  # no intake demo here, or already seeded (idempotent)
        applicants = list(
            Participant.objects.filter(unit=unit, phase=Phase.APPLICANT, interviews__isnull=True)
            .select_related("handler").order_by("pk")[:3]
        )
        if not applicants:
            continue
        by = applicants[0].handler
        meeting, _created = InformationMeeting.objects.get_or_create(
            unit=unit, held_on=_next_meeting_day(slot, today), starts_at=slot.starts_at,
            defaults={"place": slot.place, "slot": slot, "created_by": by},
        )
        for p in applicants[:2]:
            MeetingAttendance.objects.get_or_create(
                meeting=meeting, participant=p, defaults={"recorded_by": by, "state": AttendanceState.BOOKED}
            )
        interviewee = applicants[-1]
        Interview.objects.create(
            participant=interviewee, held_on=today + timedelta(days=1), starts_at=time(10, 0), place=slot.place,
            interviewer=interviewee.handler, recorded_by=interviewee.handler, status=InterviewStatus.BOOKED,
        )
        Reminder.objects.create(
            participant=interviewee, author=interviewee.handler, due_on=today + timedelta(days=3),
            text="Ring och påminn om intervjun och om att ta med id-handling.",
        )
