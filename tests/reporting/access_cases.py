"""Access-matrix cases for every reporting URL (tests/access/registry.py).

Unit dashboards, their year view and their exports: the unit's steering group and coordinators. Closing a month
(its check page and the POST): the unit's coordinators and agreement administrators (issue 17).
The invoice basis for purchased places: the unit's agreement administrators. The national view:
NSG. Everyone else, and every role of another unit, gets 404.
"""

from datetime import date

from tests.access.registry import has_role_anywhere, has_role_in_unit, scoped

DASHBOARD = has_role_in_unit("styrgrupp", "samordnare")
INVOICE = has_role_in_unit("agreement_admin")
CLOSE = has_role_in_unit("samordnare", "agreement_admin")
NATIONAL = has_role_anywhere("nsg")


def unit_kwargs(w):
    return {"unit_id": w.unit.pk}


def _last_year_month(w, kw):
    return {"manad": f"{date.today().year - 1}-01"}


scoped("reporting:index", allowed=has_role_anywhere("styrgrupp", "samordnare", "agreement_admin", "nsg"))
for name in ("unit", "year", "pdf", "xlsx", "csv"):
    scoped(f"reporting:{name}", kwargs=unit_kwargs, allowed=DASHBOARD)
scoped("reporting:close_month_check", kwargs=unit_kwargs, allowed=CLOSE)
scoped("reporting:close_month", method="POST", kwargs=unit_kwargs, allowed=CLOSE, data=_last_year_month)
for name in ("places", "places_csv", "places_xlsx"):
    scoped(f"reporting:{name}", kwargs=unit_kwargs, allowed=INVOICE)
scoped("reporting:national", allowed=NATIONAL)
scoped("reporting:national_xlsx", allowed=NATIONAL)
