"""The unit's access log: who read which record, when (krami.models.AccessLog), about 17 rows per
participant over the retention period — the volume a unit coordinator's review page must page through."""

from __future__ import annotations

import bisect
from datetime import datetime, time, timedelta

from django.utils import timezone

from krami.models import AccessLog, DataCategory

ROWS_PER_PARTICIPANT = 1_000_000 / 60_000
ACCESS_LOG_YEARS = 5  # the log is kept five years (KRAMI_ACCESS_LOG_RETENTION_YEARS)
ACTIONS = [AccessLog.Action.LIST] * 60 + [AccessLog.Action.VIEW] * 35 + [AccessLog.Action.EDIT_FORM] * 3 + [
    AccessLog.Action.REVEAL_PERSONNUMMER, AccessLog.Action.EXPORT,
]
VIEW_CATEGORIES = ",".join(sorted(str(c) for c in DataCategory))


def write_access_log(t, world, participants: list[tuple[int, object]], *, rows: int, today, years: int, rng) -> None:
    """`participants`: (id, registration date) sorted by date; each read falls after the registration."""
    if not participants or rows <= 0:
        return
    first = max(participants[0][1], today - timedelta(days=365 * min(years, ACCESS_LOG_YEARS)))
    span = (today - first).days or 1
    dates = [d for _pk, d in participants]
    readers = [(uid, name, org) for name, uid in world.staff_ids.items()
               for (cw, org) in world.caseworkers if cw == uid]
    for _ in range(rows):
        day = first + timedelta(days=rng.randint(0, span))
        known = bisect.bisect_right(dates, day)
        if not known:
            continue
        pk = participants[rng.randrange(known)][0]
        uid, name, org = rng.choice(readers)
        action = rng.choice(ACTIONS)
        moment = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59), rng.randint(0, 59))))
        t.AccessLog.add(
            at=moment, user_id=uid, username=name, organisation_id=org, unit_id=world.unit.pk, participant_id=pk,
            participant_reference=f"D-{pk:06d}", action=action,
            categories=DataCategory.CORE.value if action == AccessLog.Action.LIST else VIEW_CATEGORIES,
            path="/deltagare/" if action == AccessLog.Action.LIST else f"/deltagare/{pk}/",
        )
