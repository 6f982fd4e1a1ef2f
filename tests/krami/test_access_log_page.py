"""The coordinator's access-log page is paged by keyset (issue 19): no count of a log that grows for
years, every row shown once whichever way one pages, filters that the indexes serve."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from krami.models import AccessLog
from krami.selectors import PAGE_SIZE, Cursor


def _rows(world, n, *, username="kommun_vl", user_key="kommun_vagledare", unit=None, participant_id=7):
    user = world.users[user_key]
    return AccessLog.objects.bulk_create([
        AccessLog(user=user, username=username, unit=unit or world.unit, participant_id=participant_id + i % 3,
                  participant_reference=f"D-{participant_id + i % 3:06d}", action=AccessLog.Action.VIEW,
                  categories="core", path="/deltagare/")
        for i in range(n)
    ])


@pytest.fixture
def coordinator(world, client):
    client.force_login(world.users["kommun_samordnare"])
    return client


def _url(world):
    return reverse("krami:access_log", kwargs={"unit_id": world.unit.pk})


def test_the_page_never_counts_the_log(world, coordinator):
    _rows(world, PAGE_SIZE + 5)
    coordinator.get(_url(world))  # the session settles
    with CaptureQueriesContext(connection) as captured:
        response = coordinator.get(_url(world))
    assert response.status_code == 200
    assert [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()] == []
    assert len(response.context["page"].rows) == PAGE_SIZE


def test_paging_older_then_newer_shows_every_row_once_in_order(world, coordinator):
    _rows(world, 2 * PAGE_SIZE + 7)
    _rows(world, 4, unit=world.other_unit)  # another unit's reads are never shown
    expected = list(AccessLog.objects.filter(unit=world.unit).order_by("-at", "-id").values_list("pk", flat=True))
    pages, params = [], {}
    while True:
        page = coordinator.get(_url(world), params).context["page"]
        pages.append([row.pk for row in page.rows])
        if page.older is None:
            break
        params = {"fore": str(page.older)}
    assert [pk for chunk in pages for pk in chunk] == expected
    assert [len(chunk) for chunk in pages] == [PAGE_SIZE, PAGE_SIZE, 7]
    # And back again, newer and newer, to the newest page.
    back = [pages[-1]]
    page = coordinator.get(_url(world), params).context["page"]
    while page.newer is not None:
        page = coordinator.get(_url(world), {"efter": str(page.newer)}).context["page"]
        back.append([row.pk for row in page.rows])
    assert back[-1] == pages[0]
    assert [pk for chunk in reversed(back) for pk in chunk][: 2 * PAGE_SIZE] == expected[: 2 * PAGE_SIZE]


def test_the_links_carry_the_cursor_and_keep_the_filter(world, coordinator):
    _rows(world, PAGE_SIZE + 1)
    html = coordinator.get(_url(world), {"action": "view"}).content.decode()
    assert "action=view&amp;fore=" in html
    assert "efter=" not in html  # the newest page has nothing newer


def test_a_cursor_that_is_not_ours_shows_the_newest_page(world, coordinator):
    _rows(world, 3)
    for junk in ["x", "12-", "-1-2", "9" * 30 + "-1"]:
        response = coordinator.get(_url(world), {"fore": junk})
        assert response.status_code == 200
        assert len(response.context["page"].rows) >= 3


def test_cursor_round_trip():
    at = timezone.now()
    assert Cursor.parse(str(Cursor(at=at, pk=41))) == Cursor(at=at, pk=41)


def test_filters_by_user_reference_and_day(world, coordinator):
    _rows(world, 5)
    _rows(world, 4, username="kv_vl", user_key="kv_vagledare", participant_id=70)
    by_user = coordinator.get(_url(world), {"username": world.users["kv_vagledare"].username.upper()}).context["page"]
    assert {row.user_id for row in by_user.rows} == {world.users["kv_vagledare"].pk} and len(by_user.rows) == 4
    by_reference = coordinator.get(_url(world), {"reference": "d-000070"}).context["page"]
    assert {row.participant_id for row in by_reference.rows} == {70}
    today = timezone.localdate()
    assert len(coordinator.get(_url(world), {"date_from": today, "date_to": today}).context["page"].rows) == 9
    yesterday = today - timedelta(days=1)
    assert coordinator.get(_url(world), {"date_to": yesterday}).context["page"].rows == []
    gone = coordinator.get(_url(world), {"username": "no-such-user"}).context["page"]
    assert gone.rows == []
