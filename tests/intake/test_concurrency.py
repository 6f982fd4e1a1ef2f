"""Two case workers start two people into the last place of a group at the same moment (PostgreSQL)."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection

from intake.models import Episode
from intake.services import programme
from intake.services.programme import StartRefused, participant_start
from participants.models import Participant, Phase
from tests.fixtures import build_world
from tests.intake.factories import accept, make_group, start, today
from tests.participants.factories import make_participant


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_starts_into_the_last_place_give_one_start_and_one_clear_message(monkeypatch, settings):
    settings.LOCALE_PATHS = []  # the message in English (threads do not share an activated language)
    world = build_world()
    owner, colleague = world.users["kommun_vagledare"], world.users["kommun_samordnare"]
    group = make_group(world.unit, by=owner, capacity=2)
    start(accept(make_participant(unit=world.unit, handler=owner), by=owner), by=owner, group=group)  # one place left
    first = accept(make_participant(unit=world.unit, handler=owner, first_name="Ett"), by=owner, on=today() - timedelta(days=2))
    second = accept(make_participant(unit=world.unit, handler=owner, first_name="Två"), by=owner, on=today() - timedelta(days=1))

    # Widen the window between "count the places" and "save the start": without the locks both
    # starts would see one free place here and the group would be overfilled.
    check_group = programme._check_group

    def slow_check(*args, **kwargs):
        check_group(*args, **kwargs)
        time.sleep(0.5)

    monkeypatch.setattr(programme, "_check_group", slow_check)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def run(name, participant, user):
        try:
            barrier.wait(timeout=10)
            participant_start(participant=Participant.objects.get(pk=participant.pk), by=user, started_on=today(), group=group)
            outcomes[name] = "started"
        except StartRefused as exc:
            outcomes[name] = f"{exc.code}: {exc.messages[0]}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=("first", first, owner)),
        threading.Thread(target=run, args=("second", second, colleague)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes) == ["first", "second"]
    started = [name for name, outcome in outcomes.items() if outcome == "started"]
    refused = [outcome for outcome in outcomes.values() if outcome != "started"]
    assert len(started) == 1 and len(refused) == 1
    assert refused[0].startswith("full: ") and "all 2 places were taken" in refused[0]
    assert Episode.objects.filter(group=group).count() == 2
    phases = dict(Participant.objects.filter(pk__in=[first.pk, second.pk]).values_list("first_name", "phase"))
    assert sorted(phases.values()) == [Phase.GUIDANCE, Phase.QUEUED]
