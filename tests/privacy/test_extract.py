"""The register extract (registerutdrag): everything the organisation may disclose, as PDF and
JSON, with the access log; never another authority's data without consent; making one is logged."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from krami.models import AccessLog, DataCategory
from participants import personnummer
from participants.access import get_participant_for_user
from participants.models import NoteVisibility
from participants.services.notes import note_create
from privacy.selectors.extract import extract_html, register_extract
from tests.pdf import pdf_words


def _json(client, participant):
    response = client.get(f"/integritet/deltagare/{participant.pk}/registerutdrag.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_the_extract_holds_identity_own_category_notes_and_who_read_it(world, client):
    p = world.participants["no_consent"]
    kommun = world.users["kommun_vagledare"]
    p.social_services.notes = "SOCIALSENTINEL"
    p.social_services.save()
    p.criminal_justice.notes = "KVSENTINEL"
    p.criminal_justice.save()
    note_create(participant=p, by=kommun, noted_on=p.phase_since, text="Ett samtal om boende.", visibility=NoteVisibility.TEAM)
    client.force_login(world.users["kv_vagledare"])
    assert client.get(f"/deltagare/{p.pk}/").status_code == 404  # KV may not see this person at all
    client.force_login(kommun)
    client.get(f"/deltagare/{p.pk}/")
    data = _json(client, p)
    core = data["sections"]["participant"][0]
    assert core["first_name"] == "Sentinelno_consent"
    assert core["personnummer"] == personnummer.display(personnummer.decrypt(p.personnummer_encrypted))
    assert "personnummer_hash" not in core and "personnummer_encrypted" not in core
    assert data["sections"]["social_services"][0]["notes"] == "SOCIALSENTINEL"
    assert "criminal_justice" not in data["sections"]  # the kommun may not disclose KV's data
    assert "KVSENTINEL" not in json.dumps(data)
    assert data["categories_not_included"] == ["criminal_justice", "labour_market", "health", "notes"]
    assert [n["text"] for n in data["sections"]["journal_notes"]] == ["Ett samtal om boende."]
    log = data["sections"]["access_log"]
    with translation.override("sv"):
        expected = [("kommun_vl", str(AccessLog.Action.VIEW.label)), ("kommun_vl", str(AccessLog.Action.EXPORT.label))]
    assert [(row["user"], row["action"]) for row in log] == expected


def test_consent_widens_the_extract_for_another_party(world, client):
    p = world.participants["consent_all"]
    p.social_services.notes = "SOCIALSENTINEL"
    p.social_services.save()
    client.force_login(world.users["kv_vagledare"])
    data = _json(client, p)
    assert data["sections"]["social_services"][0]["notes"] == "SOCIALSENTINEL"
    assert data["categories_not_included"] == []


@pytest.mark.parametrize("ext", ["pdf", "json"])
def test_making_an_extract_is_logged_as_an_export(world, client, ext):
    p = world.participants["consent_all"]
    client.force_login(world.users["af_vagledare"])
    response = client.get(f"/integritet/deltagare/{p.pk}/registerutdrag.{ext}")
    assert response.status_code == 200
    row = AccessLog.objects.filter(participant_id=p.pk).latest("at", "id")
    assert (row.username, row.action, row.path) == ("af_vl", "export", f"/integritet/deltagare/{p.pk}/registerutdrag.{ext}")


def test_the_pdf_is_a_pdf_and_its_document_holds_what_the_json_holds(world, client, rf):
    p = world.participants["no_consent"]
    p.criminal_justice.notes = "KVSENTINEL"
    p.criminal_justice.save()
    p.social_services.notes = "SOCIALSENTINEL"
    p.social_services.save()
    client.force_login(world.users["kommun_vagledare"])
    response = client.get(f"/integritet/deltagare/{p.pk}/registerutdrag.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and len(response.content) > 5000
    text = pdf_words(response.content)
    assert "SOCIALSENTINEL" in text and "".join(p.reference.split()) in text
    assert "KVSENTINEL" not in text
    # Swedish throughout: every field has a translated label (tests/i18n/test_labels.py).
    assert "Skapadav" in text and "Ändradav" in text and "Created" not in text and "Changed" not in text
    request = rf.get("/")
    request.user = world.users["kommun_vagledare"]
    request.session = {}
    participant = get_participant_for_user(request, p.pk, log=False)
    html = extract_html(register_extract(participant=participant, user=request.user))
    assert "Sentinelno_consent" in html and p.reference in html and "SOCIALSENTINEL" in html
    assert "KVSENTINEL" not in html
    assert html.count("kommun_vl") == 1  # the one export read


@pytest.mark.parametrize("who", ["kv_vagledare", "other_unit_vagledare", "styrgrupp", "nsg", "no_membership"])
@pytest.mark.parametrize("ext", ["pdf", "json"])
def test_outsiders_get_404_and_nothing_is_logged(world, client, who, ext):
    p = world.participants["no_consent"]
    client.force_login(world.users[who])
    before = AccessLog.objects.count()
    assert client.get(f"/integritet/deltagare/{p.pk}/registerutdrag.{ext}").status_code == 404
    assert AccessLog.objects.count() == before


def test_the_page_names_what_is_left_out(world, client):
    p = world.participants["consent_kv_core"]
    client.force_login(world.users["kv_vagledare"])
    html = client.get(f"/integritet/deltagare/{p.pk}/registerutdrag/").content.decode()
    with translation.override("sv"):
        assert str(DataCategory.SOCIAL_SERVICES.label) in html.split('class="hint"')[1]
    assert f"/integritet/deltagare/{p.pk}/registerutdrag.pdf" in html
