"""Fixtures for the programme after the start: an enrolled participant and an employer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from participants.models import ConsentMethod, Phase
from participants.services.employers import employer_create
from tests.fixtures import share_everything
from tests.participants.factories import make_participant


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def employer(world):
    return employer_create(
        unit=world.unit, by=world.users["kommun_vagledare"], name="Söderbygg Montage AB",
        organisation_number="5560360793", contact_person="Anders Lindgren",
    )


def enrol(world, *, days_ago: int = 40, consent_all: bool = False, **fields):
    """A kommun-owned participant in the guidance course since `days_ago` days."""
    owner = world.users["kommun_vagledare"]
    participant = make_participant(
        unit=world.unit, handler=owner, phase=Phase.GUIDANCE,
        phase_since=timezone.localdate() - timedelta(days=days_ago), **fields,
    )
    if consent_all:
        share_everything(world, participant, given_on=timezone.localdate(), method=ConsentMethod.WRITTEN)
    return participant


@pytest.fixture
def enrolled(world):
    """In the guidance course for 40 days; no consent, so only the kommun sees the person."""
    return enrol(world, first_name="Ida", last_name="Inskriven")


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever the Swedish catalogue later says."""
    settings.LANGUAGE_CODE = "en"
