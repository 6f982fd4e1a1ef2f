"""What a case worker has to do this week, for the home page (issue 4, "The vägledare's home page").

Everything starts from `visible_participants` (one subquery), so the section lists only people
the user may see; the counts and queries do not grow with the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Max, Q

from intake.access import drug_tests_visible_in
from intake.models import FollowUp, GuidanceGroup, InformationMeeting, Interview, InterviewStatus, MeetingSlot, NoShowDecision
from krami.access import user_access
from krami.dates import week_bounds
from krami.models import CASEWORK_ROLES, Unit
from participants.access import visible_participants
from participants.models import Phase

LIMIT = 20  # per list; the full lists are one click away


@dataclass(frozen=True)
class MeetingThisWeek:
    unit: Unit
    held_on: date
    starts_at: time
    place: str
    meeting: InformationMeeting | None  # None: the attendance list has not been opened yet
    slot: MeetingSlot | None

    @property
    def at(self) -> datetime:
        return datetime.combine(self.held_on, self.starts_at)


def meetings_in_week(*, units: list[Unit], on: date) -> list[MeetingThisWeek]:
    """The week's information meetings of `units`: those held, and those the weekly slots promise."""
    monday, sunday = week_bounds(on)
    held = list(
        InformationMeeting.objects.filter(unit__in=units, held_on__range=(monday, sunday)).select_related("unit", "slot")
    )
    result = [MeetingThisWeek(m.unit, m.held_on, m.starts_at, m.place, m, m.slot) for m in held]
    taken = {(m.unit_id, m.held_on, m.starts_at) for m in held}
    for slot in MeetingSlot.objects.filter(unit__in=units, is_active=True).select_related("unit"):
        day = monday + timedelta(days=slot.weekday)
        if (slot.unit_id, day, slot.starts_at) not in taken:
            result.append(MeetingThisWeek(slot.unit, day, slot.starts_at, slot.place, None, slot))
    return sorted(result, key=lambda m: (m.at, m.unit.name))


def awaiting_assessment(participants):
    """Applicants interviewed since their last assessment (or never assessed): for the next team meeting."""
    return (
        participants.filter(phase__in=[Phase.APPLICANT, Phase.NOT_ACCEPTED, Phase.CLOSED])
        .annotate(
            last_interview=Max("interviews__held_on", filter=Q(interviews__status=InterviewStatus.HELD)),
            last_assessment=Max("assessments__decided_on"),
        )
        .filter(last_interview__isnull=False)
        .filter(Q(last_assessment__isnull=True) | Q(last_assessment__lt=F("last_interview")))
    )


def week_agenda(
    *, user, on: date, follow_ups: list | None = None, drug_tests: list | None = None, to_assess: list | None = None,
) -> dict:
    """Interviews, assessments, group starts, follow-ups due, missing drug-test results, no-shows
    waiting for the team's decision, meetings.

    `follow_ups` and `drug_tests`: the user's own open follow-ups due by the end of the week at the
    latest and own missing drug-test results, in date order, already read on `on` by the same door
    (the home page's to-do list, intake/home.py); `to_assess`: everyone of the user's units waiting
    for the team's assessment (intake.selectors.todo.awaiting_in_units). The week then takes its
    part of them instead of asking the database again; without them it reads its own."""
    units = user_access(user).units(*CASEWORK_ROLES)
    unit_ids = [u.pk for u in units]
    monday, sunday = week_bounds(on)
    seen = visible_participants(user).filter(unit_id__in=unit_ids)
    interviews = list(
        # The units' own interviews of the week by (unit, date), then the door (issue 19).
        Interview.objects.filter(unit_id__in=unit_ids, participant__in=seen, held_on__range=(monday, sunday))
        .filter(Q(interviewer=user) | Q(participant__handler=user))
        .select_related("participant", "interviewer")
        .order_by("held_on", "pk")[:LIMIT]
    )
    if to_assess is not None:
        to_assess = to_assess[:LIMIT]
    else:
        to_assess = list(awaiting_assessment(seen).order_by("last_interview", "pk")[:LIMIT])
    groups = list(
        GuidanceGroup.objects.filter(unit_id__in=unit_ids, starts_on__range=(monday, sunday + timedelta(days=7)))
        .annotate(taken=Count("episodes"))
        .select_related("unit")
        .order_by("starts_on", "name")
    )
    if follow_ups is not None:
        follow_ups = [f for f in follow_ups if f.due_on <= sunday][:LIMIT]
    else:
        follow_ups = list(
            FollowUp.objects.filter(result="", due_on__lte=sunday, episode__participant__in=seen.filter(handler=user))
            .select_related("episode__participant")
            .order_by("due_on", "pk")[:LIMIT]
        )
    if drug_tests is not None:
        drug_tests = drug_tests[:LIMIT]
    else:
        # Only the referring organisation records a result (participants/authority.py): its tests are the to-dos.
        drug_tests = list(
            drug_tests_visible_in(user, unit_ids)
            .filter(result="", owner_organisation=user_access(user).organisation)
            .filter(Q(referred_by=user) | Q(participant__handler=user))
            .select_related("participant")
            .order_by("referred_on", "pk")[:LIMIT]
        )
    # A no-show's consequence is the team's decision: everyone who may see the test gets the task.
    no_shows = list(
        drug_tests_visible_in(user, unit_ids)
        .filter(no_show_decision=NoShowDecision.PENDING, participant__episodes__ended_on__isnull=True)
        .select_related("participant")
        .order_by("result_on", "pk")[:LIMIT]
    )
    people = {i.participant for i in interviews} | set(to_assess)
    people |= {f.episode.participant for f in follow_ups} | {t.participant for t in drug_tests}
    people |= {t.participant for t in no_shows}
    return {
        "monday": monday,
        "sunday": sunday,
        "interviews": interviews,
        "to_assess": to_assess,
        "groups": groups,
        "follow_ups": follow_ups,
        "drug_tests": drug_tests,
        "no_shows": no_shows,
        "meetings": meetings_in_week(units=units, on=on),
        "people": sorted(people, key=lambda p: p.pk),
        "today": on,
    }
