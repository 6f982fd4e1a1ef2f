"""Who may see and change agreements: the one door for this app's views.

- Agreement admins (avtalsadministratör) of a unit edit its agreements.
- Steering-group members (styrgrupp) of the unit read them, costs and settlements included.
- Case workers (vägledare, samordnare) of the unit read the parts they work by: targets,
  eligibility and priority order of the agreement in force (the rules page).
- Everyone else, other units included, gets 404, exactly as for an agreement that does not exist.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from agreements.models import Agreement
from krami.access import user_access
from krami.models import Role

EDIT_ROLES = (Role.AGREEMENT_ADMIN,)
READ_ROLES = (Role.AGREEMENT_ADMIN, Role.STYRGRUPP)
RULES_ROLES = (Role.AGREEMENT_ADMIN, Role.STYRGRUPP, Role.VAGLEDARE, Role.SAMORDNARE)


def visible_agreements(user) -> QuerySet[Agreement]:
    """Agreements of the units where the user is agreement admin or steering-group member."""
    return Agreement.objects.filter(unit_id__in=user_access(user).unit_ids(*READ_ROLES))


def can_edit(user, agreement: Agreement) -> bool:
    return agreement.unit_id in user_access(user).unit_ids(*EDIT_ROLES)


def get_agreement_for_user(
    request: HttpRequest, pk: int, *, edit: bool = False, queryset: QuerySet[Agreement] | None = None
) -> Agreement:
    """The agreement if the user may read it (or edit it, with `edit=True`); otherwise 404.

    Sets `agreement.can_edit` for the templates.
    """
    roles = EDIT_ROLES if edit else READ_ROLES
    unit_ids = user_access(request.user).unit_ids(*roles)
    base = queryset if queryset is not None else Agreement.objects.select_related("unit")
    agreement = base.filter(pk=pk, unit_id__in=unit_ids).first()
    if agreement is None:
        raise Http404
    agreement.can_edit = can_edit(request.user, agreement)
    return agreement
