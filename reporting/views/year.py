"""The year view of a unit (issue 17, item 7): the styrgrupp's yearly report, month by month."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from reporting import kpis
from reporting.access import dashboard_unit
from reporting.ledger import TooManyOpenMonths, agreement_periods_of, first_month
from reporting.year import default_year, year_choices, year_view

DEFINITIONS = ("occupancy", "funnel", "inflow_target", "outcomes", "economy", "purchased_places", "suppression", "snapshot")


@login_required
@require_safe
def year(request: HttpRequest, unit_id: int) -> HttpResponse:
    """?period= one of the offered years (a calendar year, or an agreement period of the unit);
    by default the agreement year of the last complete month. Same door as the dashboard."""
    unit = dashboard_unit(request, unit_id)
    today = timezone.localdate()
    choices = year_choices(first=first_month(unit), agreement_periods=agreement_periods_of(unit), today=today)
    period, error = default_year(choices, today), ""
    asked = request.GET.get("period")
    if asked is not None:
        chosen = next((p for p in choices if p.slug == asked.strip()), None)
        if chosen is None:
            error = _("%(asked)s is not one of this unit's years: choose one below. This is %(period)s.") % {
                "asked": asked[:20], "period": period.label,
            }
        else:
            period = chosen
    notice, view = "", None
    try:
        view = year_view(unit=unit, period=period, today=today)
    except TooManyOpenMonths as exc:
        notice = _(
            "Figures are published month by month, in order: %(month)s is the first month not closed. Close it "
            "(and the months after it) to see this year."
        ) % {"month": f"{exc.first_open:%Y-%m}"}
    return render(request, "reporting/year.html", {
        "unit": unit, "period": period, "v": view, "choices": choices, "error": error, "notice": notice,
        "tables": _tables(view) if view else [],
        "definitions": [kpis.BY_KEY[k] for k in DEFINITIONS],
    })


def _tables(v) -> list[dict]:
    """The year's tables with their headings and notes, in the order of the page."""
    return [
        {"id": "year-figures", "heading": _("Month by month against the targets"), "table": v.people,
         "caption": _("Figures and targets per month, %(period)s") % {"period": v.period.label},
         "notes": [
             _("Active participants: at some time in the month; in the total, the average per month. Inflow "
               "targets: the agreement's minimum for its period and the part of it for the month (the total: for "
               "the months counted). The share uses the denominator and the studies of the agreement's target."),
             _("A month that is not closed shows its figures as of today; a month that has not ended has none."),
         ]},
        {"id": "year-costs", "heading": _("Costs and their split"), "table": v.costs,
         "caption": _("Each party's share of the costs per month, %(period)s") % {"period": v.period.label},
         "notes": [_("Each party's share follows the agreement's split rules; a closed month shows its costs as "
                     "recorded when it was closed. The total adds up the months.")],
         "empty": _("No agreement with cost categories is in force in this year.")},
        {"id": "year-places", "heading": _("Purchased places"), "table": v.places,
         "caption": _("Purchased places per buying municipality and month, %(period)s") % {"period": v.period.label},
         "notes": [_("The amount of a municipality is hidden with its count of people. The total row adds up the "
                     "months: %(counted)s.") % {"counted": v.places_total_counts.lower()} if v.places_total_counts else "",
                   _("Drug tests are billed separately, at cost.")],
         "empty": _("No municipality outside the agreement bought places in this year, or no price is agreed.")},
    ]
