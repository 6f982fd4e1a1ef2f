"""Month-end snapshots: a closed month keeps its figures; later data is marked as a change."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from krami.models import AuditEvent, Role
from reporting.assemble import dashboard_for
from reporting.models import MonthSnapshot
from reporting.periods import month_period
from reporting.snapshots import month_close
from tests.krami.factories import staff
from tests.reporting.helpers import Team
from tests.reporting.test_dashboard_views import hold_march

pytestmark = pytest.mark.django_db
MARCH = date(2026, 3, 1)


def test_back_dating_an_exit_into_a_closed_month_leaves_its_figures_and_marks_the_change(client):
    """The change is marked, not counted: "+1" would publish a count of one (one exit recorded late)."""
    team = Team()
    hold_march(team)
    snapshot = month_close(unit=team.unit, month=MARCH, by=team.styrgrupp)
    assert snapshot.figures["outcome|closed"] == 25
    team.closed(date(2025, 11, 3), date(2026, 3, 20), "work", True)  # recorded later, dated in March

    d = dashboard_for(unit=team.unit, period=month_period(MARCH))
    closed = d.tables["exit_reasons"].rows[-1].cells[0]
    assert (closed.text, closed.adjustment) == ("25", "changed after closing")
    share = d.tables["outcomes"].rows[0].cells[2]
    assert share.value == 60 and share.adjustment == "changed after closing"  # frozen 60 %, now 61.5 %
    assert d.tables["funnel"].rows[0].cells[0].adjustment == ""  # no meeting was added

    client.force_login(team.styrgrupp)
    page = client.get(reverse("reporting:unit", args=[team.unit.pk]) + "?period=2026-03").content.decode()
    assert "2026-03 is closed" in page
    assert "changed after closing" in page
    assert "+1" not in page
    assert "Close 2026-03" not in page


def test_closing_a_month_closes_the_open_months_before_it():
    """Decisions are taken in month order, so the months before are frozen too (November 2025, the
    first month with figures, to March 2026), each with its protection stored."""
    team = Team()
    hold_march(team)
    month_close(unit=team.unit, month=MARCH, by=team.styrgrupp)
    closed = list(MonthSnapshot.objects.filter(unit=team.unit).order_by("month"))
    assert [f"{s.month:%Y-%m}" for s in closed] == ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]
    assert set(closed[-1].hidden) == {"2026-03", "2026-K1"}
    assert set(closed[1].hidden) == {"2025-12", "2025-K4", "2025-H2", "2025"}
    assert AuditEvent.objects.filter(action="reporting.month_closed").count() == 5


def test_an_open_month_shows_the_figures_as_of_today():
    team = Team()
    hold_march(team)
    team.closed(date(2025, 11, 3), date(2026, 3, 20), "work", True)
    d = dashboard_for(unit=team.unit, period=month_period(MARCH))
    assert d.tables["exit_reasons"].rows[-1].cells[0].text == "26"
    assert not d.has_adjustments


def test_a_month_is_closed_once_and_only_after_it_has_ended():
    team = Team()
    month_close(unit=team.unit, month=MARCH, by=team.styrgrupp)
    with pytest.raises(ValidationError, match="already closed"):
        month_close(unit=team.unit, month=MARCH, by=team.styrgrupp)
    with pytest.raises(ValidationError, match="once it has ended"):
        month_close(unit=team.unit, month=timezone.localdate(), by=team.styrgrupp)
    assert MonthSnapshot.objects.filter(unit=team.unit).count() == 1
    assert AuditEvent.objects.filter(action="reporting.month_closed").count() == 1


def test_closing_from_the_check_page(client):
    team = Team()
    hold_march(team)
    coordinator = staff(role=Role.SAMORDNARE, unit=team.unit, organisation=team.unit.parties.get(kind="kommun"))
    client.force_login(coordinator)
    url = reverse("reporting:close_month", args=[team.unit.pk])
    response = client.post(url, {"manad": "2026-03"}, follow=True)
    assert "2026-03 is closed: its figures are frozen" in response.content.decode()
    assert MonthSnapshot.objects.get(unit=team.unit, month=MARCH).closed_by == coordinator
    again = client.post(url, {"manad": "2026-03"}, follow=True)
    assert "2026-03 is already closed." in again.content.decode()
    outsider = Team("Krami Annan")
    client.force_login(staff(role=Role.SAMORDNARE, unit=outsider.unit, organisation=outsider.unit.parties.get(kind="kommun")))
    assert client.post(url, {"manad": "2026-04"}).status_code == 404
    assert MonthSnapshot.objects.count() == 5  # November to March
