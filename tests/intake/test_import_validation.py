"""Every error of an import file is named by row number and column: one case per rule, table-driven."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from intake.models import GroupAudience, ImportStatus
from intake.registerimport import services
from krami.models import Role
from tests.intake.factories import make_group, today
from tests.intake.importfiles import csv_bytes, person
from tests.krami.factories import staff
from tests.participants.factories import make_participant, valid_personnummer

pytestmark = pytest.mark.django_db

PNR = valid_personnummer(date(1966, 6, 6), serial=1)
PNR_2 = valid_personnummer(date(1966, 6, 6), serial=2)
DAY = today() - timedelta(days=100)
LATER = today() - timedelta(days=50)
EXIT = {"avslutsdatum": LATER, "avslutsorsak": "Studier", "genomfört vägledningsprogrammet": "ja"}


def check(world, rows):
    with translation.override("en"):
        return _check(world, rows)


def _check(world, rows):
    by = world.users["kommun_samordnare"]
    kommun = world.unit.municipalities.first().name
    rows = [{**r, "hemkommun": r.get("hemkommun") or kommun} for r in rows]
    imp = services.import_upload(unit=world.unit, by=by, file_name="f.csv", content=csv_bytes(rows))
    while imp.status == ImportStatus.CHECKING:
        imp = services.import_check_next(register_import=imp, by=by)
    return {
        (row.number, e["column"]): e["message"] for row in imp.rows.all() for e in row.errors
    }, imp


def row(**cells):
    cells = {k.replace("_", " "): v for k, v in cells.items()}
    return {**person(PNR), **cells}


# (case, the row's cells, column, the start of the message)
SINGLE_ROW = [
    ("personnummer missing", row(personnummer=""), "personnummer", "Required on every row."),
    ("personnummer with a wrong check digit", row(personnummer="19900101-0018"), "personnummer", "The check digit is wrong"),
    ("personnummer in another format", row(personnummer="1990-01-01"), "personnummer", "Enter the personnummer as"),
    ("first name missing", row(förnamn=""), "förnamn", "Required on every row."),
    ("first name too long", row(förnamn="A" * 101), "förnamn", "At most 100 characters."),
    ("unknown gender", row(kön="kanske"), "kön", "“kanske” is not one of the choices"),
    ("unknown municipality", row(hemkommun="Atlantis"), "hemkommun", "There is no municipality called “Atlantis”."),
    ("unknown referral", row(remitterad_av="grannen"), "remitterad av", "“grannen” is not one of the choices"),
    ("bad e-mail", row(**{"e-post": "inte-en-adress"}), "e-post", "Not an e-mail address."),
    ("unknown case worker", row(handläggare="okand"), "handläggare", "No case worker of the unit has the user name"),
    ("yes/no column", row(identifierar_sig_som_kvinna="kanske"), "identifierar sig som kvinna", "Write Yes or No."),
    ("a date in another format", row(startdatum="18/3/2024"), "startdatum", "Write the date as YYYY-MM-DD"),
    ("a date that does not exist", row(startdatum="2024-02-30"), "startdatum", "Write the date as YYYY-MM-DD"),
    ("episode without a start date", row(starttyp="individual"), "startdatum", "Required when the row has an episode"),
    ("start in the future", row(startdatum=today() + timedelta(days=1)), "startdatum", "The start date is in the future"),
    ("exit in the future", row(startdatum=DAY, **{**EXIT, "avslutsdatum": today() + timedelta(days=1)}),
     "avslutsdatum", "The exit date is in the future."),
    ("exit before start", row(startdatum=LATER, **{**EXIT, "avslutsdatum": DAY}), "avslutsdatum",
     "The exit date is before the start date."),
    ("exit without outcome", row(startdatum=DAY, avslutsdatum=LATER, genomfört_vägledningsprogrammet="nej"),
     "avslutsorsak", "Required with an exit date."),
    ("outcome without exit", row(startdatum=DAY, avslutsorsak="studies"), "avslutsorsak", "An outcome belongs to an exit"),
    ("exit without completed", row(startdatum=DAY, avslutsdatum=LATER, avslutsorsak="studies"),
     "genomfört vägledningsprogrammet", "Required with an exit date: Yes or No."),
    ("completed without exit", row(startdatum=DAY, genomfört_vägledningsprogrammet="ja"),
     "genomfört vägledningsprogrammet", "Only with an exit date."),
    ("unknown outcome", row(startdatum=DAY, **{**EXIT, "avslutsorsak": "semester"}), "avslutsorsak", "“semester” is not one"),
    ("unknown group", row(startdatum=DAY, grupp="Finns inte"), "grupp", "The unit has no group start called “Finns inte”."),
    ("group start without group", row(startdatum=DAY, starttyp="Gruppstart"), "grupp", "A group start names its group."),
    ("individual start with group", row(startdatum=DAY, starttyp="individual", grupp="Finns inte"), "grupp",
     "An individual start has no group"),
]


@pytest.mark.parametrize("case, cells, column, message", SINGLE_ROW, ids=[c[0] for c in SINGLE_ROW])
def test_a_bad_cell_is_named_by_row_and_column(world, case, cells, column, message):
    errors, imp = check(world, [person(PNR_2), cells])
    assert list(errors) == [(3, column)]
    assert errors[(3, column)].startswith(message)
    assert imp.error_rows == 1 and not imp.can_apply


def test_the_report_page_names_row_and_column(world, client):
    _errors, imp = check(world, [person(PNR_2), row(startdatum=LATER, **{**EXIT, "avslutsdatum": DAY})])
    client.force_login(world.users["kommun_samordnare"])
    page = client.get(f"/inskrivning/import/{imp.pk}/").content.decode()
    assert "Row 3, column avslutsdatum: The exit date is before the start date." in page
    assert "Import into the register" not in page  # no apply button with an error


@pytest.mark.parametrize(
    "case, group_kwargs, cells, column, message",
    [
        ("start outside the course", {}, {"startdatum": DAY - timedelta(days=1)}, "startdatum",
         "The start date must fall within the group's course"),
        ("women's group for a man", {"audience": GroupAudience.WOMEN}, {"kön": "Man"}, "grupp", "Grupp A is a group for women."),
        ("a full group", {"capacity": 1}, {}, "grupp", "Grupp A has 1 places"),
    ],
)
def test_group_starts_follow_the_programme_rules(world, case, group_kwargs, cells, column, message):
    by = world.users["kommun_samordnare"]
    make_group(world.unit, by=by, starts_on=DAY, name="Grupp A", **group_kwargs)
    rows = [row(personnummer=PNR_2, grupp="grupp a", startdatum=DAY), row(**{"grupp": "Grupp A", "startdatum": DAY, **cells})]
    errors, _imp = check(world, rows)
    assert list(errors) == [(3, column)]
    assert errors[(3, column)].startswith(message)


# Cross-row checks: (case, rows, {(row, column): start of the message})
CROSS_ROW = [
    ("same personnummer, another name", [row(startdatum=DAY, **EXIT), row(förnamn="Annika", startdatum=LATER)],
     {(3, "förnamn"): "Row 2 has the same personnummer with another value in this column."}),
    ("two open episodes", [row(startdatum=DAY), row(startdatum=LATER)],
     {(2, "avslutsdatum"): "This person has another open episode on row 3: only one episode can be open."}),
    ("a closed episode after an open one", [row(startdatum=DAY), row(startdatum=LATER, **EXIT)],
     {(3, "startdatum"): "The episode starts while the episode on row 2 is still open."}),
    ("overlapping episodes", [row(startdatum=DAY, **EXIT), row(startdatum=LATER - timedelta(days=1))],
     {(3, "startdatum"): "The episode overlaps the episode on row 2"}),
    ("the same start twice", [row(startdatum=DAY, **EXIT), row(startdatum=DAY, **EXIT)],
     {(3, "startdatum"): "Row 2 has an episode of this person with the same start date."}),
]


@pytest.mark.parametrize("case, rows, expected", CROSS_ROW, ids=[c[0] for c in CROSS_ROW])
def test_rows_of_one_person_are_checked_against_each_other(world, case, rows, expected):
    errors, _imp = check(world, rows)
    assert set(errors) == set(expected)
    for key, message in expected.items():
        assert errors[key].startswith(message)


def test_consecutive_episodes_and_a_person_without_episode_are_valid(world):
    rows = [row(startdatum=DAY, **EXIT), row(startdatum=LATER), row(personnummer=PNR_2)]
    errors, imp = check(world, rows)
    assert errors == {} and imp.can_apply


def test_rows_are_checked_against_the_register(world):
    by = world.users["kommun_samordnare"]
    pnr = valid_personnummer(date(1975, 4, 4))
    existing = make_participant(unit=world.unit, handler=by, personnummer=pnr, first_name="Anna", last_name="Exempel")
    services_rows = [row(personnummer=pnr, startdatum=DAY)]
    services.import_apply(register_import=check(world, services_rows)[1], by=by)
    assert existing.episodes.count() == 1

    errors, _imp = check(world, [
        row(personnummer=pnr, förnamn="Annika", startdatum=DAY),  # another name than in Krami
        row(personnummer=pnr, startdatum=LATER),  # overlaps the open episode in Krami
    ])
    assert errors[(2, "förnamn")].startswith("Krami has this personnummer with another name")
    assert errors[(3, "startdatum")].startswith("The episode overlaps an episode in Krami")

    errors, _imp = check(world, [row(personnummer=pnr, startdatum=DAY, starttyp="Gruppstart", grupp="X")])
    assert (2, "grupp") in errors


def test_a_consented_record_of_another_party_is_the_same_answer_as_in_the_register_form(world):
    # consent_all: the kommun's participant the KV case worker may see; imported by a KV coordinator.

    kv_coordinator = staff(role=Role.SAMORDNARE, unit=world.unit, organisation=world.orgs["kv"], username="kv_sam")
    pnr = valid_personnummer(date(1977, 7, 7))
    make_participant(unit=world.unit, handler=world.users["kommun_vagledare"], personnummer=pnr)
    hidden = check_as(world, kv_coordinator, [row(personnummer=pnr)])
    assert hidden == {}  # not visible to KV: a new record of KV's own


def check_as(world, by, rows):
    kommun = world.unit.municipalities.first().name
    rows = [{**r, "hemkommun": kommun} for r in rows]
    imp = services.import_upload(unit=world.unit, by=by, file_name="f.csv", content=csv_bytes(rows))
    while imp.status == ImportStatus.CHECKING:
        imp = services.import_check_next(register_import=imp, by=by)
    return {(r.number, e["column"]): e["message"] for r in imp.rows.all() for e in r.errors}
