"""The demo makes sense on any day of the year, not only on the day it was written.

The demo data is laid out relative to today: a year of history, the last complete month and
the two before it closed, this year's agreement. Two days broke it before: on 20 December the
last month's exits came out as 1–4 in one reason, so small-number protection hid the total too
(the outcomes were drawn from a stream that also drew dates, so they changed with the
calendar); and in January the dashboard of December had no agreement, because the demo had
none for last year. Each day here seeds the demo as if it were that day (time-machine).
"""

from __future__ import annotations

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from krami.dates import add_months
from krami.models import Unit
from reporting.assemble import dashboard_for
from reporting.periods import last_complete_month, month_period

pytestmark = pytest.mark.django_db

DAYS = ["2026-12-20 09:00 +01:00", "2027-01-02 09:00 +01:00", "2027-06-30 16:00 +02:00"]


@pytest.mark.parametrize("day", DAYS)
def test_the_demo_dashboard_has_targets_figures_and_closed_months(day):
    with time_machine.travel(day, tick=True):
        call_command("seed_demo", "--quiet-logins", stdout=StringIO())
        for name in ("Krami Stockholm", "Krami Trollhättan Vänersborg"):
            unit = Unit.objects.get(name=name)
            last = last_complete_month()
            d = dashboard_for(unit=unit, period=last)
            assert d.agreement is not None, name  # targets from the agreement in force that month
            closed = dashboard_for(unit=unit, period=month_period(add_months(last.start, -1)))
            assert closed.snapshot is not None and closed.has_adjustments, name
        sthlm = dashboard_for(unit=Unit.objects.get(name="Krami Stockholm"), period=last)
        exits = sthlm.tables["exit_reasons"].rows[-1].cells[0]
        assert not exits.hidden and exits.value >= 5
        assert not sthlm.tables["occupancy_now"].rows[0].cells[0].hidden
