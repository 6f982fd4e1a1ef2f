"""The daily digest (issue 16, item 3) against a real SMTP server the test starts (aiosmtpd), through
Django's e-mail framework: one e-mail per opted-in case worker, counts and a link, and not one name
or personnummer of the demo in any of them. A second run sends nothing."""

from __future__ import annotations

import re
import socket
from email import message_from_bytes, policy
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.core.management import call_command

from intake.models import DigestSent, MeetingAttendance
from krami.models import StaffProfile
from participants import personnummer
from participants.models import Participant

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.KRAMI_BASE_URL = "https://krami.example.se"
    try:
        yield inbox
    finally:
        controller.stop()


OPTED_IN = ["sthlm.kommun.vagledare", "sthlm.kv.vagledare", "thn.kommun.vagledare"]


def _opt_in(seeded):
    users = list(get_user_model().objects.filter(username__in=OPTED_IN))
    for user in users:
        user.email = f"{user.username}@krami.example.se"
        user.save(update_fields=["email"])
        StaffProfile.objects.filter(user=user).update(daily_digest=True)
    other = get_user_model().objects.get(username="sthlm.af.vagledare")  # has an address, did not ask
    other.email = "af@krami.example.se"
    other.save(update_fields=["email"])
    return users


def _secrets() -> list[str]:
    """Every participant's and walk-in's name and personnummer in the demo, in the forms they are written."""
    secrets = set()
    for p in Participant.objects.all():
        secrets |= {p.first_name, p.last_name, p.full_name}
        digits = personnummer.decrypt(p.personnummer_encrypted)
        secrets |= {digits, digits[2:], f"{digits[:8]}-{digits[8:]}", f"{digits[2:8]}-{digits[8:]}"}
    for name in MeetingAttendance.objects.exclude(name="").values_list("name", flat=True):
        secrets |= set(name.split()) | {name}
    return sorted(s for s in secrets if s)


def test_one_email_per_opted_in_user_with_counts_and_no_personal_data(seeded, smtp):
    users = _opt_in(seeded)
    out = StringIO()
    call_command("send_digest", stdout=out)
    assert "3 digest e-mail(s) sent" in out.getvalue()
    assert sorted(rcpt for rcpts, _m in smtp.messages for rcpt in rcpts) == sorted(u.email for u in users)
    secrets = _secrets()
    assert len(secrets) > 100
    for _rcpts, message in smtp.messages:
        text = message["Subject"] + "\n" + message.get_content()
        assert "https://krami.example.se/inskrivning/att-gora/" in text
        assert re.search(r"Uppföljningar: \d+", text), text  # Swedish, with counts
        for secret in secrets:
            assert not re.search(rf"(?<!\w){re.escape(secret)}(?!\w)", text), secret
    assert DigestSent.objects.count() == 3


def test_a_second_run_sends_nothing(seeded, smtp):
    _opt_in(seeded)
    call_command("send_digest", stdout=StringIO())
    out = StringIO()
    call_command("send_digest", stdout=out)
    assert len(smtp.messages) == 3
    assert "0 digest e-mail(s) sent, 3 already sent today" in out.getvalue()


def test_a_failed_send_is_tried_again_next_run(seeded, settings):
    _opt_in(seeded)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 2  # nobody listens
    with pytest.raises(OSError):
        call_command("send_digest", stdout=StringIO())
    assert not DigestSent.objects.exists()
