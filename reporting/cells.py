"""Published cells: a figure as shown, with small-number protection and the adjustment after closing.

`Publication` takes the figures of a period (and the frozen figures of a closed month) and
answers, for each cell the dashboard shows, what to print: the number, "x" when protected
(reporting/suppression.py), and beside a frozen figure the adjustment that later data made.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from intake.models import ExitOutcome
from krami.templatetags.krami_tags import money as money_text

from reporting import kpis
from reporting.figures import BREAKDOWN_MEASURES, key
from reporting.suppression import Constraint, protect

HIDDEN = "x"
BREAKDOWN_TOTALS = {
    "active": "occupancy|active",
    "started": "funnel|started",
    "closed": "outcome|closed",
    "work_or_studies": "outcome|work_or_studies",
}
_COUNT_PREFIXES = ("occupancy|", "series|", "funnel|", "outcome|", "reason|", "keeping|", "drug_tests|", "breakdown|")


def is_count(name: str) -> bool:
    """A count of people (or of their exits, stays, tests): what small-number protection covers."""
    return (
        name.startswith(_COUNT_PREFIXES)
        or name == "waiting|n"
        or (name.startswith("phase|") and name.endswith("|n"))
        or (name.startswith("places|") and name.endswith("|people"))
    )


def groups_of(values: dict, dimension: str) -> list[str]:
    return sorted({k.split("|")[2] for k in values if k.startswith(f"breakdown|{dimension}|")})


def municipalities_of(values: dict) -> list[str]:
    return sorted({k.split("|")[1] for k in values if k.startswith("places|") and k.endswith("|people")} - {"total"})


def constraints_for(values: dict) -> list[Constraint]:
    """The additive relations between the published cells: what an attacker could subtract."""
    relations = [
        Constraint("outcome|closed", tuple(key("reason", o) for o in ExitOutcome.values)),
        Constraint("outcome|work_or_studies", tuple(key("reason", o) for o in kpis.WORK_OR_STUDIES)),
        Constraint("outcome|work_or_full_time_studies", tuple(key("reason", o) for o in kpis.WORK_OR_FULL_TIME_STUDIES)),
    ]
    dimensions = {k.split("|")[1] for k in values if k.startswith("breakdown|")}
    for dimension in sorted(dimensions):
        groups = groups_of(values, dimension)
        for measure in BREAKDOWN_MEASURES:
            relations.append(Constraint(BREAKDOWN_TOTALS[measure], tuple(key("breakdown", dimension, g, measure) for g in groups)))
    places = municipalities_of(values)
    if places:
        relations.append(Constraint("places|total|people", tuple(key("places", m, "people") for m in places)))
    return relations


def hidden_keys(values: dict) -> frozenset[str]:
    relations = constraints_for(values)
    names = {k for k in values if is_count(k)} | {k for c in relations for k in (c.total, *c.parts)}
    return protect({k: int(values.get(k) or 0) for k in names}, relations)


@dataclass(frozen=True)
class Cell:
    text: str
    value: object = None  # the number for exports; None when hidden or not available
    hidden: bool = False
    adjustment: str = ""  # beside a frozen figure: how later data changed it

    def __str__(self) -> str:
        return self.text

    @property
    def export(self):
        if self.hidden:
            return HIDDEN
        return "" if self.value is None else self.value


def hidden_cell() -> Cell:
    return Cell(HIDDEN, None, hidden=True)


def count_text(value: int) -> str:
    return number_format(value, force_grouping=True)


def percent_text(value: Decimal) -> str:
    return f"{number_format(value, 1)} %"


class Publication:
    """The cells of one dashboard: official figures (frozen for a closed month) and adjustments."""

    def __init__(self, live: dict, frozen: dict | None = None, *, hidden: frozenset[str] | None = None):
        """`hidden`: the cells to hide when the caller protected them together with others (the
        national view protects all units at once); else this publication's own relations decide."""
        self.live = live
        self.frozen = frozen
        self.official = frozen if frozen is not None else live
        self.hidden = hidden_keys(self.official) if hidden is None else hidden
        self.live_hidden = hidden_keys(live) if frozen is not None else self.hidden

    def get(self, name: str, *, live: bool = False):
        values = self.live if live else self.official
        return values.get(name, 0 if is_count(name) else None)

    def is_hidden(self, name: str, *, live: bool = False) -> bool:
        return name in (self.live_hidden if live else self.hidden)

    def _adjust(self, official, now, visible: bool, fmt) -> str:
        if self.frozen is None or official == now:
            return ""
        if not visible or official is None or now is None:
            return _("changed after closing")
        if isinstance(now, (int, Decimal)) and isinstance(official, (int, Decimal)) and fmt is count_text:
            return f"{now - official:+d}"
        return _("now %(value)s") % {"value": fmt(now)}

    def count(self, name: str) -> Cell:
        value = int(self.get(name) or 0)
        visible = not self.is_hidden(name) and not self.is_hidden(name, live=True)
        adjustment = self._adjust(value, int(self.get(name, live=True) or 0), visible, count_text)
        if self.is_hidden(name):
            return Cell(HIDDEN, None, hidden=True, adjustment=adjustment)
        return Cell(count_text(value), value, adjustment=adjustment)

    def _ratio(self, numerator: str, denominator: str, *, live: bool):
        if self.is_hidden(numerator, live=live) or self.is_hidden(denominator, live=live):
            return None, True
        return kpis.share(self.get(numerator, live=live), self.get(denominator, live=live)), False

    def percent(self, numerator: str, denominator: str) -> Cell:
        value, hidden = self._ratio(numerator, denominator, live=False)
        now, now_hidden = self._ratio(numerator, denominator, live=True)
        adjustment = self._adjust(value, now, not hidden and not now_hidden, percent_text)
        if hidden:
            return Cell(HIDDEN, None, hidden=True, adjustment=adjustment)
        return Cell("–" if value is None else percent_text(value), value, adjustment=adjustment)

    def _mean(self, total: str, n: str, *, live: bool):
        if self.is_hidden(n, live=live):
            return None, True
        count = self.get(n, live=live)
        if not count:
            return None, False
        return (Decimal(self.get(total, live=live) or 0) / count).quantize(Decimal("0.1")), False

    def average(self, total: str, n: str) -> Cell:
        value, hidden = self._mean(total, n, live=False)
        now, now_hidden = self._mean(total, n, live=True)
        adjustment = self._adjust(value, now, not hidden and not now_hidden, lambda v: number_format(v, 1))
        if hidden:
            return Cell(HIDDEN, None, hidden=True, adjustment=adjustment)
        return Cell("–" if value is None else number_format(value, 1), value, adjustment=adjustment)

    def money(self, name: str, *, people: str | None = None) -> Cell:
        """An amount; hidden with the count of people it belongs to (`people`), if any."""
        value, now = self.get(name), self.get(name, live=True)
        hidden = people is not None and self.is_hidden(people)
        now_hidden = people is not None and self.is_hidden(people, live=True)
        adjustment = self._adjust(value, now, not hidden and not now_hidden, money_text)
        if hidden:
            return Cell(HIDDEN, None, hidden=True, adjustment=adjustment)
        return Cell("–" if value is None else money_text(value), value, adjustment=adjustment)

    def plain(self, value, text: str | None = None) -> Cell:
        """A figure that is not a count of people (a target, a label)."""
        return Cell(text if text is not None else ("–" if value is None else str(value)), value)

