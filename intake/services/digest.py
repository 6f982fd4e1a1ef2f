"""The daily e-mail digest of "Att göra" (issue 16, item 3): counts and a link, never a name.

Sent by `manage.py send_digest` from a nightly timer (README, "Att göra"); one e-mail per opted-in
case worker and day (`DigestSent`), so a second run, or a run on a second machine, sends nothing
twice (the command also holds `krami.scheduled.exclusive("digest")`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from intake.models import DigestSent
from intake.selectors.todo import KIND_LABELS, todo_list
from krami.models import CASEWORK_ROLES


@dataclass
class DigestRun:
    sent: list[int] = field(default_factory=list)  # user ids
    skipped: int = 0  # already sent today


def digest_recipients():
    """Users who asked for the digest, have an e-mail address and a case-work role."""
    return (
        get_user_model().objects.filter(is_active=True, staff_profile__daily_digest=True, memberships__role__in=CASEWORK_ROLES)
        .exclude(email="").distinct().order_by("pk")
    )


def digest_text(*, counts: dict[str, int], overdue: int, on: date, link: str) -> tuple[str, str]:
    """(subject, body) in Swedish: numbers per kind and the link; nothing about any person."""
    with translation.override("sv"):
        total = sum(counts.values())
        subject = _("Krami: %(n)s to do on %(on)s") % {"n": total, "on": on.isoformat()}
        lines = [_("To do on your cases, %(on)s:") % {"on": on.isoformat()}, ""]
        lines += [f"- {KIND_LABELS[kind]}: {n}" for kind, n in counts.items() if n]
        if not total:
            lines.append(_("Nothing is due in the coming two weeks."))
        if overdue:
            lines += ["", _("Of these, %(n)s are overdue.") % {"n": overdue}]
        lines += ["", _("Open your list in Krami: %(link)s") % {"link": link}, "",
                  _("You get this e-mail because you asked for it in your settings in Krami.")]
        return subject, "\n".join(lines)


def digest_send(*, on: date, base_url: str) -> DigestRun:
    """Send today's digest to each recipient that has not had it yet.

    Side effects, per recipient, in one transaction: the DigestSent row for (user, day) is created
    (a row already there: skipped); the e-mail is sent through Django's e-mail backend. If sending
    fails the row is rolled back with it, so the next run tries again.
    """
    link = base_url.rstrip("/") + reverse("intake:todo")
    run = DigestRun()
    for user in digest_recipients():
        with transaction.atomic():
            _row, created = DigestSent.objects.get_or_create(user=user, on=on)
            if not created:
                run.skipped += 1
                continue
            todo = todo_list(user=user, on=on)
            counts = todo.counts
            subject, body = digest_text(counts=counts, overdue=todo.overdue, on=on, link=link)
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
            DigestSent.objects.filter(user=user, on=on).update(counts=counts)
            run.sent.append(user.pk)
    return run
