"""Calendar helpers shared by the intake rules: age on a date, months after a date, the week."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def age_on(birth_date: date, on: date) -> int:
    """Whole years of age on `on` (a person born on 29 February turns a year older on 1 March)."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def add_months(start: date, months: int) -> date:
    """The same day `months` later; the last day of the month when that day does not exist."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def week_bounds(on: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week that contains `on`."""
    monday = on - timedelta(days=on.weekday())
    return monday, monday + timedelta(days=6)
