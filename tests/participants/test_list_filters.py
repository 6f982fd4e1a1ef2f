"""The participant list: date, referral, case-worker and criminal-justice filters; constant queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from krami.models import OrganisationKind, Role
from participants.models import CriminalJusticeInfo, CriminalJusticeStatus, Participant, Phase, ReferralSource
from tests.krami.factories import UnitFactory, party, staff
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db
URL = reverse("participants:list")


def _names(response) -> set[str]:
    html = response.content.decode()
    return {p.first_name for p in Participant.objects.all() if f", {p.first_name}</a>" in html}


def _set_status(participant, status):
    CriminalJusticeInfo.objects.filter(participant=participant).update(status=status)


def test_filter_by_referral_source(client, world):
    owner = world.users["kommun_vagledare"]
    make_participant(unit=world.unit, handler=owner, first_name="Frivard", referral_source=ReferralSource.KV_PROBATION)
    make_participant(unit=world.unit, handler=owner, first_name="Socialen", referral_source=ReferralSource.SOCIAL_SERVICES)
    client.force_login(owner)
    assert _names(client.get(URL, {"referral_source": "social_services"})) == {"Socialen"}


def test_filter_by_registration_dates(client, world, today):
    owner = world.users["kommun_vagledare"]
    old = make_participant(unit=world.unit, handler=owner, first_name="Gammal")
    Participant.objects.filter(pk=old.pk).update(registered_on=old.registered_on - timedelta(days=60))
    client.force_login(owner)
    earlier = (today - timedelta(days=90)).isoformat()
    month_ago = (today - timedelta(days=30)).isoformat()
    assert _names(client.get(URL, {"registered_from": earlier, "registered_to": month_ago})) == {"Gammal"}
    assert "Gammal" not in _names(client.get(URL, {"registered_from": month_ago}))


def test_filter_by_phase_since(client, world, today):
    owner = world.users["kommun_vagledare"]
    make_participant(unit=world.unit, handler=owner, first_name="Lange", phase=Phase.GUIDANCE,
                     phase_since=today - timedelta(days=100))
    make_participant(unit=world.unit, handler=owner, first_name="Nyss", phase=Phase.GUIDANCE,
                     phase_since=today - timedelta(days=5))
    client.force_login(owner)
    response = client.get(URL, {"phase": "guidance", "phase_since_to": (today - timedelta(days=30)).isoformat()})
    assert _names(response) == {"Lange"}


def test_end_before_start_is_explained(client, world, today):
    client.force_login(world.users["kommun_vagledare"])
    response = client.get(URL, {"registered_from": today.isoformat(), "registered_to": (today - timedelta(days=1)).isoformat()})
    assert "The end date is before the start date." in response.content.decode()


def test_filter_by_case_worker(client, world):
    colleague = staff(role=Role.VAGLEDARE, unit=world.unit, organisation=world.orgs["kommun"], username="kollega")
    make_participant(unit=world.unit, handler=colleague, first_name="Kollegans")
    client.force_login(world.users["kommun_vagledare"])
    assert _names(client.get(URL, {"handler": colleague.pk})) == {"Kollegans"}


def test_criminal_justice_filter_only_matches_data_the_user_may_see(client, world):
    """The kommun owns these records but not their criminal-justice data: only consent shows it."""
    p = world.participants
    _set_status(p["no_consent"], CriminalJusticeStatus.PROBATION)
    _set_status(p["consent_all"], CriminalJusticeStatus.PROBATION)
    client.force_login(world.users["kommun_vagledare"])
    response = client.get(URL, {"cj_status": "probation"})
    assert 'name="cj_status"' in response.content.decode()
    assert _names(response) == {"Sentinelconsent_all"}


def test_kriminalvarden_filters_on_its_own_category(client, world):
    p = world.participants
    _set_status(p["consent_kv_core"], CriminalJusticeStatus.PRISON_RELEASE_MEASURE)
    _set_status(p["consent_all"], CriminalJusticeStatus.PROBATION)
    client.force_login(world.users["kv_vagledare"])
    assert _names(client.get(URL, {"cj_status": "prison_release"})) == {"Sentinelconsent_kv_core"}


def test_without_the_category_the_filter_does_not_exist(client):
    unit = UnitFactory()
    kommun = staff(role=Role.VAGLEDARE, unit=unit, organisation=party(unit, OrganisationKind.KOMMUN))
    probation = make_participant(unit=unit, handler=kommun, first_name="Skyddstillsyn")
    make_participant(unit=unit, handler=kommun, first_name="Ingen")
    _set_status(probation, CriminalJusticeStatus.PROBATION)
    client.force_login(kommun)
    response = client.get(URL, {"cj_status": "probation"})
    html = response.content.decode()
    assert 'name="cj_status"' not in html and "Criminal-justice status" not in html
    assert _names(response) == {"Skyddstillsyn", "Ingen"}  # the parameter is ignored, not applied


def test_list_queries_are_constant_at_1_and_30_rows(client, today):
    """Every filter and a sort applied, as a KV case worker (who may use the status filter)."""
    unit = UnitFactory()
    kv = staff(role=Role.VAGLEDARE, unit=unit, organisation=party(unit, OrganisationKind.KV))

    def add(n):
        for _ in range(n):
            p = make_participant(unit=unit, handler=kv, phase=Phase.GUIDANCE, phase_since=today - timedelta(days=10),
                                 referral_source=ReferralSource.KV_PRISON)
            _set_status(p, CriminalJusticeStatus.PRISON_RELEASE_MEASURE)

    params = {
        "phase": "guidance", "handler": "me", "referral_source": "kv_prison", "cj_status": "prison_release",
        "registered_from": (today - timedelta(days=1)).isoformat(), "registered_to": today.isoformat(),
        "phase_since_from": (today - timedelta(days=20)).isoformat(), "phase_since_to": today.isoformat(),
        "sort": "-phase_since",
    }
    client.force_login(kv)
    counts = []
    for n, expected_rows in ((1, "1 participant"), (29, "30 participants")):
        add(n)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, params)
        assert expected_rows in response.content.decode()
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert client.get(URL, {**params, "page": 2}).status_code == 200


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Participant, ("unit", "phase")),
        (Participant, ("handler", "phase")),
        (Participant, ("unit", "gender")),
        (Participant, ("unit", "municipality")),
        (Participant, ("unit", "referral_source")),
        (Participant, ("unit", "created_at")),
        (Participant, ("unit", "phase_since")),
        (CriminalJusticeInfo, ("status", "participant")),
    ],
)
def test_every_filter_has_an_index(model, fields):
    assert fields in {tuple(index.fields) for index in model._meta.indexes}
