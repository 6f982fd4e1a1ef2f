"""Derive the guardian object permissions of a participant from ownership and consent.

The rules (docs/access.md):
- Case-work groups (vägledare, samordnare) of the participant's owning organisation see the
  core record; the group of the organisation that owns a category (KV: criminal justice,
  kommun: social services, AF: labour market) sees that category of every participant it sees.
- Any other party sees a category only while a consent scope names that party and category;
  the grant expires with the consent (`expires_on`) and is removed when it is withdrawn.
- Drug tests and journal notes are owned record by record; the HEALTH and NOTES grants let a
  party see other organisations' records (team notes, drug tests) of that participant.
- An anonymised record (gallring, privacy/services/retention.py) has no grants at all.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from krami.models import CASEWORK_ROLES, CATEGORY_OWNER_KIND, AccessGroup, DataCategory, Unit
from krami.signals import access_groups_created
from participants.access import CATEGORY_PERMISSION
from participants.authority import RECORD_OWNED
from participants.models import Participant, ParticipantGroupPermission
from participants.selectors.consent import live_scopes

_NEVER = date.max


def _permissions() -> dict[str, Permission]:
    ct = ContentType.objects.get_for_model(Participant)
    return {p.codename: p for p in Permission.objects.filter(content_type=ct, codename__in=CATEGORY_PERMISSION.values())}


def _releasable(participant: Participant) -> Q:
    """Scopes whose releasing party may release their category (participants/authority.py): the core
    record only by its owner, a category by the party of its kind, notes and drug tests by anyone
    (each its own). Recording refuses anything else; this matters after a merge, when the removed
    record's consents come to the kept one, whose core the removed record's owner cannot release."""
    allowed = Q(category=DataCategory.CORE, consent__releasing_organisation_id=participant.owner_organisation_id)
    allowed |= Q(category__in=RECORD_OWNED)
    for category, kind in CATEGORY_OWNER_KIND.items():
        allowed |= Q(category=category, consent__releasing_organisation__kind=kind)
    return allowed


def _consented(participant: Participant, on: date) -> dict[tuple[int, str], date]:
    """(organisation id, category) -> the latest end date among live consents (date.max: open-ended)."""
    scopes = (
        live_scopes(on=on).filter(consent__participant=participant).filter(_releasable(participant))
        .values_list("organisation_id", "category", "consent__valid_until")
    )
    result: dict[tuple[int, str], date] = {}
    for org_id, category, until in scopes:
        key = (org_id, category)
        result[key] = max(result.get(key, date.min), until or _NEVER)
    return result


def desired_grants(participant: Participant, groups, consented) -> list[tuple[AccessGroup, str, date | None]]:
    """(group, category, expires_on) for each grant the participant should have.

    An anonymised (gallrad) record has none: nobody opens it again, only aggregates count it.
    """
    if participant.anonymised_at is not None:
        return []
    grants = []
    for group in groups:
        org = group.organisation
        if org.pk == participant.owner_organisation_id:
            core_until = _NEVER
        else:
            core_until = consented.get((org.pk, DataCategory.CORE))
        if core_until is None:
            continue  # this party does not see the person at all
        grants.append((group, DataCategory.CORE, core_until))
        for category in DataCategory:
            if category == DataCategory.CORE:
                continue
            if CATEGORY_OWNER_KIND.get(category) == org.kind:
                until = core_until
            elif (org.pk, category) in consented:
                until = min(core_until, consented[(org.pk, category)])
            else:
                continue
            grants.append((group, category, until))
    return [(g, c, None if u == _NEVER else u) for g, c, u in grants]


@transaction.atomic
def participant_sync_grants(*, participant: Participant) -> int:
    """Replace the participant's object permissions with those ownership and consent give.

    Side effects: deletes and re-creates the participant's ParticipantGroupPermission rows.
    Returns the number of grants.
    """
    groups = list(
        AccessGroup.objects.filter(unit_id=participant.unit_id, role__in=CASEWORK_ROLES).select_related("organisation")
    )
    consented = _consented(participant, timezone.localdate())
    perms = _permissions()
    rows = [
        ParticipantGroupPermission(
            group_id=group.group_id,
            permission=perms[CATEGORY_PERMISSION[category]],
            content_object=participant,
            expires_on=until,
        )
        for group, category, until in desired_grants(participant, groups, consented)
    ]
    ParticipantGroupPermission.objects.filter(content_object=participant).delete()
    ParticipantGroupPermission.objects.bulk_create(rows)
    return len(rows)


@receiver(access_groups_created)
def _grant_new_groups(sender, unit: Unit, groups, **kwargs):
    """A party joined the unit (or a role group appeared): recompute the unit's grants."""
    if any(g.role in CASEWORK_ROLES for g in groups):
        for participant in Participant.objects.filter(unit=unit):
            participant_sync_grants(participant=participant)
