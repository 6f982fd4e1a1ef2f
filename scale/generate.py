"""National-scale invented data (issue 7): units, staff, agreements, participants with their whole
histories, and the access log, loaded with COPY unit by unit; then every ended month is closed
as the month-end job of a real installation would have (scale/closing.py).

Deterministic: the same seed, sizes and `today` give the same database. Every unit has its own
random stream (seeded with the seed and the unit's number), so unit 1 of the national database
has the same yearly flow as the one-unit "small" database the benchmark compares it with.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.db import connection, transaction

from krami import partitions
from krami.dates import add_months, month_start
from krami.models import Unit
from participants import personnummer
from participants.access import CATEGORY_PERMISSION
from participants.models import Participant
from scale.accesslog import ACCESS_LOG_YEARS, ROWS_PER_PARTICIPANT, write_access_log
from scale.closing import close_ended_months
from scale.copy import reset_sequences
from scale.person import Person
from scale.tables import MODELS, Tables
from scale.unit_setup import build_agreements, build_unit_plan
from scale.world import build_world


@dataclass(frozen=True)
class Sizes:
    units: int = 60
    years: int = 10
    per_year: int = 100  # participants registered per unit and year (an average unit)
    access_log_per_participant: float = ROWS_PER_PARTICIPANT

    @classmethod
    def scaled(cls, scale: float, **overrides) -> Sizes:
        """`scale` shrinks the number of units (at least one); explicit sizes win."""
        sizes = cls(units=max(1, round(cls.units * scale)))
        return cls(**{**sizes.__dict__, **{k: v for k, v in overrides.items() if v is not None}})


@dataclass
class UnitContext:
    """What a Person needs from its unit while it writes itself."""

    world: object
    plan: object
    tables: Tables
    rng: random.Random
    today: date
    permission_ids: dict
    pnr_seen: set = field(default_factory=set)

    def new_personnummer(self, born: date, *, coordination: bool) -> str:
        """An invented, check-digit-valid number (serial 9xx, like the demo data), unique in the unit."""
        while True:
            digits = personnummer.invented(born, self.rng.randint(900, 999), coordination=coordination).replace("-", "")
            if digits not in self.pnr_seen:
                self.pnr_seen.add(digits)
                return digits


def unit_size_factor(index: int, rng: random.Random) -> float:
    """Units differ in size (30–80 a year in DOMAIN.md, around our average); unit 1 is exactly average."""
    return 1.0 if index == 1 else rng.uniform(0.6, 1.4)


def prepare_access_log(*, today: date, years: int) -> None:
    """The month partitions of the access log the generated reads fall in (krami/partitions.py), as
    the month-end job of an installation would have made them month by month."""
    if partitions.is_partitioned():
        first = month_start(add_months(today, -12 * min(years, ACCESS_LOG_YEARS)))
        months = (today.year - first.year) * 12 + today.month - first.month + partitions.MONTHS_AHEAD
        partitions.add_partitions(first_month=first, months=months)


def first_units(count: int | None) -> set[int] | None:
    """The ids of the first `count` units (all when None): the units whose months are closed in a
    database where only their pages are measured. Closing a month decides its small-number
    protection (reporting/protection.py), about a second of CPU per unit and month nationally, so
    closing ten years of 120 units would be hours for figures no page of the comparison reads."""
    if count is None:
        return None
    return set(Unit.objects.order_by("pk").values_list("pk", flat=True)[:count])


def refuse_non_empty() -> None:
    if Participant.objects.exists():
        raise CommandError("The database already has participants: generate into an empty one (use --fresh).")


def generate(
    *, sizes: Sizes, seed: int, today: date, log=print, analyze: bool = True, close_months: bool = True,
    close_since: date | None = None, close_units: int | None = None,
) -> dict:
    """Fill the (empty, migrated) database. Returns row counts and timings.

    `analyze=False` skips VACUUM ANALYZE, which cannot run inside a transaction (the tests);
    `close_months=False` leaves every month open, `close_since` closes only the months from that
    one on (tests that need the data but not every snapshot: closing is most of a small run),
    `close_units` only the first that many units' (see `first_units`).
    """
    started = time.monotonic()
    with transaction.atomic():
        worlds = build_world(units=sizes.units, rng=random.Random(seed))
    log(f"  {len(worlds)} units with staff and memberships ({time.monotonic() - started:.1f} s)")
    tables = Tables()
    ct = ContentType.objects.get_for_model(Participant)
    permission_ids = dict(
        Permission.objects.filter(content_type=ct, codename__in=CATEGORY_PERMISSION.values()).values_list("codename", "pk")
    )
    start = today.replace(year=today.year - sizes.years) + timedelta(days=1)
    years = list(range(start.year, today.year + 1))
    prepare_access_log(today=today, years=sizes.years)
    for world in worlds:
        rng = random.Random(f"{seed}:{world.index}")
        factor = unit_size_factor(world.index, rng)
        count = round(sizes.per_year * factor * sizes.years)
        with transaction.atomic():
            plan = build_unit_plan(tables, world, start=start, today=today, rng=rng)
            build_agreements(tables, world, years=years, today=today, rng=rng,
                             occupancy_target=max(3, round(sizes.per_year * factor * 0.25)))
            ctx = UnitContext(world=world, plan=plan, tables=tables, rng=rng, today=today, permission_ids=permission_ids)
            span = (today - start).days
            registered = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count))
            people = []
            for day in registered:
                person = Person(ctx, day)
                person.write()
                people.append((person.pid, day))
            write_access_log(tables, world, people, rows=round(count * sizes.access_log_per_participant),
                             today=today, years=sizes.years, rng=rng)
            tables.flush()
        if world.index % 10 == 0 or world.index == len(worlds):
            log(f"  unit {world.index}/{len(worlds)}: {tables.Participant.count} participants so far "
                f"({time.monotonic() - started:.0f} s)")
    reset_sequences(MODELS)
    if close_months:
        # The planner's statistics before the month-end closing reads the new rows: without them
        # it plans for empty tables, and one statement of a close took seconds (ANALYZE, unlike
        # VACUUM, runs inside the tests' transaction too).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    loaded = time.monotonic() - started
    snapshots = close_ended_months(today=today, log=log, since=close_since, unit_ids=first_units(close_units)) if close_months else 0
    closed = time.monotonic() - started
    log(f"  {snapshots} month snapshots in {closed - loaded:.0f} s")
    if analyze:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # planner statistics and visibility maps, as a settled database has
    total = time.monotonic() - started
    log(f"  loaded in {loaded:.0f} s, months closed in {closed - loaded:.0f} s, VACUUM ANALYZE {total - closed:.0f} s")
    return {
        "sizes": sizes.__dict__, "seed": seed, "today": today.isoformat(),
        "seconds_load": round(loaded, 1), "seconds_close": round(closed - loaded, 1), "seconds_total": round(total, 1),
        "rows": {**tables.counts(), "MonthSnapshot": snapshots},
    }
