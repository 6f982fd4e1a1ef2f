"""The national view (NSG): a status matrix (units × targets), a small chart per unit of its
occupancy against its target, every unit side by side with the same figures and targets, the
country's totals, and a trend per unit. Closed months only.

Each unit's cells are the unit's own publication: the figures of its closed months and the
protection decided for them (reporting/protection.py), the very cells its dashboard shows. The
country's total of a figure is shown only when every unit's cell of it is shown (and every unit
has closed the period): it then adds nothing an attacker could not add up from the units' cells,
so no unit's hidden count can be had as "the country less the other units". A unit that has not
closed the period shows "not closed" and the totals wait for it.

The status matrix (reporting/status_matrix.py) answers NSG's question first (issue 17): which
unit misses which target, each status as the unit's dashboard shows it, none from a hidden figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case, JSONField, Q, When
from django.db.models.fields.json import KeyTransform
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from agreements.selectors import (
    agreements_in_force_during_for_units,
    agreements_in_force_for_units,
    unit_targets_from,
)
from krami.dates import month_end
from krami.models import Unit
from reporting import kpis
from reporting.cells import HIDDEN, Cell, Publication, count_text
from reporting.dashboard import Row, Table, monthly_occupancy_targets, status_label
from reporting.ledger import first_event_months
from reporting.models import MonthSnapshot
from reporting.periods import ReportPeriod, month_period, trailing_months
from reporting.status_matrix import BY_NAME, StatusMatrix, outcome_share, status_matrix
from reporting.svg import line_chart, small_line_chart

COUNTS = (
    ("occupancy|active", kpis.occupancy_label),  # one name everywhere: "Active during the month"
    ("funnel|interviewed", lambda: _("Interviewed")),
    ("funnel|started", lambda: _("Started")),
    ("outcome|closed", lambda: _("Exits")),
    ("outcome|work_or_studies", lambda: _("To work or studies")),
    ("outcome|completed", lambda: _("Exits after completing")),
    ("outcome|completed_work_or_studies", lambda: _("Completers to work or studies")),
)
# Counts read from the snapshots for the outcome target only (no column of their own): a target of
# work or full-time studies (seeds/003) is compared with them, as on the dashboard.
TARGET_COUNTS = ("outcome|work_or_full_time_studies", "outcome|completed_work_or_full_time_studies")
NOT_AVAILABLE = "–"


@dataclass
class NationalView:
    period: ReportPeriod
    table: Table
    trend: Table
    chart: str
    not_closed: list[Unit] = field(default_factory=list)
    definitions: tuple = field(default=kpis.DEFINITIONS)
    matrix: StatusMatrix | None = None
    multiples: list[UnitChart] = field(default_factory=list)


@dataclass
class UnitChart:
    """A unit's small multiple: its active participants per month against its occupancy target,
    with the figures as a table (month, the cell as published, the target)."""

    unit: Unit
    chart: str
    rows: list[tuple[str, Cell, str]]


@dataclass
class UnitPeriod:
    """A unit's published counts of a period, or None when it has not closed all its months."""

    values: dict | None
    hidden: frozenset[str] = frozenset()

    @property
    def closed(self) -> bool:
        return self.values is not None


_READ = (*(n for n, _label in COUNTS), *TARGET_COUNTS)


def _count(value) -> int:
    """A count as the snapshot stores it (a number; a decimal amount would be a string)."""
    return int(Decimal(value)) if isinstance(value, str) else int(value or 0)


class _Key(KeyTransform):
    """`field -> key` read as an object's key always: Django reads a key such as "2019" (a year's
    decisions) as an array index."""

    def as_postgresql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        return f"({lhs} -> %s)", (*params, self.key_name)

    def as_sqlite(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        return f"JSON_EXTRACT({lhs}, %s)", (*params, f'$."{self.key_name}"')


def _closed_periods(units: list[Unit], periods: list[ReportPeriod]) -> dict[tuple[int, str], UnitPeriod]:
    """{(unit id, period slug): the unit's counts and hidden keys} from the snapshots, one query.

    Each snapshot stores some 140 figures and the protection decided for every period that ends
    with its month; the view needs nine counts and the decisions of its periods. The statement
    reads only those (a key each: `figures -> key`, and of the decisions the row's own month and
    the longer period asked for), so that neither the whole figures nor the whole decisions are
    sent and decoded: that was more than half of the view's time nationally (60 units, 13
    months; issue 19). Reading the wanted figures as one object built in the database
    (jsonb_each) was no faster."""
    months = sorted({m for p in periods for m in p.months()})
    longer = [p for p in periods if not p.is_month]
    counts = {f"count_{i}": _Key(name, "figures") for i, name in enumerate(_READ)}
    # As reporting.ledger.stored_hidden: decisions stored with the period's last month, if any.
    decided = {
        "own": Case(*(When(month=m, then=_Key(f"{m:%Y-%m}", "hidden")) for m in months), output_field=JSONField()),
        **{f"period_{i}": _Key(p.slug, "hidden") for i, p in enumerate(longer)},
    }
    rows = {
        (row["unit_id"], row["month"]): row
        for row in MonthSnapshot.objects.filter(unit__in=units, month__gte=months[0], month__lte=months[-1])
        .values("unit_id", "month", **counts, **decided)
    }
    # Each snapshot's counts as numbers once: a month is in its own period and the trend's.
    numbers = {key: [_count(row[name]) for name in counts] for key, row in rows.items()}
    month_lists = {p.slug: p.months() for p in periods}
    result = {}
    for unit in units:
        for period in periods:
            keys = [(unit.pk, m) for m in month_lists[period.slug]]
            last = rows.get(keys[-1])
            chosen = None
            if last is not None and last["own"] is not None:
                chosen = last["own"] if period.is_month else last[f"period_{longer.index(period)}"]
            if chosen is None or any(key not in rows for key in keys):
                result[(unit.pk, period.slug)] = UnitPeriod(None)
                continue
            totals = [sum(column) for column in zip(*(numbers[key] for key in keys), strict=True)]
            result[(unit.pk, period.slug)] = UnitPeriod(dict(zip(_READ, totals, strict=True)), frozenset(chosen))
    return result


def reporting_units(period: ReportPeriod) -> list[Unit]:
    """The units in the national view of a period: active ones, and any that closed a month of it."""
    closed = MonthSnapshot.objects.filter(month__gte=period.start, month__lte=period.end).values("unit_id")
    return list(Unit.objects.filter(Q(is_active=True) | Q(pk__in=closed)).order_by("name"))


def _active(cells: list[Cell], period: ReportPeriod) -> list[Cell]:
    """A longer period's "Active" as the average per month (the sum of its months, divided)."""
    if period.is_month or cells[0].value is None:
        return cells
    average = (Decimal(cells[0].value) / len(period.months())).quantize(Decimal("0.1"))
    return [Cell(number_format(average, 1), average), *cells[1:]]


def _unit_row(unit: Unit, figures: UnitPeriod, targets, period: ReportPeriod) -> Row:
    if not figures.closed:
        return Row(unit.name, [Cell(_("not closed"))] + [Cell(NOT_AVAILABLE) for _i in range(len(COUNTS) + 4)])
    pub = Publication(figures.values, figures.hidden)
    cells = _active([pub.count(name) for name, _label in COUNTS], period)
    share_all = pub.rate("share|all_exits")
    share_completed = pub.rate("share|completers")
    cells += [share_all, share_completed]
    applies = outcome_share(pub, targets)
    target = targets.outcome_target_percent
    status = kpis.target_status(applies.value, target) if not applies.hidden else ""
    # A status from a hidden share is hidden with it ("x"); "–" is for no target or no exits.
    hidden_status = target is not None and applies.hidden
    cells += [
        Cell(NOT_AVAILABLE if targets.occupancy_target is None else str(targets.occupancy_target), targets.occupancy_target),
        Cell(NOT_AVAILABLE if target is None else kpis.percent_label(target), target),
        Cell(HIDDEN, None, hidden=True) if hidden_status else Cell(status_label(status) or NOT_AVAILABLE, status),
    ]
    return Row(unit.name, cells)


def _total(parts: list[UnitPeriod], name: str) -> Cell:
    """The country's total of a figure: shown when every unit shows its cell, else "x" (or "–"
    while a unit has not closed the period)."""
    if not parts or any(not p.closed for p in parts):
        return Cell(NOT_AVAILABLE)
    if any(name in p.hidden for p in parts):
        return Cell(HIDDEN, None, hidden=True)
    value = sum(int(p.values.get(name) or 0) for p in parts)
    return Cell(count_text(value), value)


def _total_row(parts: list[UnitPeriod], period: ReportPeriod) -> Row:
    cells = [_total(parts, name) for name, _label in COUNTS]
    values = {name: c.value for (name, _label), c in zip(COUNTS, cells, strict=True) if c.value is not None}
    hidden = frozenset(name for (name, _label), c in zip(COUNTS, cells, strict=True) if c.value is None)
    pub = Publication(values, hidden)
    cells = _active(cells, period)
    cells += [pub.rate("share|all_exits"), pub.rate("share|completers"), Cell(NOT_AVAILABLE), Cell(NOT_AVAILABLE), Cell(NOT_AVAILABLE)]
    return Row(_("All units"), cells, total=True)


def national_view(*, units: list[Unit], period: ReportPeriod, order: str = BY_NAME,
                  links: dict[int, str] | None = None) -> NationalView:
    """Every unit's closed figures in a fixed number of queries: the status matrix (in `order`,
    each unit linked to the dashboard in `links` if any), the small multiples, the units side by
    side with the country's totals, and the trend."""
    months = trailing_months(period.end, 12)
    month_periods = [month_period(m) for m in months]
    figures = _closed_periods(units, [period, *(p for p in month_periods if p != period)])
    units = _with_data(units, period, figures)
    agreements = agreements_in_force_for_units(unit_ids=[u.pk for u in units], on=period.end, rules=False)
    targets = {u.pk: unit_targets_from(agreements.get(u.pk)) for u in units}
    parts = [figures[(u.pk, period.slug)] for u in units]
    rows = [_unit_row(u, f, targets[u.pk], period) for u, f in zip(units, parts, strict=True)]
    rows.append(_total_row(parts, period))
    active = kpis.occupancy_label(len(period.months()))  # a longer period: the average per month
    columns = [_("Unit"), *(active if n == "occupancy|active" else str(label()) for n, label in COUNTS),
               _("Share of all exits"), _("Share of completers"), _("Occupancy target"), _("Outcome target"), _("Status")]
    note = _("The status compares the share the unit's target uses (of all exits or of completers, and the studies it "
             "counts) with the target.") + " " + kpis.compared_with(active)
    table = Table("national", _("All units, %(period)s") % {"period": period.label}, "outcomes", columns, rows, note=note)
    matrix = status_matrix(
        units=units, targets=targets, period=period, order=order, links=links,
        publications={u.pk: Publication(f.values, f.hidden) if f.closed else None for u, f in zip(units, parts, strict=True)},
    )

    def trend_cell(figure: UnitPeriod) -> Cell:
        if not figure.closed:
            return Cell(NOT_AVAILABLE)
        return Publication(figure.values, figure.hidden).count("occupancy|active")

    trend_rows = [Row(u.name, [trend_cell(figures[(u.pk, p.slug)]) for p in month_periods]) for u in units]
    totals = [_total([figures[(u.pk, p.slug)] for u in units], "occupancy|active") for p in month_periods]
    trend_rows.append(Row(_("All units"), totals, total=True))
    monthly = kpis.occupancy_label()
    trend = Table("trend", _("“%(measure)s” per month and unit") % {"measure": monthly}, "occupancy",
                  [_("Unit"), *(f"{m:%Y-%m}" for m in months)], trend_rows)
    chart = line_chart(
        chart_id="chart-national", title=_("“%(measure)s” per month, all units") % {"measure": monthly},
        desc=_("“%(measure)s” in all units together, per month. Each unit's figures are in the table below the "
               "chart.") % {"measure": monthly},
        points=[(f"{m:%y-%m}", c.value) for m, c in zip(months, totals, strict=True)],
        value_label=_("%(measure)s, all units") % {"measure": monthly},
    )
    multiples = _small_multiples(units, months, [row.cells for row in trend_rows[:-1]])
    return NationalView(period=period, table=table, trend=trend, chart=chart, matrix=matrix, multiples=multiples,
                        not_closed=[u for u, f in zip(units, parts, strict=True) if not f.closed])


def _small_multiples(units: list[Unit], months: list[date], trend: list[list[Cell]]) -> list[UnitChart]:
    """One small chart per unit of its active participants per month (the trend's cells: a hidden
    month is a gap marked "x", a month not closed a gap) against its occupancy target month by
    month (the agreement in force on each month's last day); one query for all units' agreements."""
    agreements = agreements_in_force_during_for_units(unit_ids=[u.pk for u in units], start=months[0], end=month_end(months[-1]))
    charts = []
    for unit, cells in zip(units, trend, strict=True):
        targets = monthly_occupancy_targets(agreements.get(unit.pk, []), months)
        chart = small_line_chart(
            chart_id=f"chart-unit-{unit.pk}",
            title=_("%(unit)s: active participants per month") % {"unit": unit.name},
            desc=_("Active participants in %(unit)s per month, %(first)s to %(last)s, against the occupancy target (dashed). "
                   "A hidden month (x) and a month not closed are gaps. The figures are in the table below the chart.")
            % {"unit": unit.name, "first": f"{months[0]:%Y-%m}", "last": f"{months[-1]:%Y-%m}"},
            points=[(f"{m:%y-%m}", c.value) for m, c in zip(months, cells, strict=True)],
            hidden=[c.hidden for c in cells], target=[targets[m] for m in months],
        )
        rows = [(f"{m:%Y-%m}", c, NOT_AVAILABLE if targets[m] is None else str(targets[m])) for m, c in zip(months, cells, strict=True)]
        charts.append(UnitChart(unit, chart, rows))
    return charts


def _with_data(units: list[Unit], period: ReportPeriod, figures: dict) -> list[Unit]:
    """Leave out the units whose figures begin after the period (nothing to close for it)."""
    unclosed = [u.pk for u in units if not figures[(u.pk, period.slug)].closed]
    if not unclosed:
        return units
    first = first_event_months(unclosed)
    return [u for u in units if u.pk not in unclosed or (u.pk in first and first[u.pk] <= period.end)]


def first_months(units: list[Unit]) -> date | None:
    firsts = first_event_months([u.pk for u in units]).values()
    return min(firsts, default=None)
