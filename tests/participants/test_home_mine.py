"""The home page's "My participants": open cases by phase, the first MY_LIST_LIMIT listed. When
they all fit, the rows are their own count; past the limit the count is asked for (issue 19)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from krami.models import OrganisationKind, Role
from participants.home import MY_LIST_LIMIT
from participants.models import Phase
from tests.krami.factories import UnitFactory, party, staff
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db


def _mine(client) -> tuple[dict, str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("krami:home"))
    section = next(context for name, context in response.context["sections"] if name == "participants/home_section.html")
    counts = sum('COUNT("participants_participant"."id")' in q["sql"] for q in queries.captured_queries)
    return section, response.content.decode(), counts


def test_my_open_cases_are_counted_by_phase_within_and_past_the_limit(client):
    unit = UnitFactory()
    owner = staff(role=Role.VAGLEDARE, unit=unit, organisation=party(unit, OrganisationKind.KOMMUN))
    make_participant(unit=unit, handler=owner, phase=Phase.GUIDANCE)
    make_participant(unit=unit, handler=owner, phase=Phase.QUEUED)
    make_participant(unit=unit, handler=owner, phase=Phase.CLOSED)  # not open
    client.force_login(owner)
    section, html, counted = _mine(client)
    by_phase = {g["phase"]: (g["count"], len(g["rows"])) for g in section["by_phase"] if g["count"]}
    assert by_phase == {Phase.QUEUED: (1, 1), Phase.GUIDANCE: (1, 1)} and section["total"] == 2
    assert "2 open cases" in html and "?handler=me" not in html
    assert counted == 0  # the rows were their own count

    for _i in range(MY_LIST_LIMIT - 1):
        make_participant(unit=unit, handler=owner, phase=Phase.GUIDANCE)
    section, html, counted = _mine(client)
    assert section["total"] == MY_LIST_LIMIT + 1 and f"{MY_LIST_LIMIT + 1} open cases" in html
    assert sum(len(g["rows"]) for g in section["by_phase"]) == MY_LIST_LIMIT
    assert {g["phase"]: g["count"] for g in section["by_phase"] if g["count"]} == {Phase.QUEUED: 1, Phase.GUIDANCE: MY_LIST_LIMIT}
    assert "?handler=me" in html and counted == 1
