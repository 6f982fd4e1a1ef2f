"""One invented participant's whole history, written as rows: registration, information meeting,
interview, assessment, queue, group or individual start, guidance course, internship, work or
studies, drug tests, exit, follow-ups, re-enrolment, journal notes, consents and guardian grants.

The life is planned forward from the registration date and cut at `today`: whatever would happen
later has not happened yet, so the present state (phase, open episode, open follow-ups, the
queue) falls out of the same simulation as the history.
"""

from __future__ import annotations

from datetime import date, timedelta

from intake.models import AttendanceStatus, Decision, DrugTestResult, ExitOutcome, FollowUpResult, StartKind
from intake.services.programme import FOLLOW_UP_MONTHS
from krami.dates import add_months
from krami.models import Gender
from participants import personnummer
from participants.models import (
    Condition,
    CriminalJusticeStatus,
    EmploymentType,
    NoteVisibility,
    Phase,
    ReferralSource,
    Subsidy,
)
from scale.consents import write_consents
from scale.names import DRUG_TEST_REASONS, INTERVIEW_NOTES, MEN, NOTE_TEXTS, SCHOOLS, SURNAMES, WOMEN
from scale.unit_setup import at

REFERRALS = [ReferralSource.KV_PRISON] * 20 + [ReferralSource.KV_PROBATION] * 30 + [ReferralSource.AF] * 15 + [
    ReferralSource.SOCIAL_SERVICES
] * 20 + [ReferralSource.SELF] * 10 + [ReferralSource.OTHER] * 5
CJ_BY_REFERRAL = {
    ReferralSource.KV_PRISON: CriminalJusticeStatus.PRISON_RELEASE_MEASURE,
    ReferralSource.KV_PROBATION: CriminalJusticeStatus.PROBATION,
}
OTHER_CJ = [CriminalJusticeStatus.OTHER_CRIMINAL_CONTEXT] * 4 + [CriminalJusticeStatus.NONE] * 3 + [
    CriminalJusticeStatus.CONDITIONAL_RELEASE, CriminalJusticeStatus.PROBATION,
]
EARLY_EXITS = [ExitOutcome.DROPPED_OUT, ExitOutcome.MOVED, ExitOutcome.ILLNESS, ExitOutcome.OTHER, ExitOutcome.OTHER_PROGRAMME]
AGE_BANDS = [(18, 25)] * 35 + [(26, 35)] * 35 + [(36, 50)] * 22 + [(51, 62)] * 8


class Person:
    """Writes one participant; `ctx` is the unit's generation context (tables, plan, rng, today)."""

    def __init__(self, ctx, registered: date):
        self.ctx, self.t, self.rng, self.today = ctx, ctx.tables, ctx.rng, ctx.today
        self.registered = registered
        self.pid = self.t.Participant.reserve()
        self.handler, self.org = self.rng.choice(ctx.world.caseworkers)
        self.events: list[tuple[date, str]] = [(registered, Phase.APPLICANT)]
        self.contact_days: list[date] = [registered]  # journal notes are written on these days
        self.first_interview: date | None = None
        self.enrolled_days: list[tuple[date, date]] = []
        rng = self.rng
        self.woman = rng.random() < 0.27
        self.gender = Gender.WOMAN if self.woman else (Gender.OTHER if rng.random() < 0.02 else Gender.MAN)
        low, high = rng.choice(AGE_BANDS)
        self.born = registered - timedelta(days=rng.randint(low * 365 + 10, high * 365 + 300))
        self.subsidy = rng.choice([Subsidy.NONE, Subsidy.WAGE_SUBSIDY, Subsidy.NYSTARTSJOBB])

    # --- the life --------------------------------------------------------------------------
    def write(self) -> None:
        rng = self.rng
        self._meeting()
        current = self.registered
        for _cycle in range(2):
            ended = self._cycle(current)
            if ended is None or ended[1] not in (ExitOutcome.DROPPED_OUT, ExitOutcome.DRUG_TEST_DISCHARGE):
                break
            if rng.random() > 0.3:
                break
            current = ended[0] + timedelta(days=rng.randint(60, 240))  # re-enrolment: applies again
            if current > self.today:
                break
            self.events.append((current, Phase.APPLICANT))
        self._reassignment()
        self._participant_row()
        self._notes()
        write_consents(self, first_contact=self.first_interview or self.registered)

    def _meeting(self) -> None:
        if self.rng.random() < 0.7:
            meeting = self.ctx.plan.meeting_on_or_before(self.registered)
            if meeting is not None:
                self.t.MeetingAttendance.add(meeting_id=meeting, participant_id=self.pid, recorded_by_id=self.handler,
                                             recorded_at=at(self.registered, 12), linked_at=at(self.registered, 12))

    def _cycle(self, applied: date):
        """Interview → assessment → queue → episode. Returns (exit date, outcome) of a finished episode."""
        rng, t = self.rng, self.t
        if rng.random() > 0.9:
            return None  # never came to an interview
        interview = applied + timedelta(days=rng.randint(2, 14))
        if interview > self.today:
            return None
        self.first_interview = self.first_interview or interview
        self.contact_days.append(interview)
        t.Interview.add(participant_id=self.pid, unit_id=self.ctx.world.unit.pk, held_on=interview, interviewer_id=self.handler,
                        notes=rng.choice(INTERVIEW_NOTES), recorded_by_id=self.handler, created_at=at(interview, 15))
        decided = interview + timedelta(days=rng.randint(5, 12))
        if decided > self.today:
            return None  # waiting for the team meeting
        r = rng.random()
        decision = Decision.ACCEPTED if r < 0.75 else Decision.REFERRED if r < 0.87 else Decision.NOT_NOW
        assessment = t.Assessment.add(
            participant_id=self.pid, unit_id=self.ctx.world.unit.pk, decided_on=decided, decision=decision, decided_by_id=self.handler,
            recorded_by_id=self.handler, created_at=at(decided, 14),
            referred_to="Arbetsträning, kommunens arbetsmarknadsenhet" if decision == Decision.REFERRED else "",
            reason="Behöver först ordna boende; välkommen åter." if decision == Decision.NOT_NOW else "",
        )
        if decision != Decision.ACCEPTED:
            self.events.append((decided, Phase.NOT_ACCEPTED))
            return None
        self.events.append((decided, Phase.QUEUED))
        group = None
        if rng.random() < 0.7:
            group = self.ctx.plan.group_for(earliest=decided + timedelta(days=7), latest=decided + timedelta(days=60),
                                            woman=self.woman)
        start = group.starts_on if group else decided + timedelta(days=rng.randint(7, 45))
        if start > self.today:
            if group:
                group.taken -= 1  # the place is not taken until the person starts
            if rng.random() < 0.1:
                t.QueuePlacement.add(assessment_id=assessment, position=1, placed_by_id=self.handler,
                                     reason="Erbjuden praktikplats som kräver start inom två veckor.",
                                     placed_at=at(min(self.today, decided + timedelta(days=3)), 9))
            return None
        return self._episode(start, group)

    def _episode(self, start: date, group):
        rng, t = self.rng, self.t
        steps, exit_ = _plan_steps(start, rng)
        exit_ = self._drug_test(start, exit_, steps)
        steps = [s for s in steps if s[0] < exit_[0]]
        episode = t.Episode.reserve()
        ended = exit_[0] <= self.today
        for i, (day, kind) in enumerate(steps):
            if day > self.today:
                break
            until = steps[i + 1][0] if i + 1 < len(steps) else exit_[0]
            until = until if until <= self.today else None
            self._step(day, kind, until)
        end = exit_[0] if ended else min(self.today, exit_[0])
        self.enrolled_days.append((start, end))
        if group:
            for session, held_on in group.sessions:
                if held_on <= self.today and held_on < end:
                    r = rng.random()
                    status = AttendanceStatus.PRESENT if r < 0.85 else AttendanceStatus.ABSENT if r < 0.95 else AttendanceStatus.EXCUSED
                    t.SessionAttendance.add(session_id=session, episode_id=episode, status=status,
                                            recorded_by_id=self.handler, recorded_at=at(held_on, 12))
        outcome, completed = exit_[1], exit_[2]
        t.Episode.add(
            id=episode, participant_id=self.pid, unit_id=self.ctx.world.unit.pk, kind=StartKind.GROUP if group else StartKind.INDIVIDUAL,
            group_id=group.id if group else None, started_on=start, started_by_id=self.handler,
            ended_on=exit_[0] if ended else None, exit_outcome=outcome if ended else "",
            completed_guidance_programme=completed if ended else None, ended_by_id=self.handler if ended else None,
            created_at=at(start, 9),
        )
        if not ended:
            return None
        self.events.append((exit_[0], Phase.CLOSED))
        self.contact_days.append(exit_[0])
        self._follow_ups(episode, exit_[0], outcome)
        return exit_[0], outcome

    def _step(self, day: date, kind: str, until: date | None) -> None:
        rng, t = self.rng, self.t
        if kind == "guidance":
            self.events.append((day, Phase.GUIDANCE))
        elif kind == "internship":
            self.events.append((day, Phase.INTERNSHIP))
            t.Internship.add(participant_id=self.pid, employer_id=rng.choice(self.ctx.plan.employers), start_date=day,
                             planned_end_date=day + timedelta(days=90), actual_end_date=until,
                             supervisor_name=f"{rng.choice(MEN + WOMEN)} {rng.choice(SURNAMES)}",
                             wage_subsidy=rng.random() < 0.4, created_by_id=self.handler, owner_organisation_id=self.org,
                             created_at=at(day, 9))
        elif kind in ("employment", "studies"):
            self.events.append((day, Phase.WORK_OR_STUDIES))
            if kind == "studies":
                school, programme = rng.choice(SCHOOLS)
                t.Studies.add(
                    participant_id=self.pid,
                    school=school,
                    programme=programme,
                    full_time=rng.random() < 0.8,
                    start_date=day,
                    end_date=until,
                    created_by_id=self.handler,
                    owner_organisation_id=self.org,
                    created_at=at(day, 9),
                )
            else:
                t.Employment.add(
                    participant_id=self.pid,
                    employer_id=rng.choice(self.ctx.plan.employers),
                    employment_type=rng.choice(list(EmploymentType)),
                    subsidy=self.subsidy,
                    start_date=day,
                    end_date=until,
                    created_by_id=self.handler,
                    owner_organisation_id=self.org,
                    created_at=at(day, 9),
                )
        self.contact_days.append(day)

    def _drug_test(self, start: date, exit_, steps):
        """One in eight is referred to a drug test; refusing or not coming discharges (DOMAIN.md, "Drug policy")."""
        rng = self.rng
        if rng.random() > 0.12:
            return exit_
        referred = start + timedelta(days=rng.randint(3, max(4, (exit_[0] - start).days)))
        if referred > self.today:
            return exit_
        result_on = referred + timedelta(days=rng.randint(1, 6))
        result = rng.choice(
            [DrugTestResult.NEGATIVE] * 12
            + [DrugTestResult.DECLINING] * 2
            + [DrugTestResult.POSITIVE] * 2
            + [DrugTestResult.REFUSED] * 2
            + [DrugTestResult.NO_SHOW] * 2
        )
        done = result_on <= self.today
        self.t.DrugTest.add(
            participant_id=self.pid,
            unit_id=self.ctx.world.unit.pk,
            owner_organisation_id=self.org,
            referred_on=referred,
            reason=rng.choice(DRUG_TEST_REASONS),
            referred_by_id=self.handler,
            result=result if done else "",
            result_on=result_on if done else None,
            result_recorded_by_id=self.handler if done else None,
            created_at=at(referred, 11),
        )
        if done and result in (DrugTestResult.REFUSED, DrugTestResult.NO_SHOW) and result_on < exit_[0]:
            discharged = result_on + timedelta(days=1)
            return discharged, ExitOutcome.DRUG_TEST_DISCHARGE, discharged >= start + timedelta(days=28)
        return exit_

    def _follow_ups(self, episode: int, ended_on: date, outcome: str) -> None:
        rng = self.rng
        working = outcome in (ExitOutcome.WORK, ExitOutcome.WORK_WITH_SUBSIDY)
        for months in FOLLOW_UP_MONTHS:
            due = add_months(ended_on, months)
            done = due < self.today - timedelta(days=14)
            if done:
                r = rng.random()
                if outcome == ExitOutcome.STUDIES:
                    result = FollowUpResult.STUDYING if r < 0.6 else FollowUpResult.WORKING if r < 0.75 else FollowUpResult.NEITHER
                elif working:
                    result = FollowUpResult.WORKING if r < 0.7 else FollowUpResult.NEITHER if r < 0.85 else FollowUpResult.NOT_REACHED
                else:
                    result = FollowUpResult.NEITHER if r < 0.5 else FollowUpResult.WORKING if r < 0.7 else FollowUpResult.NOT_REACHED
            checked = min(self.today, due + timedelta(days=rng.randint(0, 10))) if done else None
            self.t.FollowUp.add(
                episode_id=episode,
                unit_id=self.ctx.world.unit.pk,
                months=months,
                due_on=due,
                result=result if done else "",
                checked_on=checked,
                recorded_by_id=self.handler if done else None,
            )

    def _reassignment(self) -> None:
        """One in twenty enrolled participants changes case worker (to a colleague of the same party)."""
        if not self.enrolled_days or self.rng.random() > 0.05:
            return
        colleagues = [u for u, o in self.ctx.world.caseworkers if o == self.org and u != self.handler]
        if not colleagues:
            return
        start, end = self.enrolled_days[-1]
        day = start + timedelta(days=self.rng.randint(0, max(0, (end - start).days)))
        new = colleagues[0]
        self.t.HandlerChange.add(
            participant_id=self.pid,
            previous_handler_id=self.handler,
            new_handler_id=new,
            changed_by_id=self.handler,
            changed_at=at(day, 13),
            reason="Föräldraledighet",
        )
        self.handler = new

    # --- rows ------------------------------------------------------------------------------
    def _participant_row(self) -> None:
        rng, t, pid = self.rng, self.t, self.pid
        phase_since, phase = self.events[-1]
        born, woman = self.born, self.woman
        digits = self.ctx.new_personnummer(born, coordination=rng.random() < 0.03)
        referral = rng.choice(REFERRALS)
        accepted = any(p == Phase.QUEUED for _d, p in self.events)
        t.Participant.add(
            id=pid,
            unit_id=self.ctx.world.unit.pk,
            owner_organisation_id=self.org,
            handler_id=self.handler,
            first_name=rng.choice(WOMEN if woman else MEN),
            last_name=rng.choice(SURNAMES),
            personnummer_encrypted=personnummer.encrypt(digits),
            personnummer_hash=personnummer.lookup_hash(digits),
            birth_date=born,
            is_coordination_number=int(digits[6:8]) > 60,
            gender=self.gender,
            identifies_as_woman=woman,
            municipality_id=rng.choice(self.ctx.world.municipality_ids),
            phone=f"07{rng.randint(0, 9)}-{rng.randint(1000000, 9999999)}",
            referral_source=referral,
            drug_free=Condition.YES if accepted else rng.choice([Condition.YES, Condition.UNKNOWN]),
            housing_arranged=Condition.YES if rng.random() < 0.85 else Condition.NO,
            childcare_arranged=Condition.NOT_APPLICABLE if rng.random() < 0.8 else Condition.YES,
            phase=phase,
            phase_since=phase_since,
            registered_on=self.registered,  # not the model's default (the day the data is generated)
            version=len(self.events),
            created_at=at(self.registered, 9, rng.randint(0, 59)),
            created_by_id=self.handler,
            updated_at=at(phase_since, 16),
        )
        for day, p in self.events:
            t.PhaseChange.add(participant_id=pid, phase=p, on=day, changed_by_id=self.handler, changed_at=at(day, 11))
        status = CJ_BY_REFERRAL.get(referral) or rng.choice(OTHER_CJ)
        t.CriminalJusticeInfo.add(
            participant_id=pid,
            current_at_kv=referral in CJ_BY_REFERRAL or rng.random() < 0.3,
            status=status,
            release_date=self.registered + timedelta(days=rng.randint(0, 120))
            if status == CriminalJusticeStatus.PRISON_RELEASE_MEASURE
            else None,
            supervision_until=self.registered + timedelta(days=730) if status == CriminalJusticeStatus.PROBATION else None,
            updated_at=at(self.registered, 10),
        )
        t.SocialServicesInfo.add(
            participant_id=pid,
            current_at_social_services=rng.random() < 0.5,
            income_support=rng.random() < 0.3,
            updated_at=at(self.registered, 10),
        )
        t.LabourMarketInfo.add(
            participant_id=pid, registered_at_af=rng.random() < 0.7, activity_support=rng.random() < 0.4, updated_at=at(self.registered, 10)
        )

    def _notes(self) -> None:
        """A note at each contact (registration, interview, each step, exit) and about monthly while enrolled."""
        rng, t = self.rng, self.t
        days = list(self.contact_days)
        for start, end in self.enrolled_days:
            day = start + timedelta(days=rng.randint(20, 40))
            while day < end:
                days.append(day)
                day += timedelta(days=rng.randint(20, 40))
        colleagues = self.ctx.world.caseworkers
        for day in sorted(d for d in days if d <= self.today):
            author, org = (self.handler, self.org) if rng.random() < 0.8 else rng.choice(colleagues)
            note = t.JournalNote.add(
                participant_id=self.pid,
                author_id=author,
                owner_organisation_id=org,
                visibility=NoteVisibility.TEAM if rng.random() < 0.5 else NoteVisibility.OWN_ORGANISATION,
                noted_on=day,
                text=rng.choice(NOTE_TEXTS),
                created_at=at(day, 15),
            )
            if rng.random() < 0.02:
                t.JournalNoteRevision.add(note_id=note, text="Tidigare lydelse.", replaced_at=at(day, 16), replaced_by_id=author)


def _plan_steps(start: date, rng) -> tuple[list[tuple[date, str]], tuple[date, str, bool]]:
    """The planned path through the programme and its exit (date, outcome, completed the course)."""
    steps = [(start, "guidance")]
    day = start + timedelta(days=28)
    r = rng.random()
    if r < 0.6:
        steps.append((day, "internship"))
        day += timedelta(days=rng.randint(60, 180))
        if rng.random() >= 0.55:
            return steps, (day, rng.choice(EARLY_EXITS), True)
    elif r >= 0.75:
        day = start + timedelta(days=rng.randint(5, 27))
        return steps, (day, rng.choice(EARLY_EXITS), False)
    kind = "studies" if rng.random() < 0.25 else "employment"
    steps.append((day, kind))
    day += timedelta(days=rng.randint(60, 240))
    if kind == "studies":
        outcome = ExitOutcome.STUDIES
    else:
        outcome = ExitOutcome.WORK_WITH_SUBSIDY if rng.random() < 0.5 else ExitOutcome.WORK
    return steps, (day, outcome, True)
