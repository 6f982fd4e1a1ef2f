"""Choosing what to report: a month, or any period from–to; the cost of a drug test for invoices."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from krami.forms import DateField, DateInput
from reporting.periods import ReportPeriod, last_complete_month, month_period

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
LONGEST_PERIOD_DAYS = 3 * 366


class MonthForm(forms.Form):
    manad = forms.CharField(
        label=_("Month"), max_length=7, help_text=_("ÅÅÅÅ-MM, e.g. 2026-03."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 8}),
    )

    def clean_manad(self) -> date:
        match = MONTH_PATTERN.match(self.cleaned_data["manad"].strip())
        if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
            raise forms.ValidationError(_("Write the month as ÅÅÅÅ-MM, e.g. 2026-03."))
        return date(int(match[1]), int(match[2]), 1)


class RangeForm(forms.Form):
    fran = DateField(label=_("From"), widget=DateInput())
    till = DateField(label=_("To"), widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("fran"), data.get("till")
        if start and end:
            if end < start:
                self.add_error("till", _("The period must end on or after the day it starts."))
            elif (end - start).days >= LONGEST_PERIOD_DAYS:
                self.add_error("till", _("Choose a period of at most three years."))
        return data


class DrugTestCostForm(forms.Form):
    kostnad = forms.DecimalField(
        label=_("Cost per drug test (kr)"), required=False, min_value=0, max_digits=8, decimal_places=2,
        help_text=_("Drug tests are billed at cost: the laboratory's price per test taken."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 8}),
    )


def chosen_period(params) -> tuple[ReportPeriod, MonthForm, RangeForm]:
    """The period asked for in the query string (fran/till, else manad), else last month.

    Both forms are returned bound or unbound as asked, so that errors show next to the fields.
    """
    default = last_complete_month()
    range_form = RangeForm(params if ("fran" in params or "till" in params) else None)
    month_form = MonthForm(params if "manad" in params else None, initial={"manad": f"{default.start:%Y-%m}"})
    if range_form.is_bound:
        if range_form.is_valid():
            period = ReportPeriod(range_form.cleaned_data["fran"], range_form.cleaned_data["till"])
            return period, MonthForm(initial={"manad": f"{period.start:%Y-%m}"}), range_form
        return default, month_form, range_form
    if month_form.is_bound and month_form.is_valid():
        period = month_period(month_form.cleaned_data["manad"])
        return period, month_form, RangeForm(initial={"fran": period.start, "till": period.end})
    return default, month_form, RangeForm(initial={"fran": default.start, "till": default.end})
