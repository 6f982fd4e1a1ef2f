"""Calendar arithmetic for every app: months, a person's age, the week. Pure functions.

One home for each rule (issue 14): agreements (notice, settlement periods), intake (ages, follow-ups
at 3, 6 and 12 months, the week's agenda), privacy (retention periods) and reporting (report
periods) all count months the same way.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """`day` moved by `months`; the day of month is clipped (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def months_between(start: date, end: date) -> list[date]:
    """First days of every calendar month that overlaps [start, end]."""
    result = []
    current = month_start(start)
    while current <= end:
        result.append(current)
        current = add_months(current, 1)
    return result


def age_on(birth_date: date, on: date) -> int:
    """Whole years of age on `on` (a person born on 29 February turns a year older on 1 March)."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def week_bounds(on: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week that contains `on`."""
    monday = on - timedelta(days=on.weekday())
    return monday, monday + timedelta(days=6)
