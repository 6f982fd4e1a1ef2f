"""Write-matrix cases for every agreements URL that accepts a POST (tests/access/writes.py):
the unit's agreement administrators, and nobody else."""

from datetime import date

from django.utils import timezone

from agreements.forms.sections import SECTIONS
from tests.access.registry import has_role_in_unit
from tests.access.writes import as_rendered, scoped_write
from tests.agreements.access_cases import _active, on_active, on_category, on_cost, on_draft

ADMIN = has_role_in_unit("agreement_admin")


def _year() -> int:
    return timezone.localdate().year


scoped_write(
    "agreements:create", kwargs=lambda w: {"unit_id": w.unit.pk}, allowed=ADMIN,
    data=as_rendered(lambda w, u: {"title": "Lokal överenskommelse", "period_start": f"{_year() + 2}-01-01",
                                   "period_end": f"{_year() + 2}-12-31"}),
)
for slug in SECTIONS:
    scoped_write(
        f"agreements:section_edit[{slug}]", kwargs=lambda w, s=slug: {**on_active(w), "section": s}, allowed=ADMIN,
        data=as_rendered(),
    )
scoped_write("agreements:activate", kwargs=on_draft, allowed=ADMIN, data=as_rendered({"confirm_unsigned": "on"}))
scoped_write("agreements:delete", kwargs=on_draft, allowed=ADMIN)
scoped_write(
    "agreements:terminate", kwargs=on_active, allowed=ADMIN,
    data=as_rendered(lambda w, u: {"notice_given_on": date(_year(), 3, 1).isoformat(), "party": w.orgs["kommun"].pk,
                                   "reason": "Budget"}),
)
scoped_write("agreements:end", kwargs=on_active, allowed=ADMIN,
             data=as_rendered(lambda w, u: {"ended_on": date(_year(), 6, 30).isoformat()}))
scoped_write("agreements:copy", kwargs=on_active, allowed=ADMIN)
scoped_write(
    "agreements:cost_create", kwargs=on_active, allowed=ADMIN,
    data=as_rendered(lambda w, u: {"month": f"{_year()}-02", "amount": "2500",
                                   "category": _active(w).cost_categories.get(name="Driftskostnader").pk,
                                   "paid_by": w.orgs["kv"].pk}),
)
scoped_write("agreements:cost_edit", kwargs=on_cost, allowed=ADMIN, data=as_rendered({"note": "Faktura 17"}))
scoped_write("agreements:cost_delete", kwargs=on_cost, allowed=ADMIN)
scoped_write("agreements:category_create", kwargs=on_active, allowed=ADMIN,
             data=as_rendered({"name": "Utbildning", "split_method": "own"}))
scoped_write("agreements:category_edit", kwargs=on_category, allowed=ADMIN, data=as_rendered({"description": "Ändrad"}))
scoped_write("agreements:category_delete", kwargs=on_category, allowed=ADMIN)


