"""The access-log review (loggkontroll): which reads are flagged, and the month's random sample.

DOMAIN.md, "Law and practice": public-sector systems log who read which record and follow the
logs up. The unit coordinator reviews one month at a time. The review looks at *record reads*
(opening a record, showing the full personnummer, an export, opening an edit form); a
participant shown as one row of a list is logged too (see the access-log page) but is not a read
of the record, and counting list rows would flag every list page.

A read is flagged when
- NO_RELATIONSHIP: the reader has no case relationship with the participant (`relationships`);
- OFF_HOURS: it happened outside office hours (`OFFICE_HOURS`, Monday–Friday, local time);
- BURST: the reader opened `BURST_PARTICIPANTS` or more different participants within
  `BURST_WINDOW` (browsing through records rather than working a case).
A flag asks the reviewer to look; it is not a finding of misuse.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.models import Assessment, Episode, GuidanceGroup, Interview
from krami.models import AccessLog, Unit
from participants.models import HandlerChange, JournalNote, Participant

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


@dataclass
class ReviewRow:
    log: AccessLog
    flags: list[str] = field(default_factory=list)

    @property
    def flag_labels(self) -> list[str]:
        return [FLAG_LABELS[f] for f in self.flags]


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


def burst_row_ids(logs: list[AccessLog]) -> set[int]:
    """Ids of reads inside any BURST_WINDOW in which one user read BURST_PARTICIPANTS+ people."""
    by_user: dict[int, list[AccessLog]] = defaultdict(list)
    for log in logs:
        by_user[log.user_id].append(log)
    flagged: set[int] = set()
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
                flagged.update(r.pk for r in window)
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
    related = relationships({log.participant_id for log in logs})
    bursts = burst_row_ids(logs)
    rows = []
    for log in logs:
        row = ReviewRow(log=log)
        if (log.user_id, log.participant_id) not in related:
            row.flags.append(NO_RELATIONSHIP)
        if is_off_hours(log.at):
            row.flags.append(OFF_HOURS)
        if log.pk in bursts:
            row.flags.append(BURST)
        rows.append(row)
    if sample_ids is None:
        rng = random.Random(f"krami-loggkontroll:{unit.pk}:{month:%Y-%m}")  # noqa: S311 (a review sample, not a secret)
        sample_ids = sorted(rng.sample([r.log.pk for r in rows], min(SAMPLE_SIZE, len(rows))))
    chosen = set(sample_ids)
    counts = {flag: sum(flag in r.flags for r in rows) for flag in FLAG_LABELS}
    return MonthReview(unit=unit, month=month, rows=rows, sample=[r for r in rows if r.log.pk in chosen], counts=counts)
