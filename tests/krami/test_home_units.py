"""The home page's "Your units": each unit of the user's memberships with its parties, the access-log
link for a unit the user coordinates, read with the memberships (no statement of its own for the units)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from krami.models import Role
from krami.services import membership_grant

pytestmark = pytest.mark.django_db


def _units_section(html: str) -> str:
    return re.search(r'<section class="card" aria-labelledby="units-heading">(.*?)</section>', html, re.S).group(1)


def test_each_unit_is_listed_with_its_parties_and_the_coordinators_log_link(world, client):
    user = world.users["kommun_samordnare"]
    # The coordinator of Testby is also a case worker in Annanstad (its kommun a party there too):
    # two units, a log link for one.
    world.other_unit.parties.add(world.orgs["kommun"])
    membership_grant(user=user, role=Role.VAGLEDARE, organisation=world.orgs["kommun"], unit=world.other_unit)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("krami:home")).content.decode()
    section = _units_section(html)
    testby, annanstad = section.index("<h3>Krami Testby</h3>"), section.index("<h3>Krami Annanstad</h3>")
    assert annanstad < testby  # by name
    testby_part, annanstad_part = section[testby:], section[annanstad:testby]
    for org in ("af", "kv", "kommun"):
        assert world.orgs[org].name in testby_part
    assert world.orgs["other_kommun"].name in annanstad_part and world.orgs["kommun"].name in annanstad_part
    assert world.orgs["af"].name not in annanstad_part
    assert reverse("krami:access_log", args=[world.unit.pk]) in testby_part
    assert reverse("krami:access_log", args=[world.other_unit.pk]) not in section
    # The units themselves come with the memberships: only their parties are read for the section.
    assert not [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "krami_unit"."id"')]
