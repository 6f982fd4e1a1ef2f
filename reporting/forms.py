"""Choosing what to report: one fixed period; the month to close; the cost of a drug test.

Only fixed periods exist (reporting/periods.py). Links from before, with a free period
(?fran=…&till=…) or a month (?manad=…), still open: a month is a fixed period, and a free period
is shown as the smallest fixed period that holds it, with a notice saying so.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from reporting.periods import (
    AGREEMENT,
    FIRST_YEAR,
    LAST_YEAR,
    ReportPeriod,
    covering_period,
    last_complete_month,
    parse_period,
)

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
YEAR_PATTERN = re.compile(r"\d{4}", re.ASCII)


class PeriodForm(forms.Form):
    period = forms.CharField(
        label=_lazy("Period"), max_length=20,
        help_text=_lazy("A month ÅÅÅÅ-MM (2026-03), a quarter ÅÅÅÅ-K1 to K4, a half-year ÅÅÅÅ-H1 or H2, or a year ÅÅÅÅ."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 10}),
    )

    def __init__(self, *args, earliest: date | None = None, latest: ReportPeriod | None = None,
                 agreement_periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest = earliest
        self.latest = latest or last_complete_month()
        self.agreement_periods = list(agreement_periods)

    def clean_period(self) -> ReportPeriod:
        text = self.cleaned_data["period"].strip()
        period = parse_period(text)
        if period is None:
            years = [int(y) for y in YEAR_PATTERN.findall(text)]
            if years and any(not FIRST_YEAR <= y <= LAST_YEAR for y in years):
                raise forms.ValidationError(_("Choose a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR})
            raise forms.ValidationError(_("Write the period as ÅÅÅÅ-MM, ÅÅÅÅ-K1, ÅÅÅÅ-H1 or ÅÅÅÅ, e.g. 2026-03."))
        if period.kind == AGREEMENT and period not in self.agreement_periods:
            raise forms.ValidationError(_("%(period)s is not the period of one of the unit's agreements.") % {"period": period.slug})
        if period.end > self.latest.end:
            raise forms.ValidationError(
                _("%(period)s has not ended yet: choose a period that has ended, at the latest %(last)s.")
                % {"period": period.slug, "last": self.latest.slug}
            )
        if self.earliest is not None and period.end < self.earliest:
            raise forms.ValidationError(_("There are no figures before %(month)s.") % {"month": f"{self.earliest:%Y-%m}"})
        return period


class MonthForm(forms.Form):
    """The month to close (the button's hidden field)."""

    manad = forms.CharField(label=_lazy("Month"), max_length=7)

    def clean_manad(self) -> date:
        match = MONTH_PATTERN.match(self.cleaned_data["manad"].strip())
        if not match or not 1 <= int(match[2]) <= 12 or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
            raise forms.ValidationError(_("Write the month as ÅÅÅÅ-MM, e.g. 2026-03."))
        return date(int(match[1]), int(match[2]), 1)


class DrugTestCostForm(forms.Form):
    kostnad = forms.DecimalField(
        label=_lazy("Cost per drug test (kr)"), required=False, min_value=0, max_digits=8, decimal_places=2,
        help_text=_lazy("Drug tests are billed at cost: the laboratory's price per test taken."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 8}),
    )


def _day(text: str | None) -> date | None:
    match = DATE_PATTERN.match((text or "").strip())
    if not match:
        return None
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def chosen_period(params, *, earliest: date | None = None, agreement_periods=()) -> tuple[ReportPeriod, PeriodForm, str]:
    """The period asked for in the query string, the form to show, and a notice for an old link.

    ?period= (or the old ?manad=) must name a fixed period that has ended; otherwise the last
    complete month is shown and the form explains why. An old free period (?fran=&till=) becomes
    the smallest fixed period that holds it."""
    default = latest = last_complete_month()

    def form(data=None, period=None):
        initial = {"period": (period or default).slug}
        return PeriodForm(data, initial=initial, earliest=earliest, latest=latest, agreement_periods=agreement_periods)

    if "period" in params or "manad" in params:
        text = params.get("period") if "period" in params else params.get("manad")
        bound = form({"period": text or ""})
        if bound.is_valid():
            return bound.cleaned_data["period"], bound, ""
        return default, bound, ""
    if "fran" in params or "till" in params:
        start, end = _day(params.get("fran")), _day(params.get("till"))
        if start and end:
            period = covering_period(start, end)
            if period.end <= latest.end and (earliest is None or period.end >= earliest):
                return period, form(period=period), _(
                    "Reports show fixed periods only (months, quarters, half-years, years). The link asked for "
                    "%(start)s – %(end)s: this is %(period)s, the shortest fixed period that holds it."
                ) % {"start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}", "period": period.label}
        return default, form(), _(
            "Reports show fixed periods only, and the period of this link could not be shown: this is %(period)s."
        ) % {"period": default.label}
    return default, form(), ""


