"""Field-level leak test: a sentinel string in every sensitive field of every data category, for
every participant consent state; every GET page and export of the access-matrix registry is
rendered as every principal, and a sentinel may appear only where the access model allows it.

Protected identity (issue 18, item 9): the participant everyone may see (consent to all) and two more
(one in the queue and at the information meeting, one in a guidance group) have protected personal
data: a sentinel in their names and their personnummer may appear only to the handler and the
owning organisation's coordinator; the address planted before the marking is gone with it.

The access matrix (test_matrix.py) proves who may open a URL; this test proves what the page
then shows. The allowed set is written independently of the code (`tests.fixtures.expected_categories`,
plus record-by-record ownership: the owning organisation always sees its own drug tests and notes).
PDFs are searched in their text (pypdf), with whitespace removed so a sentinel wrapped over two
lines still counts.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.urls import reverse

from intake.models import DrugTest
from intake.services.meetings import attendance_add_participant
from krami.models import DataCategory
from participants import personnummer
from participants.models import ConsentMethod, NoteVisibility, Participant
from participants.services.notes import note_create
from participants.services.register import participant_update
from tests.access.registry import CASES
from tests.access.test_matrix import USER_KEYS
from tests.fixtures import CONSENT_STATES, expected_categories, share_everything
from tests.intake.access_cases import _group, _meeting
from tests.intake.factories import accept, start
from tests.participants.factories import make_participant
from tests.pdf import pdf_words

SENTINEL = re.compile(rb"ZQ-(\w+?)-(\w+)-QZ")
OWN_NOTE = "own_note"  # a note the owning organisation keeps to itself: never shown to another party
NAME = "name"  # the name of a participant with protected identity
PNR = "pnr"  # the whole personnummer of a participant with protected identity
PROTECTED_STATE = "consent_all"  # of the world's participants, the protected one (others see it all)
PROTECTED_EXTRA = ("queued", "grouped")  # two more, on the queue, meeting, group and session pages
KOMMUN_CASEWORKERS = {"kommun_vagledare", "kommun_samordnare"}  # the world's participants are the kommun's
HTMX_URLS = {"participants:list"}


def sentinel(kind: str, state: str) -> str:
    return f"ZQ-{kind}-{state}-QZ"


def plant_protected(world, planted: list) -> dict[str, str]:
    """Mark the participant everyone sees, and two more in the queue, meeting and group, as protected
    identities with a sentinel name; return {personnummer as shown: state} of the three."""
    kommun = world.users["kommun_vagledare"]
    people = {PROTECTED_STATE: world.participants[PROTECTED_STATE]}
    for state in PROTECTED_EXTRA:
        people[state] = make_participant(unit=world.unit, handler=kommun)
        share_everything(world, people[state], given_on=date.today(), method=ConsentMethod.WRITTEN)
    for state, p in people.items():
        p = participant_update(
            participant=p, by=kommun, expected_version=Participant.objects.get(pk=p.pk).version,
            protected_identity=True, first_name=sentinel(NAME, state), last_name="Skyddadsson",
        )
        assert p.address == ""  # the marking removed the address planted before it
        planted.append(p.first_name)
    attendance_add_participant(meeting=_meeting(world), by=kommun, participant=people["queued"])
    accept(people["queued"], by=kommun, on=date.today() - timedelta(days=3))
    accept(people["grouped"], by=kommun, on=date.today() - timedelta(days=3))
    start(people["grouped"], by=kommun, group=_group(world))
    return {
        personnummer.display(personnummer.decrypt(p.personnummer_encrypted)): state for state, p in people.items()
    }


def plant_sentinels(world) -> int:
    """Put a sentinel in each sensitive field of each participant; return how many were planted."""
    kommun = world.users["kommun_vagledare"]
    planted = []
    for state, p in world.participants.items():
        p.address = sentinel(DataCategory.CORE, state)
        p.save(update_fields=["address"])
        planted.append(p.address)
        for category, row in (
            (DataCategory.CRIMINAL_JUSTICE, p.criminal_justice),
            (DataCategory.SOCIAL_SERVICES, p.social_services),
            (DataCategory.LABOUR_MARKET, p.labour_market),
        ):
            row.notes = sentinel(category, state)
            row.save()
            planted.append(row.notes)
        test = DrugTest.objects.create(
            participant=p, owner_organisation=world.orgs["kommun"], referred_on=date(2026, 1, 5),
            reason=sentinel(DataCategory.HEALTH, state), referred_by=kommun,
        )
        planted.append(test.reason)
        for visibility, kind in ((NoteVisibility.TEAM, DataCategory.NOTES), (NoteVisibility.OWN_ORGANISATION, OWN_NOTE)):
            note = note_create(participant=p, by=kommun, noted_on=date(2026, 1, 5), visibility=visibility,
                               text=sentinel(kind, state))
            planted.append(note.text)
    world.protected_pnrs = plant_protected(world, planted)
    return len(set(planted)) + len(world.protected_pnrs)


def allowed(world, user_key: str, kind: str, state: str) -> bool:
    if user_key is None:
        return False
    owner = user_key in KOMMUN_CASEWORKERS  # the kommun owns the drug tests and notes planted above
    if kind in (NAME, PNR):
        return owner  # the handler (kommun_vagledare) and the owning organisation's coordinator
    categories = expected_categories(world, user_key, state)
    if kind == DataCategory.CORE and state == PROTECTED_STATE:
        return False  # no address is stored for a protected identity
    if kind == OWN_NOTE:
        return owner
    if kind in (DataCategory.HEALTH, DataCategory.NOTES):
        return owner or kind in categories
    return kind in categories


def _body(response) -> bytes:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return pdf_words(content).encode()
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(content)) as xlsx:
            return b"".join(xlsx.read(name) for name in xlsx.namelist() if name.endswith(".xml"))
    return content


def _shows_pnr(body: bytes, pnr: str) -> bool:
    """The whole personnummer, as shown (YYYYMMDD-NNNN) or as twelve digits."""
    return pnr.encode() in body or pnr.replace("-", "").encode() in body


def _requests(world):
    """(url, headers, state or None) of every GET case; participant cases once per consent state."""
    for case_key, case in sorted(CASES.items()):
        if case.method != "GET" or case.kind == "public":
            continue
        name = case_key.split("[", 1)[0]
        if case.kind == "participant":
            targets = [(state, case.kwargs(world, world.participants[state])) for state in CONSENT_STATES]
        else:
            targets = [(None, case.kwargs(world))]
        for _state, kwargs in targets:
            if kwargs is None:
                continue
            url = reverse(name, kwargs=kwargs)
            yield url, {}
            if name in HTMX_URLS:
                yield url, {"HTTP_HX_REQUEST": "true"}


# Split by request into shards so that the test workers share it (pytest-xdist); each consent
# state of a page lands in a different shard, so every shard sees owners' sentinels.
SHARDS = 3


@pytest.mark.slow
@pytest.mark.parametrize("shard", range(SHARDS))
def test_a_sentinel_appears_only_where_the_access_model_allows_it(client, log_in_as, world, shard):
    planted = plant_sentinels(world)
    leaks: list[str] = []
    checked = pdfs = pdf_seen = seen = 0
    for url, headers in list(_requests(world))[shard::SHARDS]:
        for user_key in USER_KEYS:
            log_in_as(user_key)
            with transaction.atomic():
                response = client.get(url, **headers)
                transaction.set_rollback(True)
            checked += 1
            is_pdf = response.get("Content-Type", "").startswith("application/pdf")
            pdfs += is_pdf
            body = _body(response)
            sightings = {(k.decode(), s.decode()) for k, s in SENTINEL.findall(body)}
            sightings |= {(PNR, state) for pnr, state in world.protected_pnrs.items() if _shows_pnr(body, pnr)}
            for kind, state in sightings:
                seen += 1
                pdf_seen += is_pdf
                if not allowed(world, user_key, kind, state):
                    leaks.append(f"{url}{' (htmx)' if headers else ''} as {user_key}: {kind} of {state}")
    print(
        f"\nfield-level leak test, shard {shard + 1}/{SHARDS}: {planted} sentinels, {checked} responses, "
        f"{seen} sentinel sightings ({pdf_seen} in {pdfs} PDFs)"
    )
    assert leaks == []
    assert seen > 0  # the test can see sentinels at all (the owners' pages show them)
