"""Live consents: the one definition of "a consent in force on a day", for grants and for the
record-by-record categories (notes, drug tests), whose visibility depends on who released them."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from krami.models import Organisation
from participants.models import Consent, ConsentRequest, ConsentRequestStatus, ConsentScope, Participant


def live_scopes(*, on: date) -> QuerySet[ConsentScope]:
    """Scopes of consents not withdrawn and not ended before `on`."""
    return ConsentScope.objects.filter(consent__withdrawn_at__isnull=True).filter(
        Q(consent__valid_until__isnull=True) | Q(consent__valid_until__gte=on)
    )


def released_to(*, organisation: Organisation | None, category: str, on: date, participant="participant", owner="owner_organisation"):
    """A filter for records owned record by record (notes, drug tests): the record's organisation
    released `category` of the record's participant to `organisation` by a live consent.

    `participant` and `owner` name the record's fields, for use in any queryset of such records.
    """
    if organisation is None:
        return Q(pk__in=[])
    return Exists(
        live_scopes(on=on).filter(
            consent__participant=OuterRef(participant),
            consent__releasing_organisation=OuterRef(owner),
            organisation=organisation,
            category=category,
        )
    )


def consents_of(*, participant: Participant) -> QuerySet[Consent]:
    """The participant's consents, newest first, with their scopes and parties (the page's list)."""
    return (
        Consent.objects.filter(participant=participant)
        .select_related("releasing_organisation")
        .prefetch_related(Prefetch("scopes", queryset=ConsentScope.objects.select_related("organisation")))
    )


def open_requests(*, participant: Participant) -> QuerySet[ConsentRequest]:
    """Consent requests waiting for an answer (whoever asked and whoever is asked: a team matter)."""
    return (
        ConsentRequest.objects.filter(participant=participant, status=ConsentRequestStatus.OPEN)
        .select_related("requesting_organisation", "addressed_to", "requested_by")
        .order_by("requested_at", "pk")
    )
