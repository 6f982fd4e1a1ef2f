"""Disclosure control across publications: which cells of each fixed period of a unit are hidden.

A unit publishes the same figures again and again: every month, every quarter, half-year and
year, the agreement's period, on the page, in the PDF, Excel and CSV, and in the national view.
All of them are sums of the unit's months, so they are protected as one system of equations
(reporting/suppression.py) over the months of a window: the current calendar year and the one
before (back to the start of an agreement period that ends now, if that is earlier).

Decisions are taken in month order and never changed (`decide`): when a month is decided, so are
the quarter, half-year, year and agreement period that end with it; what was published before is
fixed, visible or hidden, and only the new cells can be hidden to protect the rest. A closed
month stores its decisions with its snapshot (reporting/snapshots.py); an open month is decided
again on each request from the months before it (reporting/ledger.py).

The cells of the system (`Window`):
- each month's counts shown on a month's page, and the parts that are never shown (exits neither
  completed nor to work: reporting/catalogue.py);
- each longer period's counts, its breakdowns and their hidden parts;
- a breakdown's share of each stretch of months that no published period divides (it is never
  shown: a group's starts per month are published only as sums over quarters and longer);
and the relations: each table's sums, each longer period as the sum of its months, a stretch's
groups as the sum of its months' totals, and the identities between months (catalogue.IDENTITIES)
where they hold in the data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from krami.dates import add_months, month_end, month_start
from reporting import catalogue
from reporting.periods import MONTH, ReportPeriod, calendar_periods_ending, month_period, periods_ending
from reporting.suppression import Constraint, protect

WINDOW_YEARS = 1  # besides the current calendar year
# The outcome target in force at a period's end, (studies, denominator) or None: which of the
# figures that only a target shows (catalogue `target`) the period's dashboard shows.
TargetOf = Callable[[ReportPeriod], tuple[str, str] | None]


def no_target(_period: ReportPeriod) -> None:
    return None
# The counts every month shows, also when they are 0 (a month's page lists them all).
MONTHLY_SHOWN = frozenset(
    f.key for f in catalogue.STATIC if f.kind == catalogue.COUNT and f.shown and f.monthly and f.target is None
)


def window_start(month: date, agreement_periods: Sequence[ReportPeriod] = ()) -> date:
    start = date(month.year - WINDOW_YEARS, 1, 1)
    for p in agreement_periods:
        if p.last_month == month_start(month):
            start = min(start, p.start)
    return start


def published_periods(start: date, month: date, agreement_periods: Sequence[ReportPeriod]) -> list[ReportPeriod]:
    """Every fixed period that lies in [start, month] and has ended by `month`, oldest first."""
    result, m = [], start
    while m <= month:
        result += [p for p in periods_ending(m, agreement_periods) if p.start >= start]
        m = add_months(m, 1)
    return result


def period_counts(months: Mapping[date, Mapping], period: ReportPeriod) -> dict[str, int]:
    """The counts of a period: the sum of its months' counts (what every longer period shows)."""
    total: dict[str, int] = {}
    for m in period.months():
        for name, value in (months.get(m) or {}).items():
            if catalogue.is_count(name) and value:
                total[name] = total.get(name, 0) + int(value)
    return total


def cell(period: ReportPeriod | str, name: str) -> str:
    return f"{period if isinstance(period, str) else period.slug}/{name}"


@dataclass
class Window:
    """The cells and relations of the months [start, end] and their published periods."""

    periods: list = field(default_factory=list)
    values: dict[str, int] = field(default_factory=dict)
    constraints: list[Constraint] = field(default_factory=list)
    identities: list[dict[str, int]] = field(default_factory=list)
    unshown: set[str] = field(default_factory=set)
    cells_of: dict[str, set[str]] = field(default_factory=dict)  # period slug -> its shown cells
    keys_of: dict[date, set[str]] = field(default_factory=dict)  # month -> its shown keys
    unpublished: set[str] = field(default_factory=set)  # cells of figures a period's target does not show
    # The figures only a target shows (catalogue `target`) that some period of the window shows:
    # cells of every period, unknown where the period does not show them. Without such a target
    # in the window they are left out, as figures no one publishes.
    targeted: frozenset[str] = frozenset()

    @classmethod
    def build(cls, months: Mapping[date, Mapping], periods: Sequence[ReportPeriod], target_of: TargetOf = no_target) -> Window:
        w = cls(targeted=catalogue.targeted(target_of(p) for p in periods))
        w.add(months, periods, target_of)
        return w.finished(months)

    def add(self, months: Mapping[date, Mapping], periods: Sequence[ReportPeriod], target_of: TargetOf = no_target) -> None:
        """The cells of these periods, their tables' sums, and each longer one as its months' sum."""
        self.periods = [*self.periods, *periods]
        for p in periods:
            self._period(p, period_counts(months, p), breakdowns=p.kind != MONTH, hide=catalogue.unpublished(target_of(p)))
        for p in periods:
            if p.kind == MONTH:
                continue
            month_slugs = [month_period(m).slug for m in p.months()]
            for name in sorted(MONTHLY_SHOWN | self.targeted | {n for m in p.months() for n in self.keys_of.get(m, ())}):
                self.constraints.append(Constraint(f"{p.slug}/{name}", tuple(f"{slug}/{name}" for slug in month_slugs)))

    def finished(self, months: Mapping[date, Mapping]) -> Window:
        """A copy with the breakdowns' stretches, the identities between months, the unshown cells."""
        w = Window(list(self.periods), dict(self.values), list(self.constraints), list(self.identities), set(),
                   dict(self.cells_of), dict(self.keys_of), set(self.unpublished), self.targeted)
        month_list = sorted({m for p in self.periods for m in p.months()})
        w._stretches(months, month_list, [p for p in self.periods if p.kind != MONTH])
        w._identities(months, month_list)
        w.unshown = {c for c in w._all_cells() if c.startswith("~") or not catalogue.is_shown(c.split("/", 1)[1])}
        w.unshown |= w.unpublished
        return w

    def _period(self, p: ReportPeriod, counts: dict[str, int], *, breakdowns: bool, hide: frozenset[str] = frozenset()) -> None:
        """The period's cells and its tables' sums; `hide`: figures its dashboard does not show,
        cells like the hidden parts (unknown to the attacker, protected as such)."""
        counts = {k: v for k, v in counts.items() if k not in catalogue.TARGETED or k in self.targeted}
        counts.update({k: counts.get(k, 0) for k in self.targeted})
        if not breakdowns:
            counts = {k: v for k, v in counts.items() if catalogue.shown_monthly(k)}
        values = catalogue.with_hidden_parts(counts, breakdowns=breakdowns)
        names = {n for n in values if catalogue.is_count(n)} | MONTHLY_SHOWN | self.targeted
        slug = p.slug + "/"
        for relation in catalogue.partitions(values, breakdowns=breakdowns):
            self.constraints.append(Constraint(slug + relation.total, tuple(slug + part for part in relation.parts)))
            names.update(relation.parts)
            names.add(relation.total)
        for name in names:
            self.values[slug + name] = int(values.get(name) or 0)
        self.cells_of[p.slug] = {slug + n for n in names if catalogue.is_shown(n) and n not in hide}
        self.unpublished |= {slug + n for n in names if n in hide}
        if p.kind == MONTH:
            self.keys_of[p.start] = {n for n in names if catalogue.is_shown(n) and n not in hide}

    def _stretches(self, months: Mapping[date, Mapping], month_list: list[date], longer: list[ReportPeriod]) -> None:
        """A breakdown group's share of each stretch of months no published period divides: never
        shown, the unknowns that the longer periods' breakdown cells are sums of."""
        if not longer:
            return
        cuts = sorted({p.start for p in longer} | {add_months(p.last_month, 1) for p in longer})
        parts: dict[str, list[str]] = {}
        for a, b in zip(cuts, cuts[1:], strict=False):
            stretch = [m for m in month_list if a <= m < b]
            if not stretch:
                continue
            name = f"~{stretch[0]:%Y-%m}..{stretch[-1]:%Y-%m}"
            counts = period_counts(months, ReportPeriod(stretch[0], month_end(stretch[-1])))
            found = {k for k in counts if k.startswith("breakdown|")}
            for dimension in catalogue.BREAKDOWN_DIMENSIONS:
                groups = catalogue.groups(found, dimension)
                for measure, (total, _label) in catalogue.BREAKDOWN_MEASURES.items():
                    if not groups:
                        continue
                    relation = {cell(name, catalogue.breakdown_key(dimension, g, measure)): 1 for g in groups}
                    for m in stretch:
                        relation[cell(month_period(m), total)] = -1
                    self.identities.append(relation)
            for k in found:
                self.values[cell(name, k)] = counts[k]
            for p in longer:
                if p.start <= stretch[0] and stretch[-1] <= p.last_month:
                    for k in found:
                        parts.setdefault(cell(p, k), []).append(cell(name, k))
        for total, found_parts in parts.items():
            self.constraints.append(Constraint(total, tuple(found_parts)))
            self.values.setdefault(total, 0)

    def runs(self) -> list[list[str]]:
        """Each count shown monthly and each hidden part of a month, its months in order: a
        stretch of them is a count too."""
        month_slugs = [month_period(m).slug for m in sorted(self.keys_of)]
        names = set().union(*self.keys_of.values()) if self.keys_of else set()
        # and the parts never shown (exits to work not completed, …): a stretch of one is a count too
        slugs = set(month_slugs)
        for c in self.values:
            slug, name = c.split("/", 1)
            if slug in slugs and name.split("|", 1)[-1].startswith("~"):
                names.add(name)
        return [[f"{slug}/{name}" for slug in month_slugs] for name in sorted(names)]

    def _identities(self, months: Mapping[date, Mapping], month_list: list[date]) -> None:
        present = set(month_list)
        for identity in catalogue.IDENTITIES:
            for m in month_list:
                terms = [(coef, name, add_months(m, offset)) for coef, name, offset in identity.terms]
                if not all(when in present for _c, _n, when in terms):
                    continue
                if sum(coef * int((months.get(when) or {}).get(name) or 0) for coef, name, when in terms):
                    continue  # does not hold this month: an attacker cannot use it either
                relation: dict[str, int] = {}
                for coef, name, when in terms:
                    relation[cell(month_period(when), name)] = relation.get(cell(month_period(when), name), 0) + coef
                self.identities.append(relation)

    def _all_cells(self) -> set[str]:
        cells = set(self.values)
        for c in self.constraints:
            cells |= {c.total, *c.parts}
        for identity in self.identities:
            cells |= set(identity)
        return cells


# What to hide first when a cell must go to protect another: the detail before the figures the
# styrgrupp steers by (occupancy last), and a longer period's cell before a month's (a month's
# flows and its active participants are tied to the next month's, so hiding one spreads).
LEAST_NEEDED = ("breakdown|", "reason|", "phase|", "places|", "keeping|", "drug_tests|", "waiting|")
NEEDED = ("funnel|attendees", "funnel|interviewed", "funnel|assessed", "funnel|accepted", "outcome|completed",
          "outcome|completed_work_or_studies")
MOST_NEEDED = ("occupancy|active",)


def hiding_cost(cell_name: str) -> tuple:
    slug, name = cell_name.split("/", 1)
    if name.startswith(LEAST_NEEDED):
        tier = 0
    elif name in NEEDED:
        tier = 1
    elif name in MOST_NEEDED:
        tier = 3
    else:
        tier = 2
    return tier, -_months_in(slug)


def _months_in(slug: str) -> int:
    if ".." in slug:
        a, b = slug.split("..")
        return (int(b[:4]) - int(a[:4])) * 12 + int(b[5:7]) - int(a[5:7]) + 1
    if len(slug) == 4:
        return 12
    return {"K": 3, "H": 6}.get(slug[5], 1)


def decide(
    month: date, months: Mapping[date, Mapping], decided: Mapping[str, frozenset[str]],
    agreement_periods: Sequence[ReportPeriod] = (), target_of: TargetOf = no_target,
) -> dict[str, frozenset[str]]:
    """The hidden keys of every fixed period that ends with `month`, {slug: keys}.

    `months`: the official counts of each month of the window (a missing month counts 0);
    `decided`: {slug: hidden keys} of the periods decided before (each keeps its state);
    `target_of`: the outcome target in force at a period's end. The figures a period's target
    does not show are stored as hidden with it: should the agreement change, they show as "x".

    The month is decided first, then the quarter, half-year, year and agreement period that end
    with it, each with everything before it fixed: a longer period, whose figures add up the
    months', hides what it must itself, and a month keeps what it can show."""
    month = month_start(month)
    start = window_start(month, agreement_periods)
    published = published_periods(start, month, agreement_periods)
    earlier = [p for p in published if p.last_month < month]
    decided = dict(decided)
    result: dict[str, frozenset[str]] = {}
    base = Window(targeted=catalogue.targeted(target_of(p) for p in published))
    base.add(months, earlier, target_of)
    for period in sorted(periods_ending(month, agreement_periods), key=lambda p: len(p.months())):
        if period.start < start:
            continue
        base.add(months, [period], target_of)
        window = base.finished(months)
        fixed: dict[str, bool] = {}
        for p in window.periods:
            if p is period:
                continue
            hidden = decided.get(p.slug, frozenset())
            for c in window.cells_of.get(p.slug, ()):
                fixed[c] = c.split("/", 1)[1] in hidden
        hidden = protect(
            window.values, window.constraints, identities=window.identities, unshown=window.unshown, fixed=fixed,
            cost=hiding_cost, runs=window.runs(),
        )
        result[period.slug] = decided[period.slug] = frozenset(
            c.split("/", 1)[1] for c in window.cells_of.get(period.slug, ()) if c in hidden
        ) | catalogue.unpublished(target_of(period))
    return dict(sorted(result.items()))


def calendar_slugs(month: date) -> list[str]:
    return [p.slug for p in calendar_periods_ending(month)]
