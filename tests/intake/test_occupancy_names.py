"""Issue 17, item 3: the two occupancy measures carry the same names everywhere.

Intake counts those active today ("Aktiva i dag": the queue's priority order compares it with the
occupancy target); the reports count those active during the month ("Aktiva under månaden"). The
queue, the intake overview and the start form name their figure "Aktiva i dag"; the queue says
which measure the target is compared with and names the reports' measure beside its own, with
both definitions one click away; the dashboard gives each measure the very same name.
"""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from tests.agreements.factories import stockholm_like
from tests.intake.factories import accept, start, today
from tests.reporting.helpers import Team
from tests.reporting.test_dashboard_views import hold_march

pytestmark = pytest.mark.django_db

DURING, TODAY = "Aktiva under månaden", "Aktiva i dag"


def _between(text: str, start: str, end: str) -> str:
    begin = text.index(start)
    return text[begin:text.index(end, begin)]


@pytest.fixture
def unit_in_swedish(client):
    """A unit under a Stockholm-like agreement (occupancy target 80) with one participant active
    today, 25 active during March 2026, and one accepted applicant in the queue; pages in Swedish."""
    team = Team()
    stockholm_like(unit=team.unit, year=2026, period=(date(2026, 1, 1), date(max(today().year, 2026), 12, 31)))
    hold_march(team)
    start(accept(team.person(), by=team.worker, on=today()), by=team.worker)
    team.queued = accept(team.person(), by=team.worker, on=today())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    return team


def _queue_occupancy(client, team) -> str:
    client.force_login(team.worker)
    html = client.get(reverse("intake:queue", args=[team.unit.pk])).content.decode()
    return _between(html, 'id="occupancy-heading"', "</section>")


def test_the_queue_names_its_figure_and_the_measure_its_target_is_compared_with(client, unit_in_swedish):
    section = _queue_occupancy(client, unit_in_swedish)
    assert f"<dt>{TODAY}</dt>" in section
    assert "1 av beläggningsmålet 80" in section
    assert f"Beläggningsmålet jämförs med ”{TODAY}”." in section
    # The reports' measure beside it, and both definitions one click away.
    assert f"”{DURING}”" in section
    glossary = reverse("krami:glossary")
    assert f'href="{glossary}#aktiva-i-dag"' in section and f'href="{glossary}#aktiva-under-manaden"' in section


def test_the_queue_and_the_dashboard_give_each_measure_the_same_name(client, unit_in_swedish):
    team = unit_in_swedish
    queue = _queue_occupancy(client, team)
    client.force_login(team.styrgrupp)
    dashboard = client.get(reverse("reporting:unit", args=[team.unit.pk]) + "?period=2026-03").content.decode()
    occupancy = _between(dashboard, 'id="occupancy-heading"', "</section>")
    headline = _between(dashboard, '<li class="headline" data-headline="occupancy">', "</li>")
    # Each page's own figure under its measure's name, and the other measure under the same name.
    assert f'<span class="headline__label">{DURING}</span>' in headline and f"<dt>{TODAY}</dt>" in queue
    assert f"”{TODAY}”" in occupancy and f"”{DURING}”" in queue
    # Each says which one its target is compared with.
    assert f"jämförs med ”{DURING}”" in headline and f"jämförs med ”{TODAY}”" in queue


def test_the_intake_overview_and_the_start_form_name_active_today(client, unit_in_swedish):
    team = unit_in_swedish
    client.force_login(team.worker)
    overview = client.get(reverse("intake:overview")).content.decode()
    assert f"<dt>{TODAY}</dt>" in overview
    form = client.get(reverse("intake:start", args=[team.queued.pk])).content.decode()
    assert f"<dt>{TODAY}</dt>" in form


def test_each_name_is_a_term_with_its_definition(client, unit_in_swedish):
    client.force_login(unit_in_swedish.worker)
    html = client.get(reverse("krami:glossary")).content.decode()
    for slug, name in (("aktiva-under-manaden", DURING), ("aktiva-i-dag", TODAY)):
        term = _between(html, f'id="{slug}"', "</section>")
        assert f">{name}</h2>" in term
