"""Swedish formats: dates ÅÅÅÅ-MM-DD, numbers and money with a space and a decimal comma."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from krami.forms import DateInput
from krami.templatetags.krami_tags import money, number

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("value", "swedish", "english"),
    [
        (1234.5, "1 234,50 kr", "1,234.50 kr"),
        (Decimal("1234.5"), "1 234,50 kr", "1,234.50 kr"),
        ("24500", "24 500,00 kr", "24,500.00 kr"),
        (0, "0,00 kr", "0.00 kr"),
        (Decimal("-4900"), "-4 900,00 kr", "-4,900.00 kr"),
        (Decimal("1234567.891"), "1 234 567,89 kr", "1,234,567.89 kr"),
        (Decimal("0.005"), "0,01 kr", "0.01 kr"),  # öresavrundning: half up
        (999, "999,00 kr", "999.00 kr"),
    ],
)
def test_money(value, swedish, english):
    with translation.override("sv"):
        assert money(value) == swedish.replace(" ", NBSP)
    with translation.override("en"):
        assert money(value) == english.replace(" ", NBSP)


@pytest.mark.parametrize("empty", [None, ""])
def test_money_of_nothing_is_empty(empty):
    assert money(empty) == ""


def test_number_groups_thousands_with_a_space_in_swedish():
    with translation.override("sv"):
        assert number(1234) == f"1{NBSP}234"
        assert number(80) == "80"
        assert number(Decimal("62.5"), 1) == "62,5"
        assert number(None) == ""


def test_money_in_a_template_never_breaks_between_number_and_kr():
    with translation.override("sv"):
        html = Template("{% load krami_tags %}{{ price|money }}").render(Context({"price": Decimal("24500")}))
    assert html == f"24{NBSP}500,00{NBSP}kr"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_short_dates_are_iso_in_both_languages(language):
    moment = datetime(2026, 1, 15, 14, 5, tzinfo=ZoneInfo("Europe/Stockholm"))
    with translation.override(language):
        assert date_format(date(2026, 1, 15), "SHORT_DATE_FORMAT") == "2026-01-15"
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == "2026-01-15 14:05"
        assert Template('{{ d|date:"SHORT_DATE_FORMAT" }}').render(Context({"d": date(2026, 3, 9)})) == "2026-03-09"


def test_swedish_long_date_format_is_iso_too():
    with translation.override("sv"):
        assert date_format(date(2026, 1, 15)) == "2026-01-15"
        assert date_format(datetime(2026, 1, 15, 9, 30), "DATETIME_FORMAT") == "2026-01-15 09:30"


class _DateForm(forms.Form):
    on = forms.DateField(widget=DateInput())


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("typed", ["2026-01-15", "20260115", "26-01-15", "260115", " 2026-01-15 "])
def test_a_date_field_accepts_what_swedish_staff_type(typed, language):
    with translation.override(language):
        form = _DateForm({"on": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["on"] == date(2026, 1, 15)


@pytest.mark.parametrize("typed", ["2026-13-01", "2026-02-30", "15.01.2026", "i morgon"])
def test_a_date_field_refuses_a_date_that_is_not_one(typed):
    with translation.override("sv"):
        form = _DateForm({"on": typed})
        assert not form.is_valid()
        assert form.errors["on"] == ["Fyll i ett giltigt datum."]


def test_a_date_is_shown_in_the_field_as_yyyy_mm_dd_with_the_format_in_the_label():
    with translation.override("sv"):
        html = str(_DateForm(initial={"on": date(2026, 1, 5)})["on"].as_field_group())
    assert 'type="text"' in html and 'value="2026-01-05"' in html and "data-date-input" in html
    assert "(ÅÅÅÅ-MM-DD)" in html
    assert "data-date-pick hidden" in html  # the calendar button appears only with JavaScript
