"""The one calendar (krami/dates.py): months are calendar months, the day clipped to the month's
last; ages and weeks as the rules count them."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from krami.dates import add_months, age_on, month_end, month_start, months_between, week_bounds


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 11, 15), 3, date(2024, 2, 15)),
        (date(2023, 3, 31), -1, date(2023, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 11, 15), 2, date(2025, 1, 15)),
        (date(2024, 3, 15), 60, date(2029, 3, 15)),
        (date(2000, 2, 29), 1200, date(2100, 2, 28)),  # 2100 is not a leap year
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)), st.integers(-1200, 1200))
def test_add_months_lands_in_the_right_month_and_never_past_its_day(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == min(day.day, month_end(moved).day)


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2000, 6, 15), date(2018, 6, 14), 17),
        (date(2000, 6, 15), date(2018, 6, 15), 18),
        (date(2000, 2, 29), date(2018, 2, 28), 17),  # born on a leap day: a year older on 1 March
        (date(2000, 2, 29), date(2018, 3, 1), 18),
    ],
)
def test_age_on(born, on, age):
    assert age_on(born, on) == age


def test_months_and_weeks():
    assert months_between(date(2026, 11, 20), date(2027, 1, 3)) == [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)]
    assert (month_start(date(2026, 2, 14)), month_end(date(2026, 2, 14))) == (date(2026, 2, 1), date(2026, 2, 28))
    assert week_bounds(date(2026, 12, 6)) == (date(2026, 11, 30), date(2026, 12, 6))
