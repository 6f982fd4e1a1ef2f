"""The categories a user may see of many participants come in one query (issue 19: the priority
queue asked once per category), and they are the ones `visible_participants` gives category by
category, for every user and consent state of the access world."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from krami.models import DataCategory
from participants.access import visible_categories_of, visible_participants
from participants.models import Participant
from tests.intake.factories import accept
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db


def test_the_categories_of_many_are_those_of_the_door_category_by_category(world):
    ids = list(Participant.objects.values_list("pk", flat=True))
    assert len(ids) >= 5
    for key, user in world.users.items():
        expected = {}
        for category in DataCategory.values:
            for pk in visible_participants(user, category).filter(pk__in=ids).values_list("pk", flat=True):
                expected.setdefault(pk, set()).add(category)
        with CaptureQueriesContext(connection) as ctx:
            found = visible_categories_of(user, ids)
        assert {pk: set(c) for pk, c in found.items() if c} == expected, key
        assert len(ctx.captured_queries) <= 1, key
    assert any(len(c) > 1 for c in visible_categories_of(world.users["kommun_vagledare"], ids).values())


def test_the_queue_reads_the_categories_in_one_statement(world, client):
    owner = world.users["kommun_vagledare"]
    for _i in range(3):
        accept(make_participant(unit=world.unit, handler=owner), by=owner)
    client.force_login(owner)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("intake:queue", kwargs={"unit_id": world.unit.pk})).status_code == 200
    # The statements that read the queue's people's grants (the door's subquery on the grants).
    grants = [q["sql"] for q in ctx.captured_queries if "participantgrouppermission" in q["sql"]
              and q["sql"].startswith('SELECT "participants_participant"."id"')]
    assert len(grants) == 1, grants  # four before, one per category of the priority basis
