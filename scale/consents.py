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
from participants.models import OPEN_PHASES, ConsentMethod
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


# The kind of party that releases each category (participants/authority.py); notes and drug tests are
# each party's own, so every party releases its own.
RELEASER_KIND = {
    DataCategory.CRIMINAL_JUSTICE: OrganisationKind.KV,
    DataCategory.SOCIAL_SERVICES: OrganisationKind.KOMMUN,
    DataCategory.LABOUR_MARKET: OrganisationKind.AF,
}


def by_releaser(scopes, *, owner: int, orgs: dict) -> dict[int, list[tuple[int, str]]]:
    """The scopes of one signed form, split into what each party releases (no party to itself)."""
    split: dict[int, set] = {}
    for org_id, category in scopes:
        if category == DataCategory.CORE:
            releasers = [owner]
        elif category in RELEASER_KIND:
            releasers = [orgs[RELEASER_KIND[category]].pk]
        else:
            releasers = [o.pk for o in orgs.values()]
        for releaser in releasers:
            if releaser != org_id:
                split.setdefault(releaser, set()).add((org_id, category))
    return {releaser: sorted(pairs) for releaser, pairs in split.items()}


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
    recorder = {org: user for user, org in reversed(world.caseworkers)}
    recorder[person.org] = person.handler
    for given, until, withdrawn, scopes in consents:
        method = rng.choice(list(ConsentMethod))
        for releaser, pairs in by_releaser(scopes, owner=person.org, orgs=world.orgs).items():
            by = recorder.get(releaser, person.handler)
            consent = t.Consent.add(
                participant_id=person.pid, releasing_organisation_id=releaser, given_on=given, method=method,
                valid_until=until, recorded_by_id=by, recorded_at=at(given, 15), withdrawn_at=withdrawn,
                withdrawn_by_id=by if withdrawn else None,
            )
            for org_id, category in pairs:
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
