"""TOTP two-factor authentication: required for staff, set up on first login, demo exemption."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from krami.models import Role, StaffProfile
from tests.krami.factories import UnitFactory, staff

PASSWORD = "ett-langt-losenord-2026"


@pytest.fixture
def require_2fa(settings):
    settings.KRAMI_REQUIRE_2FA = True
    settings.KRAMI_DEMO_ACCOUNTS_SKIP_2FA = False
    return settings


@pytest.fixture
def vagledare(db):
    unit = UnitFactory()
    return staff(role=Role.VAGLEDARE, unit=unit, organisation=unit.parties.first(), username="anna")


def _login(client):
    return client.post("/konto/logga-in/", {"username": "anna", "password": PASSWORD})


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_without_a_second_factor_every_page_leads_to_the_setup(client, vagledare, require_2fa):
    _login(client)
    response = client.get("/deltagare/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/tvafaktor/")
    setup = client.get(response["Location"])
    assert b"data:image/svg+xml" in setup.content  # the QR code, drawn locally
    assert not TOTPDevice.objects.filter(user=vagledare).exists()  # nothing saved until the code is proven


def test_a_wrong_code_is_refused_and_the_right_one_confirms_the_device(client, vagledare, require_2fa):
    _login(client)
    client.get("/konto/tvafaktor/")
    device = TOTPDevice(user=vagledare, key=client.session["krami_totp_setup_key"])
    wrong = client.post("/konto/tvafaktor/", {"token": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and b"error-summary" in wrong.content
    assert not TOTPDevice.objects.filter(user=vagledare).exists()
    right = client.post("/konto/tvafaktor/", {"token": _code(device), "next": "/deltagare/"})
    assert right.status_code == 302 and right["Location"] == "/deltagare/"
    assert TOTPDevice.objects.get(user=vagledare).confirmed
    assert client.get("/deltagare/").status_code == 200


def test_the_next_login_asks_for_a_code_not_a_new_setup(client, vagledare, require_2fa):
    device = TOTPDevice.objects.create(user=vagledare, name="Krami", confirmed=True)
    _login(client)
    page = client.get("/konto/tvafaktor/")
    assert b"data:image/svg+xml" not in page.content
    assert client.post("/konto/tvafaktor/", {"token": _code(device)}).status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_codes_for_a_confirmed_device_are_throttled(client, vagledare, require_2fa):
    device = TOTPDevice.objects.create(user=vagledare, name="Krami", confirmed=True)
    _login(client)
    client.post("/konto/tvafaktor/", {"token": "000000" if _code(device) != "000000" else "111111"})
    throttled = client.post("/konto/tvafaktor/", {"token": _code(device)})
    assert throttled.status_code == 200  # django-otp makes the guesser wait after each failure
    assert client.get("/").status_code == 302


def test_next_parameter_cannot_redirect_off_site(client, vagledare, require_2fa):
    device = TOTPDevice.objects.create(user=vagledare, name="Krami", confirmed=True)
    _login(client)
    response = client.post("/konto/tvafaktor/", {"token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_demo_accounts_skip_only_with_the_named_setting(client, vagledare, require_2fa):
    StaffProfile.objects.filter(user=vagledare).update(is_demo_account=True)
    _login(client)
    assert client.get("/").status_code == 302
    require_2fa.KRAMI_DEMO_ACCOUNTS_SKIP_2FA = True
    assert client.get("/").status_code == 200


def test_deploy_check_fails_when_demo_accounts_may_skip_2fa(settings):
    settings.KRAMI_DEMO_ACCOUNTS_SKIP_2FA = True
    settings.PERSONNUMMER_KEYS = ["x"]
    settings.PERSONNUMMER_HASH_KEY = "y"
    with pytest.raises(SystemCheckError, match="krami.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "security")
