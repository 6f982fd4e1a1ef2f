"""Registration asks only for what Krami does not know (issue 21, finding 5): the gender follows the
personnummer unless changed, the unit's own municipalities come first, only vägledare are offered as
case worker, no select opens on "---------", a late registration can be dated back, and the hint
names the 10-digit form."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from krami.models import Municipality
from participants.models import Participant, PhaseChange
from tests.krami.factories import MunicipalityFactory
from tests.participants.factories import valid_personnummer
from tests.participants.test_register import _form

# The ninth digit (the serial's last) is odd for a man, even for a woman.
WOMANS_NUMBER = valid_personnummer(date(1995, 5, 17), serial=124)
MANS_NUMBER = valid_personnummer(date(1995, 5, 17), serial=123)


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _page(client, world) -> str:
    MunicipalityFactory(name="Aaby")  # another unit's municipality, first by name
    client.force_login(world.users["kommun_vagledare"])
    html = client.get("/deltagare/ny/").content.decode()
    return html.split('<form method="post" class="form" novalidate>', 1)[1].split("</form>", 1)[0]


def _options(form_html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', form_html, re.S).group(1)
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def test_the_form_opens_on_words_not_dashes_with_the_units_choices_first(world, client):
    form = _page(client, world)
    assert "---------" not in form
    assert _options(form, "gender")[0] == "As the personnummer shows"
    assert _options(form, "referral_source")[0] == "Choose who referred the person"
    own = world.unit.municipalities.get()
    groups = re.findall(r'<optgroup label="([^"]+)">', form)
    assert groups == ["The unit&#x27;s municipalities", "Other municipalities"]
    assert _options(form, "municipality")[1] == own.name  # the unit's own, before "Aaby"
    assert re.search(rf'<option value="{own.pk}" selected>', form)  # the unit's only municipality is chosen
    vagledare = [world.users[k].get_full_name() for k in ("kommun_vagledare", "kv_vagledare", "af_vagledare")]
    assert _options(form, "handler") == ["Choose the case worker", *sorted(vagledare)]  # no coordinator
    assert f'name="registered_on" value="{timezone.localdate():%Y-%m-%d}"' in form
    assert "the 10-digit form YYMMDD-NNNN" in form


@pytest.mark.parametrize("number, chosen, stored", [
    (WOMANS_NUMBER, "", "woman"), (MANS_NUMBER, "", "man"), (WOMANS_NUMBER, "man", "man"), (MANS_NUMBER, "other", "other"),
])
def test_the_gender_follows_the_personnummer_unless_the_person_states_another(world, client, number, chosen, stored):
    client.force_login(world.users["kommun_vagledare"])
    response = client.post("/deltagare/ny/", _form(world, personnummer=number, gender=chosen))
    assert response.status_code == 302
    assert Participant.objects.get(last_name="Nyström").gender == stored


def test_a_late_registration_is_dated_back(world, client):
    client.force_login(world.users["kommun_vagledare"])
    day = timezone.localdate() - timedelta(days=20)
    assert client.post("/deltagare/ny/", _form(world, registered_on=day.isoformat())).status_code == 302
    participant = Participant.objects.get(last_name="Nyström")
    assert (participant.registered_on, participant.phase_since) == (day, day)
    assert list(PhaseChange.objects.filter(participant=participant).values_list("on", flat=True)) == [day]


@pytest.mark.parametrize("offset, message", [
    (1, "The registration date cannot be in the future."),
    (-400, "A registration can be dated back at most a year"),
])
def test_the_registration_date_is_bounded(world, client, offset, message):
    client.force_login(world.users["kommun_vagledare"])
    day = timezone.localdate() + timedelta(days=offset)
    response = client.post("/deltagare/ny/", _form(world, registered_on=day.isoformat()))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Participant.objects.filter(last_name="Nyström").exists()


def test_a_coordinator_cannot_be_made_the_case_worker(world, client):
    client.force_login(world.users["kommun_vagledare"])
    response = client.post("/deltagare/ny/", _form(world, handler=world.users["kommun_samordnare"].pk))
    assert response.status_code == 200
    assert not Participant.objects.filter(last_name="Nyström").exists()


def test_the_ten_digit_form_named_in_the_hint_is_accepted(world, client):
    client.force_login(world.users["kommun_vagledare"])
    ten_digits = WOMANS_NUMBER[2:]  # YYMMDD-NNNN
    assert client.post("/deltagare/ny/", _form(world, personnummer=ten_digits)).status_code == 302
    assert Participant.objects.get(last_name="Nyström").birth_date == date(1995, 5, 17)


def test_the_municipalities_of_a_unit_with_several_come_first_and_none_is_chosen(world, client):
    world.unit.municipalities.add(MunicipalityFactory(name="Öby"))
    form = _page(client, world)
    own = sorted(Municipality.objects.filter(units=world.unit).values_list("name", flat=True))
    assert _options(form, "municipality")[: 1 + len(own)] == ["Choose the municipality", *own]
    select = re.search(r'<select name="municipality"[^>]*>(.*?)</select>', form, re.S).group(1)
    assert "selected" not in select.split("</option>", 1)[1]  # only the empty choice may be selected
