"""Write-matrix cases for the privacy URLs that accept a POST (tests/access/writes.py)."""

from tests.access.registry import has_role_in_unit
from tests.access.writes import fixed, scoped_write

scoped_write(
    "privacy:log_review_sign_off", kwargs=lambda w: {"unit_id": w.unit.pk}, allowed=has_role_in_unit("samordnare"),
    data=fixed({"month": "2026-01", "comment": "Granskat."}),
)
