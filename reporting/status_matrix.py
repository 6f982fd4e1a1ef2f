"""The national view's status matrix (issue 17): one row per unit, one column per target, each cell
the unit's figure against its target with the status in words (and colour, never colour alone).

The cells are the unit's own publication (reporting/cells.py: the figures of its closed months and
the protection stored with them), and each status follows the dashboard's rule for the same
headline (`reporting/dashboard.py`: `occupancy_status`, `count_status`, `inflow_targets`;
`kpis.target_status` for the outcome rate). A status computed from a hidden figure is not shown:
it would tell on which side of the target the "x" lies. A unit that has not closed the period
shows "not closed" in every column. Sorting by status uses only the statuses shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from agreements.models import OutcomeDenominator
from agreements.rules import OutcomeStudies, UnitTargets
from krami.models import Unit
from reporting import kpis
from reporting.cells import HIDDEN, Cell, Publication
from reporting.dashboard import count_status, inflow_targets, occupancy_status, status_label
from reporting.periods import ReportPeriod

BY_NAME, BY_STATUS = "namn", "status"  # the values of ?sortera=
INFLOW_STEPS = ("interviewed", "started")


def sort_order(value: object) -> str:
    """The matrix's order from the query string: "status" sorts by status, anything else (absent,
    empty, unknown, hostile) is the default order by name."""
    return BY_STATUS if value == BY_STATUS else BY_NAME


@dataclass(frozen=True)
class Column:
    key: str  # occupancy, interviewed, started, outcome
    label: str
    definition: str  # kpis key of the definition shown under the matrix


@dataclass(frozen=True)
class TargetCell:
    """One unit's figure against one of its targets, as its dashboard shows them."""

    figure: str = ""  # "37", "x", "66,7 %", "–"
    target: str = ""  # "80", "4,2", "60 %"; "" when there is no target
    status: str = ""  # met / near / below; "" when no status is shown
    note: str = ""  # why no status is shown: not closed, no target, the figure hidden or missing
    detail: str = ""  # what the target counts, when the units' targets differ (the outcome's denominator)
    column: str = ""  # the column's key

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def text(self) -> str:
        """"37 of 80"; the figure alone without a target; "" when the unit has not closed the period."""
        if self.figure and self.target:
            return _("%(figure)s of %(target)s") % {"figure": self.figure, "target": self.target}
        return self.figure


@dataclass
class MatrixRow:
    unit: Unit
    cells: list[TargetCell]
    closed: bool
    url: str = ""  # the unit's dashboard, when the user may open it (else no link)


@dataclass
class StatusMatrix:
    columns: list[Column]
    rows: list[MatrixRow]
    order: str = BY_NAME

    @property
    def by_status(self) -> bool:
        return self.order == BY_STATUS

    @property
    def unlinked(self) -> bool:
        """Some unit's dashboard does not open for the user (its name is not a link)."""
        return any(not row.url for row in self.rows)


def outcome_share(pub: Publication, targets: UnitTargets) -> Cell:
    """The share the outcome target is compared with: of all exits or of the completers, and of
    the studies it counts (a target of work or full-time studies has a share of its own, as on the
    dashboard)."""
    completed = targets.outcome_denominator == OutcomeDenominator.COMPLETED_PROGRAMME
    return pub.percent(kpis.target_numerator(targets.outcome_studies, completed=completed),
                       "outcome|completed" if completed else "outcome|closed")


def _no_status(cell: Cell) -> str:
    return _("no status") if cell.hidden or cell.value is None else ""


def _occupancy(pub: Publication, targets: UnitTargets, period: ReportPeriod) -> TargetCell:
    if targets.occupancy_target is None:
        return TargetCell(note=_("No target"))
    active = pub.count("occupancy|active")
    if not period.is_month and not active.hidden:
        # A longer period's "active" is the average of its months, as on the dashboard.
        average = (Decimal(active.value) / len(period.months())).quantize(Decimal("0.1"))
        active = Cell(number_format(average, 1), average)
    status = occupancy_status(active, targets.occupancy_target)
    return TargetCell(active.text, str(targets.occupancy_target), status, _no_status(active) if not status else "")


def _inflow(pub: Publication, step: str, target: tuple[Decimal, int] | None) -> TargetCell:
    if target is None:
        return TargetCell(note=_("No target"))
    part, minimum = target
    count = pub.count(f"funnel|{step}")
    status = count_status(count, part)
    return TargetCell(count.text, number_format(part, 1), status, _no_status(count) if not status else "",
                      detail=_("the period's part of %(minimum)s") % {"minimum": minimum})


def _outcome(pub: Publication, targets: UnitTargets) -> TargetCell:
    target = targets.outcome_target_percent
    if target is None:
        return TargetCell(note=_("No target"))
    share = outcome_share(pub, targets)
    status = kpis.target_status(share.value, target) if not share.hidden else ""
    completed = targets.outcome_denominator == OutcomeDenominator.COMPLETED_PROGRAMME
    if targets.outcome_studies == OutcomeStudies.FULL_TIME:
        detail = _("work or full-time studies, of completers") if completed else _("work or full-time studies, of all exits")
    else:
        detail = _("of completers") if completed else _("of all exits")
    figure = HIDDEN if share.hidden else share.text
    return TargetCell(figure, kpis.percent_label(target), status, _no_status(share) if not status else "", detail)


def _columns(units: list[Unit], targets: dict[int, UnitTargets], period: ReportPeriod) -> list[Column]:
    """Occupancy and the outcome rate always; an inflow step when some unit's agreement sets it."""
    steps = set()
    for unit in units:
        steps.update(inflow_targets(targets[unit.pk], period))
    occupancy = _("Active participants") if period.is_month else _("Active participants, average per month")
    labels = {"interviewed": _("Interviewed"), "started": _("Started")}
    return [
        Column("occupancy", occupancy, "occupancy"),
        *(Column(step, labels[step], "inflow_target") for step in INFLOW_STEPS if step in steps),
        Column("outcome", _("To work or studies"), "outcomes"),
    ]


def _cells(pub: Publication | None, t: UnitTargets, period: ReportPeriod, columns: list[Column]) -> list[TargetCell]:
    if pub is None:
        return [TargetCell(note=_("not closed"), column=column.key) for column in columns]
    inflow = inflow_targets(t, period)
    cells = []
    for column in columns:
        if column.key == "occupancy":
            cells.append(_occupancy(pub, t, period))
        elif column.key == "outcome":
            cells.append(_outcome(pub, t))
        else:
            cells.append(_inflow(pub, column.key, inflow.get(column.key)))
    return [replace(cell, column=column.key) for cell, column in zip(cells, columns, strict=True)]


def _by_status(row: MatrixRow) -> tuple:
    """Units below a target first (the more targets below, the earlier), then within 5 points, then
    those that meet every target shown; units without a shown status, and those that have not
    closed the period, last. Names break ties."""
    statuses = [c.status for c in row.cells if c.status]
    return (not row.closed, -statuses.count("below"), -statuses.count("near"), not statuses, row.unit.name)


def status_matrix(
    *, units: list[Unit], publications: dict[int, Publication | None], targets: dict[int, UnitTargets],
    period: ReportPeriod, order: str = BY_NAME, links: dict[int, str] | None = None,
) -> StatusMatrix:
    """The matrix of `units` (in name order, or by status): `publications` holds each unit's cells
    of the period (None when it has not closed it), `links` the dashboards the user may open."""
    links = links or {}
    columns = _columns(units, targets, period)
    rows = [
        MatrixRow(u, _cells(publications[u.pk], targets[u.pk], period, columns), publications[u.pk] is not None, links.get(u.pk, ""))
        for u in units
    ]
    if order == BY_STATUS:
        rows.sort(key=_by_status)
    return StatusMatrix(columns, rows, order)
