"""The unit dashboard (any fixed period), closing a month, the PDF pack and the exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from krami.access import user_access
from reporting import exports, kpis
from reporting.access import (
    CLOSE_ROLES,
    DASHBOARD_ROLES,
    INVOICE_ROLES,
    closing_unit,
    dashboard_unit,
    may_close_months,
    require_reporting,
)
from reporting.assemble import dashboard_for, ledger_since
from reporting.forms import MonthForm, chosen_period
from reporting.ledger import TooManyOpenMonths, agreements_of, first_month, ledger_for, unit_agreements
from reporting.periods import last_complete_month, month_period, recent_periods
from reporting.snapshots import month_close, open_months_before


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Where the user's reports are: unit dashboards, invoice bases, the national view."""
    access = require_reporting(request)
    return render(request, "reporting/index.html", {
        "dashboard_units": access.units(*DASHBOARD_ROLES),
        "closing_units": access.units(*CLOSE_ROLES),
        "invoice_units": access.units(*INVOICE_ROLES),
        "national": access.is_national,
    })


def _dashboard(request: HttpRequest, unit_id: int):
    """The unit, its dashboard for the period asked for, the period form and a notice."""
    unit = dashboard_unit(request, unit_id)
    agreements = unit_agreements(unit)  # read once for the periods, the ledger and the dashboard
    agreement_periods = agreements_of(unit, agreements)[0]
    period, form, notice = chosen_period(request.GET, earliest=first_month(unit), agreement_periods=agreement_periods)
    try:
        ledger = ledger_for(unit, upto=period.last_month, since=ledger_since(period), agreements=agreements)
    except TooManyOpenMonths as exc:
        period = month_period(exc.first_open)
        notice = _(
            "Figures are published month by month, in order: %(month)s is the first month not closed. Close it "
            "(and the months after it) to see later periods."
        ) % {"month": period.label}
        ledger = ledger_for(unit, upto=period.last_month, since=ledger_since(period), agreements=agreements)
    return unit, dashboard_for(unit=unit, period=period, ledger=ledger), form, notice, ledger


@login_required
@require_safe
def dashboard(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit, d, form, notice, ledger = _dashboard(request, unit_id)
    today = timezone.localdate()
    can_close = d.period.is_month and d.snapshot is None and d.period.end < today
    return render(request, "reporting/dashboard.html", {
        "unit": unit, "d": d, "period_form": form, "notice": notice,
        "periods": recent_periods(last_complete_month(today).start, ledger.agreement_periods),
        "close_url": reverse("reporting:close_month_check", kwargs={"unit_id": unit.pk}) + f"?manad={d.period.start:%Y-%m}"
        if can_close and may_close_months(request, unit) else "",
        "query": d.period.query(),
        "suppression": kpis.BY_KEY["suppression"],
        "places_url": reverse("reporting:places", kwargs={"unit_id": unit.pk}) + f"?{d.period.query()}"
        if unit in user_access(request.user).units(*INVOICE_ROLES) else "",
    })


@login_required
@require_safe
def close_month_check(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Before closing a month ("check your answers"): the figures that will be frozen, the open
    months closed with it, and the one button that closes (a POST to `close_month`)."""
    unit = closing_unit(request, unit_id)
    form = MonthForm(request.GET or None)
    context = {"unit": unit, "month_form": form, "d": None}
    if form.is_valid():
        month = form.cleaned_data["manad"]
        period = month_period(month)
        ledger = ledger_for(unit, upto=month, since=ledger_since(period), longest_chain=None)
        d = dashboard_for(unit=unit, period=period, ledger=ledger)
        context.update({
            "d": d, "month": month,
            "not_ended": period.end >= timezone.localdate(),
            "closes_too": open_months_before(ledger, month) if d.snapshot is None else [],
            "dashboard_url": reverse("reporting:unit", kwargs={"unit_id": unit.pk}) + f"?{period.query()}"
            if unit in user_access(request.user).units(*DASHBOARD_ROLES) else "",
        })
    return render(request, "reporting/close_month.html", context)


@login_required
@require_POST
def close_month(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Freeze a month's figures (POST from the check page; audited by the service)."""
    unit = closing_unit(request, unit_id)
    form = MonthForm(request.POST)
    check = reverse("reporting:close_month_check", kwargs={"unit_id": unit.pk})
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["manad"]))
        return redirect(check)
    month = form.cleaned_data["manad"]
    try:
        month_close(unit=unit, month=month, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _(
            "%(month)s is closed: its figures are frozen. Data entered later shows as changes beside them."
        ) % {"month": f"{month:%Y-%m}"})
    return redirect(f"{check}?manad={month:%Y-%m}")


@login_required
@require_safe
def pack_pdf(request: HttpRequest, unit_id: int) -> HttpResponse:
    d = _dashboard(request, unit_id)[1]
    user = request.user
    return exports.dashboard_pdf(d, printed_by=user.get_full_name() or user.get_username())


@login_required
@require_safe
def export_xlsx(request: HttpRequest, unit_id: int) -> HttpResponse:
    return exports.dashboard_xlsx(_dashboard(request, unit_id)[1])


@login_required
@require_safe
def export_csv(request: HttpRequest, unit_id: int) -> HttpResponse:
    return exports.dashboard_csv(_dashboard(request, unit_id)[1])
