"""Gallring at every year from today to +15 years, with the reporting figures watched (issue 15).

Used over the demo (tests/demo/test_gallring_years.py) and over the small generated data
(tests/scale/test_gallring_years.py). Each year's run happens on that day (time-machine), so
`now()` inside gallring is that day too, and must fail for nobody. The figures are what the
dashboards read (`reporting.selectors.units_figures`, the same for every unit at once) for fixed
periods: four months of the past year, the last two half-years and the whole history so far;
and every closed month's snapshot. Nothing else changes the data between the runs, so comparing
each run's result with the figures before the first run checks every run's before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import time_machine
from django.db.models import Min
from django.utils import timezone

from intake.models import Episode
from krami.dates import add_months, month_end
from krami.models import DataCategory, Unit
from privacy.models import GallringRecord, RetentionRun
from privacy.services.retention import run_gallring
from reporting.models import MonthSnapshot
from reporting.periods import AGREEMENT, ReportPeriod, half_period, month_period
from reporting.selectors import to_json, units_figures
from tests.access.digest import changed_tables, table_states

YEARS = 15
# What every run writes about itself, whatever it removed.
RUN_LOG = {RetentionRun._meta.db_table}


def fixed_periods(today: date) -> list[ReportPeriod]:
    this_month = today.replace(day=1)
    months = [month_period(add_months(this_month, -back)) for back in (1, 4, 8, 12)]
    first = Episode.objects.aggregate(first=Min("started_on"))["first"]
    history = ReportPeriod(first, month_end(add_months(this_month, -1)), AGREEMENT)
    this_half = 1 if today.month <= 6 else 2
    halves = [half_period(today.year, 1), half_period(today.year - 1, 2)] if this_half == 2 else [
        half_period(today.year - 1, 2), half_period(today.year - 1, 1)]
    return [*months, *halves, history]


def reporting_figures(periods: list[ReportPeriod]) -> dict:
    """(period, unit id) -> the unit's figures, and (unit id, month) -> each closed month's snapshot."""
    units = list(Unit.objects.order_by("pk"))
    figures = {
        (period.label, unit_id): to_json(f.values)
        for period in periods for unit_id, f in units_figures(units=units, period=period).items()
    }
    snapshots = {(s.unit_id, s.month): s.figures for s in MonthSnapshot.objects.all()}
    return {"figures": figures, "snapshots": snapshots}


def differences(before: dict, after: dict) -> list[str]:
    wrong = []
    for kind in before:
        for key in before[kind].keys() | after[kind].keys():
            old, new = before[kind].get(key, {}), after[kind].get(key, {})
            wrong += [f"{kind} {key} {name}: {old.get(name)} -> {new.get(name)}" for name in old.keys() | new.keys()
                      if old.get(name) != new.get(name)]
    return sorted(wrong)


@dataclass
class Year:
    day: date
    records: int
    failures: list
    changed: list[str]


def gallra_every_year() -> tuple[list[Year], int]:
    """Run gallring on today and on the same day of each of the next 15 years; per year what it
    did and which figures changed. Also the number of participants anonymised in the end.

    The figures are a function of the data (the periods are fixed), so a year whose run changed no
    table but its own run log (RetentionRun; most years of the fifteen) has the figures of the year
    before: they are computed again only when a table changed (every row's digest,
    tests/access/digest.py), which made the test three times faster."""
    today = timezone.localdate()
    periods = fixed_periods(today)
    before = reporting_figures(periods)
    states = table_states()
    changed: list[str] = []
    years = []
    for n in range(YEARS + 1):
        day = add_months(today, 12 * n)
        with time_machine.travel(timezone.make_aware(datetime.combine(day, time(2, 30))), tick=True):
            result = run_gallring(on=day)
            now = table_states()
            if set(changed_tables(states, now)) - RUN_LOG:
                changed = differences(before, reporting_figures(periods))
            states = now
            years.append(Year(day, len(result.records), result.failures, changed))
    return years, GallringRecord.objects.filter(category=DataCategory.CORE).count()
