"""The bounds on typed dates (krami/validators.py): 1900–2100 everywhere, a few years around today
for what the team does now."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from krami.forms import DateField
from krami.validators import NearToday, plausible_date


@pytest.mark.parametrize("value", [date(1900, 1, 1), date(2026, 12, 6), date(2100, 12, 31), None])
def test_plausible_dates_pass(value):
    plausible_date(value)


@pytest.mark.parametrize("value", [date(1899, 12, 31), date(2101, 1, 1), date(9999, 12, 31), date(1, 1, 1)])
def test_implausible_dates_are_refused_with_the_range(value):
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            plausible_date(value)
        assert refused.value.messages == ["Enter a date between 1900-01-01 and 2100-12-31."]


def test_near_today_is_five_years_back_and_two_ahead():
    today = timezone.localdate()
    near = NearToday()
    near(today - timedelta(days=365 * 5 - 2))
    near(today + timedelta(days=365 * 2 - 1))
    for far in (today - timedelta(days=365 * 5 + 2), today + timedelta(days=365 * 2 + 2)):
        with pytest.raises(ValidationError):
            near(far)


def test_the_form_date_field_is_bounded_and_says_so_in_swedish():
    # The message is translated when read: read it in Swedish too, whatever language an earlier test
    # of this process left active (CI: "Enter a date …" after a request in English).
    with translation.override("sv"):
        field = DateField()
        with pytest.raises(ValidationError) as refused:
            field.clean("9999-12-31")
        assert refused.value.messages == ["Ange ett datum mellan 1900-01-01 och 2100-12-31."]
