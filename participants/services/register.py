"""Registering and editing participants."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from krami.models import Organisation, Unit
from krami.services import audit
from participants import authority, personnummer
from participants.access import visible_participants
from participants.models import (
    CriminalJusticeInfo,
    LabourMarketInfo,
    Participant,
    PhaseChange,
    SocialServicesInfo,
)
from participants.services.grants import participant_sync_grants


class DuplicateParticipant(ValidationError):
    """The unit already has a record of this personnummer that the user may see (`existing`)."""

    def __init__(self, message, *, existing: Participant | None):
        super().__init__(message, code="duplicate")
        self.existing = existing


def find_duplicate(*, unit: Unit, digits: str, by, exclude_pk: int | None = None) -> Participant | None:
    """The unit's record of this personnummer that `by` may see, if any.

    Only visible records count: a record of another party that the user may not see must give
    exactly the answer a person who does not exist gives (docs/security.md), so the user's
    organisation then registers its own record of the person.
    """
    qs = visible_participants(by).filter(unit=unit, personnummer_hash=personnummer.lookup_hash(digits))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def _check_duplicate(*, unit: Unit, digits: str, by, exclude_pk: int | None = None) -> None:
    existing = find_duplicate(unit=unit, digits=digits, by=by, exclude_pk=exclude_pk)
    if existing is not None:
        raise DuplicateParticipant(_("This person is already registered in this unit."), existing=existing)


@transaction.atomic
def participant_create(
    *,
    unit: Unit,
    organisation: Organisation,
    handler,
    by,
    personnummer_value: str,
    **fields,
) -> Participant:
    """Register a person in a unit, owned by `organisation`.

    `registered_on` (default: today) dates a late registration; the first phase starts then unless
    `phase_since` says otherwise.

    Side effects, in order: personnummer validated and checked for duplicates in the unit;
    the participant row (personnummer encrypted); empty category rows (criminal justice,
    social services, labour market); object permissions; audit ``participant.created``.
    """
    pnr = personnummer.parse(personnummer_value)
    registered_on = fields.pop("registered_on", None) or timezone.localdate()
    phase_since = fields.pop("phase_since", None) or registered_on
    _check_duplicate(unit=unit, digits=pnr.digits, by=by)
    participant = Participant(
        unit=unit,
        owner_organisation=organisation,
        handler=handler,
        created_by=by,
        personnummer_encrypted=personnummer.encrypt(pnr.digits),
        personnummer_hash=personnummer.lookup_hash(pnr.digits),
        birth_date=pnr.birth_date,
        is_coordination_number=pnr.coordination,
        phase_since=phase_since,
        registered_on=registered_on,
        **fields,
    )
    participant.full_clean(exclude=["personnummer_encrypted", "personnummer_hash", "birth_date"])
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError:  # a colleague registered the same person a moment ago
        _check_duplicate(unit=unit, digits=pnr.digits, by=by)
        raise
    PhaseChange.objects.create(participant=participant, phase=participant.phase, on=participant.phase_since, changed_by=by)
    CriminalJusticeInfo.objects.create(participant=participant)
    SocialServicesInfo.objects.create(participant=participant)
    LabourMarketInfo.objects.create(participant=participant)
    participant_sync_grants(participant=participant)
    audit(user=by, action="participant.created", obj=participant, unit=unit)
    return participant


@transaction.atomic
def participant_update(
    *, participant: Participant, by, expected_version: int, personnummer_value: str | None = None, **fields
) -> Participant:
    """Change core data: only the owning organisation (participants/authority.py). Refuses a stale
    edit (optimistic locking on `version`).

    Side effects: the row is updated only if nobody saved it since `expected_version`
    was read; audit ``participant.updated`` with the names of the changed fields.
    """
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    authority.require(authority.owns_core(by, locked))
    if locked.version != expected_version:
        raise StaleEdit(locked)
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name, value in fields.items():
        setattr(locked, name, value)
    if personnummer_value is not None:
        pnr = personnummer.parse(personnummer_value)
        if personnummer.lookup_hash(pnr.digits) != locked.personnummer_hash:
            _check_duplicate(unit=locked.unit, digits=pnr.digits, by=by, exclude_pk=locked.pk)
            locked.personnummer_encrypted = personnummer.encrypt(pnr.digits)
            locked.personnummer_hash = personnummer.lookup_hash(pnr.digits)
            locked.birth_date = pnr.birth_date
            locked.is_coordination_number = pnr.coordination
            changed.append("personnummer")
    locked.version += 1
    locked.full_clean(exclude=["personnummer_encrypted", "personnummer_hash", "birth_date"])
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError:
        # Only the owning organisation changes the record, and every record of its own it can
        # collide with is one it sees: a colleague saved the same personnummer a moment ago.
        if "personnummer" in changed:
            _check_duplicate(unit=locked.unit, digits=personnummer.parse(personnummer_value).digits, by=by, exclude_pk=locked.pk)
        raise
    if "owner_organisation" in changed:
        participant_sync_grants(participant=locked)
    audit(user=by, action="participant.updated", obj=locked, unit=locked.unit, fields=sorted(changed))
    return locked


class StaleEdit(Exception):
    """Someone else saved the record after this form was opened.

    `current` is the row as it is saved now (a Participant, or a category row), so the conflict
    page can show it beside what the user typed.
    """

    def __init__(self, current):
        super().__init__("stale edit")
        self.current = current


@transaction.atomic
def category_update(*, participant: Participant, category: str, form, by, expected_version: int) -> None:
    """Save one category's form: only the category's owner. Refuses a stale edit (optimistic locking
    on the row's `version`).

    Side effects: the category row is locked and updated only if nobody saved it since
    `expected_version` was read; audit ``participant.category_updated`` with the changed fields.
    """
    authority.require(authority.owns_category(by, category))
    instance = form.instance
    locked = type(instance).objects.select_for_update().get(pk=instance.pk)
    if locked.version != expected_version:
        raise StaleEdit(locked)
    instance.version = locked.version + 1
    form.save()
    audit(
        user=by,
        action="participant.category_updated",
        obj=participant,
        unit=participant.unit,
        category=category,
        fields=sorted(form.changed_data),
    )
