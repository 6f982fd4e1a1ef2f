"""What a case worker has to do this week, for the home page (issue 4, "The vägledare's home page").

Everything starts from `visible_participants` (one subquery), so the section lists only people
the user may see; the counts and queries do not grow with the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, Max, OuterRef, Q

from intake.access import drug_tests_visible_in
from intake.models import (
    DrugTest,
    Episode,
    FollowUp,
    GuidanceGroup,
    InformationMeeting,
    Interview,
    InterviewStatus,
    MeetingSlot,
    NoShowDecision,
)
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


def _interviews_of(user, unit_ids):
    """Interviews of the user's units they may see, where they are the interviewer or the handler."""
    seen = visible_participants(user).filter(unit_id__in=unit_ids)
    # The units' own interviews by (unit, date), then the door (issue 19).
    return Interview.objects.filter(unit_id__in=unit_ids, participant__in=seen).filter(
        Q(interviewer=user) | Q(participant__handler=user)
    )


def _no_show_to_decide() -> Q:
    """A no-show waiting for the team's decision, of someone still enrolled. A no-show's
    consequence is the team's decision: everyone who may see the test gets the task."""
    enrolled = Exists(Episode.objects.filter(participant=OuterRef("participant"), ended_on__isnull=True))
    return Q(enrolled, no_show_decision=NoShowDecision.PENDING)


def result_to_record(user, *, mine: bool = True) -> Q:
    """A drug test whose result is missing and the user's organisation is to record: only the
    referring organisation records one (participants/authority.py); `mine`: of its tests, those the
    user referred or whose person they handle."""
    condition = Q(result="", owner_organisation=user_access(user).organisation)
    return condition & (Q(referred_by=user) | Q(participant__handler=user)) if mine else condition


def _is(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


@dataclass(frozen=True)
class HomeReads:
    """What the home page's to-do list and week both show, read once for both (issue 19: one
    statement each instead of two): the user's interviews booked up to the to-do list's horizon
    and those of the week, and the drug tests with a result to record or a no-show to decide. Each
    row says which it is (`booking`, `to_record`, `to_decide`), by the same conditions the lists
    read on their own."""

    on: date
    interviews: list[Interview]
    drug_tests: list[DrugTest]

    @classmethod
    def read(cls, *, user, on: date, horizon: date) -> HomeReads:
        unit_ids = user_access(user).unit_ids(*CASEWORK_ROLES)
        monday, sunday = week_bounds(on)
        booking = Q(status=InterviewStatus.BOOKED, held_on__lte=horizon)
        interviews = (
            _interviews_of(user, unit_ids).filter(booking | Q(held_on__range=(monday, sunday)))
            .annotate(booking=_is(booking))
            .select_related("participant", "interviewer").order_by("held_on", "starts_at", "pk")
        )
        to_record, to_decide = result_to_record(user), _no_show_to_decide()
        tests = (
            drug_tests_visible_in(user, unit_ids).filter(to_record | to_decide)
            .annotate(to_record=_is(to_record), to_decide=_is(to_decide))
            .select_related("participant").order_by("pk")
        )
        return cls(on, list(interviews), list(tests))

    def bookings(self) -> list[Interview]:
        """The to-do list's: booked up to its horizon, the past ones with their outcome missing."""
        return [i for i in self.interviews if i.booking]

    def this_week(self) -> list[Interview]:
        monday, sunday = week_bounds(self.on)
        return [i for i in self.interviews if monday <= i.held_on <= sunday]

    def results_to_record(self) -> list[DrugTest]:
        return sorted((t for t in self.drug_tests if t.to_record), key=lambda t: (t.referred_on, t.pk))

    def no_shows(self) -> list[DrugTest]:
        return sorted((t for t in self.drug_tests if t.to_decide), key=lambda t: (t.result_on or date.max, t.pk))  # NULLS LAST, as ORDER BY


def week_agenda(
    *, user, on: date, follow_ups: list | None = None, drug_tests: list | None = None, to_assess: list | None = None,
    reads: HomeReads | None = None,
) -> dict:
    """Interviews, assessments, group starts, follow-ups due, missing drug-test results, no-shows
    waiting for the team's decision, meetings.

    `follow_ups` and `drug_tests`: the user's own open follow-ups due by the end of the week at the
    latest and own missing drug-test results, in date order, already read on `on` by the same door
    (the home page's to-do list, intake/home.py); `to_assess`: everyone of the user's units waiting
    for the team's assessment (intake.selectors.todo.awaiting_in_units); `reads`: the interviews
    and drug tests the to-do list read with the week's. The week then takes its part of them
    instead of asking the database again; without them it reads its own."""
    units = user_access(user).units(*CASEWORK_ROLES)
    unit_ids = [u.pk for u in units]
    monday, sunday = week_bounds(on)
    seen = visible_participants(user).filter(unit_id__in=unit_ids)
    if reads is not None:
        interviews = reads.this_week()[:LIMIT]
    else:
        interviews = list(
            _interviews_of(user, unit_ids).filter(held_on__range=(monday, sunday))
            .select_related("participant", "interviewer").order_by("held_on", "starts_at", "pk")[:LIMIT]
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
        drug_tests = list(
            drug_tests_visible_in(user, unit_ids).filter(result_to_record(user))
            .select_related("participant").order_by("referred_on", "pk")[:LIMIT]
        )
    if reads is not None:
        no_shows = reads.no_shows()[:LIMIT]
    else:
        no_shows = list(
            drug_tests_visible_in(user, unit_ids).filter(_no_show_to_decide())
            .select_related("participant").order_by("result_on", "pk")[:LIMIT]
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
