"""Services that change the core: memberships, access groups, audit events and read logs.

Each service runs in one transaction and writes its audit event in it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from krami.access import user_access
from krami.models import (
    NATIONAL_ROLES,
    UNIT_ROLES,
    AccessGroup,
    AccessLog,
    AuditEvent,
    Membership,
    Organisation,
    StaffProfile,
    Unit,
)
from krami.signals import access_groups_created


def audit(*, user, action: str, obj=None, unit: Unit | None = None, **data) -> AuditEvent:
    """Write one audit event; `action` is a dotted name such as ``participant.created``."""
    return AuditEvent.objects.create(
        user=user if getattr(user, "pk", None) else None,
        unit=unit,
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "pk", None),
        data=data,
    )


def access_group_name(*, unit: Unit, organisation: Organisation, role: str) -> str:
    return f"krami:unit{unit.pk}:org{organisation.pk}:{role}"


@transaction.atomic
def unit_set_parties(*, unit: Unit, parties: Iterable[Organisation], by=None) -> list[AccessGroup]:
    """The parties of a unit (a party joins or leaves the cooperation).

    Side effects, in order: the unit's parties set; its access groups follow
    (`unit_sync_access_groups`: a new party's groups are created and granted, a departed party's
    groups and their object permissions removed); audit ``unit.parties_changed``.
    """
    parties = list(parties)
    unit.parties.set(parties)
    created = unit_sync_access_groups(unit=unit)
    audit(user=by, action="unit.parties_changed", obj=unit, unit=unit, parties=sorted(p.pk for p in parties))
    return created


@transaction.atomic
def unit_sync_access_groups(*, unit: Unit) -> list[AccessGroup]:
    """Make sure every (party, unit role) of the unit has its group; return the new ones.

    Removing a party removes its groups, and with them every object permission they held.
    """
    parties = list(unit.parties.all())
    existing = {(g.organisation_id, g.role): g for g in AccessGroup.objects.filter(unit=unit)}
    created = []
    for org in parties:
        for role in UNIT_ROLES:
            if (org.pk, role) in existing:
                continue
            group = Group.objects.create(name=access_group_name(unit=unit, organisation=org, role=role))
            created.append(AccessGroup.objects.create(group=group, unit=unit, organisation=org, role=role))
    party_ids = {o.pk for o in parties}
    stale = [g.group_id for (org_id, _role), g in existing.items() if org_id not in party_ids]
    if stale:
        Group.objects.filter(pk__in=stale).delete()
    if created:
        access_groups_created.send(sender=Unit, unit=unit, groups=created)
    return created


@transaction.atomic
def membership_grant(*, user, role: str, organisation: Organisation | None, unit: Unit | None, by=None) -> Membership:
    """Give `user` a role; unit roles also put the user in the (unit, organisation, role) group.

    Side effects, in order: validation; group sync for the unit; the membership row; the
    user joins the group; audit event ``membership.granted``.
    """
    if role in NATIONAL_ROLES:
        if unit is not None:
            raise ValidationError(_("A national role has no unit."))
    else:
        if unit is None or organisation is None:
            raise ValidationError(_("A unit role needs a unit and an organisation."))
        if not unit.parties.filter(pk=organisation.pk).exists():
            raise ValidationError(_("%(org)s is not a party of %(unit)s.") % {"org": organisation, "unit": unit})
    other_org = (
        Membership.objects.filter(user=user, organisation__isnull=False)
        .exclude(organisation=organisation)
        .exists()
    )
    if organisation is not None and other_org:
        raise ValidationError(_("A user works for one organisation only."))
    membership, _created = Membership.objects.get_or_create(
        user=user, unit=unit, role=role, defaults={"organisation": organisation}
    )
    if unit is not None:
        unit_sync_access_groups(unit=unit)
        group = AccessGroup.objects.get(unit=unit, organisation=organisation, role=role).group
        user.groups.add(group)
    if hasattr(user, "_krami_access"):
        del user._krami_access
    audit(user=by, action="membership.granted", obj=membership, unit=unit, role=role, username=user.get_username())
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, by=None) -> None:
    """End a membership; the user leaves the group, so access stops on the next request."""
    user = membership.user
    if membership.unit_id:
        group = AccessGroup.objects.filter(
            unit_id=membership.unit_id, organisation_id=membership.organisation_id, role=membership.role
        ).first()
        if group:
            user.groups.remove(group.group)
    audit(
        user=by,
        action="membership.revoked",
        obj=membership,
        unit=membership.unit,
        role=membership.role,
        username=user.get_username(),
    )
    membership.delete()
    if hasattr(user, "_krami_access"):
        del user._krami_access


def log_reads(
    *,
    request: HttpRequest,
    participants: Iterable,
    action: str,
    categories: Iterable[str],
) -> None:
    """Log one access-log row per participant shown.

    Side effects: the rows join the request's batch, which `ReadLogMiddleware` writes in one INSERT
    when the view has answered (at most one write to the log per page); a request that did not pass
    through the middleware (a management command, a test's bare request) writes them at once.
    """

    user = request.user
    org = user_access(user).organisation
    cats = ",".join(sorted(str(c) for c in categories))
    rows = [
        AccessLog(
            user=user,
            username=user.get_username(),
            organisation=org,
            unit_id=p.unit_id,
            participant_id=p.pk,
            participant_reference=p.reference,
            action=action,
            categories=cats,
            path=request.path[:300],  # no query string: it may hold a searched personnummer
        )
        for p in participants
    ]
    batch = getattr(request, READ_BATCH, None)
    if batch is not None:
        batch.extend(rows)
    elif rows:
        AccessLog.objects.bulk_create(rows)


READ_BATCH = "_krami_read_batch"


def write_read_batch(request: HttpRequest) -> None:
    """Write the rows `log_reads` collected for this request, in one INSERT, and stop collecting.

    Side effects: the request's access-log rows written."""
    rows = getattr(request, READ_BATCH, None)
    if rows is None:
        return
    delattr(request, READ_BATCH)
    if rows:
        AccessLog.objects.bulk_create(rows)


@transaction.atomic
def account_settings_save(*, user, daily_digest: bool) -> StaffProfile:
    """The user's own settings (the opt-in daily digest); the profile is created if missing.
    Audit ``account.settings_saved``."""
    profile, _created = StaffProfile.objects.get_or_create(user=user)
    profile.daily_digest = daily_digest
    profile.save(update_fields=["daily_digest"])
    audit(user=user, action="account.settings_saved", obj=profile, daily_digest=daily_digest)
    return profile
