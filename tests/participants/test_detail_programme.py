"""The participant page's programme and case-worker sections cost the same queries at 1 and 5 records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from krami.models import Role
from participants.models import NoteVisibility
from participants.services.handler import participant_reassign
from participants.services.notes import note_create, note_edit
from participants.services.programme import employment_record, internship_start, studies_record
from scale.bench.plans import first_table
from tests.krami.factories import staff
from tests.participants.conftest import enrol

pytestmark = pytest.mark.django_db


def test_participant_page_queries_do_not_grow_with_programme_records(client, world, employer, today):
    owner = world.users["kommun_vagledare"]
    colleague = staff(role=Role.VAGLEDARE, unit=world.unit, organisation=world.orgs["kommun"], username="kollega")
    p = enrol(world, days_ago=60)

    def add_one(i):
        internship_start(participant=p, employer=employer, by=owner, start_date=today,
                         planned_end_date=today, supervisor_name=f"Handledare {i}")
        employment_record(participant=p, employer=employer, by=owner, employment_type="permanent",
                          start_date=today, end_internships=False)
        studies_record(participant=p, by=owner, school=f"Skola {i}", programme="Svenska",
                       start_date=today)
        note = note_create(participant=p, by=owner, noted_on=today, visibility=NoteVisibility.TEAM, text=f"Not {i}")
        note_edit(note=note, by=owner, text=f"Not {i}, rättad")
        participant_reassign(participant=p, new_handler=colleague if i % 2 == 0 else owner, by=owner)

    client.force_login(owner)
    url = reverse("participants:detail", kwargs={"pk": p.pk})
    counts = []
    for batch in ([0], [1, 2, 3, 4]):
        for i in batch:
            add_one(i)
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        counts.append(len(ctx.captured_queries))
    assert "Skola 4" in html and "Handledare 4" in html and "Not 4, rättad" in html
    assert counts[0] == counts[1], counts


def _tables_read(queries) -> set[str]:
    """The table each statement reads first (a subquery in the select list names others before its FROM)."""
    return {first_table(q["sql"]) for q in queries if q["sql"].startswith("SELECT")}


SECTION_TABLES = {
    "participants_phasechange",  # the history comes with the record
    "participants_internship", "participants_employment", "participants_studies", "participants_handlerchange",
    "participants_consentrequest",
}


def test_the_case_page_reads_no_section_the_record_has_nothing_in(client, world, employer, today):
    """Issue 19: whether each usually empty section has anything comes with the record (an EXISTS
    each); the page reads a section only when it does, and shows it then."""
    owner = world.users["kommun_vagledare"]
    colleague = staff(role=Role.VAGLEDARE, unit=world.unit, organisation=world.orgs["kommun"], username="kollega")
    p = enrol(world, days_ago=60)
    client.force_login(owner)
    url = reverse("participants:detail", kwargs={"pk": p.pk})
    with CaptureQueriesContext(connection) as empty:
        client.get(url)
    assert not _tables_read(empty.captured_queries) & SECTION_TABLES
    # Another party's record of the same person is a statement of its own only when there is one to show:
    # the record is the only statement that starts from the participants.
    assert sum(q["sql"].startswith('SELECT "participants_participant".') for q in empty.captured_queries) == 1

    internship_start(participant=p, employer=employer, by=owner, start_date=today, planned_end_date=today,
                     supervisor_name="Handledare Ett")
    studies_record(participant=p, by=owner, school="Skola Ett", programme="Svenska", start_date=today)
    participant_reassign(participant=p, new_handler=colleague, by=owner)
    with CaptureQueriesContext(connection) as some:
        html = client.get(url).content.decode()
    read = _tables_read(some.captured_queries) & SECTION_TABLES
    assert read == {"participants_internship", "participants_studies", "participants_handlerchange"}
    assert "Skola Ett" in html and employer.name in html and colleague.get_full_name() in html
    assert len(some.captured_queries) == len(empty.captured_queries) + 3
