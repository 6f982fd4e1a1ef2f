"""Report periods: only fixed ones. A calendar month, quarter, half-year or year, or the months of
one of the unit's agreements (its agreement year), never a free from–to period.

Why fixed: two free periods that differ by a day give the figures of that day by subtraction
(docs/reporting.md, "Disclosure control"). Every figure of a longer period is the sum of its
months, so one set of relations (reporting/protection.py) covers the whole hierarchy.

A period is inclusive at both ends. Month arithmetic comes from agreements/periods.py so that
reporting and the agreements' settlements agree on what a month is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _

from krami.dates import add_months, month_end, month_start, months_between

MONTH, QUARTER, HALF, YEAR, AGREEMENT = "month", "quarter", "half", "year", "agreement"
FIRST_YEAR, LAST_YEAR = 2000, 2100  # periods outside these years are refused


@dataclass(frozen=True)
class ReportPeriod:
    start: date
    end: date
    kind: str = MONTH

    @property
    def is_month(self) -> bool:
        return self.kind == MONTH

    @cached_property
    def slug(self) -> str:
        """How the period is written in a link (?period=…) and in file names."""
        if self.kind == MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == QUARTER:
            return f"{self.start.year}-K{(self.start.month - 1) // 3 + 1}"
        if self.kind == HALF:
            return f"{self.start.year}-H{1 if self.start.month == 1 else 2}"
        if self.kind == YEAR:
            return str(self.start.year)
        return f"{self.start:%Y-%m}..{self.end:%Y-%m}"

    @property
    def label(self) -> str:
        if self.kind == AGREEMENT:
            return _("agreement period %(start)s – %(end)s") % {"start": f"{self.start:%Y-%m}", "end": f"{self.end:%Y-%m}"}
        return self.slug

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[date]:
        return months_between(self.start, self.end)

    @property
    def last_month(self) -> date:
        return month_start(self.end)

    def query(self) -> str:
        """The query string that shows this period on a dashboard."""
        return f"period={self.slug}"


def month_period(month: date) -> ReportPeriod:
    return ReportPeriod(month_start(month), month_end(month), MONTH)


def quarter_period(year: int, quarter: int) -> ReportPeriod:
    start = date(year, 3 * quarter - 2, 1)
    return ReportPeriod(start, month_end(add_months(start, 2)), QUARTER)


def half_period(year: int, half: int) -> ReportPeriod:
    start = date(year, 1 if half == 1 else 7, 1)
    return ReportPeriod(start, month_end(add_months(start, 5)), HALF)


def year_period(year: int) -> ReportPeriod:
    return ReportPeriod(date(year, 1, 1), date(year, 12, 31), YEAR)


def agreement_period(period_start: date, period_end: date) -> ReportPeriod:
    """The whole months of an agreement's period; a calendar year when it is one."""
    start, end = month_start(period_start), month_end(period_end)
    if start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
        return year_period(start.year)
    return ReportPeriod(start, end, AGREEMENT)


def calendar_periods_ending(month: date) -> list[ReportPeriod]:
    """The month and every calendar period whose last month it is (March: 2026-03, 2026-K1)."""
    month = month_start(month)
    result = [month_period(month)]
    if month.month % 3 == 0:
        result.append(quarter_period(month.year, month.month // 3))
    if month.month % 6 == 0:
        result.append(half_period(month.year, month.month // 6))
    if month.month == 12:
        result.append(year_period(month.year))
    return result


def periods_ending(month: date, agreement_periods: list[ReportPeriod] = ()) -> list[ReportPeriod]:
    """Every fixed period of a unit whose last month is `month`: calendar, then agreement periods."""
    result = calendar_periods_ending(month)
    seen = {(p.start, p.end) for p in result}
    for p in agreement_periods:
        if p.last_month == month_start(month) and (p.start, p.end) not in seen:
            seen.add((p.start, p.end))
            result.append(p)
    return result


PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})$", re.ASCII), lambda m: month_period(date(int(m[1]), int(m[2]), 1)) if 1 <= int(m[2]) <= 12 else None),
    (re.compile(r"^(\d{4})-[KQ]([1-4])$", re.IGNORECASE | re.ASCII), lambda m: quarter_period(int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{4})-H([12])$", re.IGNORECASE | re.ASCII), lambda m: half_period(int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{4})$", re.ASCII), lambda m: year_period(int(m[1]))),
    (re.compile(r"^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$", re.ASCII), lambda m: _months(m)),
)


def _months(m) -> ReportPeriod | None:
    if not (1 <= int(m[2]) <= 12 and 1 <= int(m[4]) <= 12):
        return None
    start, end = date(int(m[1]), int(m[2]), 1), month_end(date(int(m[3]), int(m[4]), 1))
    return ReportPeriod(start, end, AGREEMENT) if start <= end else None


def parse_period(text: str) -> ReportPeriod | None:
    """The period a slug names (2026-03, 2026-K1, 2026-H2, 2026, 2025-07..2026-06), or None.

    Years must lie in FIRST_YEAR–LAST_YEAR; a month range is only a candidate agreement period
    (the caller checks it against the unit's agreements)."""
    text = (text or "").strip()
    for pattern, build in PATTERNS:
        match = pattern.match(text)
        if match:
            if any(len(g) == 4 and not FIRST_YEAR <= int(g) <= LAST_YEAR for g in match.groups()):
                return None
            return build(match)
    return None


def covering_period(start: date, end: date) -> ReportPeriod:
    """The smallest calendar period (month, quarter, half-year, year) that holds [start, end];
    the year of `end` when they lie in different years. For old links with a free period."""
    if end < start:
        start, end = end, start
    if start.year != end.year:
        return year_period(end.year)
    for candidate in (month_period(end), quarter_period(end.year, (end.month - 1) // 3 + 1),
                      half_period(end.year, 1 if end.month <= 6 else 2)):
        if candidate.start <= start:
            return candidate
    return year_period(end.year)


def last_complete_month(today: date | None = None) -> ReportPeriod:
    """The month before the current one: the usual month for a steering-group meeting."""
    today = today or timezone.localdate()
    return month_period(add_months(month_start(today), -1))


def trailing_months(month: date, count: int = 12) -> list[date]:
    """First days of the `count` months ending with `month`'s month, oldest first."""
    first = add_months(month_start(month), -(count - 1))
    return [add_months(first, i) for i in range(count)]


def recent_periods(last: date, agreement_periods: list[ReportPeriod] = ()) -> list[ReportPeriod]:
    """The fixed periods to offer as links: the last months, then the quarters, half-years and years
    that ended by `last` (a month) this year and last year, and the agreement periods."""
    last = month_start(last)
    offered = [month_period(m) for m in reversed(trailing_months(last, 3))]
    for year in (last.year, last.year - 1):
        for period in (*(quarter_period(year, q) for q in (4, 3, 2, 1)), half_period(year, 2), half_period(year, 1), year_period(year)):
            if period.end <= month_end(last):
                offered.append(period)
    offered += [p for p in agreement_periods if p.end <= month_end(last) and p not in offered]
    return offered
