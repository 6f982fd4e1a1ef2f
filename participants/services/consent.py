"""Consent (samtycke): recording and withdrawing it changes who sees what, at once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from krami.models import Organisation
from krami.services import audit
from participants.models import Consent, ConsentScope, Participant
from participants.services.grants import participant_sync_grants


@transaction.atomic
def consent_record(
    *,
    participant: Participant,
    by,
    given_on: date,
    method: str,
    scopes: Iterable[tuple[Organisation, str]],
    valid_until: date | None = None,
    note: str = "",
) -> Consent:
    """Record a consent covering `scopes` ((receiving party, category) pairs).

    Side effects, in order: consent and scope rows; the participant's object permissions
    recomputed; audit ``consent.recorded``.
    """
    consent = Consent(
        participant=participant, given_on=given_on, method=method, valid_until=valid_until, note=note, recorded_by=by
    )
    consent.full_clean(exclude=["participant", "recorded_by"])
    consent.save()
    pairs = sorted({(org.pk, str(category)) for org, category in scopes})
    ConsentScope.objects.bulk_create(
        [ConsentScope(consent=consent, organisation_id=org_id, category=category) for org_id, category in pairs]
    )
    participant_sync_grants(participant=participant)
    audit(
        user=by,
        action="consent.recorded",
        obj=consent,
        unit=participant.unit,
        participant=participant.pk,
        scopes=[f"{o}:{c}" for o, c in pairs],
        valid_until=valid_until.isoformat() if valid_until else None,
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by) -> Consent:
    """Withdraw a consent; the other parties lose access on their next request.

    Side effects, in order: `withdrawn_at`/`withdrawn_by` set; object permissions
    recomputed; audit ``consent.withdrawn``.
    """
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = by
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
        participant_sync_grants(participant=consent.participant)
        audit(user=by, action="consent.withdrawn", obj=consent, unit=consent.participant.unit)
    return consent
