"""Consents (samtycke) of one invented participant, and the guardian grants they lead to.

The grants are computed by `participants.services.grants.desired_grants`, the function the
consent and registration services use, from the consents live on `today` (the same selection
`grants._consented` makes in the database): the benchmark reads exactly the permission rows the
application would have written.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from krami.models import DataCategory, OrganisationKind
from participants.access import CATEGORY_PERMISSION
from participants.models import ConsentMethod, OPEN_PHASES
from participants.services.grants import desired_grants
from scale.unit_setup import at


def _scopes(rng, orgs: dict) -> list[tuple[int, str]]:
    r = rng.random()
    if r < 0.45:  # everything with every party
        return [(o.pk, c) for o in orgs.values() for c in DataCategory]
    if r < 0.75:  # identity and team notes
        return [(o.pk, c) for o in orgs.values() for c in (DataCategory.CORE, DataCategory.NOTES)]
    af, kv = orgs[OrganisationKind.AF].pk, orgs[OrganisationKind.KV].pk
    if r < 0.9:
        return [(af, DataCategory.CORE), (kv, DataCategory.CORE), (af, DataCategory.LABOUR_MARKET),
                (kv, DataCategory.CRIMINAL_JUSTICE)]
    return [(rng.choice([af, kv]), DataCategory.CORE)]


def write_consents(person, *, first_contact: date) -> None:
    rng, t, today, world = person.rng, person.t, person.today, person.ctx.world
    consents = []
    if rng.random() < 0.75:
        scopes = _scopes(rng, world.orgs)
        r = rng.random()
        until = first_contact + timedelta(days=365) if r < 0.5 else first_contact + timedelta(days=730) if r < 0.8 else None
        withdrawn = None
        if rng.random() < 0.04:
            day = first_contact + timedelta(days=rng.randint(10, 300))
            withdrawn = at(day, 14) if day <= today else None
        consents.append((first_contact, until, withdrawn, scopes))
        phase = person.events[-1][1]
        if until and until < today and withdrawn is None and phase in OPEN_PHASES:
            consents.append((until, until + timedelta(days=365), None, scopes))  # renewed while still in the programme
    live: dict[tuple[int, str], date] = {}
    for given, until, withdrawn, scopes in consents:
        consent = t.Consent.add(
            participant_id=person.pid, given_on=given, method=rng.choice(list(ConsentMethod)), valid_until=until,
            recorded_by_id=person.handler, recorded_at=at(given, 15), withdrawn_at=withdrawn,
            withdrawn_by_id=person.handler if withdrawn else None,
        )
        for org_id, category in sorted(set(scopes)):
            t.ConsentScope.add(consent_id=consent, organisation_id=org_id, category=category)
            if withdrawn is None and (until is None or until >= today):
                key = (org_id, category)
                live[key] = max(live.get(key, date.min), until or date.max)
    owner = SimpleNamespace(owner_organisation_id=person.org, anonymised_at=None)  # generated people are not gallrade
    perms = person.ctx.permission_ids
    for group, category, expires in desired_grants(owner, world.groups, live):
        t.ParticipantGroupPermission.add(
            group_id=group.group_id, permission_id=perms[CATEGORY_PERMISSION[category]],
            content_object_id=person.pid, expires_on=expires,
        )
