"""Write authority (issue 13, findings 1–3; docs/access.md, "Who may write").

A party changes only its own data, records and withdraws consent only for its own data, and a
refused write answers exactly as a missing record does, changing nothing.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import DrugTest
from krami.models import DataCategory
from participants import personnummer
from participants.models import ConsentMethod, ConsentRequest, JournalNote, NoteVisibility
from participants.services.consent import consent_record
from tests.access.digest import table_states
from tests.access.formvalues import form_data
from tests.answers import normalised
from tests.participants.factories import make_participant, valid_personnummer
from tests.pdf import pdf_text

SECRET = "SENTINEL-SOCIALTJÄNST-4711"


@pytest.fixture
def kv_sees_core(world):
    """The kommun's participant whom KV sees through a consent for the core record only."""
    participant = world.participants["consent_kv_core"]
    participant.social_services.social_worker = SECRET
    participant.social_services.save()
    return participant


def _normalised(response, path: str) -> str:
    return normalised(response.content, path)


# --- Finding 1: consent recorded or withdrawn by the wrong party ------------------------------------------------
def test_a_receiving_party_cannot_record_a_consent_for_the_owners_data(world, client, kv_sees_core):
    kv, kommun = world.orgs["kv"], world.orgs["kommun"]
    client.force_login(world.users["kv_vagledare"])
    url = reverse("participants:consent_create", kwargs={"pk": kv_sees_core.pk})
    before = table_states(with_log=False)
    for scope in (f"{kv.pk}:social_services", f"{kommun.pk}:social_services", f"{kv.pk}:core"):
        response = client.post(url, {"given_on": timezone.localdate().isoformat(), "method": "written", "scopes": [scope]})
        assert response.status_code == 200 and "data-error-summary" in response.content.decode(), scope
    assert table_states(with_log=False) == before
    assert DataCategory.SOCIAL_SERVICES not in kv_sees_core.consents.values_list("scopes__category", flat=True)
    # The form offers KV only what KV holds, and only to the other parties.
    html = client.get(url).content.decode()
    assert f'value="{world.orgs["kommun"].pk}:criminal_justice"' in html
    assert "social_services" not in html and f'value="{kv.pk}:' not in html


def test_after_a_refused_consent_the_receiving_party_still_cannot_read_the_owners_data(world, client, kv_sees_core):
    client.force_login(world.users["kv_vagledare"])
    client.post(
        reverse("participants:consent_create", kwargs={"pk": kv_sees_core.pk}),
        {"given_on": timezone.localdate().isoformat(), "method": "written",
         "scopes": [f"{world.orgs['kv'].pk}:social_services", f"{world.orgs['kv'].pk}:notes"]},
    )
    pk = kv_sees_core.pk
    assert SECRET not in client.get(reverse("participants:detail", kwargs={"pk": pk})).content.decode()
    assert SECRET not in client.get(reverse("privacy:extract", kwargs={"pk": pk})).content.decode()
    assert SECRET not in json.dumps(client.get(reverse("privacy:extract_json", kwargs={"pk": pk})).json())
    assert SECRET not in pdf_text(client.get(reverse("privacy:extract_pdf", kwargs={"pk": pk})).content)


def test_only_the_releasing_party_withdraws_a_consent(world, client):
    participant = world.participants["consent_all"]
    kommun_consent = participant.consents.get(releasing_organisation=world.orgs["kommun"])
    url = reverse("participants:consent_withdraw", kwargs={"pk": participant.pk, "consent_id": kommun_consent.pk})
    missing = reverse("participants:consent_withdraw", kwargs={"pk": participant.pk, "consent_id": 987654})
    client.force_login(world.users["af_vagledare"])
    before = table_states(with_log=True)
    refused = client.post(url)
    assert refused.status_code == 404
    assert table_states(with_log=True) == before  # not even the read is logged
    assert _normalised(refused, url) == _normalised(client.post(missing), missing)
    client.force_login(world.users["kv_vagledare"])
    assert client.get(reverse("participants:detail", kwargs={"pk": participant.pk})).status_code == 200
    # The kommun may: then KV loses the participant on its next request.
    client.force_login(world.users["kommun_vagledare"])
    assert client.post(url).status_code == 302
    client.force_login(world.users["kv_vagledare"])
    assert client.get(reverse("participants:detail", kwargs={"pk": participant.pk})).status_code == 404


def test_the_withdraw_button_is_shown_only_for_the_own_partys_consents(world, client):
    participant = world.participants["consent_all"]
    client.force_login(world.users["af_vagledare"])
    html = client.get(reverse("participants:detail", kwargs={"pk": participant.pk})).content.decode()
    own = participant.consents.get(releasing_organisation=world.orgs["af"])
    others = participant.consents.exclude(pk=own.pk)
    assert f"/samtycke/{own.pk}/aterkalla/" in html
    assert all(f"/samtycke/{c.pk}/aterkalla/" not in html for c in others)


# --- Asking for consent: the receiving party asks, the releasing party records ---------------------------------
def test_a_receiving_party_asks_and_the_owner_records_from_the_request(world, client, kv_sees_core):
    client.force_login(world.users["kv_vagledare"])
    response = client.post(
        reverse("participants:consent_request_create", kwargs={"pk": kv_sees_core.pk}),
        {"addressed_to": world.orgs["kommun"].pk, "categories": ["social_services"], "reason": "Bostadsfrågan"},
    )
    assert response.status_code == 302
    request = ConsentRequest.objects.get(participant=kv_sees_core)
    assert (request.requesting_organisation, request.addressed_to, request.categories) == (
        world.orgs["kv"], world.orgs["kommun"], ["social_services"]
    )
    # KV sees the request waiting, without an answer button; the kommun has one, pre-ticked.
    detail = reverse("participants:detail", kwargs={"pk": kv_sees_core.pk})
    assert "Bostadsfrågan" in client.get(detail).content.decode()
    assert f"?begaran={request.pk}" not in client.get(detail).content.decode()
    client.force_login(world.users["kommun_vagledare"])
    assert f"?begaran={request.pk}" in client.get(detail).content.decode()
    form_url = reverse("participants:consent_create", kwargs={"pk": kv_sees_core.pk}) + f"?begaran={request.pk}"
    form = client.get(form_url).content.decode()
    assert re.search(rf'value="{world.orgs["kv"].pk}:social_services"[^>]*checked', form)
    response = client.post(form_url, {
        "given_on": timezone.localdate().isoformat(), "method": "written", "filed_as": "Dnr 2026/4",
        "scopes": [f"{world.orgs['kv'].pk}:social_services"],
    })
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "recorded" and request.consent.releasing_organisation == world.orgs["kommun"]
    assert request.consent.filed_as == "Dnr 2026/4"
    client.force_login(world.users["kv_vagledare"])
    assert SECRET in client.get(detail).content.decode()


def test_the_asked_party_may_answer_without_consent_and_no_one_else_may(world, client, kv_sees_core):
    request = ConsentRequest.objects.create(
        participant=kv_sees_core, requesting_organisation=world.orgs["kv"], addressed_to=world.orgs["kommun"],
        categories=["social_services"], reason="Bostadsfrågan", requested_by=world.users["kv_vagledare"],
    )
    url = reverse("participants:consent_request_decline", kwargs={"pk": kv_sees_core.pk, "request_id": request.pk})
    client.force_login(world.users["kv_vagledare"])
    assert client.post(url, {"note": "Nej"}).status_code == 404
    client.force_login(world.users["kommun_vagledare"])
    assert client.post(url, {"note": "Deltagaren vill inte"}).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.answer_note) == ("declined", "Deltagaren vill inte")
    assert client.post(url, {"note": "Igen"}).status_code == 404  # answered once


def test_only_parties_that_see_the_participant_can_be_asked(world, client):
    """A request to a party that does not see the person would tell it the person is a participant."""
    participant = world.participants["consent_kv_core"]  # AF does not see this person
    client.force_login(world.users["kommun_vagledare"])
    url = reverse("participants:consent_request_create", kwargs={"pk": participant.pk})
    html = client.get(url).content.decode()
    assert str(world.orgs["af"]) not in html
    response = client.post(url, {"addressed_to": world.orgs["af"].pk, "categories": ["labour_market"], "reason": "x"})
    assert response.status_code == 200 and not ConsentRequest.objects.exists()


# --- Notes and drug tests are released party by party ------------------------------------------------------------
def test_a_partys_consent_for_notes_shows_its_own_team_notes_only(world, client):
    owner = world.users["kommun_vagledare"]
    participant = make_participant(unit=world.unit, handler=owner)
    today = timezone.localdate()
    consent_record(participant=participant, by=owner, given_on=today, method=ConsentMethod.WRITTEN,
                   scopes=[(world.orgs["af"], DataCategory.CORE), (world.orgs["kv"], DataCategory.CORE)])
    consent_record(participant=participant, by=world.users["kv_vagledare"], given_on=today, method=ConsentMethod.WRITTEN,
                   scopes=[(world.orgs["af"], DataCategory.NOTES)])
    for org_key, author_key in (("kommun", "kommun_vagledare"), ("kv", "kv_vagledare")):
        JournalNote.objects.create(
            participant=participant, author=world.users[author_key], owner_organisation=world.orgs[org_key],
            visibility=NoteVisibility.TEAM, noted_on=today - timedelta(days=1), text=f"TEAMNOTE-{org_key}",
        )
    client.force_login(world.users["af_vagledare"])
    html = client.get(reverse("participants:detail", kwargs={"pk": participant.pk})).content.decode()
    assert "TEAMNOTE-kv" in html and "TEAMNOTE-kommun" not in html


# --- Finding 2: the personnummer is no oracle ---------------------------------------------------------------------
def test_changing_the_personnummer_tells_another_party_nothing(world, client):
    """AF sees the kommun's record through consent; it may not change it at all, so the answer is the
    same 404 whether the number belongs to a person the kommun registered or to nobody."""
    participant = world.participants["consent_all"]
    taken = make_participant(unit=world.unit, handler=world.users["kommun_vagledare"], personnummer=valid_personnummer())
    taken_digits = personnummer.decrypt(taken.personnummer_encrypted)
    url = reverse("participants:edit", kwargs={"pk": participant.pk})
    client.force_login(world.users["af_vagledare"])
    form = {"first_name": "X", "last_name": "Y", "gender": "man", "municipality": participant.municipality_id,
            "referral_source": "af", "drug_free": "yes", "housing_arranged": "yes", "childcare_arranged": "n/a",
            "version": participant.version}
    answers = [client.post(url, {**form, "personnummer": number}) for number in (taken_digits, valid_personnummer())]
    assert [a.status_code for a in answers] == [404, 404]
    assert _normalised(answers[0], url) == _normalised(answers[1], url)
    participant.refresh_from_db()
    assert participant.first_name == "Sentinelconsent_all"


def test_the_owner_gets_a_form_error_for_a_number_it_has_registered(world, client):
    participant = world.participants["no_consent"]
    other = world.participants["consent_all"]
    client.force_login(world.users["kommun_vagledare"])
    url = reverse("participants:edit", kwargs={"pk": participant.pk})
    page = client.get(url).content.decode()

    data = form_data(page, url, fill={"personnummer": personnummer.decrypt(other.personnummer_encrypted)})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "already registered" in response.content.decode()


# --- Finding 3: edits by another authority -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("user_key", "url_name", "extra"),
    [
        ("af_vagledare", "participants:edit", {}),
        ("kv_vagledare", "participants:edit", {}),
        ("af_vagledare", "participants:category_edit", {"category": "social_services"}),
        ("kv_vagledare", "participants:category_edit", {"category": "labour_market"}),
        ("kommun_vagledare", "participants:category_edit", {"category": "criminal_justice"}),
        ("af_vagledare", "participants:reassign", {}),
    ],
)
def test_seeing_a_record_is_no_licence_to_change_it(world, client, user_key, url_name, extra):
    participant = world.participants["consent_all"]
    url = reverse(url_name, kwargs={"pk": participant.pk, **extra})
    client.force_login(world.users[user_key])
    assert client.get(reverse("participants:detail", kwargs={"pk": participant.pk})).status_code == 200
    before = table_states(with_log=True)
    assert client.get(url).status_code == 404
    assert client.post(url, {"first_name": "Ändrad", "notes": "Ändrad", "social_worker": "Ändrad"}).status_code == 404
    assert table_states(with_log=True) == before


def test_the_page_offers_each_party_only_its_own_edits(world, client):
    participant = world.participants["consent_all"]
    edits = {
        "kommun_vagledare": {"andra/", "uppgifter/social_services/"},
        "kv_vagledare": {"uppgifter/criminal_justice/"},
        "af_vagledare": {"uppgifter/labour_market/"},
    }
    candidates = {"andra/", "uppgifter/social_services/", "uppgifter/criminal_justice/", "uppgifter/labour_market/"}
    for user_key, expected in edits.items():
        client.force_login(world.users[user_key])
        html = client.get(reverse("participants:detail", kwargs={"pk": participant.pk})).content.decode()
        shown = {c for c in candidates if f'/deltagare/{participant.pk}/{c}"' in html}
        assert shown == expected, user_key


def test_a_drug_test_result_is_recorded_only_by_the_referring_organisation(world, client):
    participant = world.participants["consent_all"]
    test = DrugTest.objects.create(participant=participant, owner_organisation=world.orgs["kv"],
                                   referred_on=timezone.localdate(), reason="Misstanke", referred_by=world.users["kv_vagledare"])
    url = reverse("intake:drugtest_result", kwargs={"pk": participant.pk, "test_id": test.pk})
    data = {"result": "negative", "result_on": timezone.localdate().isoformat()}
    client.force_login(world.users["kommun_vagledare"])  # sees the test through the consent, may not record
    page = client.get(reverse("participants:detail", kwargs={"pk": participant.pk})).content.decode()
    assert url not in page, page[page.index(url) - 300: page.index(url) + 100]
    assert f"Waiting for {world.orgs['kv']} to record the result" in page
    assert client.post(url, data).status_code == 404
    client.force_login(world.users["kv_vagledare"])
    assert client.post(url, data).status_code == 302
    test.refresh_from_db()
    assert test.result == "negative"


def test_consents_of_existing_data_are_split_by_releasing_party():
    """Migration 0007: a consent recorded by the owner for every party's data becomes one consent per
    releasing party, the (receiving party, category) pairs unchanged."""

    migration = import_module("participants.migrations.0007_write_authority")
    parties = [type("P", (), {"pk": pk, "kind": kind}) for pk, kind in ((1, "af"), (2, "kv"), (3, "kommun"))]
    assert migration._releasers("core", 1, 3, parties) == [3]
    assert migration._releasers("criminal_justice", 1, 3, parties) == [2]
    assert migration._releasers("notes", 1, 3, parties) == [2, 3]



