"""Agreement periods: the notice deadline and the settlement periods. Pure functions; the month
arithmetic is krami/dates.py.

The notice rule comes from the Stockholm agreement (seeds/004, DOMAIN.md "Termination"):
"säga upp avtalet senast sex månader före årets utgång". The year runs out at the end of
31 December; six months before that is the start of 1 July, so notice must be given on
30 June at the latest. In general: the day before (period end + 1 day − N months).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from krami.dates import add_months, month_end, months_between


def notice_deadline(*, period_end: date, months: int) -> date:
    """The last day on which notice may be given to leave at the end of the period."""
    return add_months(period_end + timedelta(days=1), -months) - timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """A settlement period: a month, a quarter or the whole agreement period."""

    key: str  # "2026-07", "2026-Q3" or "all"
    start: date
    end: date
    label: str


def settlement_periods(*, start: date, end: date) -> list[Period]:
    """Every month, every calendar quarter and the whole period, clipped to [start, end]."""
    whole = Period("all", start, end, _("Whole period"))
    months = [
        Period(f"{m:%Y-%m}", max(m, start), min(month_end(m), end), f"{m:%Y-%m}") for m in months_between(start, end)
    ]
    quarters: dict[str, Period] = {}
    for m in months_between(start, end):
        q = (m.month - 1) // 3 + 1
        key = f"{m.year}-Q{q}"
        if key not in quarters:
            q_start = date(m.year, 3 * q - 2, 1)
            q_end = month_end(date(m.year, 3 * q, 1))
            quarters[key] = Period(key, max(q_start, start), min(q_end, end), _("%(year)s quarter %(q)s") % {"year": m.year, "q": q})
    return [whole, *quarters.values(), *months]


def find_period(periods: list[Period], key: str | None) -> Period:
    for period in periods:
        if period.key == key:
            return period
    return periods[0]
