"""Write-matrix cases for the privacy URLs that accept a POST (tests/access/writes.py)."""

from django.utils import timezone

from tests.access.registry import has_role_in_unit
from tests.access.writes import as_rendered, fixed, participant_write, scoped_write
from tests.privacy.access_cases import check_kwargs, coordinator_who_sees, request_kwargs

scoped_write(
    "privacy:log_review_sign_off", kwargs=lambda w: {"unit_id": w.unit.pk}, allowed=has_role_in_unit("samordnare"),
    data=fixed({"month": "2026-01", "comment": "Granskat."}),
)
scoped_write(
    "privacy:log_review_check", kwargs=check_kwargs, allowed=has_role_in_unit("samordnare"),
    data=fixed({"comment": "Vikarierade för handläggaren."}),
)
participant_write("privacy:extract_request_create", may=coordinator_who_sees, data=as_rendered())
participant_write(
    "privacy:extract_request", may=coordinator_who_sees, kwargs=request_kwargs,
    data=as_rendered(lambda w, u: {"identity_checked_on": timezone.localdate().isoformat(), "identity_check": "id_document"}),
)
