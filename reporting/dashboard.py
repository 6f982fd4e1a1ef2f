"""The unit dashboard as tables and charts: what the page, the PDF pack and the exports all show.

`build_dashboard` lays out a unit's figures for a period (reporting/selectors.py) as tables of
published cells (reporting/cells.py): small numbers protected, frozen figures of a closed month
with their adjustments, every table linked to its definition (reporting/kpis.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from agreements.models import Agreement, InflowMeasure, OutcomeDenominator
from agreements.rules import OutcomeStudies, PriorityCategory, UnitTargets
from intake.models import ExitOutcome
from krami.dates import month_end
from krami.models import Gender
from participants.models import OPEN_PHASES, Phase, ReferralSource
from reporting import kpis
from reporting.cells import Cell, Publication, groups_of, municipalities_of
from reporting.figures import key
from reporting.models import MonthSnapshot
from reporting.periods import ReportPeriod
from reporting.selectors import UnitFigures, from_json
from reporting.suppression import is_small
from reporting.svg import bar_chart, line_chart

FUNNEL_STEPS = ("attendees", "interviewed", "assessed", "accepted", "started")


@dataclass
class Row:
    label: str
    cells: list[Cell]
    total: bool = False


@dataclass
class Table:
    id: str
    caption: str
    definition: str  # kpis key: the link to #def-<key>
    columns: list[str]  # the first names the row headers
    rows: list[Row]
    note: str = ""

    @property
    def kpi(self) -> kpis.KPI:
        return kpis.BY_KEY[self.definition]

    @property
    def caption_id(self) -> str:
        return f"caption-{self.id}"


@dataclass
class Headline:
    label: str
    cell: Cell
    definition: str
    target: str = ""
    status: str = ""  # met / near / below

    @property
    def status_label(self) -> str:
        return status_label(self.status)


@dataclass
class Dashboard:
    unit: object
    period: ReportPeriod
    targets: UnitTargets
    agreement: Agreement | None
    snapshot: MonthSnapshot | None
    headlines: list[Headline] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, str] = field(default_factory=dict)
    definitions: tuple = kpis.DEFINITIONS

    @property
    def breakdown_tables(self) -> list[Table]:
        return [t for name, t in self.tables.items() if name.startswith("breakdown_")]

    @property
    def has_adjustments(self) -> bool:
        return any(c.adjustment for t in self.tables.values() for r in t.rows for c in r.cells)


def status_label(status: str) -> str:
    return {"met": _("Target met"), "near": _("Within 5 points of the target"), "below": _("Below the target")}.get(status, "")


def _occupancy(pub: Publication, d: Dashboard, series: dict[date, dict], monthly_targets: dict[date, int | None]) -> None:
    target = d.targets.occupancy_target
    active = pub.count("occupancy|active")
    d.headlines.append(Headline(
        _("Active participants"), active, "occupancy",
        target=_("Target %(n)s") % {"n": target} if target is not None else _("No occupancy target"),
        status=(("met" if active.value >= target else "below") if target is not None and not active.hidden else ""),
    ))
    rows, points, targets = [], [], []
    for month, point in series.items():
        same_cell = d.period.is_month and month == d.period.start  # the period's own "Active" figure
        cell = _series_cell(pub, point, also_hidden=same_cell and pub.is_hidden("occupancy|active"))
        target_value = monthly_targets.get(month)
        rows.append(Row(f"{month:%Y-%m}", [cell, pub.plain(target_value)]))
        points.append((f"{month:%y-%m}", cell.value))
        targets.append(target_value)
    d.tables["occupancy"] = Table(
        "occupancy", _("Active participants per month"), "occupancy",
        [_("Month"), _("Active participants"), _("Occupancy target")], rows,
    )
    d.tables["occupancy_now"] = Table(
        "occupancy_now", _("Active participants in the period"), "occupancy",
        [_("Figure"), _("People")],
        [Row(_("Active at some time in the period"), [active]), Row(_("Active on the last day"), [pub.count("occupancy|at_end")])],
    )
    d.charts["occupancy"] = line_chart(
        chart_id="chart-occupancy", title=_("Active participants per month"),
        desc=_("Active participants per month for %(months)s months, against the occupancy target. The figures are in the table beside the chart.") % {"months": len(points)},
        points=points, target=targets, value_label=_("Active"), target_label=_("Target") if any(t is not None for t in targets) else "",
    )


def _series_cell(pub: Publication, point: dict, *, also_hidden: bool = False) -> Cell:
    """A month of the trend; hidden when small, or when it is the period's own figure and that is
    hidden by secondary suppression (else the trend would print what the table protects)."""
    official, now = point["official"], point["live"]
    hidden, now_hidden = is_small(official) or also_hidden, is_small(now) or also_hidden
    adjustment = ""
    if point["closed"] and official != now:
        adjustment = f"{now - official:+d}" if not hidden and not now_hidden else _("changed after closing")
    if hidden:
        return Cell("x", None, hidden=True, adjustment=adjustment)
    return Cell(str(official), official, adjustment=adjustment)


def _inflow_targets(d: Dashboard) -> dict[str, str]:
    """The agreement's inflow minimum and its part for the report period, per funnel step."""
    result = {}
    t = d.targets
    if not t.inflow or t.period_start is None:
        return result
    agreement_days = (t.period_end - t.period_start).days + 1
    overlap = (min(d.period.end, t.period_end) - max(d.period.start, t.period_start)).days + 1
    step = {InflowMeasure.INTERVIEWED: "interviewed", InflowMeasure.ENROLLED: "started"}
    for target in t.inflow:
        part = kpis.pro_rata(target.minimum, period_days=agreement_days, overlap_days=max(overlap, 0))
        result[step[target.measure]] = _("%(part)s of %(minimum)s") % {"part": part, "minimum": target.minimum}
    return result


def _funnel(pub: Publication, d: Dashboard) -> None:
    labels = {
        "attendees": _("Came to an information meeting"), "interviewed": _("Interviewed"), "assessed": _("Assessed"),
        "accepted": _("Accepted"), "started": _("Started"),
    }
    targets = _inflow_targets(d)
    rows, bars, previous = [], [], None
    for step in FUNNEL_STEPS:
        name = key("funnel", step)
        cell = pub.count(name)
        conversion = pub.percent(name, previous) if previous else pub.plain(None)
        rows.append(Row(labels[step], [cell, conversion, pub.plain(None, targets.get(step, "–"))]))
        bars.append((labels[step], cell.value))
        previous = name
    d.tables["funnel"] = Table(
        "funnel", _("Inflow in the period"), "funnel",
        [_("Step"), _("People"), _("Share of the step before"), _("Inflow target for the period")], rows,
        note=_("Targets: the agreement's minimum for its whole period and the part of it for this period.") if targets else "",
    )
    d.tables["waiting"] = Table(
        "waiting", _("Waiting time from acceptance to start"), "waiting",
        [_("Figure"), _("Value")],
        [Row(_("Starts with an accepting assessment"), [pub.count("waiting|n")]),
         Row(_("Average days from acceptance to start"), [pub.average("waiting|days", "waiting|n")])],
    )
    d.charts["funnel"] = bar_chart(
        chart_id="chart-funnel", title=_("Inflow in the period"),
        desc=_("People at each step from information meeting to start. The figures are in the table beside the chart."),
        bars=bars,
    )


def _outcomes(pub: Publication, d: Dashboard) -> None:
    t = d.targets
    target = t.outcome_target_percent
    rows = []
    for denominator, label, total, completed in (
        (OutcomeDenominator.ALL_CLOSED, _("All exits"), "outcome|closed", False),
        (OutcomeDenominator.COMPLETED_PROGRAMME, _("Exits after completing the guidance programme"), "outcome|completed", True),
    ):
        measures = [(OutcomeStudies.ANY, label)]
        if t.outcome_studies == OutcomeStudies.FULL_TIME and t.outcome_denominator == denominator:
            # The target names full-time studies (seeds/003): its own row, beside work or any studies.
            measures.append((OutcomeStudies.FULL_TIME, f"{label}: {OutcomeStudies.FULL_TIME.label}"))
        for studies, row_label in measures:
            wos = kpis.target_numerator(studies, completed=completed)
            share = pub.percent(wos, total)
            applies = target is not None and t.outcome_denominator == denominator and t.outcome_studies == studies
            status = kpis.target_status(share.value, target) if applies and not share.hidden else ""
            rows.append(Row(row_label, [
                pub.count(total), pub.count(wos), share,
                pub.plain(target, kpis.percent_label(target) if applies else "–"), pub.plain(status, status_label(status) or "–"),
            ]))
            if applies:
                headline = (_("To work or full-time studies (%(denominator)s)") if studies == OutcomeStudies.FULL_TIME
                            else _("To work or studies (%(denominator)s)"))
                d.headlines.append(Headline(
                    headline % {"denominator": OutcomeDenominator(denominator).label},
                    share, "outcomes", target=_("Target %(n)s %%") % {"n": kpis.number_label(target)}, status=status,
                ))
    if target is None:
        d.headlines.append(Headline(_("To work or studies, of all exits"), rows[0].cells[2], "outcomes", target=_("No outcome target")))
    d.tables["outcomes"] = Table(
        "outcomes", _("Exits to work or studies"), "outcomes",
        [_("Denominator"), _("Exits"), _("To work or studies"), _("Share"), _("Target"), _("Status")], rows,
        note=_("The agreement's target counts %(which)s: %(studies)s.") % {
            "which": OutcomeDenominator(t.outcome_denominator).label, "studies": OutcomeStudies(t.outcome_studies).label,
        } if t.outcome_denominator else _("The agreement in force sets no outcome target."),
    )
    reasons = [Row(ExitOutcome(o).label, [pub.count(key("reason", o))]) for o in ExitOutcome.values]
    reasons.insert(len(kpis.WORK_OR_STUDIES), Row(_("Work or studies, together"), [pub.count("outcome|work_or_studies")], total=True))
    reasons.append(Row(_("All exits"), [pub.count("outcome|closed")], total=True))
    d.tables["exit_reasons"] = Table("exit_reasons", _("Exit reasons"), "exit_reasons", [_("Outcome"), _("Exits")], reasons)


def _keeping(pub: Publication, d: Dashboard) -> None:
    rows = []
    for months in kpis.FOLLOW_UP_MONTHS:
        answered, kept = key("keeping", months, "answered"), key("keeping", months, "kept")
        rows.append(Row(_("%(n)s months after exit") % {"n": months}, [
            pub.count(key("keeping", months, "due")), pub.count(answered), pub.count(kept), pub.percent(kept, answered),
        ]))
    d.tables["keeping"] = Table(
        "keeping", _("Still working or studying at the follow-ups"), "keeping",
        [_("Follow-up"), _("Due"), _("Answered"), _("Still working or studying"), _("Share")], rows,
    )
    six = rows[1].cells[3]
    d.headlines.append(Headline(_("Still working or studying after 6 months"), six, "keeping"))


BREAKDOWNS = (
    ("gender", lambda: _("Gender"), lambda g: dict(Gender.choices).get(g, g)),
    ("age", lambda: _("Age band"), lambda g: {"under-18": _("Under 18")}.get(g, g.replace("-", "–"))),
    ("priority", lambda: _("Priority category"),
     lambda g: dict(PriorityCategory.choices).get(g) or _("No criminal context, or not recorded")),
    ("referral", lambda: _("Referred by"), lambda g: dict(ReferralSource.choices).get(g, g)),
    ("municipality", lambda: _("Municipality of residence"), lambda g: g),
)


def _breakdowns(pub: Publication, d: Dashboard) -> None:
    columns = [_("Active"), _("Started"), _("Exits"), _("To work or studies")]
    measures = ("active", "started", "closed", "work_or_studies")
    totals = ("occupancy|active", "funnel|started", "outcome|closed", "outcome|work_or_studies")
    for dimension, title, label in BREAKDOWNS:
        groups = groups_of(pub.official, dimension)
        rows = [Row(str(label(g)), [pub.count(key("breakdown", dimension, g, m)) for m in measures]) for g in groups]
        rows.append(Row(_("Total"), [pub.count(t) for t in totals], total=True))
        d.tables[f"breakdown_{dimension}"] = Table(
            f"breakdown_{dimension}", _("By %(what)s") % {"what": str(title()).lower()}, "breakdowns",
            [str(title()), *columns], rows,
        )


def _phases_and_tests(pub: Publication, d: Dashboard) -> None:
    rows = [
        Row(Phase(p).label, [pub.count(key("phase", p, "n")), pub.average(key("phase", p, "days"), key("phase", p, "n"))])
        for p in OPEN_PHASES
    ]
    d.tables["phase_time"] = Table(
        "phase_time", _("Time in each phase"), "phase_time", [_("Phase"), _("Stays that ended"), _("Average days")], rows,
    )
    d.tables["drug_tests"] = Table(
        "drug_tests", _("Drug tests"), "drug_tests", [_("Figure"), _("Number")],
        [Row(_("Referred to a drug test"), [pub.count("drug_tests|referred")]),
         Row(_("Discharged after a drug test"), [pub.count(key("reason", ExitOutcome.DRUG_TEST_DISCHARGE))])],
    )


def _economy(pub: Publication, d: Dashboard, labels: dict) -> None:
    categories = labels.get("category", {})
    rows = []
    for category_id, name in categories.items():
        base = key("economy", "category", category_id)
        rows.append(Row(name, [pub.money(f"{base}|budget"), pub.money(f"{base}|budget_period"), pub.money(f"{base}|actual")]))
    if rows:
        d.tables["economy"] = Table(
            "economy", _("Budget and actual costs"), "economy",
            [_("Cost category"), _("Budget for the agreement period"), _("Budget for this period"), _("Actual in this period")], rows,
        )
        parties = [
            Row(name, [pub.money(key("economy", "party", party_id, "share")), pub.money(key("economy", "party", party_id, "paid"))])
            for party_id, name in labels.get("party", {}).items()
        ]
        parties.append(Row(_("Total within the split"), [pub.money("economy|total|split"), pub.money("economy|total|split")], total=True))
        d.tables["economy_split"] = Table(
            "economy_split", _("Split of the costs per party"), "economy", [_("Party"), _("Share of the costs"), _("Paid")], parties,
        )
    places = municipalities_of(pub.official)
    if places or "places|total|amount" in pub.official:
        rows = [Row(m, [pub.count(key("places", m, "people")), pub.money(key("places", m, "amount"), people=key("places", m, "people"))])
                for m in places]
        rows.append(Row(_("Total"), [pub.count("places|total|people"), pub.money("places|total|amount", people="places|total|people")], total=True))
        d.tables["places"] = Table(
            "places", _("Purchased places per buying municipality"), "purchased_places",
            [_("Municipality"), _("People charged"), _("Amount for places")], rows,
            note=_("Drug tests are billed separately, at cost."),
        )


def build_dashboard(
    figures: UnitFigures, *, snapshot: MonthSnapshot | None, series: dict[date, dict], monthly_targets: dict[date, int | None],
) -> Dashboard:
    frozen = from_json(snapshot.figures) if snapshot else None
    pub = Publication(figures.values, frozen)
    labels = figures.labels
    if snapshot and snapshot.labels:
        labels = {kind: {int(k): v for k, v in names.items()} for kind, names in snapshot.labels.items()}
    d = Dashboard(unit=figures.unit, period=figures.period, targets=figures.targets, agreement=figures.agreement, snapshot=snapshot)
    _occupancy(pub, d, series, monthly_targets)
    _funnel(pub, d)
    _outcomes(pub, d)
    _keeping(pub, d)
    _breakdowns(pub, d)
    _phases_and_tests(pub, d)
    _economy(pub, d, labels)
    return d


def monthly_occupancy_targets(agreements: list[Agreement], months: list[date]) -> dict[date, int | None]:
    """The occupancy target in force on each month's last day (from the unit's agreements)."""
    result = {}
    for month in months:
        last = month_end(month)
        agreement = next((a for a in agreements if a.in_force_on(last)), None)
        result[month] = agreement.occupancy_target if agreement else None
    return result
