"""Menu entry and the agreement admin's home-page section (current agreement, drafts, reminders)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.access import EDIT_ROLES, RULES_ROLES
from agreements.models import Agreement, AgreementStatus
from agreements.reminders import reminders_for
from agreements.selectors import agreements_in_force
from krami import home, navigation

navigation.register(order=30, label=_("Agreements"), url_name="agreements:list", roles=RULES_ROLES)


@home.register(order=30, template="agreements/home_section.html")
def agreement_admin_section(request, access):
    """For agreement admins: each unit's agreement in force, its drafts, and what is due soon."""
    units = access.units(*EDIT_ROLES)
    if not units:
        return None
    today = timezone.localdate()
    rows = []
    for unit in units:
        current = agreements_in_force(unit=unit, on=today).first()
        later = list(Agreement.objects.filter(unit=unit, period_start__gt=today).order_by("period_start"))
        rows.append({
            "unit": unit,
            "current": current,
            "drafts": [a for a in later if a.status == AgreementStatus.DRAFT],
            "upcoming": [a for a in later if a.status != AgreementStatus.DRAFT],
            "reminders": reminders_for(agreement=current, today=today, next_agreement=later[0] if later else None) if current else [],
        })
    return {"units": rows, "today": today}
