"""The reporting menu entry, and the start page's headline figures for the steering group and NSG
(issue 17: the people the figures are for see the answer first)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from krami import home, navigation
from krami.models import Role, Unit
from reporting.access import ANY_REPORTING_ROLE
from reporting.assemble import dashboard_for
from reporting.ledger import TooManyOpenMonths
from reporting.models import MonthSnapshot
from reporting.periods import last_complete_month, month_period

navigation.register(order=40, label=_("Reports"), url_name="reporting:index", roles=ANY_REPORTING_ROLE)


@home.register(order=3, template="reporting/home_section.html")
def headline_section(request, access):
    """Each of the user's units with the headline figures of its dashboard's default month (the
    steering group), and each unit's last closed month, as in the national view (NSG)."""
    rows = []
    if access.has_role(Role.STYRGRUPP):
        month = last_complete_month(timezone.localdate())
        for unit in access.units(Role.STYRGRUPP):
            try:
                d = dashboard_for(unit=unit, period=month)
            except TooManyOpenMonths:
                d = None
            rows.append({"unit": unit, "d": d, "url": reverse("reporting:unit", kwargs={"unit_id": unit.pk})})
    national = []
    if access.has_role(Role.NSG):
        last_closed = dict(MonthSnapshot.objects.order_by("unit_id", "month").values_list("unit_id", "month"))
        for unit in Unit.objects.filter(pk__in=last_closed).order_by("name"):
            national.append({"unit": unit, "d": dashboard_for(unit=unit, period=month_period(last_closed[unit.pk]))})
    if not rows and not access.has_role(Role.NSG):
        return None
    return {"rows": rows, "national": national, "is_national": access.has_role(Role.NSG)}
