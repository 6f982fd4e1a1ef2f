"""Year to year: a new draft with the same content as last year's agreement."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.models import (
    AgeLimit,
    Agreement,
    AgreementStatus,
    CostShare,
    EligibleMunicipality,
    InflowTarget,
    SharedRole,
    StaffingLine,
)
from krami.dates import add_months
from krami.services import audit

# Fields that describe this agreement's life, not what was agreed: never copied.
NOT_COPIED = {
    "id", "status", "copied_from", "period_start", "period_end", "created_at", "updated_at", "wind_down_category",
    "terminated_on", "terminated_by_party", "termination_recorded_by", "termination_reason", "ended_on",
}
# Lines copied as they are (all but the agreement they belong to).
SIMPLE_LINES = (InflowTarget, AgeLimit, EligibleMunicipality, StaffingLine)


def next_period(agreement: Agreement) -> tuple[date, date]:
    """The same period one year later (2023-01-01 – 2023-12-31 → 2024-01-01 – 2024-12-31)."""
    one_day = timedelta(days=1)
    return add_months(agreement.period_start, 12), add_months(agreement.period_end + one_day, 12) - one_day


def _clone(obj, by, **changes):
    """A saved copy of `obj` with `changes`, its history naming `by`."""
    fields = {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.attname not in changes and f.name not in changes
    }
    fields.update(changes)
    new = type(obj)(**fields)
    new._history_user = by
    new.save()
    return new


@transaction.atomic
def agreement_copy(
    *, agreement: Agreement, by, period_start: date | None = None, period_end: date | None = None
) -> Agreement:
    """A draft with the same parties, targets, rules, staffing and cost split, for the next period.

    Signatures, termination and actual costs are not copied: they belong to the year they
    happened in. Side effects: the new agreement and its lines; audit ``agreement.copied``.
    """
    default_start, default_end = next_period(agreement)
    start, end = period_start or default_start, period_end or default_end
    if Agreement.objects.filter(unit_id=agreement.unit_id, period_start=start).exists():
        raise ValidationError(
            _("The unit already has an agreement starting on %(start)s.") % {"start": f"{start:%Y-%m-%d}"}
        )
    values = {
        f.attname: getattr(agreement, f.attname)
        for f in Agreement._meta.concrete_fields
        if f.name not in NOT_COPIED and f.attname not in NOT_COPIED
    }
    values["title"] = agreement.title.replace(str(agreement.period_start.year), str(start.year))
    new = Agreement(**values, period_start=start, period_end=end, status=AgreementStatus.DRAFT, copied_from=agreement)
    new._history_user = by
    new.full_clean()
    new.save()
    for party in agreement.parties.all():
        _clone(party, by, agreement_id=new.pk, signed_on=None, signed_place="", signatory="")
    for model in SIMPLE_LINES:
        for line in model.objects.filter(agreement=agreement):
            _clone(line, by, agreement_id=new.pk)
    categories = {}
    for category in agreement.cost_categories.all():
        categories[category.pk] = _clone(category, by, agreement_id=new.pk)
        for share in CostShare.objects.filter(category=category):
            _clone(share, by, category_id=categories[category.pk].pk)
    for role in SharedRole.objects.filter(agreement=agreement):
        mapped = categories.get(role.cost_category_id)
        _clone(role, by, agreement_id=new.pk, cost_category_id=mapped.pk if mapped else None)
    if agreement.wind_down_category_id in categories:
        new.wind_down_category = categories[agreement.wind_down_category_id]
        new._history_user = by
        new.save()
    audit(user=by, action="agreement.copied", obj=new, unit=new.unit, copied_from=agreement.pk, period=new.period_label)
    return new

