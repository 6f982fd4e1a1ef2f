"""Report periods: a calendar month (what the styrgrupp meets about) or any from–to period.

A period is inclusive at both ends. Month arithmetic comes from agreements/periods.py so that
reporting and the agreements' settlements agree on what a month is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from krami.dates import add_months, month_end, month_start, months_between


@dataclass(frozen=True)
class ReportPeriod:
    start: date
    end: date

    @property
    def is_month(self) -> bool:
        return self.start.day == 1 and self.end == month_end(self.start)

    @property
    def label(self) -> str:
        if self.is_month:
            return f"{self.start:%Y-%m}"
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    @property
    def slug(self) -> str:
        return f"{self.start:%Y-%m}" if self.is_month else f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[date]:
        return months_between(self.start, self.end)

    def query(self) -> str:
        """The query string that shows this period on a dashboard."""
        if self.is_month:
            return f"manad={self.start:%Y-%m}"
        return f"fran={self.start:%Y-%m-%d}&till={self.end:%Y-%m-%d}"


def month_period(month: date) -> ReportPeriod:
    return ReportPeriod(month_start(month), month_end(month))


def last_complete_month(today: date | None = None) -> ReportPeriod:
    """The month before the current one: the usual month for a steering-group meeting."""
    today = today or timezone.localdate()
    return month_period(add_months(month_start(today), -1))


def trailing_months(month: date, count: int = 12) -> list[date]:
    """First days of the `count` months ending with `month`'s month, oldest first."""
    first = add_months(month_start(month), -(count - 1))
    return [add_months(first, i) for i in range(count)]


def half_years(today: date | None = None) -> list[ReportPeriod]:
    """The current and the two previous half-years (Trollhättan reports twice a year)."""
    today = today or timezone.localdate()
    first = date(today.year, 1 if today.month <= 6 else 7, 1)
    result = []
    for back in range(3):
        start = add_months(first, -6 * back)
        result.append(ReportPeriod(start, month_end(add_months(start, 5))))
    return result
