"""The access-log review (loggkontroll): flags, the monthly random sample and the stored sign-off."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from intake.models import Episode, GuidanceGroup, StartKind
from krami.appendonly import AppendOnlyError
from krami.models import AccessLog
from privacy.models import FlaggedReadCheck, LogReview
from privacy.selectors.review import BURST, NO_RELATIONSHIP, OFF_HOURS, SAMPLE_SIZE, month_review
from privacy.services.review import flagged_read_check
from tests.intake.factories import accept
from tests.participants.factories import make_participant

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MONTH = date(2026, 10, 1)
TUESDAY_10 = datetime(2026, 10, 13, 10, 0, tzinfo=STOCKHOLM)
URL = "/integritet/enhet/{}/loggkontroll/"


def read(user, participant, at, action=AccessLog.Action.VIEW):
    with mock.patch("django.utils.timezone.now", return_value=at):
        return AccessLog.objects.create(
            user=user, username=user.username, unit_id=participant.unit_id, participant_id=participant.pk,
            participant_reference=participant.reference, action=action, categories="core",
            path=f"/deltagare/{participant.pk}/",
        )


def flags_of(unit, log):
    return next(r.flags for r in month_review(unit=unit, month=MONTH).rows if r.log.pk == log.pk)


@pytest.mark.parametrize(
    "reader, at, expected",
    [
        ("kommun_vagledare", TUESDAY_10, []),  # the handler, on a Tuesday morning
        ("kommun_samordnare", TUESDAY_10, [NO_RELATIONSHIP]),  # a colleague with no part in the case
        ("kommun_vagledare", datetime(2026, 10, 13, 6, 59, tzinfo=STOCKHOLM), [OFF_HOURS]),
        ("kommun_vagledare", datetime(2026, 10, 13, 18, 0, tzinfo=STOCKHOLM), [OFF_HOURS]),
        ("kommun_vagledare", datetime(2026, 10, 13, 17, 59, tzinfo=STOCKHOLM), []),
        ("kommun_vagledare", datetime(2026, 10, 17, 11, 0, tzinfo=STOCKHOLM), [OFF_HOURS]),  # a Saturday
        ("kommun_samordnare", datetime(2026, 10, 18, 23, 0, tzinfo=STOCKHOLM), [NO_RELATIONSHIP, OFF_HOURS]),
    ],
)
def test_a_read_is_flagged_by_relationship_and_office_hours(world, reader, at, expected):
    log = read(world.users[reader], world.participants["consent_all"], at)
    assert flags_of(world.unit, log) == expected


@pytest.mark.parametrize("people, minutes, flagged", [(15, 9, True), (14, 9, False), (15, 14, False)])
def test_many_participants_in_a_short_time_are_flagged(world, people, minutes, flagged):
    """15 different records within 10 minutes is a burst; 14, or 15 spread over 14 minutes, is not."""
    handler = world.users["kommun_vagledare"]
    crowd = [make_participant(unit=world.unit, handler=handler) for _ in range(people)]
    step = timedelta(minutes=minutes) / (people - 1)
    logs = [read(handler, p, TUESDAY_10 + i * step) for i, p in enumerate(crowd)]
    rows = month_review(unit=world.unit, month=MONTH).rows
    assert {r.log.pk for r in rows if BURST in r.flags} == ({log.pk for log in logs} if flagged else set())


def test_list_rows_are_not_record_reads(world):
    read(world.users["kommun_samordnare"], world.participants["consent_all"], TUESDAY_10, AccessLog.Action.LIST)
    assert month_review(unit=world.unit, month=MONTH).rows == []


def test_the_group_leader_and_the_case_worker_of_a_group_mate_have_a_relationship(world):
    kommun = world.users["kommun_vagledare"]
    kv = world.users["kv_vagledare"]
    group = GuidanceGroup.objects.create(unit=world.unit, name="Grupp 1", starts_on=MONTH, created_by=kv)
    mine = make_participant(unit=world.unit, handler=world.users["kommun_samordnare"])
    theirs = world.participants["consent_all"]
    for p in (mine, theirs):
        Episode.objects.create(participant=p, kind=StartKind.GROUP, group=group, started_on=MONTH, started_by=kommun)
    by_leader = read(kv, theirs, TUESDAY_10)
    by_group_mates_handler = read(world.users["kommun_samordnare"], theirs, TUESDAY_10)
    by_outsider = read(world.users["af_vagledare"], theirs, TUESDAY_10)
    assert flags_of(world.unit, by_leader) == []
    assert flags_of(world.unit, by_group_mates_handler) == []
    assert flags_of(world.unit, by_outsider) == [NO_RELATIONSHIP]


def test_the_sample_is_random_stable_and_at_most_twenty(world):
    handler = world.users["kommun_vagledare"]
    for i in range(30):
        read(handler, world.participants["consent_all"], TUESDAY_10 + timedelta(hours=i * 5))
    first = [r.log.pk for r in month_review(unit=world.unit, month=MONTH).sample]
    again = [r.log.pk for r in month_review(unit=world.unit, month=MONTH).sample]
    assert len(first) == SAMPLE_SIZE and first == again
    all_ids = [r.log.pk for r in month_review(unit=world.unit, month=MONTH).rows]
    assert first != all_ids[:SAMPLE_SIZE]  # picked at random, not the first twenty


def test_the_coordinator_sees_the_counts_and_flagged_reads_without_names(world, client):
    read(world.users["af_vagledare"], world.participants["consent_all"], datetime(2026, 10, 14, 21, 0, tzinfo=STOCKHOLM))
    read(world.users["kommun_vagledare"], world.participants["no_consent"], TUESDAY_10)
    client.force_login(world.users["kommun_samordnare"])
    response = client.get(URL.format(world.unit.pk), {"month": "2026-10"})
    html = response.content.decode()
    assert response.status_code == 200
    # In the sample and among the flagged (a link: the coordinator may see the participant), and in
    # the (visually hidden) label of the flagged read's check.
    assert html.count(f'{world.participants["consent_all"].reference}</a>') == 2
    assert "af_vl" in html and "Sentinel" not in html
    assert 'name="comment"' in html  # October has ended: it can be signed off


def test_sign_off_is_stored_shown_and_final(world, client):
    read(world.users["af_vagledare"], world.participants["consent_all"], TUESDAY_10)
    client.force_login(world.users["kommun_samordnare"])
    sign = URL.format(world.unit.pk) + "signera/"
    response = client.post(sign, {"month": "2026-10", "comment": "Kontrollerat med AF."})
    assert response.status_code == 302 and response["Location"].endswith("?month=2026-10")
    review = LogReview.objects.get(unit=world.unit, month=MONTH)
    assert (review.signed_off_by, review.reads, review.flagged, review.comment) == (
        world.users["kommun_samordnare"], 1, 1, "Kontrollerat med AF."
    )
    read(world.users["af_vagledare"], world.participants["consent_all"], TUESDAY_10 + timedelta(hours=1))
    html = client.get(response["Location"]).content.decode()
    assert "Kontrollerat med AF." in html and 'name="comment"' not in html
    client.post(sign, {"month": "2026-10", "comment": "Igen"})
    assert LogReview.objects.filter(unit=world.unit).count() == 1
    assert LogReview.objects.get().sample_ids == [review.sample_ids[0]]  # the signed sample stays as signed


def test_a_month_that_has_not_ended_cannot_be_signed_off(world, client):
    client.force_login(world.users["kommun_samordnare"])
    today = date.today()
    response = client.post(URL.format(world.unit.pk) + "signera/", {"month": f"{today:%Y-%m}", "comment": "Allt kontrollerat."})
    html = response.content.decode()
    assert response.status_code == 200  # the review again, with why and with what was typed
    assert "En månad kan signeras först när den är slut." in html
    assert "Allt kontrollerat." in html
    assert not LogReview.objects.exists()


def test_a_comment_too_long_comes_back_beside_the_field_with_the_text_kept(world, client):
    client.force_login(world.users["kommun_samordnare"])
    comment = "Kontrollerat. " * 150  # 2 100 characters; 2 000 are allowed
    response = client.post(URL.format(world.unit.pk) + "signera/", {"month": "2026-10", "comment": comment})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_comment_error"' in html or "field--error" in html
    assert comment.strip() in html
    assert not LogReview.objects.exists()


@pytest.mark.parametrize("who", ["kommun_vagledare", "kv_vagledare", "other_unit_vagledare", "styrgrupp", "nsg", "no_membership"])
def test_only_the_units_coordinator_may_review_or_sign_off(world, client, who):
    client.force_login(world.users[who])
    assert client.get(URL.format(world.unit.pk), {"month": "2026-10"}).status_code == 404
    assert client.post(URL.format(world.unit.pk) + "signera/", {"month": "2026-10"}).status_code == 404
    assert not LogReview.objects.exists()


def test_the_page_needs_the_same_number_of_queries_for_1_and_30_reads(world, client):
    handler = world.users["kommun_vagledare"]
    people = [make_participant(unit=world.unit, handler=handler) for _ in range(5)]
    client.force_login(world.users["kommun_samordnare"])

    def queries_with(reads: int) -> int:
        for i in range(reads - AccessLog.objects.count()):
            read(world.users["af_vagledare"], people[i % 5], TUESDAY_10 + timedelta(minutes=i))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL.format(world.unit.pk), {"month": "2026-10"}).status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(30)


# --- Issue 21, finding 2: a review that can be judged from the page ------------------------------------------


def _page(client, coordinator, unit) -> str:
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(URL.format(unit.pk), {"month": "2026-10"}).content.decode()


def test_the_reference_links_to_the_case_only_where_the_coordinator_may_see_the_participant(world, client):
    seen = world.participants["consent_all"]
    hidden = make_participant(unit=world.unit, handler=world.users["kv_vagledare"])  # KV's own, no consent
    read(world.users["af_vagledare"], seen, TUESDAY_10)
    read(world.users["af_vagledare"], hidden, TUESDAY_10 + timedelta(minutes=1))
    html = _page(client, world.users["kommun_samordnare"], world.unit)
    assert f'<a href="/deltagare/{seen.pk}/">{seen.reference}</a>' in html
    assert hidden.reference in html and f'href="/deltagare/{hidden.pk}/"' not in html


def test_each_flag_says_which_rule_and_which_facts_raised_it(world, client):
    p = world.participants["consent_all"]
    read(world.users["af_vagledare"], p, TUESDAY_10)
    read(world.users["kommun_vagledare"], p, datetime(2026, 10, 17, 11, 0, tzinfo=STOCKHOLM))  # a Saturday
    crowd = [make_participant(unit=world.unit, handler=world.users["kommun_vagledare"]) for _ in range(15)]
    for i, person in enumerate(crowd):
        read(world.users["kommun_vagledare"], person, datetime(2026, 10, 14, 14, 0, tzinfo=STOCKHOLM) + timedelta(seconds=30 * i))
    html = _page(client, world.users["kommun_samordnare"], world.unit)
    assert "not the case worker and did not register the participant" in html
    assert "no journal note, interview, assessment, enrolment or exit by the reader" in html
    assert "no team meeting (assessment) in the unit that day" in html
    assert "read on Saturday at 11:00; office hours are Monday to Friday 07:00–18:00" in html
    assert "15 different participants opened by the same user between 14:00 and 14:07" in html


def test_reads_by_the_team_at_its_meeting_are_not_flagged(world):
    """The team reads the applicants it assesses and the queue at its work meeting: no case relationship needed."""
    kommun, af = world.users["kommun_vagledare"], world.users["af_vagledare"]
    applicant = make_participant(unit=world.unit, handler=kommun, phase_since=date(2026, 9, 1))
    queued = accept(make_participant(unit=world.unit, handler=kommun, phase_since=date(2026, 9, 1)), by=kommun, on=date(2026, 9, 20))
    waiting = make_participant(unit=world.unit, handler=kommun, phase_since=date(2026, 9, 1))
    accept(applicant, by=kommun, on=TUESDAY_10.date())  # the team meets on Tuesday 13 October
    at_meeting = [read(af, person, TUESDAY_10 + timedelta(minutes=i)) for i, person in enumerate((applicant, queued, waiting))]
    next_day = [read(af, person, TUESDAY_10 + timedelta(days=1, minutes=i)) for i, person in enumerate((applicant, queued, waiting))]
    assert [flags_of(world.unit, log) for log in at_meeting] == [[], [], []]
    assert [flags_of(world.unit, log) for log in next_day] == [[NO_RELATIONSHIP]] * 3  # no meeting on Wednesday


def test_a_flagged_read_is_marked_checked_with_a_comment_that_cannot_be_changed(world, client):
    flagged = read(world.users["af_vagledare"], world.participants["consent_all"], TUESDAY_10)
    fine = read(world.users["kommun_vagledare"], world.participants["consent_all"], TUESDAY_10)
    coordinator = world.users["kommun_samordnare"]
    check_url = URL.format(world.unit.pk) + "las/{}/kontrollerad/"
    html = _page(client, coordinator, world.unit)
    assert f'action="{check_url.format(flagged.pk)}"' in html and check_url.format(fine.pk) not in html
    assert "0 of 1" in html

    response = client.post(check_url.format(flagged.pk), {"comment": "Vikarierade för handläggaren; frågat AF."})
    assert response.status_code == 302 and response["Location"].endswith(f"?month=2026-10#read-{flagged.pk}")
    check = FlaggedReadCheck.objects.get()
    assert (check.access_log_id, check.checked_by, check.month) == (flagged.pk, coordinator, MONTH)
    html = _page(client, coordinator, world.unit)
    assert "Vikarierade för handläggaren; frågat AF." in html and "1 of 1" in html
    assert f'action="{check_url.format(flagged.pk)}"' not in html

    client.post(check_url.format(flagged.pk), {"comment": "Ändrad kommentar"})  # a second check is refused
    client.post(check_url.format(fine.pk), {"comment": "Inget att se"})  # so is a read that is not flagged
    assert list(FlaggedReadCheck.objects.values_list("comment", flat=True)) == ["Vikarierade för handläggaren; frågat AF."]
    check.comment = "Ändrad"
    with pytest.raises(AppendOnlyError):
        check.save()
    with pytest.raises(AppendOnlyError):
        FlaggedReadCheck.objects.update(comment="Ändrad")


@pytest.mark.postgres
def test_the_database_refuses_to_change_a_check(world):
    flagged = read(world.users["af_vagledare"], world.participants["consent_all"], TUESDAY_10)
    check = flagged_read_check(unit=world.unit, log=flagged, by=world.users["kommun_samordnare"], comment="Kontrollerat.")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_flaggedreadcheck SET comment = 'Ändrad' WHERE id = %s", [check.pk])


def test_a_signed_off_month_takes_no_more_checks(world, client):
    flagged = read(world.users["af_vagledare"], world.participants["consent_all"], TUESDAY_10)
    client.force_login(world.users["kommun_samordnare"])
    client.post(URL.format(world.unit.pk) + "signera/", {"month": "2026-10", "comment": ""})
    client.post(URL.format(world.unit.pk) + f"las/{flagged.pk}/kontrollerad/", {"comment": "För sent"})
    assert not FlaggedReadCheck.objects.exists()
