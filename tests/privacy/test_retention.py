"""Retention (gallring): per category and owning organisation, a configurable time after the
last exit; a record of what was removed; idempotent; the statistics' facts stay."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from intake.models import DrugTest, Episode, ExitOutcome, StartKind
from krami.dates import add_months
from krami.models import DataCategory
from participants import personnummer
from participants.access import visible_participants
from participants.models import JournalNote, NoteVisibility, Participant, Phase
from participants.services.notes import note_create
from participants.services.phase import participant_set_phase
from privacy.models import GallringRecord, RetentionRule
from privacy.services.retention import run_gallring
from tests.participants.factories import make_participant, valid_personnummer

EXIT = date(2024, 3, 15)


@pytest.fixture
def exited(world):
    """A kommun participant who left on EXIT, with data of every category and organisation."""
    kommun, kv = world.users["kommun_vagledare"], world.users["kv_vagledare"]
    p = make_participant(unit=world.unit, handler=kommun, first_name="Gallra", last_name="Mig",
                         personnummer=valid_personnummer(date(1988, 6, 30), serial=404), phone="070-1234567")
    Episode.objects.create(participant=p, kind=StartKind.INDIVIDUAL, started_on=date(2023, 9, 1), started_by=kommun,
                           ended_on=EXIT, exit_outcome=ExitOutcome.WORK, exit_note="SENTINEL-EXIT", ended_by=kommun)
    participant_set_phase(participant=p, phase=Phase.CLOSED, on=EXIT, by=kommun)
    p.refresh_from_db()
    p.criminal_justice.notes = "SENTINEL-KV"
    p.criminal_justice.current_at_kv = True
    p.criminal_justice.release_date = date(2023, 8, 1)
    p.criminal_justice.save()
    p.social_services.notes = "SENTINEL-SOC"
    p.social_services.save()
    note_create(participant=p, by=kommun, noted_on=EXIT, text="SENTINEL-NOTE-KOMMUN", visibility=NoteVisibility.TEAM)
    note_create(participant=p, by=kv, noted_on=EXIT, text="SENTINEL-NOTE-KV", visibility=NoteVisibility.TEAM)
    DrugTest.objects.create(participant=p, owner_organisation=world.orgs["kv"], referred_on=EXIT, reason="SENTINEL-DRUG",
                            referred_by=kv, result="negative", result_on=EXIT)
    return p


def statistics_facts(p: Participant) -> tuple:
    p = Participant.objects.get(pk=p.pk)
    episodes = list(Episode.objects.filter(participant=p).values_list("started_on", "ended_on", "exit_outcome"))
    tests = list(DrugTest.objects.filter(participant=p).values_list("referred_on", "result", "result_on"))
    phases = list(p.phase_changes.values_list("phase", "on"))
    return (p.unit_id, p.owner_organisation_id, p.gender, p.birth_date.year, p.municipality_id, p.referral_source,
            p.phase, episodes, tests, phases)


def categories_done(p) -> set[tuple[str, str]]:
    return set(GallringRecord.objects.filter(participant_id=p.pk).values_list("organisation__kind", "category"))


def test_nothing_is_removed_before_the_time_has_run_out(exited):
    assert run_gallring(on=add_months(EXIT, 12) - date.resolution).records == []
    exited.refresh_from_db()
    assert exited.criminal_justice.notes == "SENTINEL-KV"


def test_per_category_and_organisation_with_a_configurable_time(world, exited):
    RetentionRule.objects.create(organisation=world.orgs["kv"], category=DataCategory.CRIMINAL_JUSTICE, months_after_exit=6)
    run_gallring(on=add_months(EXIT, 6))
    assert categories_done(exited) == {("kv", DataCategory.CRIMINAL_JUSTICE)}
    exited.refresh_from_db()
    assert exited.criminal_justice.notes == "" and exited.criminal_justice.release_date is None
    assert exited.criminal_justice.current_at_kv is True  # a fact the statistics count (STATISTICS_FIELDS)
    assert exited.social_services.notes == "SENTINEL-SOC"  # the kommun's time (24 months) has not run out
    record = GallringRecord.objects.get(participant_id=exited.pk)
    assert record.removed == {"fields_emptied": ["release_date", "notes"]} and record.last_exit == EXIT

    run_gallring(on=add_months(EXIT, 12))  # health: 12 months by default
    assert DrugTest.objects.get(participant=exited).reason == ""
    run_gallring(on=add_months(EXIT, 24))
    assert sorted(JournalNote.objects.filter(participant=exited).values_list("text", flat=True)) == []
    assert Participant.objects.get(pk=exited.pk).first_name == "Gallra"  # identity: 60 months


def test_the_identity_is_anonymised_and_nobody_can_find_or_open_the_record(world, exited, client):
    digits = personnummer.parse(valid_personnummer(date(1988, 6, 30), serial=404)).digits
    before = statistics_facts(exited)
    run_gallring(on=add_months(EXIT, 60))
    p = Participant.objects.get(pk=exited.pk)
    assert p.anonymised_at is not None and p.first_name == "Gallrad" and p.phone == "" and p.personnummer_encrypted == ""
    assert p.birth_date == date(1988, 6, 1)  # year and month: the age at every month's end is kept
    assert not Participant.objects.filter(personnummer_hash=personnummer.lookup_hash(digits)).exists()
    assert statistics_facts(exited) == before  # the dashboards count the same
    assert not visible_participants(world.users["kommun_vagledare"]).filter(pk=p.pk).exists()
    client.force_login(world.users["kommun_vagledare"])
    assert client.get(f"/deltagare/{p.pk}/").status_code == 404
    texts = " ".join(str(v) for v in Episode.objects.filter(participant=p).values_list("exit_note", flat=True))
    assert "SENTINEL" not in texts and DrugTest.objects.get(participant=p).reason == ""
    assert ("kommun", DataCategory.CORE) in categories_done(exited)


def test_the_job_is_idempotent(exited):
    first = run_gallring(on=add_months(EXIT, 60)).records
    snapshot = (statistics_facts(exited), Participant.objects.get(pk=exited.pk).first_name, GallringRecord.objects.count())
    assert first and run_gallring(on=add_months(EXIT, 60)).records == []
    assert run_gallring(on=add_months(EXIT, 120)).records == []
    assert snapshot == (statistics_facts(exited), Participant.objects.get(pk=exited.pk).first_name, GallringRecord.objects.count())


def test_someone_still_in_the_programme_is_never_due(world):
    p = make_participant(unit=world.unit, handler=world.users["kommun_vagledare"], phase=Phase.GUIDANCE)
    assert run_gallring(on=date(2099, 1, 1)).records == []
    assert Participant.objects.get(pk=p.pk).anonymised_at is None


def test_the_command_runs_the_job(exited, capsys):
    call_command("gallra", "--on", add_months(EXIT, 12).isoformat(), "--dry-run")
    assert "due for gallring" in capsys.readouterr().out
    assert not GallringRecord.objects.exists()
    call_command("gallra", "--on", add_months(EXIT, 12).isoformat())
    assert GallringRecord.objects.filter(participant_id=exited.pk, category=DataCategory.HEALTH).exists()
