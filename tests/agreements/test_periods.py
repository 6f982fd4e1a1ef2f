"""agreements/periods.py: notice deadlines, month arithmetic, settlement periods."""

from datetime import date

import pytest

from agreements.periods import notice_deadline, settlement_periods


@pytest.mark.parametrize(
    ("period_end", "months", "deadline"),
    [
        # Stockholm 2023: "senast sex månader före årets utgång".
        (date(2023, 12, 31), 6, date(2023, 6, 30)),
        (date(2024, 12, 31), 3, date(2024, 9, 30)),
        (date(2024, 6, 30), 6, date(2023, 12, 31)),
        (date(2024, 8, 31), 6, date(2024, 2, 29)),  # leap year: the last day of February
        (date(2023, 12, 31), 0, date(2023, 12, 31)),
    ],
)
def test_notice_deadline(period_end, months, deadline):
    assert notice_deadline(period_end=period_end, months=months) == deadline


def test_settlement_periods_of_a_calendar_year():
    periods = settlement_periods(start=date(2026, 1, 1), end=date(2026, 12, 31))
    keys = [p.key for p in periods]
    assert keys[:5] == ["all", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert keys[5:] == [f"2026-{m:02d}" for m in range(1, 13)]
    q3 = periods[3]
    assert (q3.start, q3.end) == (date(2026, 7, 1), date(2026, 9, 30))


def test_settlement_periods_are_clipped_to_the_agreement():
    periods = {p.key: p for p in settlement_periods(start=date(2026, 2, 15), end=date(2026, 4, 10))}
    assert (periods["2026-Q1"].start, periods["2026-Q1"].end) == (date(2026, 2, 15), date(2026, 3, 31))
    assert (periods["2026-Q2"].start, periods["2026-Q2"].end) == (date(2026, 4, 1), date(2026, 4, 10))
