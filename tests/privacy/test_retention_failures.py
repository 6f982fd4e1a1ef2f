"""A failure in one participant's gallring does not stop the others (issue 15, "Nothing lost").

Each participant is handled in a savepoint of its own; one that fails is rolled back, named by
reference (never by name or personnummer) in the run record and the log, the command ends with
exit status 1, and the unit's coordinators see it on their home page.
"""

from __future__ import annotations

import logging
from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from intake.models import Episode, ExitOutcome, StartKind
from krami.dates import add_months
from krami.models import Role
from participants.models import Participant, Phase
from participants.services.phase import participant_set_phase
from privacy.models import GallringRecord, RetentionRun
from privacy.services import retention
from privacy.services.retention import run_gallring
from tests.krami.factories import staff
from tests.participants.factories import make_participant, valid_personnummer

EXIT = date(2021, 5, 3)
GALLRA_ON = add_months(EXIT, 60)


class InjectedFault(Exception):
    pass


def left(world, n: int) -> list[Participant]:
    """`n` participants of the unit who left on EXIT, each with a name and a personnummer."""
    kommun = world.users["kommun_vagledare"]
    people = []
    for i in range(n):
        p = make_participant(
            unit=world.unit, handler=kommun, first_name=f"Hemlignamn{i}", last_name=f"Hemligsson{i}",
            personnummer=valid_personnummer(date(1985, 4, 12), serial=700 + i),
        )
        Episode.objects.create(participant=p, kind=StartKind.INDIVIDUAL, started_on=date(2020, 9, 1), started_by=kommun,
                               ended_on=EXIT, exit_outcome=ExitOutcome.WORK, ended_by=kommun)
        participant_set_phase(participant=p, phase=Phase.CLOSED, on=EXIT, by=kommun)
        people.append(Participant.objects.get(pk=p.pk))
    return people


def home(client) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get("/").content.decode()


@pytest.fixture
def one_fails(world, monkeypatch):
    """Three leavers; granting nothing to the second one's anonymised record fails, with a
    message that quotes the row (as a database error's DETAIL does)."""
    people = left(world, 3)
    broken = people[1]
    sync = retention.participant_sync_grants

    def fault(*, participant):
        if participant.pk == broken.pk:
            raise InjectedFault(f"Failing row contains ({broken.first_name}, {broken.last_name}, 19850412)")
        return sync(participant=participant)

    monkeypatch.setattr(retention, "participant_sync_grants", fault)
    return people, broken


@pytest.mark.django_db
def test_the_others_are_handled_and_the_failed_one_is_unchanged(one_fails):
    people, broken = one_fails
    result = run_gallring(on=GALLRA_ON)

    done = {p.pk for p in Participant.objects.filter(anonymised_at__isnull=False)}
    assert done == {people[0].pk, people[2].pk}
    unchanged = Participant.objects.get(pk=broken.pk)
    assert (unchanged.first_name, unchanged.anonymised_at) == ("Hemlignamn1", None)
    assert not GallringRecord.objects.filter(participant_id=broken.pk).exists()  # all its categories rolled back
    assert [f["participant_reference"] for f in result.failures] == [broken.reference]
    assert result.failures[0]["error"] == "InjectedFault"
    run = RetentionRun.objects.get()
    assert run.finished_at is not None and run.failures == result.failures and run.records == len(result.records)


@pytest.mark.django_db
def test_the_next_run_handles_it_once_the_fault_is_gone(one_fails, monkeypatch):
    _people, broken = one_fails
    run_gallring(on=GALLRA_ON)
    monkeypatch.undo()
    result = run_gallring(on=GALLRA_ON)
    assert result.failures == [] and {r.participant_id for r in result.records} == {broken.pk}
    assert Participant.objects.get(pk=broken.pk).anonymised_at is not None


@pytest.mark.django_db
def test_the_command_exits_non_zero_and_the_log_names_the_reference_only(one_fails, caplog):
    _people, broken = one_fails
    with caplog.at_level(logging.ERROR, logger="privacy.services.retention"), pytest.raises(CommandError) as failed:
        call_command("gallra", "--on", GALLRA_ON.isoformat())

    assert failed.value.returncode == 1 and broken.reference in str(failed.value)
    assert broken.reference in caplog.text
    for secret in ("Hemlignamn1", "Hemligsson1", "19850412", "850412"):
        assert secret not in caplog.text and secret not in str(failed.value)


@pytest.mark.django_db
def test_the_units_coordinators_see_the_failure_on_their_home_page(world, one_fails, client):
    _people, broken = one_fails
    outsider = staff(role=Role.SAMORDNARE, unit=world.other_unit, organisation=world.orgs["other_kommun"], username="annan_sam")
    run_gallring(on=GALLRA_ON)

    client.force_login(world.users["kommun_samordnare"])
    page = home(client)
    assert "Retention (gallring)" in page and broken.reference in page and "InjectedFault" in page
    assert "Hemlignamn1" not in page

    client.force_login(outsider)
    page = home(client)
    assert "Retention (gallring)" in page and broken.reference not in page

    client.force_login(world.users["kommun_vagledare"])  # not a coordinator: no retention section
    assert "Retention (gallring)" not in home(client)


@pytest.mark.django_db
def test_a_run_without_failures_says_so(world, client):
    left(world, 1)
    call_command("gallra", "--on", GALLRA_ON.isoformat())
    client.force_login(world.users["kommun_samordnare"])
    page = home(client)
    assert "every participant due was handled" in page and "gallring failed" not in page
