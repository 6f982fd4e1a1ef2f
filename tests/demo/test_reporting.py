"""After `seed_demo` the reports have figures: visible counts, closed months, a change after closing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from intake.models import Episode
from krami.dates import add_months
from krami.models import Unit
from reporting.assemble import dashboard_for
from reporting.models import MonthSnapshot
from reporting.periods import last_complete_month, month_period

pytestmark = pytest.mark.django_db


def test_stockholm_dashboard_shows_figures_closed_months_and_a_change(seeded, client):
    unit = Unit.objects.get(name="Krami Stockholm")
    last = last_complete_month()
    d = dashboard_for(unit=unit, period=last)
    exits = d.tables["exit_reasons"].rows[-1].cells[0]
    assert not exits.hidden and exits.value >= 5
    assert not d.tables["occupancy_now"].rows[0].cells[0].hidden
    assert d.agreement is not None
    closed = dashboard_for(unit=unit, period=month_period(add_months(last.start, -1)))
    assert closed.snapshot is not None and closed.has_adjustments
    closed = list(MonthSnapshot.objects.filter(unit=unit).order_by("month").values_list("month", flat=True))
    assert closed[-1] == add_months(last.start, -1) and len(closed) > 2  # every month before, in order
    assert all(add_months(a, 1) == b for a, b in zip(closed, closed[1:], strict=False))
    client.force_login(get_user_model().objects.get(username="sthlm.kommun.styrgrupp"))
    page = client.get(reverse("reporting:unit", args=[unit.pk])).content.decode()
    assert "This month is not closed" in page  # the last complete month is still open
    assert "stang-manad" not in page  # and the styrgrupp does not close it (issue 17, item 4)


def test_seeding_twice_adds_no_history(seeded):
    before = (Episode.objects.count(), MonthSnapshot.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Episode.objects.count(), MonthSnapshot.objects.count()) == before
