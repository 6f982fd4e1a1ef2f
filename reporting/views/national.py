"""The national view for NSG: all units side by side, the country's totals, a trend per unit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from krami.access import user_access
from krami.exports import xlsx_response
from reporting import kpis
from reporting.access import DASHBOARD_ROLES, require_national
from reporting.exports import contents_sheet, definitions_sheet, suppression_note, table_sheets
from reporting.forms import chosen_period
from reporting.models import MonthSnapshot
from reporting.national import national_view, reporting_units
from reporting.periods import last_complete_month, month_period, recent_periods
from reporting.status_matrix import BY_NAME, BY_STATUS, sort_order

SORT = "sortera"  # ?sortera=status: the status matrix by status, units below a target first


def _view(request: HttpRequest, **options):
    require_national(request)
    months = MonthSnapshot.objects.order_by().aggregate(earliest=Min("month"), latest=Max("month"))
    params = request.GET
    if months["latest"] is not None and not any(k in params for k in ("period", "manad", "fran", "till")):
        # Without a period, the last month a unit has closed: the view shows closed months only,
        # and the last complete month is usually still open (units close it during the month after).
        params = params.copy()
        params["period"] = month_period(months["latest"]).slug
    period, form, notice = chosen_period(params, earliest=months["earliest"])
    return national_view(units=reporting_units(period), period=period, **options), form, notice


def _dashboard_links(request: HttpRequest) -> dict[int, str]:
    """The unit dashboards this user may open (reporting.access): NSG as such opens none, a member
    of NSG who also sits in a unit's steering group opens that unit's. Pages link only to what opens."""
    return {unit.pk: reverse("reporting:unit", kwargs={"unit_id": unit.pk})
            for unit in user_access(request.user).units(*DASHBOARD_ROLES)}


@login_required
@require_safe
def national(request: HttpRequest) -> HttpResponse:
    order = sort_order(request.GET.get(SORT))
    view, form, notice = _view(request, order=order, links=_dashboard_links(request))
    return render(request, "reporting/national.html", {
        "v": view, "period_form": form, "notice": notice, "query": view.period.query(),
        "periods": recent_periods(last_complete_month().start),
        "suppression": kpis.BY_KEY["suppression"], "sort": SORT, "by_status": BY_STATUS, "by_name": BY_NAME,
        "matrix_definitions": [kpis.BY_KEY[k] for k in dict.fromkeys(c.definition for c in view.matrix.columns)],
    })


@login_required
@require_safe
def national_xlsx(request: HttpRequest) -> HttpResponse:
    """The national view's tables as on the page: Swedish sheet names, numbers as numbers, "x" noted."""
    view = _view(request)[0]
    sheets = [*table_sheets([view.table, view.trend]), definitions_sheet(view.definitions)]
    return xlsx_response(filename=f"krami-nationellt-{view.period.slug}.xlsx", sheets=sheets, contents=contents_sheet(),
                         notes=[_("x: %(rule)s") % {"rule": suppression_note()}])
