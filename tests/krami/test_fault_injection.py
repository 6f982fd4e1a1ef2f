"""No partial state (issue 6, "Reliability"): a multi-step operation interrupted at any of its
steps leaves every table exactly as it was.

Each case runs an operation with a fault injected at one step (the step after which some rows
are already written), then compares a snapshot of every table of the project before and after.
"""

from datetime import date, timedelta

import pytest
from django.apps import apps

from agreements.models import AgreementStatus
from agreements.services import agreement as agreement_services
from intake.services import programme
from krami.models import DataCategory, OrganisationKind
from participants.models import Consent, NoteVisibility
from participants.services import consent as consent_services
from participants.services import merge as merge_services
from participants.services.notes import note_create
from tests.agreements.factories import stockholm_like
from tests.fixtures import build_world
from tests.intake.factories import accept, make_drug_test, make_group, start, today
from tests.participants.factories import make_participant, register_again


class InjectedFault(Exception):
    pass


def snapshot() -> dict[str, list]:
    """Every row of every table, as plain values (the test database is small)."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        rows = model._base_manager.order_by("pk").values_list()
        tables[model._meta.db_table] = [tuple(map(_plain, row)) for row in rows]
    return tables


def _plain(value) -> str:
    # PostgreSQL returns binary columns as memoryview, whose str() is its address: compare the bytes.
    return bytes(value).hex() if isinstance(value, memoryview) else str(value)


def fail_at(monkeypatch, module, name):
    def fault(*args, **kwargs):
        raise InjectedFault(f"{module.__name__}.{name}")

    monkeypatch.setattr(module, name, fault)


def _start(world, owner):
    group = make_group(world.unit, by=owner, capacity=4)
    person = accept(make_participant(unit=world.unit, handler=owner), by=owner, on=today() - timedelta(days=3))
    return lambda: programme.participant_start(participant=person, by=owner, started_on=today(), group=group)


def _exit(world, owner):
    person = accept(make_participant(unit=world.unit, handler=owner), by=owner)
    start(person, by=owner)
    return lambda: programme.participant_exit(
        participant=person, by=owner, ended_on=today(), outcome="work", completed_guidance_programme=True
    )


def _consent(world, owner):
    person = make_participant(unit=world.unit, handler=owner)
    kv = world.unit.parties.get(kind=OrganisationKind.KV)
    return lambda: consent_services.consent_record(
        participant=person, by=owner, given_on=today(), method=Consent._meta.get_field("method").choices[0][0],
        scopes=[(kv, DataCategory.CORE), (kv, DataCategory.SOCIAL_SERVICES)],
    )


def _activation(world, owner):
    draft = stockholm_like(unit=world.unit, year=date.today().year + 1, status=AgreementStatus.DRAFT)
    return lambda: agreement_services.agreement_activate(
        agreement=draft, title=draft.title, period_start=draft.period_start, period_end=draft.period_end, by=owner
    )


def _merge(world, owner):
    """Two parties' records of one person, each seen by the other owner; KV's has a note and a drug
    test; the kommun proposed the merge and KV confirms it."""
    kv_user = world.users["kv_vagledare"]
    kv = world.unit.parties.get(kind=OrganisationKind.KV)
    kommun = world.unit.parties.get(kind=OrganisationKind.KOMMUN)
    mine = make_participant(unit=world.unit, handler=owner)
    theirs = register_again(mine, by=kv_user)
    note_create(participant=theirs, by=kv_user, noted_on=today(), visibility=NoteVisibility.TEAM, text="Före sammanslagningen")
    make_drug_test(theirs, by=kv_user)
    for record, by, other in ((mine, owner, kv), (theirs, kv_user, kommun)):
        consent_services.consent_record(
            participant=record, by=by, given_on=today(), method="written", scopes=[(other, DataCategory.CORE)]
        )
    proposal = merge_services.merge_propose(participant=mine, other=theirs, by=owner)
    return lambda: merge_services.merge_confirm(proposal=proposal, participant=theirs, by=kv_user)


# (operation, how to set it up, the steps to fail at: after the first rows are written, and the last step)
CASES = [
    ("start into a group", _start, [(programme, "participant_set_phase"), (programme, "audit")]),
    ("exit with follow-ups", _exit, [(programme, "participant_set_phase"), (programme, "audit")]),
    ("consent with permission updates", _consent,
     [(consent_services, "participant_sync_grants"), (consent_services, "audit")]),
    ("agreement activation", _activation, [(agreement_services, "audit")]),
    # After the rows have moved, after the other record is removed, and at the last step.
    ("merge of two records", _merge,
     [(merge_services, "_combine_categories"), (merge_services, "participant_sync_grants"), (merge_services, "audit")]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "setup, module, step",
    [pytest.param(setup, module, step, id=f"{name}: fault at {step}") for name, setup, steps in CASES
     for module, step in steps],
)
def test_a_fault_at_any_step_leaves_the_database_unchanged(monkeypatch, setup, module, step):
    world = build_world()
    owner = world.users["kommun_vagledare"]
    operation = setup(world, owner)
    before = snapshot()

    fail_at(monkeypatch, module, step)
    with pytest.raises(InjectedFault):
        operation()

    after = snapshot()
    changed = sorted(table for table in before if before[table] != after[table])
    assert changed == []


@pytest.mark.django_db
@pytest.mark.parametrize("name, setup", [(name, setup) for name, setup, _steps in CASES])
def test_without_a_fault_the_operation_writes(name, setup):
    # The guard against a vacuous test above: the same operation, not interrupted, does change rows.
    world = build_world()
    operation = setup(world, world.users["kommun_vagledare"])
    before = snapshot()
    operation()
    assert snapshot() != before
