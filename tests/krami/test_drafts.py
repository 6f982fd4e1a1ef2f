"""Nothing typed is lost, on the server's side (krami/drafts.py): a form sent after the idle limit
is filled in again on its page after logging in — any form, not only the journal note — and the
record version comes back with it, so a colleague's save in between still ends in the conflict page.
The browser's side is tests/browser/test_drafts.py; the stale-form page tests/krami/test_csrf_failure.py.
"""

from __future__ import annotations

import time

from krami.drafts import SESSION_DRAFT
from krami.middleware import SESSION_SEEN_AT
from participants.models import Participant
from privacy.models import LogReview

PASSWORD = "ett-langt-losenord-2026"
SERVER = "http://testserver"


def _login(client, user):
    response = client.post("/konto/logga-in/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302
    return response


def _idle(client, settings):
    session = client.session
    session[SESSION_SEEN_AT] = time.time() - settings.SESSION_IDLE_TIMEOUT.total_seconds() - 5
    session.save()


def _edit_data(p: Participant, **changes) -> dict:
    data = {
        "unit": p.unit_id, "personnummer": "", "first_name": p.first_name, "last_name": p.last_name, "gender": p.gender,
        "municipality": p.municipality_id or "", "phone": p.phone, "email": p.email, "address": p.address,
        "referral_source": p.referral_source,
        "drug_free": p.drug_free, "housing_arranged": p.housing_arranged, "childcare_arranged": p.childcare_arranged,
        "version": p.version,
    }
    return {k: v for k, v in {**data, **changes}.items() if v is not None}


def test_any_form_sent_after_the_idle_limit_is_filled_in_again_after_logging_in(world, client, settings):
    p = world.participants["no_consent"]
    Participant.objects.filter(pk=p.pk).update(identifies_as_woman=True)
    p.refresh_from_db()
    url = f"/deltagare/{p.pk}/andra/"
    _login(client, world.users["kommun_vagledare"])
    assert client.get(url).status_code == 200
    _idle(client, settings)
    response = client.post(url, _edit_data(p, first_name="Skrivetnamn", phone="070-1234567"))
    assert response.status_code == 302 and response["Location"] == f"/konto/logga-in/?next={url}"
    assert Participant.objects.get(pk=p.pk).first_name == p.first_name  # nothing saved

    _login(client, world.users["kommun_vagledare"])
    html = client.get(url).content.decode()
    assert 'value="Skrivetnamn"' in html and 'value="070-1234567"' in html
    box = html.split('name="identifies_as_woman"')[1].split(">")[0]
    assert "checked" not in box  # unticked before the logout (a browser sends nothing for it)
    assert "Vi har fyllt i det du skrev innan du loggades ut" in html
    assert "Skrivetnamn" not in client.get(url).content.decode()  # used once


def test_a_colleagues_save_while_the_user_was_logged_out_still_ends_in_the_conflict_page(world, client, settings):
    p = world.participants["no_consent"]
    url = f"/deltagare/{p.pk}/andra/"
    _login(client, world.users["kommun_vagledare"])
    _idle(client, settings)
    client.post(url, _edit_data(p, first_name="Skrivetnamn"))
    Participant.objects.filter(pk=p.pk).update(last_name="Kollegansnamn", version=p.version + 1)  # saved meanwhile

    _login(client, world.users["kommun_vagledare"])
    html = client.get(url).content.decode()
    assert f'name="version" value="{p.version}"' in html  # the version the text was typed against
    response = client.post(url, _edit_data(p, first_name="Skrivetnamn"))
    assert response.status_code == 200 and "Någon annan sparade uppgifterna" in response.content.decode()
    assert Participant.objects.get(pk=p.pk).last_name == "Kollegansnamn"


def test_a_form_sent_to_another_address_comes_back_on_its_own_page(world, client, settings):
    unit = world.unit
    page = f"/integritet/enhet/{unit.pk}/loggkontroll/?month=2026-10"
    _login(client, world.users["kommun_samordnare"])
    _idle(client, settings)
    response = client.post(
        f"/integritet/enhet/{unit.pk}/loggkontroll/signera/", {"month": "2026-10", "comment": "Granskat utan anmärkning."},
        HTTP_REFERER=SERVER + page,
    )
    assert response.status_code == 302 and response["Location"] == f"/konto/logga-in/?next={page.replace('?', '%3F').replace('=', '%3D')}"

    _login(client, world.users["kommun_samordnare"])
    html = client.get(page).content.decode()
    assert "Granskat utan anmärkning." in html and not LogReview.objects.exists()


def test_a_logged_out_post_is_sent_to_log_in_and_back_to_the_page_of_its_form(world, client):
    unit = world.unit
    page = f"/integritet/enhet/{unit.pk}/loggkontroll/"
    response = client.post(f"{page}signera/", {"month": "2026-10", "comment": "Text"}, HTTP_REFERER=SERVER + page)
    assert response.status_code == 302 and response["Location"] == f"/konto/logga-in/?next={page}"
    assert SESSION_DRAFT not in client.session  # a logged-out user's text is never stored


def test_the_draft_of_one_user_is_not_shown_to_another_nor_on_another_page(world, client, settings):
    p = world.participants["no_consent"]
    url = f"/deltagare/{p.pk}/andra/"
    _login(client, world.users["kommun_vagledare"])
    _idle(client, settings)
    client.post(url, _edit_data(p, first_name="Skrivetnamn"))
    _login(client, world.users["kommun_vagledare"])
    assert "Skrivetnamn" not in client.get(f"/deltagare/{p.pk}/anteckningar/ny/").content.decode()
    assert client.session[SESSION_DRAFT]["path"] == url  # still waiting for its own page

    client.post("/konto/logga-ut/")
    _login(client, world.users["kommun_samordnare"])
    assert "Skrivetnamn" not in client.get(url).content.decode()


def test_a_typed_date_comes_back_instead_of_the_forms_default(world, client, settings):
    p = world.participants["no_consent"]
    url = f"/inskrivning/deltagare/{p.pk}/intervju/ny/"
    _login(client, world.users["kommun_vagledare"])
    _idle(client, settings)
    client.post(url, {"held_on": "2026-11-20", "interviewer": world.users["kommun_vagledare"].pk, "notes": "Vill bli snickare."})
    _login(client, world.users["kommun_vagledare"])
    html = client.get(url).content.decode()
    assert "Vill bli snickare." in html
    held_on = html.split('name="held_on"')[1].split(">")[0]
    assert 'value="2026-11-20"' in held_on  # not today, the form's default
