"""The access model (docs/access.md): ownership, consent, withdrawal, expiry, outsiders."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone

from krami.models import AccessLog, DataCategory, Role
from krami.services import membership_grant, membership_revoke
from participants import personnummer
from participants.access import get_participant_for_user, visible_categories, visible_participants
from participants.models import ConsentMethod, ParticipantGroupPermission
from participants.services.consent import consent_record, consent_withdraw
from tests.answers import normalised
from tests.fixtures import CONSENT_STATES, expected_categories
from tests.krami.factories import staff

USERS = [
    "kommun_vagledare", "kommun_samordnare", "kv_vagledare", "af_vagledare", "styrgrupp",
    "agreement_admin", "other_unit_vagledare", "nsg", "sysadmin", "no_membership",
]


@pytest.mark.parametrize("user_key", USERS)
def test_each_user_sees_exactly_the_categories_the_model_allows(world, user_key):
    user = world.users[user_key]
    for state in CONSENT_STATES:
        participant = world.participants[state]
        expected = expected_categories(world, user_key, state)
        assert set(visible_categories(user, participant)) == expected or (
            not expected and not visible_participants(user).filter(pk=participant.pk).exists()
        ), (user_key, state)
        assert visible_participants(user).filter(pk=participant.pk).exists() == (DataCategory.CORE in expected)


def test_withdrawing_consent_hides_the_record_on_the_next_request(world, client):
    kv = world.users["kv_vagledare"]
    participant = world.participants["consent_all"]
    client.force_login(kv)
    assert client.get(f"/deltagare/{participant.pk}/").status_code == 200
    owner = world.users["kommun_vagledare"]
    consent_withdraw(consent=participant.consents.get(releasing_organisation=world.orgs["kommun"]), by=owner)
    assert client.get(f"/deltagare/{participant.pk}/").status_code == 404


def test_consent_for_core_only_does_not_show_other_categories(world, client):
    kv = world.users["kv_vagledare"]
    participant = world.participants["consent_kv_core"]
    participant.social_services.social_worker = "SENTINEL-SOCIAL-WORKER"
    participant.social_services.save()
    client.force_login(kv)
    response = client.get(f"/deltagare/{participant.pk}/")
    assert response.status_code == 200
    assert b"SENTINEL-SOCIAL-WORKER" not in response.content
    client.force_login(world.users["kommun_vagledare"])
    assert b"SENTINEL-SOCIAL-WORKER" in client.get(f"/deltagare/{participant.pk}/").content


def test_a_consent_stops_giving_access_the_day_after_it_ends(world):
    kv = world.users["kv_vagledare"]
    participant = world.participants["no_consent"]
    today = timezone.localdate()
    consent_record(
        participant=participant, by=world.users["kommun_vagledare"], given_on=today, method=ConsentMethod.ORAL,
        valid_until=today, scopes=[(world.orgs["kv"], DataCategory.CORE)],
    )
    assert visible_participants(kv).filter(pk=participant.pk).exists()
    # The grant carries the end date; simulate the day after by moving it back one day.
    ParticipantGroupPermission.objects.filter(content_object=participant).exclude(expires_on=None).update(
        expires_on=today - timedelta(days=1)
    )
    assert not visible_participants(kv).filter(pk=participant.pk).exists()


def test_ending_a_membership_ends_access_on_the_next_request(world, client):
    owner = world.users["kommun_vagledare"]
    participant = world.participants["no_consent"]
    client.force_login(owner)
    assert client.get(f"/deltagare/{participant.pk}/").status_code == 200
    membership_revoke(membership=owner.memberships.get())
    assert client.get(f"/deltagare/{participant.pk}/").status_code == 404


def test_a_new_party_member_sees_the_party_participants_at_once(world):
    newcomer = staff(role=Role.VAGLEDARE, unit=world.unit, organisation=world.orgs["kommun"], username="ny")
    assert set(visible_participants(newcomer)) == set(world.participants.values())


def test_an_existing_and_a_missing_record_answer_the_same(world, client):
    client.force_login(world.users["af_vagledare"])
    hidden_path = f"/deltagare/{world.participants['no_consent'].pk}/"
    hidden = client.get(hidden_path)
    missing = client.get("/deltagare/987654/")
    assert hidden.status_code == missing.status_code == 404

    assert normalised(hidden.content, hidden_path) == normalised(missing.content, "/deltagare/987654/")


def test_reading_a_record_writes_exactly_one_log_row(world, client):
    owner = world.users["kommun_vagledare"]
    participant = world.participants["consent_all"]
    client.force_login(owner)
    before = AccessLog.objects.count()
    client.get(f"/deltagare/{participant.pk}/")
    rows = list(AccessLog.objects.order_by("-id")[: AccessLog.objects.count() - before])
    assert len(rows) == 1
    row = rows[0]
    assert (row.user_id, row.participant_id, row.action, row.unit_id, row.organisation_id) == (
        owner.pk, participant.pk, AccessLog.Action.VIEW, world.unit.pk, world.orgs["kommun"].pk
    )
    assert set(row.categories.split(",")) == {c.value for c in DataCategory}
    assert row.participant_reference == participant.reference
    assert participant.first_name not in row.path


def test_a_denied_read_writes_no_log_row(world, client):
    client.force_login(world.users["af_vagledare"])
    before = AccessLog.objects.count()
    client.get(f"/deltagare/{world.participants['no_consent'].pk}/")
    assert AccessLog.objects.count() == before


def test_a_list_logs_one_row_per_person_shown(world, client):
    client.force_login(world.users["kv_vagledare"])
    before = AccessLog.objects.count()
    response = client.get("/deltagare/")
    shown = list(response.context["page"].object_list)
    new = AccessLog.objects.order_by("-id")[: AccessLog.objects.count() - before]
    assert sorted(r.participant_id for r in new) == sorted(p.pk for p in shown)
    assert {r.action for r in new} == {AccessLog.Action.LIST}
    assert len(shown) == 2  # consent_kv_core and consent_all


def test_revealing_the_personnummer_is_a_logged_post(world, client):
    owner = world.users["kommun_vagledare"]
    participant = world.participants["no_consent"]
    client.force_login(owner)
    page = client.get(f"/deltagare/{participant.pk}/").content.decode()
    assert participant.masked_personnummer in page
    assert client.get(f"/deltagare/{participant.pk}/personnummer/").status_code == 405
    response = client.post(f"/deltagare/{participant.pk}/personnummer/")

    full = personnummer.display(personnummer.decrypt(participant.personnummer_encrypted))
    assert full in response.content.decode()
    assert full not in page
    assert AccessLog.objects.filter(participant_id=participant.pk, action=AccessLog.Action.REVEAL_PERSONNUMMER).count() == 1


@pytest.mark.parametrize("user_key", USERS)
def test_the_record_door_gives_the_same_categories_as_the_model(world, user_key, rf):
    """get_participant_for_user reads the categories as one bit mask: the same answer, or 404."""


    for state in CONSENT_STATES:
        participant = world.participants[state]
        request = rf.get("/")
        request.user = world.users[user_key]
        expected = expected_categories(world, user_key, state)
        if DataCategory.CORE not in expected:
            with pytest.raises(Http404):
                get_participant_for_user(request, participant.pk, log=False)
        else:
            assert set(get_participant_for_user(request, participant.pk, log=False).visible) == expected, (user_key, state)


def test_two_groups_granting_the_same_category_count_once(world, rf):
    """A case worker who is also coordinator holds the grants through two groups: a category
    granted twice is still that one category (the mask adds distinct bits)."""

    user = world.users["kommun_vagledare"]
    membership_grant(user=user, role=Role.SAMORDNARE, organisation=user.staff_profile.organisation, unit=world.unit)
    participant = world.participants["consent_all"]
    groups = ParticipantGroupPermission.objects.filter(content_object=participant, group__user=user)
    assert groups.values("group").distinct().count() == 2
    request = rf.get("/")
    request.user = user
    assert set(get_participant_for_user(request, participant.pk, log=False).visible) == expected_categories(
        world, "kommun_vagledare", "consent_all"
    )


def test_two_answers_either_side_of_a_minute_compare_equal(world, client):
    """The comparison of a refused and a missing record masks only the print notice's minute: a
    refusal at 23:30:59 and a miss at 23:31:00 (the CI run of 2026-12-06) are the same answer."""
    client.force_login(world.users["af_vagledare"])
    hidden_path = f"/deltagare/{world.participants['no_consent'].pk}/"
    with time_machine.travel(datetime(2026, 12, 6, 22, 30, 59, tzinfo=UTC), tick=False):
        hidden = client.get(hidden_path)
    with time_machine.travel(datetime(2026, 12, 6, 22, 31, 0, tzinfo=UTC), tick=False):
        missing = client.get("/deltagare/987654/")
    assert "23:30" in hidden.content.decode() and "23:31" in missing.content.decode()
    assert normalised(hidden.content, hidden_path) == normalised(missing.content, "/deltagare/987654/")
