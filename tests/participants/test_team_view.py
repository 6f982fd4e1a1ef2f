"""The team view: the unit's participants the user may see, by case worker, with counts per phase."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from krami.models import AccessLog, OrganisationKind, Role
from participants.models import Phase
from tests.krami.factories import UnitFactory, party, staff
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db
URL = reverse("participants:team")


def _row(html: str, name: str) -> list[str]:
    """The count cells of a case worker's row in the counts table."""
    table = html[html.index("data-team-counts"):]
    row = table[table.index(name):table.index("</tr>", table.index(name))]
    return re.findall(r'<td class="num">(\d+)</td>', row)


def test_counts_per_case_worker_and_phase(client, world):
    owner = world.users["kommun_vagledare"]
    colleague = staff(role=Role.VAGLEDARE, unit=world.unit, organisation=world.orgs["kommun"], username="kollega",
                      first_name="Kalle", last_name="Kollega")
    make_participant(unit=world.unit, handler=colleague, first_name="Praktikant", phase=Phase.INTERNSHIP)
    make_participant(unit=world.unit, handler=colleague, first_name="Avslutad", phase=Phase.CLOSED)
    client.force_login(owner)
    html = client.get(URL).content.decode()
    # Phase columns in Phase order: applicant, queued, guidance, internship, work, not accepted, closed; total.
    assert _row(html, "Kalle Kollega") == ["0", "0", "0", "1", "0", "0", "1", "2"]
    assert _row(html, owner.get_full_name()) == ["5", "0", "0", "0", "0", "0", "0", "5"]
    assert "Praktikant" in html and "Avslutad" not in html.split("data-team-counts")[1].split("</table>", 1)[1]


def test_other_parties_see_only_consented_participants(client, world):
    """KV sees the two participants whose consent names KV; the counts show nothing else."""
    client.force_login(world.users["kv_vagledare"])
    html = client.get(URL).content.decode()
    assert _row(html, world.users["kommun_vagledare"].get_full_name())[-1] == "2"
    assert "Sentinelconsent_all" in html and "Sentinelconsent_kv_core" in html
    assert "Sentinelno_consent" not in html and "Sentinelwithdrawn" not in html
    logged = AccessLog.objects.filter(username="kv_vl", action=AccessLog.Action.LIST)
    assert {r.participant_id for r in logged} == {world.participants["consent_all"].pk, world.participants["consent_kv_core"].pk}


def test_case_workers_without_participants_are_listed(client, world):
    client.force_login(world.users["kommun_vagledare"])
    html = client.get(URL).content.decode()
    assert _row(html, world.users["af_vagledare"].get_full_name())[-1] == "0"


def test_another_units_team_is_not_found(client, world):
    client.force_login(world.users["kommun_vagledare"])
    assert client.get(URL, {"unit": world.other_unit.pk}).status_code == 404


@pytest.mark.parametrize("user_key", ["styrgrupp", "nsg", "no_membership", "agreement_admin"])
def test_roles_without_case_work_do_not_see_the_team(client, world, user_key):
    client.force_login(world.users[user_key])
    assert client.get(URL).status_code == 404


def test_queries_do_not_grow_with_participants(client):
    unit = UnitFactory()
    owner = staff(role=Role.VAGLEDARE, unit=unit, organisation=party(unit, OrganisationKind.KOMMUN))
    client.force_login(owner)
    counts = []
    for add, expected in ((1, "1 open case"), (29, "30 open cases")):
        for _ in range(add):
            make_participant(unit=unit, handler=owner, phase=Phase.GUIDANCE)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL)
        assert expected in response.content.decode()
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_only_the_team_entry_is_current_in_the_menu(client, world):
    """/deltagare/team/ starts with /deltagare/ too: the menu marks the longest match only."""
    client.force_login(world.users["kommun_vagledare"])
    html = client.get(URL).content.decode()
    nav = html[html.index('class="site-nav"'):html.index("</nav>", html.index('class="site-nav"'))]
    assert nav.count('aria-current="page"') == 1
    assert f'<a href="{URL}" aria-current="page">Team</a>' in nav
