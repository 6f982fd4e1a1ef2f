"""The invoice basis for purchased places (köpta platser): what each buying municipality owes.

For the unit's agreement administrators only: the lines name participants by their pseudonymous
reference (D-000123) so that the municipality can check the bill, never by name; each read of
the page or its exports is written to the access log.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe

from agreements.selectors import current_agreement
from krami.exports import INTEGER, MONEY, MONEY_ORE, ExcelCell, Sheet, csv_response, xlsx_response
from krami.models import AccessLog, DataCategory
from krami.services import log_reads
from participants.models import Participant
from reporting import kpis
from reporting.access import invoice_unit, may_see_dashboard
from reporting.economy import invoices_for
from reporting.exports import contents_sheet, definitions_sheet
from reporting.forms import DrugTestCostForm, chosen_period
from reporting.ledger import agreement_periods_of


def _basis(request: HttpRequest, unit_id: int, action: str = AccessLog.Action.LIST) -> dict:
    unit = invoice_unit(request, unit_id)
    period, period_form, notice = chosen_period(request.GET, agreement_periods=agreement_periods_of(unit))
    cost_form = DrugTestCostForm(request.GET if "kostnad" in request.GET else None)
    cost = cost_form.cleaned_data.get("kostnad") or Decimal(0) if cost_form.is_bound and cost_form.is_valid() else Decimal(0)
    agreement = current_agreement(unit=unit, on=period.end)
    invoices = invoices_for(unit=unit, agreement=agreement, period=period, test_cost=cost) if agreement else None
    references = {line.reference for invoice in invoices or [] for line in invoice.lines}
    log_reads(
        request=request, action=action, categories=[DataCategory.CORE],
        participants=[Participant(pk=int(ref.split("-")[1]), unit_id=unit.pk) for ref in sorted(references)],
    )
    return {
        "unit": unit, "period": period, "agreement": agreement, "invoices": invoices, "period_form": period_form,
        "notice": notice, "cost_form": cost_form, "definition": kpis.BY_KEY["purchased_places"], "query": _query(period, cost_form),
        "unit_link": may_see_dashboard(request, unit),
    }


def _query(period, cost_form: DrugTestCostForm) -> str:
    """The download links' query: the period shown and the cost typed (when valid)."""
    query = QueryDict(mutable=True)
    query["period"] = period.slug
    if cost_form.is_bound and cost_form.is_valid() and cost_form.cleaned_data.get("kostnad") is not None:
        query["kostnad"] = str(cost_form.cleaned_data["kostnad"])
    return query.urlencode()


@login_required
@require_safe
def places(request: HttpRequest, unit_id: int) -> HttpResponse:
    return render(request, "reporting/places.html", _basis(request, unit_id))


BASIS = pgettext_lazy("Excel sheet", "Invoice basis")
HEADER = (_lazy("Municipality"), _lazy("Month"), _lazy("Participant reference"), _lazy("Charged months"),
          _lazy("Amount for places"), _lazy("Drug tests"), _lazy("Amount for drug tests"), _lazy("Total"))


def _rows(invoices):
    for invoice in invoices or []:
        for line in invoice.lines:
            charged = _("the place (fixed sum)") if line.fixed_place else ", ".join(map(str, line.enrolment_months))
            yield [invoice.municipality, f"{invoice.month:%Y-%m}", line.reference, charged,
                   line.place_amount, line.drug_tests, line.drug_test_amount, line.total]


def _filename(context: dict, extension: str) -> str:
    return f"kopta-platser-{context['unit'].pk}-{context['period'].slug}.{extension}"


@login_required
@require_safe
def places_csv(request: HttpRequest, unit_id: int) -> HttpResponse:
    context = _basis(request, unit_id, AccessLog.Action.EXPORT)
    return csv_response(filename=_filename(context, "csv"), header=[str(h) for h in HEADER], rows=_rows(context["invoices"]))


def _excel_rows(invoices):
    """The basis's rows with the amounts as amounts (kronor) and the drug tests as a number."""
    for row in _rows(invoices):
        yield [*row[:4], _amount(row[4]), ExcelCell(row[5], INTEGER), _amount(row[6]), _amount(row[7])]


def _amount(value) -> ExcelCell:
    return ExcelCell(value, MONEY if value == int(value) else MONEY_ORE)


@login_required
@require_safe
def places_xlsx(request: HttpRequest, unit_id: int) -> HttpResponse:
    context = _basis(request, unit_id, AccessLog.Action.EXPORT)
    title = _("Invoice basis for purchased places, %(unit)s, %(period)s") % {
        "unit": context["unit"].name, "period": context["period"].label}
    sheets = [Sheet(str(BASIS), title, [str(h) for h in HEADER], list(_excel_rows(context["invoices"]))),
              definitions_sheet([context["definition"]])]
    return xlsx_response(filename=_filename(context, "xlsx"), sheets=sheets, contents=contents_sheet())
