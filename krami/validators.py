"""Bounds on what people type (issue 15, "Bounds everywhere"): plausible dates, and dates of things
that happen now (interviews, meetings, follow-ups) near today. Swedish messages through gettext."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from krami.dates import add_months

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def plausible_date(value: date | None) -> None:
    """Every date a person types lies between 1900 and 2100 (9999-12-31 or 1899 is a slip of the keys)."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="implausible_date",
            params={"first": EARLIEST.isoformat(), "last": LATEST.isoformat()},
        )


@deconstructible
class NearToday:
    """A date of something the team does now: at most `years_back` years ago and `years_ahead` ahead."""

    def __init__(self, *, years_back: int = 5, years_ahead: int = 2):
        self.years_back, self.years_ahead = years_back, years_ahead

    def __call__(self, value: date | None) -> None:
        if value is None:
            return
        today = timezone.localdate()
        first, last = add_months(today, -12 * self.years_back), add_months(today, 12 * self.years_ahead)
        if not first <= value <= last:
            raise ValidationError(
                _("Enter a date between %(first)s and %(last)s."),
                code="date_not_near_today",
                params={"first": first.isoformat(), "last": last.isoformat()},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, NearToday) and (self.years_back, self.years_ahead) == (other.years_back, other.years_ahead)
