"""Access-matrix cases for every URL of the agreements app (tests/access/registry.py).

Agreement admins of the unit edit; steering-group members of the unit read; case workers of
the unit see only the rules page (and the list that leads there); everyone else gets 404.
"""

from datetime import date

from django.utils import timezone

from agreements.models import AgreementStatus
from krami.models import OrganisationKind
from tests.access.registry import has_role_anywhere, has_role_in_unit, scoped
from tests.agreements.factories import add_cost, stockholm_like

ADMIN = ("agreement_admin",)
READERS = ("agreement_admin", "styrgrupp")
RULE_READERS = ("agreement_admin", "styrgrupp", "vagledare", "samordnare")


def _active(world):
    if not hasattr(world, "_agreement"):
        year = timezone.localdate().year
        world._agreement = stockholm_like(unit=world.unit, year=year)
        world._cost = add_cost(
            world._agreement, month=date(year, 1, 1), category="Driftskostnader", amount="1000.00",
            paid_by_kind=OrganisationKind.KOMMUN,
        )
    return world._agreement


def _draft(world):
    if not hasattr(world, "_draft"):
        world._draft = stockholm_like(unit=world.unit, year=timezone.localdate().year + 1, status=AgreementStatus.DRAFT)
    return world._draft


def on_active(w):
    return {"pk": _active(w).pk}


def on_draft(w):
    return {"pk": _draft(w).pk}


def on_cost(w):
    return {"pk": _active(w).pk, "cost_id": w._cost.pk}


def on_category(w):
    agreement = _active(w)
    return {"pk": agreement.pk, "category_id": agreement.cost_categories.get(name="AF:s insatser").pk}


scoped("agreements:list", allowed=has_role_anywhere(*RULE_READERS))
scoped("agreements:create", kwargs=lambda w: {"unit_id": w.unit.pk}, allowed=has_role_in_unit(*ADMIN))
scoped("agreements:rules", kwargs=lambda w: {"unit_id": w.unit.pk}, allowed=has_role_in_unit(*RULE_READERS))
for name in ("detail", "compare", "history", "pdf", "costs", "settlement", "settlement_pdf"):
    scoped(f"agreements:{name}", kwargs=on_active, allowed=has_role_in_unit(*READERS))
scoped("agreements:section_edit", kwargs=lambda w: {**on_active(w), "section": "targets"}, allowed=has_role_in_unit(*ADMIN))
scoped("agreements:activate", kwargs=on_draft, allowed=has_role_in_unit(*ADMIN))
scoped("agreements:delete", kwargs=on_draft, allowed=has_role_in_unit(*ADMIN))
scoped("agreements:terminate", kwargs=on_active, allowed=has_role_in_unit(*ADMIN))
scoped("agreements:end", kwargs=on_active, allowed=has_role_in_unit(*ADMIN))
scoped("agreements:copy", kwargs=on_active, method="POST", allowed=has_role_in_unit(*ADMIN))
scoped("agreements:cost_create", kwargs=on_active, allowed=has_role_in_unit(*ADMIN))
scoped("agreements:cost_edit", kwargs=on_cost, allowed=has_role_in_unit(*ADMIN))
scoped("agreements:cost_delete", kwargs=on_cost, method="POST", allowed=has_role_in_unit(*ADMIN))
scoped("agreements:category_create", kwargs=on_active, allowed=has_role_in_unit(*ADMIN))
scoped("agreements:category_edit", kwargs=on_category, allowed=has_role_in_unit(*ADMIN))
scoped("agreements:category_delete", kwargs=on_category, method="POST", allowed=has_role_in_unit(*ADMIN))
