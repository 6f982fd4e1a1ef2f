"""Issue 17, item 4: closing a month is a deliberate act on its own page, for the unit's
coordinators and agreement admins, with the figures to be frozen shown before the final POST."""

from datetime import date

import pytest
from django.urls import reverse

from krami.models import Role
from reporting.models import MonthSnapshot
from tests.agreements.factories import stockholm_like
from tests.krami.factories import staff
from tests.reporting.helpers import Team
from tests.reporting.test_dashboard_views import hold_march, open_dashboard

pytestmark = pytest.mark.django_db


def _member(team: Team, role: str):
    return staff(role=role, unit=team.unit, organisation=team.unit.parties.get(kind="kommun"))


def test_a_steering_group_member_cannot_close_a_month(client):
    team = Team()
    hold_march(team)
    client.force_login(team.styrgrupp)
    check = reverse("reporting:close_month_check", args=[team.unit.pk])
    assert client.get(f"{check}?manad=2026-03").status_code == 404
    assert client.post(reverse("reporting:close_month", args=[team.unit.pk]), {"manad": "2026-03"}).status_code == 404
    assert not MonthSnapshot.objects.exists()
    page = open_dashboard(client, team).content.decode()
    assert check not in page
    assert reverse("reporting:close_month", args=[team.unit.pk]) not in page


def test_the_dashboard_links_to_the_close_page_and_holds_no_close_button(client):
    team = Team()
    hold_march(team)
    client.force_login(_member(team, Role.SAMORDNARE))
    page = client.get(reverse("reporting:unit", args=[team.unit.pk]) + "?period=2026-03").content.decode()
    check = reverse("reporting:close_month_check", args=[team.unit.pk])
    assert f'<a href="{check}?manad=2026-03">Close 2026-03: check the figures first</a>' in page
    assert f'action="{reverse("reporting:close_month", args=[team.unit.pk])}"' not in page
    downloads = page[page.index('id="downloads-heading"'):page.index("</section>", page.index('id="downloads-heading"'))]
    assert check not in downloads


@pytest.mark.parametrize("role", [Role.SAMORDNARE, Role.AGREEMENT_ADMIN])
def test_the_close_page_shows_the_figures_to_be_frozen_before_the_final_post(client, role):
    team = Team()
    stockholm_like(unit=team.unit, year=2026)
    hold_march(team)
    client.force_login(_member(team, role))
    check = reverse("reporting:close_month_check", args=[team.unit.pk])
    page = client.get(f"{check}?manad=2026-03").content.decode()
    assert not MonthSnapshot.objects.exists()  # looking closes nothing
    frozen = page[page.index('id="frozen-heading"'):page.index('id="check-heading"')]
    assert "The figures of 2026-03 that will be frozen" in frozen
    assert "66.7 %" in frozen and "Target met" in frozen
    assert "2025-11, 2025-12, 2026-01, 2026-02 (months are closed in order)" in page
    assert f'action="{reverse("reporting:close_month", args=[team.unit.pk])}"' in page
    assert "Close 2026-03 and freeze its figures" in page
    closed = client.post(reverse("reporting:close_month", args=[team.unit.pk]), {"manad": "2026-03"}, follow=True)
    assert "2026-03 is closed: its figures are frozen" in closed.content.decode()
    assert MonthSnapshot.objects.filter(unit=team.unit).count() == 5
    assert 'id="check-heading"' not in closed.content.decode()  # nothing left to close


def test_a_month_that_has_not_ended_offers_no_close_button(client):
    team = Team()
    client.force_login(_member(team, Role.SAMORDNARE))
    today = date.today()
    page = client.get(reverse("reporting:close_month_check", args=[team.unit.pk]) + f"?manad={today:%Y-%m}").content.decode()
    assert "A month can be closed once it has ended." in page
    assert "freeze its figures</button>" not in page
