"""Access-matrix cases for the privacy URLs (tests/access/registry.py).

The access-log review and the register of extract requests are the unit coordinator's; the
register extract follows the participant's core visibility (its content is then limited to the
categories the user may see); a request is recorded and followed by a coordinator of the unit
who sees the participant, for their own organisation.
"""

from datetime import timedelta

from django.utils import timezone

from privacy.models import ExtractRequest
from tests.access.authority import ORG_OF, sees
from tests.access.registry import has_role_in_unit, participant, scoped

coordinator = has_role_in_unit("samordnare")


def coordinator_who_sees(world, user_key, state) -> bool:
    return sees(world, user_key, state) and coordinator(world, user_key)


def unit_kwargs(w):
    return {"unit_id": w.unit.pk}


def extract_request(w, p) -> ExtractRequest:
    """An open request from `p` to the kommun (the world's coordinator's organisation)."""
    by = w.users["kommun_samordnare"]
    return ExtractRequest.objects.create(
        unit=w.unit, organisation=w.orgs[ORG_OF["kommun_samordnare"]], participant=p,
        received_on=timezone.localdate() - timedelta(days=10), handled_by=by, recorded_by=by,
    )


def request_kwargs(w, p):
    return {"pk": p.pk, "request_id": extract_request(w, p).pk}


scoped("privacy:log_review", kwargs=unit_kwargs, allowed=coordinator)
scoped(
    "privacy:log_review_sign_off",
    method="POST",
    kwargs=unit_kwargs,
    allowed=coordinator,
    data=lambda w, kwargs: {"month": "2026-01", "comment": "Granskat."},
)
scoped("privacy:extract_requests", kwargs=unit_kwargs, allowed=coordinator)
participant("privacy:extract")
participant("privacy:extract_pdf")
participant("privacy:extract_json")
participant("privacy:extract_request_create", may=coordinator_who_sees)
participant("privacy:extract_request", kwargs=request_kwargs, may=coordinator_who_sees)
