"""The coordinator's reminder on the home page: last month's access-log review, signed off or not."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from krami import home
from krami.models import Role
from privacy.models import LogReview


@home.register(order=50, template="privacy/home_section.html")
def log_reviews(request, access):
    if not access.has_role(Role.SAMORDNARE):
        return None
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    units = access.units(Role.SAMORDNARE)
    signed = set(LogReview.objects.filter(unit__in=units, month=last_month).values_list("unit_id", flat=True))
    return {"month": last_month, "units": [(unit, unit.pk in signed) for unit in units]}
