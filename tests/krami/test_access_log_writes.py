"""At most one write to the access log per page (issue 19): a page that shows a record and lists
people, or opens a record for editing, writes all its rows in one INSERT — and still writes them."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from krami.middleware import ReadLogMiddleware
from krami.models import AccessLog
from krami.services import log_reads
from tests.access.pages import get_pages


def _log_inserts(captured) -> int:
    return sum(1 for q in captured.captured_queries if q["sql"].lstrip().upper().startswith('INSERT INTO "KRAMI_ACCESSLOG"'))


@pytest.mark.slow
def test_every_page_writes_the_log_at_most_once(world, client):
    several = []
    logging_pages = 0
    for url, _case, user_key in get_pages(world):
        if user_key is None:
            continue
        client.force_login(world.users[user_key])
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        writes = _log_inserts(captured)
        logging_pages += writes == 1
        if writes > 1:
            several.append((url, writes))
    assert several == []
    assert logging_pages > 10  # the pages that show people do log them


def test_an_edit_page_logs_its_record_in_one_write(world, client):
    """The edit form opens the record through the write door (EDIT_FORM) and shows it: one INSERT."""
    participant = world.participants["consent_all"]
    client.force_login(world.users["kommun_vagledare"])
    before = AccessLog.objects.count()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("participants:edit", kwargs={"pk": participant.pk}))
    assert response.status_code == 200
    assert _log_inserts(captured) == 1
    assert AccessLog.objects.count() > before


def _view_reading_twice(participants, *, fail=False):
    def view(request):
        log_reads(request=request, participants=participants[:1], action=AccessLog.Action.VIEW, categories=["core"])
        log_reads(request=request, participants=participants[1:], action=AccessLog.Action.LIST, categories=["core"])
        if fail:
            raise RuntimeError("the page broke after reading")
        return HttpResponse("ok")
    return view


def test_a_request_that_logs_several_times_writes_once(world, rf):
    people = [world.participants[s] for s in ("consent_all", "no_consent", "withdrawn")]
    request = rf.get("/deltagare/")
    request.user = world.users["kommun_vagledare"]
    before = AccessLog.objects.count()
    with CaptureQueriesContext(connection) as captured:
        ReadLogMiddleware(_view_reading_twice(people))(request)
    assert _log_inserts(captured) == 1
    assert AccessLog.objects.count() == before + 3


def test_reads_of_a_page_that_failed_are_still_written(world, rf):
    people = [world.participants[s] for s in ("consent_all", "no_consent")]
    request = rf.get("/deltagare/")
    request.user = world.users["kommun_vagledare"]
    before = AccessLog.objects.count()
    with pytest.raises(RuntimeError):
        ReadLogMiddleware(_view_reading_twice(people, fail=True))(request)
    assert AccessLog.objects.count() == before + 2
