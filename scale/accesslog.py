"""The unit's access log: who read which record, when (krami.models.AccessLog), about 17 rows per
participant over the retention period — the volume a unit coordinator's review page must page through."""

from __future__ import annotations

import bisect
import random
from datetime import datetime, time, timedelta
from types import SimpleNamespace

from django.utils import timezone

from krami.models import CASEWORK_ROLES, AccessLog, DataCategory, Membership, Unit
from participants.models import Participant
from scale.copy import Table, first_free_id, reset_sequences

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


def top_up_access_log(*, rows_by_unit: dict[int, int], today, seed: int, log=print) -> dict[int, int]:
    """Add reads to the log of the n-th unit (1 = the first) until it holds the given number of rows:
    the access log at sizes a unit reaches after years of use (issue 19: the coordinator's page at
    40 000 and at 4 000 000 rows). Returns the rows added per unit; running it again adds nothing."""
    units = list(Unit.objects.order_by("pk"))
    added = {}
    for index, wanted in sorted(rows_by_unit.items()):
        if index > len(units):
            continue
        unit = units[index - 1]
        missing = wanted - AccessLog.objects.filter(unit=unit).count()
        if missing <= 0:
            continue
        readers = Membership.objects.filter(unit=unit, role__in=CASEWORK_ROLES).select_related("user")
        world = SimpleNamespace(
            unit=unit,
            staff_ids={m.user.username: m.user_id for m in readers},
            caseworkers=[(m.user_id, m.organisation_id) for m in readers],
        )
        people = sorted(
            (pk, timezone.localtime(created).date())
            for pk, created in Participant.objects.filter(unit=unit).values_list("pk", "created_at")
        )
        table = Table(AccessLog, first_id=first_free_id(AccessLog))
        write_access_log(SimpleNamespace(AccessLog=table), world, people, rows=missing, today=today,
                         years=ACCESS_LOG_YEARS, rng=random.Random(f"{seed}:log:{index}"))
        table.flush()
        added[index] = table.count
        log(f"  unit {index}: {table.count} access-log rows added ({wanted} wanted)")
    reset_sequences([AccessLog])
    return added
