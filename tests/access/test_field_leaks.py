"""Field-level leak test: a sentinel string in every sensitive field of every data category, for
every participant consent state; every GET page and export of the access-matrix registry is
rendered as every principal, and a sentinel may appear only where the access model allows it.

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
from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from intake.models import DrugTest
from krami.models import DataCategory
from participants.models import NoteVisibility
from participants.services.notes import note_create
from tests.access.registry import CASES
from tests.access.test_matrix import USER_KEYS
from tests.fixtures import CONSENT_STATES, expected_categories
from tests.pdf import pdf_words

SENTINEL = re.compile(rb"ZQ-(\w+?)-(\w+)-QZ")
OWN_NOTE = "own_note"  # a note the owning organisation keeps to itself: never shown to another party
KOMMUN_CASEWORKERS = {"kommun_vagledare", "kommun_samordnare"}  # the world's participants are the kommun's
HTMX_URLS = {"participants:list"}


def sentinel(kind: str, state: str) -> str:
    return f"ZQ-{kind}-{state}-QZ"


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
    return len(set(planted))


def allowed(world, user_key: str, kind: str, state: str) -> bool:
    if user_key is None:
        return False
    categories = expected_categories(world, user_key, state)
    owner = user_key in KOMMUN_CASEWORKERS  # the kommun owns the drug tests and notes planted above
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
            for kind, state in set(SENTINEL.findall(_body(response))):
                seen += 1
                pdf_seen += is_pdf
                if not allowed(world, user_key, kind.decode(), state.decode()):
                    leaks.append(f"{url}{' (htmx)' if headers else ''} as {user_key}: {kind.decode()} of {state.decode()}")
    print(
        f"\nfield-level leak test, shard {shard + 1}/{SHARDS}: {planted} sentinels, {checked} responses, "
        f"{seen} sentinel sightings ({pdf_seen} in {pdfs} PDFs)"
    )
    assert leaks == []
    assert seen > 0  # the test can see sentinels at all (the owners' pages show them)
