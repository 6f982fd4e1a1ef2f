"""Register import, end to end through the services: dry run, all or nothing, idempotence, phases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from intake.models import Episode, FollowUp, ImportStatus, RegisterImport, RowOutcome
from intake.registerimport import services
from krami.models import AuditEvent
from participants.models import Participant, Phase, PhaseChange
from tests.intake.factories import make_group, today
from tests.intake.importfiles import csv_bytes, person
from tests.participants.factories import make_participant, valid_personnummer

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(world):
    return world.users["kommun_samordnare"]


@pytest.fixture
def kommun(world):
    return world.unit.municipalities.first().name


def upload(world, by, rows, **kwargs):
    imp = services.import_upload(unit=world.unit, by=by, file_name="register.csv", content=csv_bytes(rows, **kwargs))
    while imp.status == ImportStatus.CHECKING:
        imp = services.import_check_next(register_import=imp, by=by)
    return imp


def outcomes(imp):
    return {r.number: (r.outcome, r.episode) for r in imp.rows.all()}


def test_a_valid_file_is_checked_then_applied_with_phases_and_follow_ups(world, coordinator, kommun):
    a, b = valid_personnummer(date(1980, 5, 1)), valid_personnummer(date(1991, 7, 2))
    ended = today() - timedelta(days=40)
    rows = [
        person(a, hemkommun=kommun, startdatum=ended - timedelta(days=200), avslutsdatum=ended, avslutsorsak="Studier",
               **{"genomfört vägledningsprogrammet": "ja"}),
        person(a, hemkommun=kommun, startdatum=today() - timedelta(days=10)),
        person(b, first="Bo", last="Berg", kön="man", hemkommun=kommun),
    ]
    imp = upload(world, coordinator, rows)
    assert outcomes(imp) == {2: ("new_participant", "new"), 3: ("new_episode", "new"), 4: ("new_participant", "none")}
    assert (imp.new_participants, imp.new_episodes, imp.error_rows, imp.can_apply) == (2, 2, 0, True)
    assert not Participant.objects.filter(first_name="Bo").exists()  # a dry run writes nothing

    services.import_apply(register_import=imp, by=coordinator)

    imp.refresh_from_db()
    assert imp.status == ImportStatus.APPLIED and imp.content is None and imp.sha256
    anna = Participant.objects.get(first_name="Anna", unit=world.unit)
    assert anna.owner_organisation == world.orgs["kommun"]
    assert anna.phase == Phase.GUIDANCE and anna.phase_since == today() - timedelta(days=10)
    assert anna.registered_on == ended - timedelta(days=200)  # her first start in the file, not the import's day
    assert list(PhaseChange.objects.filter(participant=anna).order_by("on", "pk").values_list("phase", flat=True)) == [
        "guidance", "closed", "guidance"]
    closed = Episode.objects.get(participant=anna, ended_on=ended)
    assert closed.exit_outcome == "studies" and closed.completed_guidance_programme is True
    # Follow-ups still to come (3, 6 and 12 months after an exit 40 days ago), not the one already past.
    assert sorted(FollowUp.objects.filter(episode=closed).values_list("months", flat=True)) == [3, 6, 12]
    bo = Participant.objects.get(first_name="Bo")
    assert bo.phase == Phase.APPLICANT and not bo.episodes.exists() and bo.registered_on == today()
    event = AuditEvent.objects.get(action="register_import.applied")
    assert event.data["new_participants"] == 2 and event.data["new_episodes"] == 2 and event.user == coordinator


def test_importing_the_same_file_twice_changes_nothing(world, coordinator, kommun):
    group = make_group(world.unit, by=coordinator, starts_on=today() - timedelta(days=60))
    rows = [
        person(valid_personnummer(date(1985, 1, 1)), hemkommun=kommun, grupp=group.name, startdatum=group.starts_on,
               avslutsdatum=group.starts_on + timedelta(days=20), avslutsorsak="work",
               **{"genomfört vägledningsprogrammet": "Nej"}),
        person(valid_personnummer(date(1986, 1, 1)), first="Cia", hemkommun=kommun, startdatum=today() - timedelta(days=5)),
    ]
    first = upload(world, coordinator, rows)
    services.import_apply(register_import=first, by=coordinator)
    counts = {m: m.objects.count() for m in (Participant, Episode, FollowUp, PhaseChange)}

    second = upload(world, coordinator, rows)

    assert set(outcomes(second).values()) == {("unchanged", "unchanged")}
    assert (second.new_participants, second.new_episodes, second.unchanged_rows) == (0, 0, 2)
    services.import_apply(register_import=second, by=coordinator)
    assert {m: m.objects.count() for m in counts} == counts


def test_applying_twice_is_refused_and_writes_nothing(world, coordinator, kommun):
    imp = upload(world, coordinator, [person(valid_personnummer(), hemkommun=kommun)])
    services.import_apply(register_import=imp, by=coordinator)
    with pytest.raises(services.ImportRefused):
        services.import_apply(register_import=imp, by=coordinator)
    assert Participant.objects.filter(first_name="Anna").count() == 1


def test_an_open_episode_in_krami_closed_by_the_file_is_an_update(world, coordinator, kommun):
    pnr = valid_personnummer(date(1979, 3, 3))
    started = today() - timedelta(days=90)
    upload_rows = [person(pnr, hemkommun=kommun, startdatum=started)]
    services.import_apply(register_import=upload(world, coordinator, upload_rows), by=coordinator)
    closing = [person(pnr, hemkommun=kommun, startdatum=started, avslutsdatum=today(), avslutsorsak="arbete utan stöd",
                      **{"genomfört vägledningsprogrammet": "ja"})]

    imp = upload(world, coordinator, closing)

    assert outcomes(imp) == {2: ("episode_updated", "updated")}, imp.rows.get().errors
    services.import_apply(register_import=imp, by=coordinator)
    episode = Episode.objects.get(participant__first_name="Anna")
    assert (episode.ended_on, episode.exit_outcome) == (today(), "work")
    assert episode.participant.phase == Phase.CLOSED
    assert FollowUp.objects.filter(episode=episode).count() == 3


def test_a_person_registered_by_another_organisation_is_new_for_the_importer(world, coordinator, kommun):
    # The KV case worker's own record, without consent: the importer (kommun) may not see it.
    kv = world.users["kv_vagledare"]
    pnr = valid_personnummer(date(1970, 2, 2))
    make_participant(unit=world.unit, handler=kv, personnummer=pnr, first_name="Hemlig", last_name="Person")

    imp = upload(world, coordinator, [person(pnr, first="Hemlig", last="Person", hemkommun=kommun)])

    assert outcomes(imp) == {2: ("new_participant", "none")}
    services.import_apply(register_import=imp, by=coordinator)
    assert Participant.objects.filter(first_name="Hemlig").count() == 2  # one record per organisation


def test_discard_deletes_the_file_and_keeps_the_counts(world, coordinator, kommun):
    imp = upload(world, coordinator, [person(valid_personnummer(), hemkommun=kommun)])
    services.import_discard(register_import=imp, by=coordinator)
    imp = RegisterImport.objects.get(pk=imp.pk)
    assert (imp.status, imp.content, imp.new_participants) == (ImportStatus.DISCARDED, None, 1)
    assert not Participant.objects.filter(first_name="Anna").exists()
    assert AuditEvent.objects.filter(action="register_import.discarded", object_id=imp.pk).exists()
    assert imp.rows.get().outcome == RowOutcome.NEW_PARTICIPANT
