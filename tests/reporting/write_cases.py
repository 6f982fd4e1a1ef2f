"""Write-matrix cases for the reporting URLs that accept a POST (tests/access/writes.py)."""

from datetime import date

from tests.access.registry import has_role_in_unit
from tests.access.writes import fixed, scoped_write

scoped_write(
    "reporting:close_month", kwargs=lambda w: {"unit_id": w.unit.pk}, allowed=has_role_in_unit("samordnare", "agreement_admin"),
    data=fixed({"manad": f"{date.today().year - 1}-01"}),
)
