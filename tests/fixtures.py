"""Shared fixtures: a small world with two units, every role, and participants in each consent state."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from krami.models import DataCategory, OrganisationKind, Role
from participants.authority import releasable_categories
from participants.models import ConsentMethod
from participants.services.consent import consent_record, consent_withdraw
from tests.krami.factories import UnitFactory, UserFactory, party, staff
from tests.participants.factories import make_participant


@dataclass
class World:
    unit: object
    other_unit: object
    orgs: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    participants: dict = field(default_factory=dict)


# Consent states of the world's participants (all owned by the unit's kommun).
CONSENT_STATES = ["no_consent", "consent_kv_core", "consent_all", "withdrawn", "expired"]


def build_world() -> World:
    unit = UnitFactory(name="Krami Testby")
    other_unit = UnitFactory(name="Krami Annanstad")
    w = World(unit=unit, other_unit=other_unit)
    w.orgs = {
        "af": party(unit, OrganisationKind.AF),
        "kv": party(unit, OrganisationKind.KV),
        "kommun": party(unit, OrganisationKind.KOMMUN),
        "other_kommun": party(other_unit, OrganisationKind.KOMMUN),
    }
    u = w.users
    u["kommun_vagledare"] = staff(role=Role.VAGLEDARE, unit=unit, organisation=w.orgs["kommun"], username="kommun_vl")
    u["kommun_samordnare"] = staff(role=Role.SAMORDNARE, unit=unit, organisation=w.orgs["kommun"], username="kommun_sam")
    u["kv_vagledare"] = staff(role=Role.VAGLEDARE, unit=unit, organisation=w.orgs["kv"], username="kv_vl")
    u["af_vagledare"] = staff(role=Role.VAGLEDARE, unit=unit, organisation=w.orgs["af"], username="af_vl")
    u["styrgrupp"] = staff(role=Role.STYRGRUPP, unit=unit, organisation=w.orgs["kommun"], username="styr")
    u["agreement_admin"] = staff(role=Role.AGREEMENT_ADMIN, unit=unit, organisation=w.orgs["kommun"], username="avtal")
    u["other_unit_vagledare"] = staff(
        role=Role.VAGLEDARE, unit=other_unit, organisation=w.orgs["other_kommun"], username="annan_vl"
    )
    u["nsg"] = staff(role=Role.NSG, username="nsg")
    u["sysadmin"] = staff(role=Role.SYSADMIN, username="sysadmin", is_staff=True, is_superuser=True)
    u["no_membership"] = UserFactory(username="ingen")

    owner = u["kommun_vagledare"]
    today = timezone.localdate()
    p = w.participants
    for state in CONSENT_STATES:
        p[state] = make_participant(unit=unit, handler=owner, first_name=f"Sentinel{state}", last_name="Person")
    consent_record(
        participant=p["consent_kv_core"], by=owner, given_on=today, method=ConsentMethod.WRITTEN,
        scopes=[(w.orgs["kv"], DataCategory.CORE)],
    )
    everything = {"given_on": today, "method": ConsentMethod.WRITTEN}
    for state in ("consent_all", "withdrawn"):
        for consent in share_everything(w, p[state], **everything):
            if state == "withdrawn":
                consent_withdraw(consent=consent, by=consent.recorded_by)
    share_everything(w, p["expired"], given_on=today - timedelta(days=30), method=ConsentMethod.WRITTEN,
                     valid_until=today - timedelta(days=1))
    return w


RELEASERS = {"kommun": "kommun_vagledare", "kv": "kv_vagledare", "af": "af_vagledare"}


def share_everything(w: World, participant, **consent) -> list:
    """Each party of the unit releases everything it holds to the other two (the owner first, so that
    the others see the participant and can record theirs): one consent per releasing party."""
    consents = []
    for org_key, user_key in RELEASERS.items():
        others = [o for k, o in w.orgs.items() if k in RELEASERS and k != org_key]
        by = w.users[user_key]
        org = w.orgs[org_key]
        consents.append(consent_record(
            participant=participant, by=by,
            scopes=[(o, c) for o in others for c in releasable_categories(org, participant)], **consent,
        ))
    return consents


@contextmanager
def shared_data(django_db_blocker, build: Callable):
    """Data that many tests read, written once and rolled back after the last of them.

    What Django's `TestCase.setUpTestData` does, for a module- or package-scoped pytest fixture:
    `build()` runs in an outer transaction; each test (the `db` fixture, not transactional) runs
    in a savepoint inside it, so what one test changes is undone before the next, and the
    database is empty again once the fixture is torn down. Transactional tests (`live_server`,
    `transaction=True`) must not run while it is open: they would not see the data.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            data = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield data
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or "live_server" in names or "transactional_db" in names


def _uses_database(item) -> bool:
    names = getattr(item, "fixturenames", ())
    return bool(item.get_closest_marker("django_db")) or "db" in names or is_transactional(item)


@pytest.fixture(scope="module")
def module_world(request, django_db_setup, django_db_blocker) -> Iterator[World | None]:
    """One world for all tests of a module, when every database test of the module uses it.

    Building the world takes ~0.3 s and some 370 tests use it. A module shares one only when no
    test of it would see data it did not ask for (a database test without `world`) and none is
    transactional (see `shared_data`); otherwise (None) each test builds its own.
    """
    items = [item for item in request.session.items if item.getparent(pytest.Module) is request.node]
    database_tests = [item for item in items if _uses_database(item)]
    if any(is_transactional(item) or "world" not in item.fixturenames for item in database_tests):
        yield None
        return
    with shared_data(django_db_blocker, build_world) as world:
        yield world


@pytest.fixture
def world(module_world, db) -> World:
    """The world as built: a fresh one, or a copy of the module's (its rows are restored after each test)."""
    return build_world() if module_world is None else copy.deepcopy(module_world)


def expected_categories(world: World, user_key: str, participant_key: str) -> set[str]:
    """The access model as a table (docs/access.md): which categories a user sees of a participant.

    Written independently of participants/services/grants.py so that the tests check the code.
    """
    caseworker_orgs = {"kommun_vagledare": "kommun", "kommun_samordnare": "kommun", "kv_vagledare": "kv", "af_vagledare": "af"}
    if user_key not in caseworker_orgs:
        return set()
    org = caseworker_orgs[user_key]
    owner_org = "kommun"
    own_category = {"kv": DataCategory.CRIMINAL_JUSTICE, "kommun": DataCategory.SOCIAL_SERVICES, "af": DataCategory.LABOUR_MARKET}[org]
    consented = {
        "no_consent": set(),
        "consent_kv_core": {DataCategory.CORE} if org == "kv" else set(),
        "consent_all": set(DataCategory),
        "withdrawn": set(),
        "expired": set(),
    }[participant_key]
    if org != owner_org and DataCategory.CORE not in consented:
        return set()  # another party without consent does not see the person at all
    return consented | {DataCategory.CORE, own_category}
