"""The month-end job of a real installation, run over the generated history: every unit's kommun
styrgrupp has closed every month that has ended (reporting/snapshots.py::months_close), so the
dashboards and the national view read closed months from their snapshots as they would in use.
"""

from __future__ import annotations

import time
from datetime import date

from django.db.models import Min

from krami.dates import month_start, months_between
from krami.models import Membership, OrganisationKind, Role, Unit
from participants.models import PhaseChange
from reporting.snapshots import months_close


def closers() -> dict[int, object]:
    """{unit id: the user who closes its months}: the unit's styrgrupp member of the kommun."""
    memberships = (
        Membership.objects.filter(role=Role.STYRGRUPP, organisation__kind=OrganisationKind.KOMMUN, unit__isnull=False)
        .select_related("user").order_by("unit_id", "pk")
    )
    result: dict[int, object] = {}
    for membership in memberships:
        result.setdefault(membership.unit_id, membership.user)
    return result


def close_ended_months(*, today: date, log=print, since: date | None = None, unit_ids=None) -> int:
    """Close every month from the first phase change (the first registration), or from `since`, to
    the last month that ended before `today`, for every unit not closed yet (`unit_ids`: only
    these); returns the snapshots written. Run again later, it closes only the months that have
    ended since."""
    first = PhaseChange.objects.aggregate(first=Min("on"))["first"]
    by = closers()
    units = [u for u in Unit.objects.order_by("pk") if u.pk in by and (unit_ids is None or u.pk in unit_ids)]
    if first is None or not units:
        return 0
    months = [m for m in months_between(month_start(max(first, since or first)), today) if m < month_start(today)]
    started = time.monotonic()

    def progress(month: date, written: int) -> None:
        if month.month == 12 or month == months[-1]:
            log(f"  closed {month:%Y-%m} for {written} units ({time.monotonic() - started:.0f} s)")

    return months_close(units=units, months=months, by={u.pk: by[u.pk] for u in units}, log=progress)
