"""Cost categories with their split, actual costs month by month, and the settlement."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agreements.access import get_agreement_for_user, visible_agreements
from agreements.forms.actions import SettlementPeriodForm
from agreements.forms.costs import ActualCostForm, CostCategoryForm, CostFilterForm
from agreements.models import ActualCost, AgreementStatus, CostCategory
from agreements.pdf import settlement_filename, settlement_pdf
from agreements.periods import find_period, settlement_periods
from agreements.selectors import agreement_with_parts, cost_months
from agreements.services.costs import category_delete, category_save, cost_delete, cost_save
from agreements.settlement import settlement_for
from agreements.summary import split_description
from krami.dates import month_end

COST_PAGE_SIZE = 200


def _costs_url(agreement) -> str:
    return reverse("agreements:costs", kwargs={"pk": agreement.pk})


@login_required
@require_safe
def costs(request: HttpRequest, pk: int) -> HttpResponse:
    """Budget against actual per category, and the costs entered month by month."""
    agreement = get_agreement_for_user(request, pk)
    categories = list(agreement.cost_categories.prefetch_related("shares__organisation").annotate(actual=Sum("costs__amount")))
    filters = CostFilterForm(request.GET or None, agreement=agreement)
    rows = filters.filter(
        ActualCost.objects.filter(agreement=agreement).select_related("category", "paid_by").order_by("-month", "category__order", "pk")
    )
    rows = list(rows[:COST_PAGE_SIZE])
    return render(
        request,
        "agreements/costs.html",
        {
            "agreement": agreement,
            "categories": [
                {"category": c, "split": split_description(c), "actual": c.actual or Decimal(0),
                 "left": (c.budget - (c.actual or 0)) if c.budget is not None else None}
                for c in categories
            ],
            "budget_total": sum((c.budget or 0 for c in categories), Decimal(0)),
            "actual_total": sum((c.actual or 0 for c in categories), Decimal(0)),
            "costs": rows,
            "truncated": len(rows) == COST_PAGE_SIZE,
            "filters": filters,
            "can_enter_costs": agreement.can_edit and agreement.status != AgreementStatus.DRAFT,
        },
    )


@login_required
def cost_edit(request: HttpRequest, pk: int, cost_id: int | None = None) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, edit=True)
    cost = get_object_or_404(ActualCost, pk=cost_id, agreement=agreement) if cost_id else None
    if agreement.status == AgreementStatus.DRAFT:
        messages.error(request, _("Costs are entered once the agreement is active."))
        return redirect(_costs_url(agreement))
    form = ActualCostForm(request.POST or None, instance=cost, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            saved = cost_save(form=form, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The cost has been saved: %(cost)s.") % {"cost": saved})
            if "save_and_add" in request.POST:
                return redirect("agreements:cost_create", pk=agreement.pk)
            return redirect(_costs_url(agreement))
    return render(request, "agreements/cost_form.html", {"agreement": agreement, "form": form, "cost": cost})


@login_required
@require_POST
def cost_delete_view(request: HttpRequest, pk: int, cost_id: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, edit=True)
    cost = get_object_or_404(ActualCost, pk=cost_id, agreement=agreement)
    cost_delete(cost=cost, by=request.user)
    messages.success(request, _("The cost has been deleted; the history keeps a record of it."))
    return redirect(_costs_url(agreement))


@login_required
def category_edit(request: HttpRequest, pk: int, category_id: int | None = None) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, edit=True)
    category = get_object_or_404(CostCategory, pk=category_id, agreement=agreement) if category_id else None
    if not agreement.is_editable:
        messages.error(request, _("An ended agreement can no longer be changed."))
        return redirect("agreements:detail", pk=agreement.pk)
    form = CostCategoryForm(request.POST or None, instance=category, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            saved = category_save(form=form, by=request.user)
        except ValidationError as exc:  # e.g. a colleague saved a category of the same name a moment ago
            form.add_error(None, exc)
        else:
            messages.success(request, _("The cost category “%(name)s” has been saved.") % {"name": saved.name})
            return redirect(reverse("agreements:detail", kwargs={"pk": agreement.pk}) + "#section-cost_terms")
    return render(request, "agreements/category_form.html", {"agreement": agreement, "form": form, "category": category})


@login_required
@require_POST
def category_delete_view(request: HttpRequest, pk: int, category_id: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, edit=True)
    category = get_object_or_404(CostCategory, pk=category_id, agreement=agreement)
    try:
        category_delete(category=category, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The cost category has been deleted."))
    return redirect(reverse("agreements:detail", kwargs={"pk": agreement.pk}) + "#section-cost_terms")


def _settlement_report(request: HttpRequest, agreement):
    periods = settlement_periods(start=agreement.period_start, end=max(agreement.in_force_until, month_end(cost_months(agreement)[1])))
    form = SettlementPeriodForm(request.GET or None, periods=periods)
    period = find_period(periods, form.cleaned_data["period"] if form.is_valid() else None)
    return form, settlement_for(agreement=agreement, period=period)


@login_required
@require_safe
def settlement(request: HttpRequest, pk: int) -> HttpResponse:
    """Each party's share, payments and balance for a month, a quarter or the whole period."""
    agreement = get_agreement_for_user(request, pk)
    form, report = _settlement_report(request, agreement)
    return render(request, "agreements/settlement.html", {"agreement": agreement, "form": form, "report": report})


@login_required
@require_safe
def settlement_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The settlement of a period as a PDF for the parties' finance departments, in the agreement PDF's layout."""
    agreement = get_agreement_for_user(request, pk, queryset=agreement_with_parts(visible_agreements(request.user)))
    _form, report = _settlement_report(request, agreement)
    response = HttpResponse(settlement_pdf(agreement, report), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{settlement_filename(agreement, report)}"'
    return response
