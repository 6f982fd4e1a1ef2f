"""Demo steps: the coordinator's register extract requests, and last month's access log of each
demo unit, so the access-log review has reads to review — mostly case workers reading their own
participants in office hours, the team reading the applicants and the queue at its work meetings
(the days it assessed someone), and a few reads that the review flags (no case relationship, an
evening, a quick run through many records)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from unittest import mock

from django.utils import timezone

from intake.models import Assessment
from krami import demo
from krami.dates import add_months
from krami.models import CASEWORK_ROLES, AccessLog, Membership, Role
from participants.access import caseworkers_who_may_see
from participants.models import Participant, Phase
from privacy.models import ExtractRequest, HandOver, IdentityCheck
from privacy.selectors.review import month_bounds

DEMO_PATH = "/deltagare/{}/"


def _read(user, participant, at: datetime) -> AccessLog:
    # AccessLog.at is auto_now_add (the application can never write a time of its choosing);
    # the demo back-dates its invented rows by fixing "now" while it writes them.
    with mock.patch("django.utils.timezone.now", return_value=at):
        return AccessLog.objects.create(
            user=user, username=user.get_username(), organisation=user.staff_profile.organisation,
            unit_id=participant.unit_id, participant_id=participant.pk, participant_reference=participant.reference,
            action=AccessLog.Action.VIEW, categories="core", path=DEMO_PATH.format(participant.pk),
        )


@demo.step(60, "privacy: last month's access log for the access-log review")
def seed_access_log(ctx: demo.DemoContext) -> None:
    this_month = timezone.localdate().replace(day=1)
    month = (this_month - timedelta(days=1)).replace(day=1)
    start, end = month_bounds(month)
    rng = random.Random(60)  # noqa: S311 (invented data)
    for unit in ctx.units.values():
        if AccessLog.objects.filter(unit=unit, at__gte=start, at__lt=end).exists():
            continue  # idempotent: the month already has its log
        people = list(Participant.objects.filter(unit=unit).select_related("handler__staff_profile")[:40])
        workers = [m.user for m in Membership.objects.filter(unit=unit, role__in=CASEWORK_ROLES).select_related("user__staff_profile")]
        if not people or not workers:
            continue
        workdays = [month + timedelta(days=d) for d in range(28) if (month + timedelta(days=d)).weekday() < 5]
        for _ in range(60):  # case workers reading their own participants in office hours
            p = rng.choice(people)
            at = datetime.combine(rng.choice(workdays), time(rng.randint(8, 16), rng.randint(0, 59)), tzinfo=start.tzinfo)
            _read(p.handler, p, at)
        stranger = next((w for w in workers if w.pk != people[0].handler_id), workers[0])
        _read(stranger, people[0], datetime.combine(workdays[3], time(10, 12), tzinfo=start.tzinfo))
        _read(people[1].handler, people[1], datetime.combine(workdays[5], time(21, 40), tzinfo=start.tzinfo))
        burst_at = datetime.combine(workdays[8], time(14, 0), tzinfo=start.tzinfo)
        for i, p in enumerate(people[:16]):
            _read(stranger, p, burst_at + timedelta(seconds=25 * i))
        _team_meetings(unit, month, start.tzinfo)


def _team_meetings(unit, month, tzinfo) -> None:
    """At each work meeting of the month (a weekday on which the team assessed someone), two
    colleagues who may see them open the records of those assessed and of the queue."""
    assessments = Assessment.objects.filter(
        unit=unit, decided_on__gte=month, decided_on__lt=month + timedelta(days=31),
    ).select_related("participant").order_by("decided_on", "pk")
    days = sorted({a.decided_on for a in assessments if a.decided_on.month == month.month and a.decided_on.weekday() < 5})
    queue = list(Participant.objects.filter(unit=unit, phase=Phase.QUEUED, phase_since__lt=month).order_by("pk")[:3])
    for day in days:
        agenda = [a.participant for a in assessments if a.decided_on == day] + queue
        at = datetime.combine(day, time(9, 0), tzinfo=tzinfo)
        for p in agenda:
            for reader in [u for u in caseworkers_who_may_see(p) if u.pk != p.handler_id][:2]:
                at += timedelta(minutes=3)
                _read(reader, p, at)


@demo.step(61, "privacy: register extract requests, one open near its deadline and one handed over")
def seed_extract_requests(ctx: demo.DemoContext) -> None:
    """Per unit, two requests to the coordinator's organisation: one handed over in time, one whose
    extract is made and which must be handed over within the week (the start page shows it)."""
    today = timezone.localdate()
    for unit in ctx.units.values():
        coordinator = Membership.objects.filter(unit=unit, role=Role.SAMORDNARE).select_related("user", "organisation").first()
        if coordinator is None or ExtractRequest.objects.filter(unit=unit).exists():
            continue
        people = list(
            Participant.objects.filter(unit=unit, owner_organisation=coordinator.organisation, anonymised_at__isnull=True)
            .order_by("pk")[:2]
        )
        if len(people) < 2:
            continue
        by = coordinator.user
        common = {"unit": unit, "organisation": coordinator.organisation, "handled_by": by, "recorded_by": by}
        ExtractRequest.objects.create(
            participant=people[0], received_on=today - timedelta(days=50), identity_checked_on=today - timedelta(days=48),
            identity_check=IdentityCheck.ID_DOCUMENT, extract_made_on=today - timedelta(days=40),
            handed_over_on=today - timedelta(days=40), handed_over_how=HandOver.IN_PERSON, **common,
        )
        ExtractRequest.objects.create(
            participant=people[1], received_on=add_months(today, -1) + timedelta(days=5),
            identity_checked_on=add_months(today, -1) + timedelta(days=8), identity_check=IdentityCheck.E_ID,
            extract_made_on=today - timedelta(days=1), **common,
        )
