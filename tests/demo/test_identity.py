"""After `seed_demo`: a protected identity, a merged person and a merge waiting (issue 18, items 8 and 9)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from intake import demo_people
from participants import personnummer
from participants.models import MergeProposal, MergeStatus, Participant

pytestmark = pytest.mark.django_db


def _hash(person) -> str:
    _first, _last, _gender, born, serial = person
    return personnummer.lookup_hash(personnummer.parse(personnummer.invented(born, serial)).digits)


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def test_the_demo_has_a_protected_identity_that_others_see_as_a_reference(seeded, client):
    tove = Participant.objects.get(personnummer_hash=_hash(demo_people.PROTECTED), protected_identity=True)
    assert tove.address == ""
    _login(client, "sthlm.kv.vagledare")
    queue = client.get(reverse("intake:queue", args=[tove.unit_id])).content.decode()
    assert f"Protected identity ({tove.reference})" in queue and "Sjöberg" not in queue
    _login(client, "sthlm.kommun.vagledare")
    assert "Sjöberg, Tove" in client.get(reverse("participants:list"), {"q": "Sjöberg"}).content.decode()


def test_the_demo_has_a_merged_person_and_a_merge_waiting(seeded, client):
    merged = MergeProposal.objects.get(status=MergeStatus.MERGED)
    assert Participant.objects.filter(personnummer_hash=_hash(demo_people.MERGED)).count() == 1
    assert merged.moved  # the KV record's rows moved to the kommun's
    waiting = MergeProposal.objects.get(status=MergeStatus.OPEN)
    _login(client, "sthlm.kv.vagledare2")
    page = client.get(reverse("participants:detail", args=[waiting.absorbed_id])).content.decode()
    assert reverse("participants:merge_answer", args=[waiting.absorbed_id, waiting.pk]) in page
