"""Services for cost categories (with their split) and actual costs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.forms.base import save_model_form
from agreements.models import ActualCost, AgreementStatus, CostCategory
from krami.services import audit


@transaction.atomic
def category_save(*, form, by) -> CostCategory:
    """Save a validated CostCategoryForm: the category and its shares (audit ``agreement.category_saved``)."""
    agreement = form.agreement
    if not agreement.is_editable:
        raise ValidationError(_("An ended agreement can no longer be changed."))
    category = save_model_form(form, by)
    audit(
        user=by, action="agreement.category_saved", obj=category, unit=agreement.unit,
        agreement=agreement.pk, shares={str(k): str(v) for k, v in form.shares().items()},
    )
    return category


@transaction.atomic
def category_delete(*, category: CostCategory, by) -> None:
    """Remove a category that has no costs (audit ``agreement.category_deleted``)."""
    if category.costs.exists():
        raise ValidationError(_("The category has costs entered; move or delete them first."))
    if not category.agreement.is_editable:
        raise ValidationError(_("An ended agreement can no longer be changed."))
    audit(user=by, action="agreement.category_deleted", obj=category, unit=category.agreement.unit, name=category.name)
    for share in category.shares.all():
        share._history_user = by
        share.delete()
    category._history_user = by
    category.delete()


@transaction.atomic
def cost_save(*, form, by) -> ActualCost:
    """Save a validated ActualCostForm (audit ``agreement.cost_saved``). Drafts take no costs."""
    agreement = form.agreement
    if agreement.status == AgreementStatus.DRAFT:
        raise ValidationError(_("Costs are entered once the agreement is active."))
    if form.instance.pk is None:
        form.instance.created_by = by
    cost = save_model_form(form, by)
    audit(
        user=by, action="agreement.cost_saved", obj=cost, unit=agreement.unit,
        agreement=agreement.pk, month=f"{cost.month:%Y-%m}", amount=str(cost.amount),
    )
    return cost


@transaction.atomic
def cost_delete(*, cost: ActualCost, by) -> None:
    audit(
        user=by, action="agreement.cost_deleted", obj=cost, unit=cost.agreement.unit,
        agreement=cost.agreement_id, month=f"{cost.month:%Y-%m}", amount=str(cost.amount),
    )
    cost._history_user = by
    cost.delete()
