"""What the core's pages read: the unit coordinator's access-log review, page by page.

The log grows for years (krami/partitions.py), so its page never counts it: it is paged by keyset,
newest first. A page is the 50 rows before (older than) or after (newer than) a cursor, the time
and id of the row it starts from, read from the (unit, at) index of each month partition; its time
does not depend on how many rows the unit's log holds (issue 19). The filters are turned into
conditions the indexes serve: a user name into the user's id ((user, at) index), a participant
reference into the participant's id, dates into a range of times (which leaves out whole months).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from krami.models import AccessLog, Unit

PAGE_SIZE = 50
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CURSOR = re.compile(r"^(\d{1,18})-(\d{1,18})$")
_REFERENCE = re.compile(r"^[Dd]-?(\d{1,12})$")  # participants.models.participant_reference: D-000123


@dataclass(frozen=True)
class Cursor:
    at: datetime
    pk: int

    def __str__(self) -> str:
        return f"{(self.at - _EPOCH) // timedelta(microseconds=1)}-{self.pk}"

    @classmethod
    def parse(cls, text: str | None) -> Cursor | None:
        """The cursor in a page's URL; None when missing or not one of ours (the newest page then)."""
        match = _CURSOR.match(text or "")
        if match is None:
            return None
        try:
            at = _EPOCH + timedelta(microseconds=int(match[1]))
        except OverflowError:
            return None
        return cls(at=at, pk=int(match[2]))

    @classmethod
    def of(cls, row: AccessLog) -> Cursor:
        return cls(at=row.at, pk=row.pk)


@dataclass(frozen=True)
class LogPage:
    rows: list[AccessLog]
    newer: Cursor | None  # the page of newer rows starts after this one (None: this is the newest page)
    older: Cursor | None  # the page of older rows starts before this one (None: nothing older)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered_log(*, unit: Unit, filters: dict) -> QuerySet[AccessLog]:
    """The unit's log rows that match the review form's cleaned `filters` (krami.forms.AccessLogFilterForm)."""
    rows = AccessLog.objects.filter(unit=unit)
    username = (filters.get("username") or "").strip()
    if username:
        users = list(get_user_model().objects.filter(username__iexact=username).values_list("pk", flat=True))
        # The rows of that person (by id, from the index); a name nobody has now: rows logged under it.
        rows = rows.filter(user_id__in=users) if users else rows.filter(username__iexact=username)
    reference = (filters.get("reference") or "").strip()
    if reference:
        number = _REFERENCE.match(reference)
        rows = rows.filter(participant_id=int(number[1])) if number else rows.filter(participant_reference__iexact=reference)
    if filters.get("action"):
        rows = rows.filter(action=filters["action"])
    if filters.get("date_from"):
        rows = rows.filter(at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        rows = rows.filter(at__lt=_day_start(filters["date_to"] + timedelta(days=1)))
    return rows


def log_page(rows: QuerySet[AccessLog], *, before: Cursor | None = None, after: Cursor | None = None) -> LogPage:
    """One page of `rows`, newest first: the newest, the one older than `before`, or the one newer than
    `after` (fewer than a page newer than `after`: the newest page). No count of the rows."""
    if after is not None:
        newer = list(
            rows.filter(Q(at__gt=after.at) | Q(at=after.at, pk__gt=after.pk), at__gte=after.at).order_by("at", "pk")[: PAGE_SIZE + 1]
        )
        if len(newer) > PAGE_SIZE:
            shown = newer[:PAGE_SIZE][::-1]
            return LogPage(rows=shown, newer=Cursor.of(shown[0]), older=Cursor.of(shown[-1]))
        before = None
    query = rows.order_by("-at", "-pk")
    if before is not None:
        query = query.filter(Q(at__lt=before.at) | Q(at=before.at, pk__lt=before.pk), at__lte=before.at)
    found = list(query[: PAGE_SIZE + 1])
    shown = found[:PAGE_SIZE]
    return LogPage(
        rows=shown,
        newer=Cursor.of(shown[0]) if shown and before is not None else None,
        older=Cursor.of(shown[-1]) if len(found) > PAGE_SIZE else None,
    )
