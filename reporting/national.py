"""The national view (NSG): every unit side by side with the same figures and targets, the
country's totals, and a trend per unit.

Small-number protection covers the whole table at once: each column's country total is the sum
of the units' cells, so the relations "total = Σ units" go to the suppression check together
with each unit's own relations — a hidden unit cell cannot be recovered from the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from agreements.selectors import agreements_in_force_for_units, unit_targets_from
from krami.models import Unit

from reporting import kpis
from reporting.cells import Cell, Publication, count_text
from reporting.dashboard import Row, Table, status_label
from reporting.periods import ReportPeriod, trailing_months
from reporting.selectors import national_figures, series_for
from reporting.suppression import Constraint, protect
from reporting.svg import line_chart

COUNTS = (
    ("occupancy|active", lambda: _("Active")),
    ("funnel|interviewed", lambda: _("Interviewed")),
    ("funnel|started", lambda: _("Started")),
    ("outcome|closed", lambda: _("Exits")),
    ("outcome|work_or_studies", lambda: _("To work or studies")),
    ("outcome|completed", lambda: _("Exits after completing")),
    ("outcome|completed_work_or_studies", lambda: _("Completers to work or studies")),
)
TOTAL = "total"


@dataclass
class NationalView:
    period: ReportPeriod
    table: Table
    trend: Table
    chart: str
    definitions: tuple = field(default=kpis.DEFINITIONS)


def _protected(per_unit: dict[int, dict]) -> tuple[dict, frozenset[str]]:
    """The counts of every unit and the country as one set of cells, and the keys to hide."""
    values: dict[str, int] = {}
    relations = []
    for name, _label in COUNTS:
        parts = []
        for unit_id, figures in per_unit.items():
            cell = f"{unit_id}/{name}"
            values[cell] = int(figures.get(name) or 0)
            parts.append(cell)
        values[f"{TOTAL}/{name}"] = sum(values[p] for p in parts)
        relations.append(Constraint(f"{TOTAL}/{name}", tuple(parts)))
    return values, protect(values, relations)


def _row(label: str, prefix: str, values: dict, hidden: frozenset, targets, total: bool = False) -> Row:
    cells = []
    for name, _label in COUNTS:
        cell = f"{prefix}/{name}"
        cells.append(Cell("x", None, hidden=True) if cell in hidden else Cell(count_text(values[cell]), values[cell]))
    local = Publication(
        {name: values[f"{prefix}/{name}"] for name, _l in COUNTS},
        hidden=frozenset(name for name, _l in COUNTS if f"{prefix}/{name}" in hidden),
    )
    share_all = local.percent("outcome|work_or_studies", "outcome|closed")
    share_completed = local.percent("outcome|completed_work_or_studies", "outcome|completed")
    cells += [share_all, share_completed]
    if targets is None:
        cells += [Cell("–"), Cell("–"), Cell("–")]
    else:
        applies = share_completed if targets.outcome_denominator == "completed_programme" else share_all
        target = targets.outcome_target_percent
        status = kpis.target_status(applies.value, target) if not applies.hidden else ""
        cells += [
            Cell("–" if targets.occupancy_target is None else str(targets.occupancy_target), targets.occupancy_target),
            Cell("–" if target is None else kpis.percent_label(target), target),
            Cell(status_label(status) or "–", status),
        ]
    return Row(label, cells, total=total)


def national_view(*, units: list[Unit], period: ReportPeriod) -> NationalView:
    """Every unit's figures (frozen for closed months) in a fixed number of queries."""
    per_unit = national_figures(units=units, period=period)
    agreements = agreements_in_force_for_units(unit_ids=[u.pk for u in units], on=period.end)
    values, hidden = _protected(per_unit)
    rows = [_row(u.name, str(u.pk), values, hidden, unit_targets_from(agreements.get(u.pk))) for u in units]
    rows.append(_row(_("All units"), TOTAL, values, hidden, None, total=True))
    columns = [_("Unit"), *(str(label()) for _n, label in COUNTS), _("Share of all exits"), _("Share of completers"),
               _("Occupancy target"), _("Outcome target"), _("Status")]
    table = Table("national", _("All units, %(period)s") % {"period": period.label}, "outcomes", columns, rows,
                  note=_("The status compares the share the unit's target uses (of all exits or of completers) with the target."))
    months = trailing_months(period.end, 12)
    series = series_for(unit_ids=[u.pk for u in units], months=months, adjustments=False)
    trend_values: dict[str, int] = {}
    relations = []
    for month in months:
        parts = [f"{u.pk}/{month:%Y-%m}" for u in units]
        for unit in units:
            trend_values[f"{unit.pk}/{month:%Y-%m}"] = series[unit.pk][month]["official"]
        trend_values[f"{TOTAL}/{month:%Y-%m}"] = sum(trend_values[p] for p in parts)
        relations.append(Constraint(f"{TOTAL}/{month:%Y-%m}", tuple(parts)))
    trend_hidden = protect(trend_values, relations)

    def trend_cell(name: str) -> Cell:
        value = trend_values[name]
        return Cell("x", None, hidden=True) if name in trend_hidden else Cell(count_text(value), value)

    trend_rows = [Row(u.name, [trend_cell(f"{u.pk}/{m:%Y-%m}") for m in months]) for u in units]
    trend_rows.append(Row(_("All units"), [trend_cell(f"{TOTAL}/{m:%Y-%m}") for m in months], total=True))
    points = [(f"{m:%y-%m}", trend_cell(f"{TOTAL}/{m:%Y-%m}").value) for m in months]
    trend = Table("trend", _("Active participants per month and unit"), "occupancy",
                  [_("Unit"), *(f"{m:%Y-%m}" for m in months)], trend_rows)
    chart = line_chart(
        chart_id="chart-national", title=_("Active participants per month, all units"),
        desc=_("Active participants in all units together, per month. Each unit's figures are in the table below the chart."),
        points=points, value_label=_("Active, all units"),
    )
    return NationalView(period=period, table=table, trend=trend, chart=chart)
