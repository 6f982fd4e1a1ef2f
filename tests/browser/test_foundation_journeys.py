"""Browser journeys of the foundation: a vägledare reaches the home page; a styrgrupp member sees no person."""

import pytest

from tests.browser.conftest import login
from tests.fixtures import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_vagledare_logs_in_and_reaches_home_and_a_participant(page, live_server):
    world = build_world()
    login(page, live_server, "kommun_vl")
    assert page.locator("h1").inner_text().startswith(("Välkommen", "Welcome"))
    page.locator("a", has_text="Sentinelno_consent").first.click()
    assert page.locator("h1").inner_text().startswith("Sentinelno_consent Person")
    assert world.participants["no_consent"].masked_personnummer in page.content()


def test_styrgrupp_member_sees_no_personal_data(page, live_server):
    world = build_world()
    login(page, live_server, "styr")
    html = page.content()
    assert page.locator("h1").is_visible()
    for participant in world.participants.values():
        assert participant.first_name not in html
        assert participant.masked_personnummer[:8] not in html
    response = page.goto(f"{live_server.url}/deltagare/{world.participants['no_consent'].pk}/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/deltagare/")
    assert response.status == 404
