"""The national view for NSG: all units side by side, the country's totals, a trend per unit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from krami.exports import xlsx_response
from reporting import kpis
from reporting.access import require_national
from reporting.exports import contents_sheet, definitions_sheet, suppression_note, table_sheets
from reporting.forms import chosen_period
from reporting.models import MonthSnapshot
from reporting.national import national_view, reporting_units
from reporting.periods import last_complete_month, recent_periods


def _view(request: HttpRequest):
    require_national(request)
    earliest = MonthSnapshot.objects.order_by("month").values_list("month", flat=True).first()
    period, form, notice = chosen_period(request.GET, earliest=earliest)
    return national_view(units=reporting_units(period), period=period), form, notice


@login_required
@require_safe
def national(request: HttpRequest) -> HttpResponse:
    view, form, notice = _view(request)
    return render(request, "reporting/national.html", {
        "v": view, "period_form": form, "notice": notice, "query": view.period.query(),
        "periods": recent_periods(last_complete_month().start),
        "suppression": kpis.BY_KEY["suppression"],
    })


@login_required
@require_safe
def national_xlsx(request: HttpRequest) -> HttpResponse:
    """The national view's tables as on the page: Swedish sheet names, numbers as numbers, "x" noted."""
    view = _view(request)[0]
    sheets = [*table_sheets([view.table, view.trend]), definitions_sheet(view.definitions)]
    return xlsx_response(filename=f"krami-nationellt-{view.period.slug}.xlsx", sheets=sheets, contents=contents_sheet(),
                         notes=[_("x: %(rule)s") % {"rule": suppression_note()}])
