"""The coordinator's privacy sections on the home page: the open register-extract requests with
their deadlines, last month's access-log review, signed off or not, and the last gallring run
with the unit's participants it could not handle."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from krami import home
from krami.models import Role
from participants.access import log_list
from privacy.models import LogReview, RetentionRun
from privacy.selectors.requests import due_requests


@home.register(order=49, template="privacy/home_requests.html")
def extract_requests(request, access):
    """Every open register-extract request the coordinator follows, the nearest deadline first."""
    if not access.has_role(Role.SAMORDNARE):
        return None
    rows = due_requests(request.user, timezone.localdate())
    log_list(request, [row.request.participant for row in rows if row.visible])
    return {"rows": rows, "units": access.units(Role.SAMORDNARE), "urgent": sum(row.urgent for row in rows)}


@home.register(order=50, template="privacy/home_section.html")
def log_reviews(request, access):
    if not access.has_role(Role.SAMORDNARE):
        return None
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    units = access.units(Role.SAMORDNARE)
    signed = set(LogReview.objects.filter(unit__in=units, month=last_month).values_list("unit_id", flat=True))
    return {"month": last_month, "units": [(unit, unit.pk in signed) for unit in units]}


@home.register(order=51, template="privacy/home_retention.html")
def retention_runs(request, access):
    """The last finished gallring run and, per unit the user coordinates, its failures (by
    reference); a run that started after it and has not finished is named too."""
    if not access.has_role(Role.SAMORDNARE):
        return None
    units = access.units(Role.SAMORDNARE)
    latest = RetentionRun.objects.first()
    finished = latest if latest is None or latest.finished_at else RetentionRun.objects.filter(finished_at__isnull=False).first()
    failures = finished.failures if finished else []
    per_unit = [(unit, [f for f in failures if f.get("unit_id") == unit.pk]) for unit in units]
    return {
        "run": finished,
        "unfinished": latest if latest is not None and latest.finished_at is None else None,
        "units": per_unit,
        "failed": any(f for _unit, f in per_unit),
    }
