"""The Krami path of one participant as a task list (the GOV.UK "task list" pattern), for the case page.

information meeting → interview → the team's assessment → queue → start (group or individual) →
praktik → work or studies → exit → follow-ups at 3, 6 and 12 months (DOMAIN.md, "Intake" and
"Programme"). Each step gets its state from the records (done and when, booked for a date the data
already holds, in progress, not started, cannot start yet and why), a link to do it, and what fixes
a blocker; the first step that waits for someone is the case's next action.

Everything is read by `intake_record` and handed in (the programme records the case page has read
already), so the number of queries does not grow with the records. The path shows only what the
user may see: eligibility failures as `intake.eligibility.visible_message` words them, the drug
policy only to whom the drug tests are released, an exit's outcome as `outcome_label` words it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intake.models import AttendanceState, Episode, FollowUp, InterviewStatus
from intake.selectors.records import IntakeRecord
from intake.services.programme import FOLLOW_UP_MONTHS
from krami.models import DataCategory
from participants.models import ACTIVE_PHASES, Internship, Phase


class StepStatus(models.TextChoices):
    DONE = "done", gettext_lazy("Done")
    BOOKED = "booked", gettext_lazy("Booked")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    TO_DO = "to_do", gettext_lazy("Not started")
    NEEDS_INFO = "needs_info", gettext_lazy("Information missing")
    OVERDUE = "overdue", gettext_lazy("Overdue")
    PLANNED = "planned", gettext_lazy("Planned")
    CANNOT_START = "cannot_start", gettext_lazy("Cannot start yet")
    NOT_RECORDED = "not_recorded", gettext_lazy("Not recorded")


# Phases of a person applying (again): an earlier enrolment, closed, is not this path's.
NEW_INTAKE_PHASES = frozenset({Phase.APPLICANT, Phase.QUEUED, Phase.NOT_ACCEPTED})

# A step in one of these states waits for someone: the first such step is the case's next action.
WAITING = frozenset({StepStatus.TO_DO, StepStatus.NEEDS_INFO, StepStatus.OVERDUE})


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass
class PathStep:
    key: str
    title: str
    status: str
    hint: list[str] = field(default_factory=list)  # lines: what was done, when, or why it cannot start
    action: Link | None = None  # the step's own form (its title links to it)
    more: list[Link] = field(default_factory=list)  # other links: a second kind of record, a fix, a list
    optional: bool = False  # never the next action (the information meeting: no application needed)
    holds: bool = False  # booked for a date the later steps wait for (an interview, a start)

    @property
    def status_label(self) -> str:
        return StepStatus(self.status).label

    @property
    def anchor(self) -> str:
        return f"step-{self.key}"


@dataclass
class CasePath:
    steps: list[PathStep]

    @property
    def next_action(self) -> Link | None:
        """The first step waiting for someone; none while the case waits for a booked date (an
        interview or a start ahead), since the steps after it cannot be taken before it."""
        for step in self.steps:
            if step.holds:
                return None
            if step.status in WAITING and step.action and not step.optional:
                return step.action
        return None


def _day(value: date) -> str:
    return value.isoformat()


def _who(user) -> str:
    return user.get_full_name() or user.get_username()


def _url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs)


def _returning(url: str, back: str) -> str:
    """`url` with a `next` parameter that leads back to `back` after saving (krami/returns.py)."""
    return f"{url}?{urlencode({'next': back})}"


class _Builder:
    """Works out each step from one participant's records (one instance per page)."""

    def __init__(self, *, record: IntakeRecord, programme: dict, can, on: date):
        self.record = record
        self.p = record.participant
        self.on = on
        self.can = can
        self.episodes = sorted(record.episodes, key=lambda e: (e.started_on, e.pk), reverse=True)
        self.latest: Episode | None = self.episodes[0] if self.episodes else None
        if self.latest is not None and not self.latest.is_open and self.p.phase in NEW_INTAKE_PHASES:
            self.latest = None  # applying again after an exit: the path is the new intake's
        # In the programme without a recorded start (a register kept before Krami): the phase says so.
        self.enrolled = self.latest.is_open if self.latest else self.p.phase in ACTIVE_PHASES
        start = self.latest.started_on if self.latest else (date.min if self.enrolled else None)
        # The programme records of the latest enrolment (an earlier one's praktik is not this one's).
        in_cycle = (lambda r: start is not None and r.start_date >= start)
        self.internships = [r for r in programme.get("internships", []) if in_cycle(r)]
        self.work = [r for r in programme.get("employments", []) if in_cycle(r)]
        self.studies = [r for r in programme.get("studies", []) if in_cycle(r)]
        self.case_url = _url("participants:detail", pk=self.p.pk)

    @property
    def past_intake(self) -> bool:
        """The person has been assessed (or is in the programme): the intake steps are behind them,
        recorded or not."""
        return self.p.phase != Phase.APPLICANT or bool(self.record.assessments) or bool(self.episodes)

    def steps(self) -> list[PathStep]:
        steps = [
            self.meeting(), self.interview(), self.assessment(), self.queue(), self.start(),
            self.internship(), self.work_or_studies(), self.exit(),
        ]
        steps += [self.follow_up(months) for months in FOLLOW_UP_MONTHS]
        return steps

    # --- intake ---------------------------------------------------------------------------------

    def meeting(self) -> PathStep:
        step = PathStep("meeting", _("Information meeting"), StepStatus.TO_DO, optional=True)
        came = [a for a in self.record.attendances if a.state == AttendanceState.ATTENDED]
        booked = [a for a in self.record.attendances if a.state == AttendanceState.BOOKED]
        absent = [a for a in self.record.attendances if a.state == AttendanceState.ABSENT]
        if booked:
            meeting = min((a.meeting for a in booked), key=lambda m: m.held_on)
            step.status = StepStatus.BOOKED
            step.hint.append(_("Booked for %(on)s at %(at)s, %(place)s.") % {
                "on": _day(meeting.held_on), "at": f"{meeting.starts_at:%H:%M}", "place": meeting.place})
            if meeting.held_on <= self.on:  # the day has come: record whether the person came
                step.action = Link(_("Record who came"), _url("intake:meeting_detail", pk=meeting.pk))
        elif came:
            step.status = StepStatus.DONE
            step.hint.append(_("Came on %(on)s.") % {"on": _day(max(a.meeting.held_on for a in came))})
        elif self.record.interviews or self.past_intake:
            step.status = StepStatus.NOT_RECORDED
            step.hint.append(_("No information meeting recorded; none is needed to apply."))
        else:
            step.action = Link(_("Add to an information meeting"), _url("intake:meetings", unit_id=self.p.unit_id))
            step.hint.append(_("Optional: the weekly meeting needs no application."))
        if absent and not came:
            step.hint.append(_("Did not come on %(on)s.") % {"on": _day(max(a.meeting.held_on for a in absent))})
        return step

    def interview(self) -> PathStep:
        step = PathStep("interview", _("Interview"), StepStatus.TO_DO)
        held = [i for i in self.record.interviews if i.status == InterviewStatus.HELD]
        booked = [i for i in self.record.interviews if i.status == InterviewStatus.BOOKED]
        no_show = [i for i in self.record.interviews if i.status == InterviewStatus.NO_SHOW]
        for i in no_show[:1]:
            step.hint.append(_("Did not come on %(on)s.") % {"on": _day(i.held_on)})
        if held:
            step.status = StepStatus.DONE
            step.hint.append(_("Held on %(on)s with %(who)s.") % {"on": _day(held[0].held_on), "who": _who(held[0].interviewer)})
        if booked:
            first = min(booked, key=lambda i: i.held_on)
            step.hint.append(_("Booked for %(on)s with %(who)s.") % {"on": _day(first.held_on), "who": _who(first.interviewer)})
            if first.held_on <= self.on:  # the day has come: record how it went
                step.action = Link(_("Record the outcome"), _url("intake:interview_outcome", pk=self.p.pk, interview_id=first.pk))
            applying = self.p.phase == Phase.APPLICANT
            if not held or (applying and self._assessed_since(held[0].held_on)):
                step.status = StepStatus.BOOKED
                step.holds = applying  # the assessment waits for it
        if held or booked:
            return step
        if self.past_intake:
            step.status = StepStatus.NOT_RECORDED
            step.hint.append(_("No interview recorded."))
        else:
            step.action = Link(_("Record the interview"), _url("intake:interview_create", pk=self.p.pk))
        return step

    def _assessed_since(self, day: date) -> bool:
        return any(a.decided_on >= day for a in self.record.assessments)

    def assessment(self) -> PathStep:
        step = PathStep("assessment", _("The team's assessment"), StepStatus.TO_DO)
        latest = self.record.assessments[0] if self.record.assessments else None
        form = Link(_("Record the assessment"), _url("intake:assessment_create", pk=self.p.pk))
        if self.p.phase == Phase.APPLICANT:
            step.action = form
            if self.record.eligibility_failures:
                step.status = StepStatus.NEEDS_INFO
                step.hint.append(_("By the unit's rules:"))
                step.hint += self.record.eligibility_now
                step.more += fix_links(self.p, self.record.eligibility_failures, self.can, back=f"{self.case_url}#{step.anchor}")
        elif latest is not None:
            step.status = StepStatus.DONE
            decided = _("%(decision)s on %(on)s.") % {"decision": latest.get_decision_display(), "on": _day(latest.decided_on)}
            step.hint.append(f"{decided} {latest.referred_to}".strip() if latest.referred_to else decided)
            if self.p.phase == Phase.NOT_ACCEPTED:
                step.more.append(Link(_("Record a new assessment"), form.url))
        else:
            step.status = StepStatus.NOT_RECORDED
            step.hint.append(_("No assessment recorded."))
        return step

    def queue(self) -> PathStep:
        step = PathStep("queue", _("Queue"), StepStatus.CANNOT_START)
        if self.p.phase == Phase.QUEUED and not self.enrolled:
            step.status = StepStatus.IN_PROGRESS
            step.hint.append(_("Accepted, waiting for a start since %(on)s.") % {"on": _day(self.p.phase_since)})
            step.more.append(Link(_("See the unit's queue"), _url("intake:queue", unit_id=self.p.unit_id)))
        elif self.latest is not None:
            step.status = StepStatus.DONE
            step.hint.append(_("Left the queue at the start on %(on)s.") % {"on": _day(self.latest.started_on)})
        elif self.enrolled:
            step.status = StepStatus.NOT_RECORDED
            step.hint.append(_("In the programme without a recorded start."))
        elif self.p.phase == Phase.NOT_ACCEPTED:
            step.hint.append(_("Not accepted at the team's assessment."))
        else:
            step.hint.append(_("Once the team has accepted the person at its assessment."))
        return step

    def start(self) -> PathStep:
        step = PathStep("start", _("Start, in a group or individually"), StepStatus.CANNOT_START)
        form = _url("intake:start", pk=self.p.pk)
        blocked = self._blocked_message()
        if self.latest is not None:
            e = self.latest
            what = (_("Group start in %(group)s") % {"group": e.group.name}) if e.group else _("Individual start")
            if e.started_on > self.on:
                step.status, step.holds = StepStatus.BOOKED, True  # the programme starts that day
                step.hint.append(_("%(what)s on %(on)s.") % {"what": what, "on": _day(e.started_on)})
            else:
                step.status = StepStatus.DONE
                step.hint.append(_("%(what)s on %(on)s.") % {"what": what, "on": _day(e.started_on)})
            if e.group:
                step.more.append(Link(_("The group"), _url("intake:group_detail", pk=e.group_id)))
            if self.p.phase == Phase.CLOSED:
                if blocked:
                    step.hint.append(blocked)
                else:
                    step.more.append(Link(_("Re-enrol"), form))
        elif self.p.phase == Phase.QUEUED:
            if blocked:
                step.hint.append(blocked)
            else:
                step.status = StepStatus.TO_DO
                step.action = Link(_("Start the guidance course"), form)
        elif self.enrolled:
            step.status = StepStatus.NOT_RECORDED
            step.hint.append(_("In the programme without a recorded start."))
        else:
            step.hint.append(_("Once the person is accepted and in the queue."))
        return step

    def _blocked_message(self) -> str | None:
        """The drug policy's block on a start, worded for what the user may see (health data)."""
        if self.record.blocked_since is None:
            return None
        if not self.record.may_see_drug_policy:
            return _("A start is blocked by a condition recorded in data you may not see. Ask a colleague who may see it.")
        return _("Blocked since %(on)s by the drug policy until a later drug test is negative or shows a declining value.") % {
            "on": _day(self.record.blocked_since)}

    # --- the programme after the start ----------------------------------------------------------

    def _not_started_yet(self, step: PathStep) -> PathStep:
        step.status = StepStatus.CANNOT_START
        step.hint.append(_("After the start of the guidance course."))
        return step

    def _dated(self, step: PathStep, records, describe) -> bool:
        """Set the step from dated records (start_date, and an end date attribute): in progress,
        booked or done. False when there are none."""
        if not records:
            return False
        ongoing = [r for r in records if r.start_date <= self.on and (_end(r) is None or _end(r) >= self.on)]
        coming = [r for r in records if r.start_date > self.on]
        if ongoing:
            step.status = StepStatus.IN_PROGRESS
        elif coming:
            step.status = StepStatus.BOOKED
        else:
            step.status = StepStatus.DONE
        step.hint += [describe(r) for r in sorted(records, key=lambda r: r.start_date)]
        return True

    def internship(self) -> PathStep:
        step = PathStep("internship", _("Internship (praktik)"), StepStatus.TO_DO)
        if self.latest is None and not self.enrolled:
            return self._not_started_yet(step)
        if self._dated(step, self.internships, _describe_internship):
            return step
        if self.work or self.studies or not self.enrolled:
            step.status = StepStatus.NOT_RECORDED
            step.hint.append(_("No internship in this enrolment."))
        else:
            step.action = Link(_("Start an internship"), _url("participants:internship_create", pk=self.p.pk))
        return step

    def work_or_studies(self) -> PathStep:
        step = PathStep("work_or_studies", _("Work or studies"), StepStatus.TO_DO)
        if self.latest is None and not self.enrolled:
            return self._not_started_yet(step)
        if self._dated(step, [*self.work, *self.studies], _describe_work_or_studies):
            return step
        if not self.enrolled:
            step.status = StepStatus.NOT_RECORDED
            step.hint.append(_("No employment or studies in this enrolment."))
        else:
            step.action = Link(_("Record employment"), _url("participants:employment_create", pk=self.p.pk))
            step.more.append(Link(_("Record studies"), _url("participants:studies_create", pk=self.p.pk)))
        return step

    def exit(self) -> PathStep:
        step = PathStep("exit", _("Exit (avslut)"), StepStatus.CANNOT_START)
        if self.latest is None:
            step.hint.append(_("After a start."))
        elif self.latest.is_open:
            step.status = StepStatus.TO_DO
            step.action = Link(_("Record the exit"), _url("intake:exit", pk=self.p.pk))
        else:
            step.status = StepStatus.DONE
            step.hint.append(_("%(on)s: %(outcome)s.") % {"on": _day(self.latest.ended_on), "outcome": self.latest.outcome_label})
        return step

    def follow_up(self, months: int) -> PathStep:
        title = _("Follow-up after %(n)s months") % {"n": months}
        step = PathStep(f"follow_up_{months}", title, StepStatus.CANNOT_START)
        found: FollowUp | None = None
        if self.latest is not None and not self.latest.is_open:
            found = next((f for f in self.latest.follow_ups.all() if f.months == months), None)
        if found is None:
            step.hint.append(_("After the exit."))
            return step
        if found.is_done:
            step.status = StepStatus.DONE
            step.hint.append(_("%(result)s (checked on %(on)s).") % {"result": found.get_result_display(), "on": _day(found.checked_on)})
            return step
        step.action = Link(_("Record the %(n)s-month follow-up") % {"n": months},
                           _url("intake:followup_record", pk=self.p.pk, followup_id=found.pk))
        if found.due_on < self.on:
            step.status = StepStatus.OVERDUE
            step.hint.append(_("Was due on %(on)s.") % {"on": _day(found.due_on)})
        elif found.due_on == self.on:
            step.status = StepStatus.TO_DO
            step.hint.append(_("Due today."))
        else:
            step.status = StepStatus.PLANNED
            step.hint.append(_("Due on %(on)s.") % {"on": _day(found.due_on)})
        return step


def _end(record) -> date | None:
    return record.actual_end_date if isinstance(record, Internship) else record.end_date


def _describe_internship(r) -> str:
    if r.actual_end_date:
        return _("At %(employer)s, %(start)s – %(end)s.") % {
            "employer": r.employer, "start": _day(r.start_date), "end": _day(r.actual_end_date)}
    return _("At %(employer)s from %(start)s, planned until %(end)s.") % {
        "employer": r.employer, "start": _day(r.start_date), "end": _day(r.planned_end_date)}


def _describe_work_or_studies(r) -> str:
    where = getattr(r, "employer", None) or r.school
    if getattr(r, "employer", None) is not None:
        text = _("Employed at %(where)s from %(start)s") % {"where": where, "start": _day(r.start_date)}
    else:
        text = _("Studies at %(where)s from %(start)s") % {"where": where, "start": _day(r.start_date)}
    if r.end_date:
        text += " " + _("until %(end)s") % {"end": _day(r.end_date)}
    return f"{text}."


# Eligibility conditions and the form that changes the data each is read from.
CORE_CONDITIONS = ("min_age", "age_limit", "municipality", "drug_free", "housing", "childcare")


def fix_links(participant, failures, can, *, back: str) -> list[Link]:
    """Links to the forms that change what a failed condition is read from, for a user who may
    change it (participants/authority.py), each returning to `back` after saving. A condition the
    user may not see (`visible_message` hides it) gets no link."""
    links = []
    codes = {f.code for f in failures}
    if can.change_core and any(code.startswith(CORE_CONDITIONS) for code in codes):
        links.append(Link(_("Edit the details"), _returning(_url("participants:edit", pk=participant.pk), back)))
    cj = DataCategory.CRIMINAL_JUSTICE
    if cj in can.change_categories and any(code.startswith("target_group") for code in codes):
        url = _url("participants:category_edit", pk=participant.pk, category=cj.value)
        links.append(Link(_("Edit the criminal-justice data"), _returning(url, back)))
    return links


def case_path(*, record: IntakeRecord, programme: dict, can, on: date) -> CasePath:
    """The path of `record.participant` as `record` (intake_record for this user) shows it.

    `programme`: the case page's programme records (`internships`, `employments`, `studies`), each
    already read once; `can`: what the user may change (participants.authority.PageAuthority)."""
    return CasePath(steps=_Builder(record=record, programme=programme, can=can, on=on).steps())
