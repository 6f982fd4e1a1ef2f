"""The access-log review (loggkontroll): which reads are flagged, and the month's random sample.

DOMAIN.md, "Law and practice": public-sector systems log who read which record and follow the
logs up. The unit coordinator reviews one month at a time. The review looks at *record reads*
(opening a record, showing the full personnummer, an export, opening an edit form); a
participant shown as one row of a list is logged too (see the access-log page) but is not a read
of the record, and counting list rows would flag every list page.

A read is flagged when
- NO_RELATIONSHIP: the reader has no case relationship with the participant (`relationships`)
  and the participant was not on the agenda of the unit's team meeting that day
  (`team_meeting_agenda`: assessed that day, or waiting for the assessment or in the queue on a
  day the team met), since the team reads those records together at the meeting;
- OFF_HOURS: it happened outside office hours (`OFFICE_HOURS`, Monday–Friday, local time);
- BURST: the reader opened `BURST_PARTICIPANTS` or more different participants within
  `BURST_WINDOW` (browsing through records rather than working a case).
A flag asks the reviewer to look; it is not a finding of misuse. Each flag comes with the facts
that raised it (`Reason`), so that the reviewer can judge it from the page.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intake.models import Assessment, Episode, GuidanceGroup, Interview
from krami.models import AccessLog, Unit
from participants.access import visible_participants
from participants.models import HandlerChange, JournalNote, Participant, Phase, PhaseChange
from privacy.models import FlaggedReadCheck

OFFICE_HOURS = (time(7, 0), time(18, 0))
BURST_WINDOW = timedelta(minutes=10)
BURST_PARTICIPANTS = 15
SAMPLE_SIZE = 20
RECORD_READS = [a for a in AccessLog.Action.values if a != AccessLog.Action.LIST]

NO_RELATIONSHIP = "no_relationship"
OFF_HOURS = "off_hours"
BURST = "burst"
FLAG_LABELS = {
    NO_RELATIONSHIP: _("No case relationship"),
    OFF_HOURS: _("Outside office hours"),
    BURST: _("Many records in a short time"),
}


# On a team-meeting day the team reads the records of the applicants it assesses and of the queue.
TEAM_MEETING_PHASES = frozenset({Phase.APPLICANT, Phase.QUEUED})


@dataclass(frozen=True)
class Reason:
    """Why one flag was raised: the rule's name and the facts that met it."""

    flag: str
    facts: tuple[str, ...]

    @property
    def label(self) -> str:
        return str(FLAG_LABELS[self.flag])


@dataclass
class ReviewRow:
    log: AccessLog
    flags: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)

    @property
    def flag_labels(self) -> list[str]:
        return [FLAG_LABELS[f] for f in self.flags]

    def flag(self, flag: str, *facts: str) -> None:
        self.flags.append(flag)
        self.reasons.append(Reason(flag=flag, facts=facts))


@dataclass
class MonthReview:
    unit: Unit
    month: date
    rows: list[ReviewRow]
    sample: list[ReviewRow]
    counts: dict[str, int]

    @property
    def flagged(self) -> list[ReviewRow]:
        return [r for r in self.rows if r.flags]

    @property
    def has_ended(self) -> bool:
        return next_month(self.month) <= timezone.localdate()


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month as an interval of aware datetimes in local time (Europe/Stockholm)."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(month, time.min, tzinfo=tz)
    return start, datetime.combine(next_month(month), time.min, tzinfo=tz)


def is_off_hours(at: datetime) -> bool:
    local = timezone.localtime(at)
    return local.weekday() >= 5 or not (OFFICE_HOURS[0] <= local.time() < OFFICE_HOURS[1])


@dataclass(frozen=True)
class Burst:
    """The busiest window a flagged read falls in: how many different people, from when to when."""

    people: int
    first: datetime
    last: datetime


def burst_row_ids(logs: list[AccessLog]) -> dict[int, Burst]:
    """Ids of reads inside any BURST_WINDOW in which one user read BURST_PARTICIPANTS+ people,
    each with the busiest such window it belongs to."""
    by_user: dict[int, list[AccessLog]] = defaultdict(list)
    for log in logs:
        by_user[log.user_id].append(log)
    flagged: dict[int, Burst] = {}
    for reads in by_user.values():
        reads.sort(key=lambda r: (r.at, r.pk))
        window: deque[AccessLog] = deque()
        people: Counter[int] = Counter()
        for read in reads:
            window.append(read)
            people[read.participant_id] += 1
            while read.at - window[0].at > BURST_WINDOW:
                old = window.popleft()
                people[old.participant_id] -= 1
                if not people[old.participant_id]:
                    del people[old.participant_id]
            if len(people) >= BURST_PARTICIPANTS:
                burst = Burst(people=len(people), first=window[0].at, last=read.at)
                for r in window:
                    if r.pk not in flagged or flagged[r.pk].people < burst.people:
                        flagged[r.pk] = burst
    return flagged


def relationships(participant_ids: set[int]) -> set[tuple[int, int]]:
    """(user id, participant id) pairs with a case relationship, in a fixed number of queries.

    A user has a case relationship with a participant they handle or handled, registered, wrote
    a journal note about, interviewed or assessed, enrolled or exited, or who is in a guidance
    group the user created or in which the user handles a participant (the reader's group).
    """
    pairs: set[tuple[int, int]] = set()
    people = Participant.objects.filter(pk__in=participant_ids)
    pairs.update(people.values_list("handler_id", "pk"))
    pairs.update(people.values_list("created_by_id", "pk"))
    for model, user_fields in (
        (HandlerChange, ["previous_handler_id"]),
        (JournalNote, ["author_id"]),
        (Interview, ["interviewer_id", "recorded_by_id"]),
        (Assessment, ["decided_by_id", "recorded_by_id"]),
        (Episode, ["started_by_id", "ended_by_id"]),
    ):
        for user_id_field in user_fields:
            pairs.update(
                model.objects.filter(participant_id__in=participant_ids, **{f"{user_id_field}__isnull": False})
                .values_list(user_id_field, "participant_id")
            )
    grouped = Episode.objects.filter(participant_id__in=participant_ids, group__isnull=False)
    group_members: dict[int, set[int]] = defaultdict(set)
    for group_id, participant_id in grouped.values_list("group_id", "participant_id"):
        group_members[group_id].add(participant_id)
    group_users: set[tuple[int, int]] = set(
        GuidanceGroup.objects.filter(pk__in=group_members).values_list("created_by_id", "pk")
    )
    group_users.update(
        Episode.objects.filter(group_id__in=group_members).values_list("participant__handler_id", "group_id")
    )
    for user_id, group_id in group_users:
        pairs.update((user_id, p) for p in group_members[group_id])
    return pairs


def team_meeting_agenda(*, unit: Unit, participant_ids: set[int], days: set[date]) -> tuple[set[date], set[tuple[int, date]]]:
    """The unit's team-meeting days among `days` (a day on which the team assessed someone) and the
    (participant id, day) pairs on that day's agenda: assessed that day, or waiting for the
    assessment (applicant) or in the queue (accepted, waiting for the start) that day.

    DOMAIN.md, "Intake": the assessment is made at the team's work meeting; the team reads the
    applicants' records, and the queue's, together there.
    """
    meeting_days = set(
        # By the (unit, decided on) index: the unit's own assessments of those days.
        Assessment.objects.filter(unit=unit, decided_on__in=days).values_list("decided_on", flat=True).distinct()
    )
    if not meeting_days:
        return meeting_days, set()
    agenda = set(
        Assessment.objects.filter(participant_id__in=participant_ids, decided_on__in=meeting_days)
        .values_list("participant_id", "decided_on")
    )
    history: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for participant_id, on, phase in (
        PhaseChange.objects.filter(participant_id__in=participant_ids, on__lte=max(meeting_days))
        .order_by("on", "pk").values_list("participant_id", "on", "phase")
    ):
        history[participant_id].append((on, phase))
    for participant_id, changes in history.items():
        for day in meeting_days:
            phases = [phase for on, phase in changes if on <= day]
            if phases and phases[-1] in TEAM_MEETING_PHASES:
                agenda.add((participant_id, day))
    return meeting_days, agenda


def _no_relationship_facts(meeting_day: bool) -> tuple[str, ...]:
    return (
        gettext("not the case worker and did not register the participant"),
        gettext("no journal note, interview, assessment, enrolment or exit by the reader"),
        gettext("not in a guidance group the reader runs or has a participant in"),
        gettext("the team met that day, but the participant was neither assessed nor waiting for it or in the queue")
        if meeting_day else gettext("no team meeting (assessment) in the unit that day"),
    )


def _off_hours_fact(at: datetime) -> str:
    local = timezone.localtime(at)
    return gettext("read on %(weekday)s at %(time)s; office hours are Monday to Friday 07:00–18:00") % {
        "weekday": formats.date_format(local, "l"), "time": f"{local:%H:%M}",
    }


def _burst_fact(burst: Burst) -> str:
    return gettext("%(n)s different participants opened by the same user between %(first)s and %(last)s") % {
        "n": burst.people, "first": f"{timezone.localtime(burst.first):%H:%M}", "last": f"{timezone.localtime(burst.last):%H:%M}",
    }


def month_review(*, unit: Unit, month: date, sample_ids: list[int] | None = None) -> MonthReview:
    """The month's record reads in `unit` with their flags, and the random sample.

    The sample is drawn with a seed of (unit, month), so reloading the page shows the same rows;
    a signed-off review passes the stored `sample_ids` instead.
    """
    start, end = month_bounds(month)
    logs = list(
        AccessLog.objects.filter(unit=unit, at__gte=start, at__lt=end, action__in=RECORD_READS)
        .select_related("organisation")
        .order_by("at", "pk")
    )
    participant_ids = {log.participant_id for log in logs}
    related = relationships(participant_ids)
    meeting_days, agenda = team_meeting_agenda(
        unit=unit, participant_ids=participant_ids, days={timezone.localtime(log.at).date() for log in logs}
    )
    bursts = burst_row_ids(logs)
    rows = []
    for log in logs:
        row = ReviewRow(log=log)
        day = timezone.localtime(log.at).date()
        if (log.user_id, log.participant_id) not in related and (log.participant_id, day) not in agenda:
            row.flag(NO_RELATIONSHIP, *_no_relationship_facts(day in meeting_days))
        if is_off_hours(log.at):
            row.flag(OFF_HOURS, _off_hours_fact(log.at))
        if log.pk in bursts:
            row.flag(BURST, _burst_fact(bursts[log.pk]))
        rows.append(row)
    if sample_ids is None:
        rng = random.Random(f"krami-loggkontroll:{unit.pk}:{month:%Y-%m}")  # noqa: S311 (a review sample, not a secret)
        sample_ids = sorted(rng.sample([r.log.pk for r in rows], min(SAMPLE_SIZE, len(rows))))
    chosen = set(sample_ids)
    counts = {flag: sum(flag in r.flags for r in rows) for flag in FLAG_LABELS}
    return MonthReview(unit=unit, month=month, rows=rows, sample=[r for r in rows if r.log.pk in chosen], counts=counts)


@dataclass(frozen=True)
class FlaggedItem:
    """A flagged read on the review page: the row, its check if any, and whether the reviewer may open the record."""

    row: ReviewRow
    check: FlaggedReadCheck | None
    linked: bool


def review_page_rows(*, user, review: MonthReview, limit: int) -> tuple[list[FlaggedItem], list[FlaggedItem], int]:
    """The sample and the first `limit` flagged reads, with their checks, and how many flagged reads are checked.

    A participant is linked only when `user` may see them (`visible_participants`, the one door);
    the others stay references, as in the access log.
    """
    checks = {
        c.access_log_id: c
        for c in FlaggedReadCheck.objects.filter(unit=review.unit, month=review.month).select_related("checked_by")
    }
    shown = [*review.sample, *review.flagged[:limit]]
    visible = set(
        visible_participants(user).filter(pk__in={r.log.participant_id for r in shown}).values_list("pk", flat=True)
    )

    def item(row: ReviewRow) -> FlaggedItem:
        return FlaggedItem(row=row, check=checks.get(row.log.pk), linked=row.log.participant_id in visible)

    flagged_ids = {r.log.pk for r in review.flagged}
    return (
        [item(r) for r in review.sample],
        [item(r) for r in review.flagged[:limit]],
        sum(1 for log_id in checks if log_id in flagged_ids),
    )
