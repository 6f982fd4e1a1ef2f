"""Published cells: a figure as shown, with small-number protection and the mark of a later change.

`Publication` takes the official figures of one fixed period (frozen for a closed month), the
keys that protection hides for that period (reporting/protection.py), and, for a closed month,
the figures as computed now. It answers, for each cell, what to print: the number, "x" when
hidden, and beside a frozen figure that data entered later changed it. The change is marked, not
counted: the difference between a frozen and a later figure is itself a count of people (one
exit recorded late), which may be 1–4.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from krami.templatetags.krami_tags import money as money_text
from reporting import catalogue, kpis

HIDDEN = "x"


@dataclass(frozen=True)
class Cell:
    text: str
    value: object = None  # the number for exports; None when hidden or not available
    hidden: bool = False
    adjustment: str = ""  # beside a frozen figure: that later data changed it

    def __str__(self) -> str:
        return self.text

    @property
    def export(self):
        if self.hidden:
            return HIDDEN
        return "" if self.value is None else self.value


def count_text(value: int) -> str:
    return number_format(value, force_grouping=True)


def percent_text(value: Decimal) -> str:
    return f"{number_format(value, 1)} %"


def changed_text() -> str:
    return _("changed after closing")


class Publication:
    """The cells of one period's publication: official figures, the hidden keys, later changes."""

    def __init__(self, values: dict, hidden: frozenset[str] = frozenset(), live: dict | None = None):
        self.values = values
        self.hidden = frozenset(hidden)
        self.live = live

    def get(self, name: str, *, live: bool = False):
        values = self.live if live else self.values
        return values.get(name, 0 if catalogue.is_count(name) else None)

    def is_hidden(self, name: str) -> bool:
        """A count hidden by protection; an amount hidden with the count it belongs to."""
        if catalogue.is_count(name):
            return name in self.hidden
        per = catalogue.figure(name).per
        return per is not None and per in self.hidden

    def _changed(self, *names: str) -> str:
        if self.live is None:
            return ""
        return changed_text() if any(self.get(n) != self.get(n, live=True) for n in names) else ""

    def count(self, name: str) -> Cell:
        value = int(self.get(name) or 0)
        if self.is_hidden(name):
            return Cell(HIDDEN, None, hidden=True, adjustment=self._changed(name))
        return Cell(count_text(value), value, adjustment=self._changed(name))

    def percent(self, numerator: str, denominator: str) -> Cell:
        return self._ratio(catalogue.Rate("", numerator, denominator))

    def average(self, total: str, n: str) -> Cell:
        return self._ratio(catalogue.Rate("", total, n, kind="average"))

    def rate(self, name: str) -> Cell:
        return self._ratio(catalogue.rate(name))

    def _ratio(self, r: catalogue.Rate) -> Cell:
        adjustment = self._changed(r.numerator, r.denominator)
        if self.is_hidden(r.numerator) or self.is_hidden(r.denominator):
            return Cell(HIDDEN, None, hidden=True, adjustment=adjustment)
        numerator, denominator = self.get(r.numerator), self.get(r.denominator)
        if r.kind == "percent":
            value = kpis.share(numerator, denominator)
            return Cell("–" if value is None else percent_text(value), value, adjustment=adjustment)
        if not denominator:
            return Cell("–", None, adjustment=adjustment)
        value = (Decimal(numerator or 0) / denominator).quantize(Decimal("0.1"))
        return Cell(number_format(value, 1), value, adjustment=adjustment)

    def money(self, name: str) -> Cell:
        """An amount; hidden with the count of people it belongs to (catalogue `per`), if any."""
        value = self.get(name)
        adjustment = self._changed(name)
        if self.is_hidden(name):
            return Cell(HIDDEN, None, hidden=True, adjustment=adjustment)
        return Cell("–" if value is None else money_text(value), value, adjustment=adjustment)

    def plain(self, value, text: str | None = None) -> Cell:
        """A figure that is not a count of people (a target, a label)."""
        return Cell(text if text is not None else ("–" if value is None else str(value)), value)
