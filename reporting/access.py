"""Who may see reporting pages: the one door for this app's views. Denied answers are 404.

- The unit dashboard, its PDF pack and exports: the unit's steering group (styrgrupp) and
  coordinators (samordnare). Figures only, never a person.
- Closing a month (one-way: it freezes what the steering group is shown): the unit's coordinators
  and agreement admins, who keep the records and the agreement that the figures come from; not
  the steering group, which reads the figures and should not fix them itself (issue 17).
- The purchased-places invoice basis: the unit's agreement admins only. It lists pseudonymous
  participant references (whom to bill), never names, and every read is in the access log; the
  steering group sees the same money per municipality as aggregates on its dashboard.
- The national view: NSG.
"""

from __future__ import annotations

from django.http import HttpRequest

from krami.access import UserAccess, get_unit_for_user, require_role, user_access
from krami.models import Role, Unit

DASHBOARD_ROLES = (Role.STYRGRUPP, Role.SAMORDNARE)
INVOICE_ROLES = (Role.AGREEMENT_ADMIN,)
CLOSE_ROLES = (Role.SAMORDNARE, Role.AGREEMENT_ADMIN)
NATIONAL_ROLES = (Role.NSG,)
ANY_REPORTING_ROLE = (*DASHBOARD_ROLES, Role.AGREEMENT_ADMIN, *NATIONAL_ROLES)


def dashboard_unit(request: HttpRequest, unit_id: int) -> Unit:
    return get_unit_for_user(request, unit_id, *DASHBOARD_ROLES)


def closing_unit(request: HttpRequest, unit_id: int) -> Unit:
    """The write door for closing a month: the unit if the user may close its months, else 404."""
    return get_unit_for_user(request, unit_id, *CLOSE_ROLES)


def may_close_months(request: HttpRequest, unit: Unit) -> bool:
    """For the dashboard's link: whether the close page would open for this user."""
    return unit.pk in user_access(request.user).unit_ids(*CLOSE_ROLES)


def invoice_unit(request: HttpRequest, unit_id: int) -> Unit:
    return get_unit_for_user(request, unit_id, *INVOICE_ROLES)


def may_see_dashboard(request: HttpRequest, unit: Unit) -> bool:
    """For links: whether the unit's dashboard would open for this user (pages link only to what opens)."""
    return unit.pk in user_access(request.user).unit_ids(*DASHBOARD_ROLES)


def require_national(request: HttpRequest) -> UserAccess:
    return require_role(request, NATIONAL_ROLES)


def require_reporting(request: HttpRequest) -> UserAccess:
    return require_role(request, ANY_REPORTING_ROLE)
