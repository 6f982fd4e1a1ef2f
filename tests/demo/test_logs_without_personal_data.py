"""No personnummer and no name ever reaches a log (issue 20, item 2): representative journeys
over the demo data, with every logger captured at DEBUG as the process would write them (JSON
lines, settings.LOGGING's filter), searched for every demo participant's names and numbers."""

from __future__ import annotations

import io
import logging
from io import StringIO

import pytest
from django.core.management import call_command

from krami.demo import DEMO_PASSWORD
from krami.logs import JsonLines, RedactPersonnummer
from participants.models import Participant
from participants.personnummer import decrypt

CASEWORKER = "sthlm.kommun.vagledare"


@pytest.fixture
def process_log():
    """The process's log output (root logger, DEBUG, formatted and filtered as in production)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    handler.addFilter(RedactPersonnummer())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def _journeys(client) -> None:
    people = list(Participant.objects.filter(handler__username=CASEWORKER).order_by("pk")[:3])
    someone = people[0]
    number = decrypt(someone.personnummer_encrypted)
    client.post("/konto/logga-in/", {"username": CASEWORKER, "password": "fel-losenord-123"})
    client.post("/konto/logga-in/", {"username": CASEWORKER, "password": DEMO_PASSWORD})
    client.get("/deltagare/", {"q": someone.last_name})
    client.get("/deltagare/", {"q": number})
    for person in people:
        client.get(f"/deltagare/{person.pk}/")
        client.get(f"/deltagare/{person.pk}/andra/")
    client.post(f"/deltagare/{someone.pk}/personnummer/")
    client.get(f"/integritet/deltagare/{someone.pk}/registerutdrag.json")
    client.post("/deltagare/ny/", {"first_name": someone.first_name, "last_name": someone.last_name, "personnummer": number})
    stranger = Participant.objects.exclude(unit__in=someone.unit.__class__.objects.filter(pk=someone.unit_id)).first()
    if stranger is not None:
        client.get(f"/deltagare/{stranger.pk}/")  # 404, logged by django.request
    client.get("/deltagare/999999999/")
    client.post("/konto/logga-ut/")
    call_command("gallra", stdout=StringIO())


def test_the_logs_of_a_days_work_hold_no_name_and_no_personnummer(seeded, client, process_log, caplog):
    caplog.set_level(logging.DEBUG)
    _journeys(client)
    written = process_log.getvalue()
    assert "GET /deltagare/ 200" in written  # the journeys were logged at all
    raw = "\n".join(record.getMessage() for record in caplog.records)
    leaks = []
    for person in Participant.objects.all():
        number = decrypt(person.personnummer_encrypted)
        for value in (person.first_name, person.last_name, number, number[2:], f"{number[:8]}-{number[8:]}"):
            if len(value) > 2 and (value in written or value in raw):
                leaks.append(value)
    assert leaks == []
