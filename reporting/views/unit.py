"""The unit dashboard (any month or period), closing a month, the PDF pack and the exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from krami.access import user_access

from reporting import exports, kpis
from reporting.access import DASHBOARD_ROLES, INVOICE_ROLES, dashboard_unit, require_reporting
from reporting.assemble import dashboard_for
from reporting.forms import MonthForm, chosen_period
from reporting.periods import half_years, month_period
from reporting.snapshots import month_close


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Where the user's reports are: unit dashboards, invoice bases, the national view."""
    access = require_reporting(request)
    return render(request, "reporting/index.html", {
        "dashboard_units": access.units(*DASHBOARD_ROLES),
        "invoice_units": access.units(*INVOICE_ROLES),
        "national": access.is_national,
    })


def _dashboard(request: HttpRequest, unit_id: int):
    unit = dashboard_unit(request, unit_id)
    period, month_form, range_form = chosen_period(request.GET)
    return unit, dashboard_for(unit=unit, period=period), month_form, range_form


@login_required
@require_safe
def dashboard(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit, d, month_form, range_form = _dashboard(request, unit_id)
    today = timezone.localdate()
    return render(request, "reporting/dashboard.html", {
        "unit": unit, "d": d, "month_form": month_form, "range_form": range_form,
        "half_years": half_years(today),
        "can_close": d.period.is_month and d.snapshot is None and d.period.end < today,
        "query": d.period.query(),
        "suppression": kpis.BY_KEY["suppression"],
        "places_url": reverse("reporting:places", kwargs={"unit_id": unit.pk}) + f"?{d.period.query()}"
        if unit in user_access(request.user).units(*INVOICE_ROLES) else "",
    })


@login_required
@require_POST
def close_month(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Freeze a month's figures (POST; audited by the service)."""
    unit = dashboard_unit(request, unit_id)
    form = MonthForm(request.POST)
    url = reverse("reporting:unit", kwargs={"unit_id": unit.pk})
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["manad"]))
        return redirect(url)
    month = form.cleaned_data["manad"]
    try:
        month_close(unit=unit, month=month, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _closed_message(month))
    return redirect(f"{url}?{month_period(month).query()}")


def _closed_message(month) -> str:
    from django.utils.translation import gettext as _

    return _("%(month)s is closed: its figures are frozen. Data entered later shows as adjustments.") % {"month": f"{month:%Y-%m}"}


@login_required
@require_safe
def pack_pdf(request: HttpRequest, unit_id: int) -> HttpResponse:
    _unit, d, _m, _r = _dashboard(request, unit_id)
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


