"""The employer register (arbetsgivare): one per unit, shared by the unit's team."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from krami.models import Unit
from krami.services import audit
from krami.uniques import save_unique
from participants.models import Employer
from participants.orgnr import normalise_orgnr


def _check_orgnr(employer: Employer) -> None:
    """Normalise the organisation number and refuse a second employer with it in the unit."""
    if not employer.organisation_number:
        return
    try:
        employer.organisation_number = normalise_orgnr(employer.organisation_number)
    except ValidationError as exc:
        raise ValidationError({"organisation_number": exc}) from None
    existing = (
        Employer.objects.filter(unit_id=employer.unit_id, organisation_number=employer.organisation_number)
        .exclude(pk=employer.pk)
        .first()
    )
    if existing is not None:
        raise ValidationError(
            {
                "organisation_number": _("%(name)s is already in the register with this organisation number.")
                % {"name": existing.name}
            },
            code="duplicate",
        )


@transaction.atomic
def employer_create(*, unit: Unit, by, **fields) -> Employer:
    """Add an employer to the unit's register.

    Side effects, in order: organisation number normalised and checked for a duplicate in
    the unit; the employer row; audit ``employer.created``.
    """
    employer = Employer(unit=unit, created_by=by, **fields)
    _check_orgnr(employer)
    employer.full_clean()
    save_unique(employer)
    audit(user=by, action="employer.created", obj=employer, unit=unit)
    return employer


@transaction.atomic
def employer_update(*, employer: Employer, by, **fields) -> Employer:
    """Change an employer's details; audit ``employer.updated`` with the changed fields."""
    locked = Employer.objects.select_for_update().get(pk=employer.pk)
    changed = sorted(name for name, value in fields.items() if getattr(locked, name) != value)
    for name, value in fields.items():
        setattr(locked, name, value)
    _check_orgnr(locked)
    locked.full_clean()
    save_unique(locked)
    audit(user=by, action="employer.updated", obj=locked, unit=locked.unit, fields=changed)
    return locked
