"""Consent (samtycke): recording and withdrawing it changes who sees what, at once.

Only the party whose data a consent releases records and withdraws it; a receiving party asks
for it (`consent_request_create`), and the releasing party answers (participants/authority.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from krami.models import Organisation
from krami.services import audit
from participants import authority
from participants.access import organisations_seeing
from participants.models import Consent, ConsentRequest, ConsentRequestStatus, ConsentScope, Participant
from participants.selectors.consent import live_scopes
from participants.services.grants import participant_sync_grants


def _check_scopes(participant: Participant, releasing: Organisation, pairs) -> None:
    releasable = set(authority.releasable_categories(releasing, participant))
    parties = {p.pk for p in authority.receiving_parties(releasing, participant.unit.parties.all())}
    authority.require(bool(pairs) and all(org in parties and cat in releasable for org, cat in pairs))


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
    filed_as: str = "",
    request: ConsentRequest | None = None,
) -> Consent:
    """Record a consent releasing the data of `by`'s organisation to the `scopes` ((receiving party,
    category) pairs); `request`, if given, is the consent request it answers.

    Side effects, in order: consent and scope rows; the request marked as answered; the
    participant's object permissions recomputed; audit ``consent.recorded``.
    Raises `authority.WriteRefused` for data that is not `by`'s organisation's to release.
    """
    releasing = authority.organisation_of(by)
    pairs = sorted({(org.pk, str(category)) for org, category in scopes})
    authority.require(releasing is not None)
    _check_scopes(participant, releasing, pairs)
    consent = Consent(
        participant=participant, releasing_organisation=releasing, given_on=given_on, method=method,
        valid_until=valid_until, note=note, filed_as=filed_as, recorded_by=by,
    )
    consent.full_clean(exclude=["participant", "recorded_by", "releasing_organisation"])
    consent.save()
    ConsentScope.objects.bulk_create(
        [ConsentScope(consent=consent, organisation_id=org_id, category=category) for org_id, category in pairs]
    )
    if request is not None:
        _answer(request=request, by=by, status=ConsentRequestStatus.RECORDED, consent=consent)
    participant_sync_grants(participant=participant)
    audit(
        user=by,
        action="consent.recorded",
        obj=consent,
        unit=participant.unit,
        participant=participant.pk,
        releasing=releasing.pk,
        scopes=[f"{o}:{c}" for o, c in pairs],
        valid_until=valid_until.isoformat() if valid_until else None,
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by) -> Consent:
    """Withdraw a consent; the other parties lose access on their next request.

    Side effects, in order: `withdrawn_at`/`withdrawn_by` set; object permissions
    recomputed; audit ``consent.withdrawn``. Only the releasing party may withdraw.
    """
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    authority.require(authority.may_withdraw_consent(by, consent))
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = by
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
        participant_sync_grants(participant=consent.participant)
        audit(user=by, action="consent.withdrawn", obj=consent, unit=consent.participant.unit)
    return consent


@transaction.atomic
def consent_request_create(
    *, participant: Participant, by, addressed_to: Organisation, categories: Iterable[str], reason: str
) -> ConsentRequest:
    """Ask `addressed_to` to obtain and record the participant's consent for `categories`.

    Side effects: the request row; audit ``consent.requested``. The asked party must be one that
    releases every category asked for and sees the participant (checked by the form's choices,
    `consent_request_choices`); asking oneself is refused by a constraint.
    """
    requesting = authority.organisation_of(by)
    categories = sorted(set(categories))
    asked = consent_request_choices(participant=participant, by=by).get(addressed_to.pk, ())
    authority.require(requesting is not None and bool(categories) and set(categories) <= set(asked))
    request = ConsentRequest(
        participant=participant, requesting_organisation=requesting, addressed_to=addressed_to,
        categories=categories, reason=reason, requested_by=by,
    )
    request.full_clean(exclude=["participant", "requested_by", "requesting_organisation", "addressed_to"])
    request.save()
    audit(
        user=by, action="consent.requested", obj=request, unit=participant.unit, participant=participant.pk,
        addressed_to=addressed_to.pk, categories=categories,
    )
    return request


def consent_request_choices(*, participant: Participant, by) -> dict[int, list[str]]:
    """For each other party that sees the participant: the categories it releases that `by`'s
    organisation may ask it for (what it already released to them by a live consent is left out).

    Only parties that see the participant can be asked: a request to any other would tell that
    party that the person is a participant.
    """
    requesting = authority.organisation_of(by)
    if requesting is None:
        return {}
    released = set(
        live_scopes(on=timezone.localdate())
        .filter(consent__participant=participant, organisation=requesting)
        .values_list("consent__releasing_organisation_id", "category")
    )
    choices = {}
    for party in organisations_seeing(participant):
        if party.pk == requesting.pk:
            continue
        categories = [
            c for c in authority.releasable_categories(party, participant) if (party.pk, c) not in released
        ]
        if categories:
            choices[party.pk] = categories
    return choices


def _answer(*, request: ConsentRequest, by, status: str, consent: Consent | None = None, note: str = "") -> None:
    locked = ConsentRequest.objects.select_for_update().get(pk=request.pk)
    org = authority.organisation_of(by)
    authority.require(
        org is not None and locked.addressed_to_id == org.pk and locked.status == ConsentRequestStatus.OPEN
    )
    locked.status = status
    locked.answered_by = by
    locked.answered_at = timezone.now()
    locked.answer_note = note
    locked.consent = consent
    locked.save(update_fields=["status", "answered_by", "answered_at", "answer_note", "consent"])


@transaction.atomic
def consent_request_decline(*, request: ConsentRequest, by, note: str) -> ConsentRequest:
    """Answer a request without recording a consent (the person said no, or the data is not needed).

    Side effects: the request marked declined with `note`; audit ``consent.request_declined``.
    """
    _answer(request=request, by=by, status=ConsentRequestStatus.DECLINED, note=note)
    audit(user=by, action="consent.request_declined", obj=request, unit=request.participant.unit)
    request.refresh_from_db()
    return request
