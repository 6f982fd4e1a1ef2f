"""The user's own settings (issue 16): the opt-in daily digest."""

import pytest
from django.urls import reverse

from krami.models import AuditEvent, StaffProfile

pytestmark = pytest.mark.django_db


def test_a_user_opts_in_and_out_of_the_daily_email(client, world):
    user = world.users["kv_vagledare"]
    client.force_login(user)
    url = reverse("krami:account_settings")
    assert client.get(url).context["form"]["daily_digest"].value() is False
    assert client.post(url, {"daily_digest": "on"}).status_code == 302
    assert StaffProfile.objects.get(user=user).daily_digest is True
    assert client.get(url).context["form"]["daily_digest"].value() is True
    client.post(url, {})
    assert StaffProfile.objects.get(user=user).daily_digest is False
    assert AuditEvent.objects.filter(action="account.settings_saved", user=user).count() == 2


def test_a_user_without_a_profile_gets_one(client, world):
    user = world.users["no_membership"]
    client.force_login(user)
    client.post(reverse("krami:account_settings"), {"daily_digest": "on"})
    assert StaffProfile.objects.get(user=user).daily_digest is True
