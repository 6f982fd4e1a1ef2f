"""Access-matrix cases for the privacy URLs (tests/access/registry.py).

The access-log review and the register of extract requests are the unit coordinator's; the
register extract follows the participant's core visibility (its content is then limited to the
categories the user may see); a request is recorded and followed by a coordinator of the unit
who sees the participant, for their own organisation.
"""

from datetime import datetime, time, timedelta
from unittest import mock

from django.utils import timezone

from krami.models import AccessLog
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


def flagged_read(w) -> AccessLog:
    """A read last month, on a weekday morning, by a case worker with no part in the participant's case."""
    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    day = next(month + timedelta(days=d) for d in range(7) if (month + timedelta(days=d)).weekday() < 5)
    reader, p = w.users["af_vagledare"], w.participants["consent_all"]
    with mock.patch("django.utils.timezone.now", return_value=datetime.combine(day, time(10, 0), tzinfo=timezone.get_current_timezone())):
        return AccessLog.objects.create(
            user=reader, username=reader.username, unit_id=p.unit_id, participant_id=p.pk,
            participant_reference=p.reference, action=AccessLog.Action.VIEW, categories="core", path=f"/deltagare/{p.pk}/",
        )


def check_kwargs(w):
    return {"unit_id": w.unit.pk, "log_id": flagged_read(w).pk}


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
scoped(
    "privacy:log_review_check", method="POST", kwargs=check_kwargs, allowed=coordinator,
    data=lambda w, kwargs: {"comment": "Vikarierade för handläggaren."},
)
scoped("privacy:extract_requests", kwargs=unit_kwargs, allowed=coordinator)
participant("privacy:extract")
participant("privacy:extract_pdf")
participant("privacy:extract_json")
participant("privacy:extract_request_create", may=coordinator_who_sees)
participant("privacy:extract_request", kwargs=request_kwargs, may=coordinator_who_sees)
