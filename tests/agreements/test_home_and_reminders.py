"""Reminders on the agreement admin's home page before the notice deadline and before the period ends."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementStatus
from agreements.reminders import reminders_for
from agreements.services.agreement import agreement_terminate
from agreements.services.copy import agreement_copy
from tests.agreements.factories import stockholm_like


@pytest.mark.parametrize(
    ("today", "status", "next_status", "kinds"),
    [
        (date(2026, 3, 1), AgreementStatus.ACTIVE, None, []),  # more than 90 days before the deadline (06-30)
        (date(2026, 4, 1), AgreementStatus.ACTIVE, None, ["notice"]),  # 90 days before
        (date(2026, 6, 30), AgreementStatus.ACTIVE, None, ["notice"]),  # the last day
        (date(2026, 7, 1), AgreementStatus.ACTIVE, None, []),  # passed
        (date(2026, 10, 2), AgreementStatus.ACTIVE, None, ["period_end"]),  # 90 days before 12-31
        (date(2026, 10, 2), AgreementStatus.ACTIVE, AgreementStatus.DRAFT, ["period_end"]),  # next one still a draft
        (date(2026, 10, 2), AgreementStatus.ACTIVE, AgreementStatus.ACTIVE, []),  # next one ready
        (date(2026, 12, 31), AgreementStatus.TERMINATED, None, ["period_end"]),
        (date(2026, 4, 1), AgreementStatus.TERMINATED, None, []),  # notice already given
    ],
)
def test_reminders(today, status, next_status, kinds):
    agreement = Agreement(period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), status=status)
    following = Agreement(period_start=date(2027, 1, 1), status=next_status) if next_status else None
    assert [r.kind for r in reminders_for(agreement=agreement, today=today, next_agreement=following)] == kinds


def test_reminder_texts():
    agreement = Agreement(title="Avtal 2026", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
                                       status=AgreementStatus.ACTIVE)
    [notice] = reminders_for(agreement=agreement, today=date(2026, 6, 1), next_agreement=None)
    assert notice.days_left == 29
    assert notice.text.startswith("Notice to leave Avtal 2026 must be given by 2026-06-30.")


def test_admin_home_page_shows_the_reminder_and_the_draft(client, stockholm):
    """An agreement that ends within 90 days of today, and next period's draft."""
    today = timezone.localdate()
    agreement = stockholm_like(unit=stockholm.unit, year=today.year)
    agreement.period_start, agreement.period_end = today - timedelta(days=300), today + timedelta(days=45)
    agreement.save()
    draft = agreement_copy(agreement=agreement, by=None)
    client.force_login(stockholm.users["admin"])
    html = client.get(reverse("krami:home")).content.decode()
    assert f"In force today: <a href=\"{reverse('agreements:detail', kwargs={'pk': agreement.pk})}\">" in html
    assert f"Draft: <a href=\"{reverse('agreements:detail', kwargs={'pk': draft.pk})}\">" in html
    assert "In 45 days:" in html
    assert "The next period&#x27;s agreement is still a draft: complete and activate it." in html


def test_no_agreement_in_force_is_said_plainly(client, stockholm):
    client.force_login(stockholm.users["admin"])
    html = client.get(reverse("krami:home")).content.decode()
    assert "No agreement is in force today: intake uses the national rules." in html


def test_case_workers_and_the_steering_group_get_no_admin_section(client, stockholm):
    stockholm_like(unit=stockholm.unit, year=timezone.localdate().year)
    for key in ("vagledare", "styrgrupp", "other_admin"):
        client.force_login(stockholm.users[key])
        html = client.get(reverse("krami:home")).content.decode()
        assert "In force today:" not in html, key


def test_late_notice_is_shown_on_the_summary(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    agreement_terminate(
        agreement=agreement, notice_given_on=date(2026, 8, 1), party=stockholm.kv, reason="Budget", by=stockholm.users["admin"]
    )
    html = admin_client.get(reverse("agreements:detail", kwargs={"pk": agreement.pk})).content.decode()
    assert "2026-08-01 by Kriminalvården, Frivården Stockholm Stad" in html
    assert "after the notice deadline" in html
