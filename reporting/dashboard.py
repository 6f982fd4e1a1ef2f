"""The unit dashboard as tables and charts: what the page, the PDF pack and the exports all show.

`build_dashboard` lays out a unit's figures for a fixed period as tables of published cells
(reporting/cells.py): the rows come from the figure list (reporting/catalogue.py), every cell is
protected as decided for the period (reporting/protection.py), frozen figures of a closed month
are marked when later data changed them, and every table links to its definition
(reporting/kpis.py). A month shows no breakdowns: they are for quarters and longer periods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from agreements.models import Agreement, InflowMeasure, OutcomeDenominator
from agreements.pricing import PriceModel
from agreements.rules import OutcomeStudies, PriorityCategory, UnitTargets
from intake.models import ExitOutcome
from krami.dates import month_end
from krami.glossary import ACTIVE_TODAY
from krami.models import Gender
from participants.models import OPEN_PHASES, ReferralSource
from reporting import catalogue, kpis
from reporting.catalogue import key
from reporting.cells import HIDDEN, Cell, Publication, count_text
from reporting.models import MonthSnapshot
from reporting.periods import ReportPeriod
from reporting.svg import bar_chart, line_chart


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
    # The change since last month and since the same month last year ("" when either figure is
    # hidden or missing: a change between two shown figures reveals nothing they do not).
    since_month: str = ""
    since_year: str = ""
    # The target as a figure ("80", "4.2", "60 %"), for the meeting pack's line "37 of 80: below the target".
    goal: str = ""

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def has_target(self) -> bool:
        return bool(self.status)


@dataclass(frozen=True)
class TrendPoint:
    """One month of the occupancy trend: its official active participants and whether hidden."""

    month: date
    value: int
    hidden: bool
    target: int | None = None

    @property
    def cell(self) -> Cell:
        return Cell(HIDDEN, None, hidden=True) if self.hidden else Cell(count_text(self.value), self.value)


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


def occupancy_status(active: Cell, target: int | None) -> str:
    """Occupancy against its target: met or below (no "within 5 points": it is a count); "" when
    there is no target or the figure is hidden (a status would tell what the "x" hides). The
    same rule as the occupancy headline (`_occupancy`), for the national view."""
    if target is None or active.hidden or active.value is None:
        return ""
    return "met" if active.value >= target else "below"


def count_status(cell: Cell, target: Decimal) -> str:
    """An inflow count against its target for the period: met or below; "" when hidden (the same
    rule as the inflow headlines of `_funnel`, for the national view)."""
    if cell.hidden or cell.value is None:
        return ""
    return "met" if cell.value >= target else "below"


def _average_cell(pub: Publication, name: str, months: int) -> Cell:
    """A count summed over the months shown as its average per month (hidden with the sum)."""
    if pub.is_hidden(name):
        return Cell(HIDDEN, None, hidden=True)
    value = (Decimal(int(pub.get(name) or 0)) / months).quantize(Decimal("0.1"))
    return Cell(number_format(value, 1), value)


def _occupancy(pub: Publication, d: Dashboard, trend: list[TrendPoint]) -> None:
    """Occupancy under one name everywhere (kpis.occupancy_label), saying which measure the target is
    compared with. "Active today" of the intake pages is explained beside it, not shown: the figure
    of one day beside the month's gives the number who left (docs/reporting.md)."""
    target = d.targets.occupancy_target
    months = 1 if d.period.is_month else len(d.period.months())
    label = kpis.occupancy_label(months)
    active = pub.count("occupancy|active") if months == 1 else _average_cell(pub, "occupancy|active", months)
    d.headlines.append(Headline(
        label, active, "occupancy",
        target=(_("Target %(n)s, compared with “%(measure)s”") % {"n": target, "measure": label}
                if target is not None else _("No occupancy target")),
        status=(("met" if active.value >= target else "below") if target is not None and not active.hidden else ""),
        goal=str(target) if target is not None else "",
    ))
    monthly = kpis.occupancy_label()
    d.tables["occupancy"] = Table(
        "occupancy", _("Occupancy per month"), "occupancy",
        [_("Month"), monthly, _("Occupancy target")],
        [Row(f"{p.month:%Y-%m}", [p.cell, pub.plain(p.target)]) for p in trend],
        note=kpis.compared_with(monthly),
    )
    d.tables["occupancy_now"] = Table(
        "occupancy_now", _("Occupancy in the period"), "occupancy", [_("Figure"), _("People")], [Row(label, [active])],
        note=_("“%(today)s” on the intake pages (the queue) counts those enrolled on one day, so fewer: it is not "
               "shown in the reports.") % {"today": ACTIVE_TODAY},
    )
    points = [(f"{p.month:%y-%m}", p.cell.value) for p in trend]
    targets = [p.target for p in trend]
    d.charts["occupancy"] = line_chart(
        chart_id="chart-occupancy", title=_("Occupancy per month"),
        desc=_(
            "“%(measure)s” for %(months)s months, against the occupancy target. "
            "The figures are in the table beside the chart."
        ) % {"measure": monthly, "months": len(points)},
        points=points, target=targets, value_label=monthly, target_label=_("Target") if any(t is not None for t in targets) else "",
    )


def _inflow_targets(d: Dashboard) -> dict[str, tuple[Decimal, int]]:
    return inflow_targets(d.targets, d.period)


def inflow_targets(t: UnitTargets, period: ReportPeriod) -> dict[str, tuple[Decimal, int]]:
    """The agreement's inflow minimum and its part for the report period, per funnel step (the
    dashboard's and the national view's)."""
    result = {}
    if not t.inflow or t.period_start is None:
        return result
    agreement_days = (t.period_end - t.period_start).days + 1
    overlap = (min(period.end, t.period_end) - max(period.start, t.period_start)).days + 1
    step = {InflowMeasure.INTERVIEWED: "interviewed", InflowMeasure.ENROLLED: "started"}
    for target in t.inflow:
        part = kpis.pro_rata(target.minimum, period_days=agreement_days, overlap_days=max(overlap, 0))
        result[step[target.measure]] = (part, target.minimum)
    return result


def _inflow_target_text(part: Decimal, minimum: int) -> str:
    return _("%(part)s of %(minimum)s") % {"part": part, "minimum": minimum}


def _funnel(pub: Publication, d: Dashboard) -> None:
    targets = _inflow_targets(d)
    # Plain counts, no step percentages (issue 17): each step counts the period's events by its own
    # date, not the same people, so one step over the one before is no rate (it passed 100 %).
    rows, bars = [], []
    for f in catalogue.FUNNEL:
        if not f.shown:
            continue
        step = f.key.split("|")[1]
        cell = pub.count(f.key)
        target = targets.get(step)
        rows.append(Row(str(f.label), [cell, pub.plain(None, _inflow_target_text(*target) if target else "–")]))
        if target:
            # An inflow target is a count for the period: met or not ("within 5 points" is for shares).
            d.headlines.append(Headline(
                str(f.label), cell, "funnel",
                target=_("Target %(target)s for the period") % {"target": _inflow_target_text(*target)},
                status=("" if cell.hidden else "met" if cell.value >= target[0] else "below"),
                goal=str(target[0]),
            ))
        bars.append((str(f.label), cell.value))
    note = _("Each step is counted by its own date in the period (the meeting, the interview, the decision, the "
             "start): the steps do not follow the same people, so a step is not a share of the one before.")
    if targets:
        note += " " + _("Targets: the agreement's minimum for its whole period and the part of it for this period.")
    d.tables["funnel"] = Table(
        "funnel", _("Inflow in the period"), "funnel",
        [_("Step"), _("Number in the period"), _("Inflow target for the period")], rows, note=note,
    )
    d.tables["waiting"] = Table(
        "waiting", _("Waiting time from acceptance to start"), "waiting",
        [_("Figure"), _("Value")],
        [Row(str(catalogue.BY_KEY["waiting|n"].label), [pub.count("waiting|n")]),
         Row(str(catalogue.BY_KEY["waiting|days"].label), [pub.rate("average|waiting")])],
    )
    d.charts["funnel"] = bar_chart(
        chart_id="chart-funnel", title=_("Inflow in the period"),
        desc=_("The number at each step from information meeting to start, each by its own date in the period. "
               "The figures are in the table beside the chart."),
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
            # The target only on the row it applies to, in the value as in the text: the exports read
            # the value (issue 17: "All exits" had the target 60 in Excel and "–" on the page).
            rows.append(Row(row_label, [
                pub.count(total), pub.count(wos), share,
                pub.plain(target if applies else None, kpis.percent_label(target) if applies else "–"),
                pub.plain(status, status_label(status) or "–"),
            ]))
            if applies:
                headline = (_("To work or full-time studies (%(denominator)s)") if studies == OutcomeStudies.FULL_TIME
                            else _("To work or studies (%(denominator)s)"))
                d.headlines.append(Headline(
                    headline % {"denominator": OutcomeDenominator(denominator).label},
                    share, "outcomes", target=_("Target %(n)s %%") % {"n": kpis.number_label(target)}, status=status,
                    goal=kpis.percent_label(target),
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
    reasons = [Row(str(f.label), [pub.count(f.key)]) for f in catalogue.REASON]
    reasons.insert(len(kpis.WORK_OR_STUDIES), Row(_("Work or studies, together"), [pub.count("outcome|work_or_studies")], total=True))
    reasons.append(Row(_("All exits"), [pub.count("outcome|closed")], total=True))
    d.tables["exit_reasons"] = Table("exit_reasons", _("Exit reasons"), "exit_reasons", [_("Outcome"), _("Exits")], reasons)


def _keeping(pub: Publication, d: Dashboard) -> None:
    rows = []
    for months in kpis.FOLLOW_UP_MONTHS:
        counts = [pub.count(f.key) for f in catalogue.KEEPING if f.shown and f.key.startswith(f"keeping|{months}|")]
        rows.append(Row(_("%(n)s months after exit") % {"n": months}, [*counts, pub.rate(key("share", "keeping", months))]))
    d.tables["keeping"] = Table(
        "keeping", _("Still working or studying at the follow-ups"), "keeping",
        [_("Follow-up"), *(str(f.label) for f in catalogue.KEEPING if f.shown and f.key.startswith("keeping|3|")), _("Share")], rows,
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
    measures = catalogue.BREAKDOWN_MEASURES
    for dimension, title, label in BREAKDOWNS:
        groups = catalogue.groups(pub.values, dimension)
        rows = [Row(str(label(g)), [pub.count(catalogue.breakdown_key(dimension, g, m)) for m in measures]) for g in groups]
        rows.append(Row(_("Total"), [pub.count(total) for total, _label in measures.values()], total=True))
        d.tables[f"breakdown_{dimension}"] = Table(
            f"breakdown_{dimension}", _("By %(what)s") % {"what": str(title()).lower()}, "breakdowns",
            [str(title()), *(str(label) for _total, label in measures.values())], rows,
        )


def _phases_and_tests(pub: Publication, d: Dashboard) -> None:
    rows = [
        Row(str(catalogue.BY_KEY[key("phase", p, "n")].label), [pub.count(key("phase", p, "n")), pub.rate(key("average", "phase", p))])
        for p in OPEN_PHASES
    ]
    d.tables["phase_time"] = Table(
        "phase_time", _("Time in each phase"), "phase_time", [_("Phase"), _("Stays that ended"), _("Average days")], rows,
    )
    d.tables["drug_tests"] = Table(
        "drug_tests", _("Drug tests"), "drug_tests", [_("Figure"), _("Number")],
        [Row(str(f.label), [pub.count(f.key)]) for f in catalogue.DRUG_TESTS]
        + [Row(_("Discharged after a drug test"), [pub.count(key("reason", ExitOutcome.DRUG_TEST_DISCHARGE))])],
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
    places = catalogue.municipalities(pub.values)
    if places or "places|total|amount" in pub.values:
        rows = [Row(m, [pub.count(catalogue.places_key(m, "people")), pub.money(catalogue.places_key(m, "amount"))]) for m in places]
        rows.append(Row(_("Total"), [pub.count("places|total|people"), pub.money("places|total|amount")], total=True))
        d.tables["places"] = Table(
            "places", _("Purchased places per buying municipality"), "purchased_places",
            [_("Municipality"), _places_column(d), _("Amount for places")], rows,
            note=_("Drug tests are billed separately, at cost."),
        )


def _places_column(d: Dashboard) -> str:
    """What the people column of purchased places counts: a month's people charged; a longer
    period adds up its months, so the charged months, or the places for a fixed sum per place
    (charged once, in the month of the start: agreements/pricing.py)."""
    if d.period.is_month:
        return _("People charged")
    if d.agreement is not None and d.agreement.place_price_model == PriceModel.PER_PLACE:
        return _("Places charged")
    return _("Charged months")


def build_dashboard(
    *, unit, period: ReportPeriod, pub: Publication, labels: dict, trend: list[TrendPoint], targets: UnitTargets,
    agreement: Agreement | None, snapshot: MonthSnapshot | None,
) -> Dashboard:
    """The dashboard of one fixed period: `pub` holds its figures and protection (reporting/assemble.py)."""
    d = Dashboard(unit=unit, period=period, targets=targets, agreement=agreement, snapshot=snapshot)
    _occupancy(pub, d, trend)
    _funnel(pub, d)
    _outcomes(pub, d)
    _keeping(pub, d)
    if not period.is_month:
        _breakdowns(pub, d)
    _phases_and_tests(pub, d)
    _economy(pub, d, labels)
    return d


def change_text(now: Cell, before: Cell, *, share: bool) -> str:
    """The change between two shown figures ("+3", "−2,5 procentenheter"); "" if either is hidden."""
    if now.hidden or before.hidden or now.value is None or before.value is None:
        return ""
    diff = Decimal(str(now.value)) - Decimal(str(before.value))
    sign = "+" if diff > 0 else "−" if diff < 0 else "±"
    amount = number_format(abs(diff), 1 if share or diff != diff.to_integral_value() else 0)
    if share:
        return _("%(sign)s%(n)s points") % {"sign": sign, "n": amount}
    return f"{sign}{amount}"


def compare_headlines(d: Dashboard, *, last_month: Dashboard | None, last_year: Dashboard | None) -> None:
    """Set each headline's change since the same headline of the month before and a year before."""
    for other, attr in ((last_month, "since_month"), (last_year, "since_year")):
        if other is None:
            continue
        before = {(h.definition, h.label): h for h in other.headlines}
        for h in d.headlines:
            match = before.get((h.definition, h.label))
            if match is not None:
                setattr(h, attr, change_text(h.cell, match.cell, share=h.definition in ("outcomes", "keeping")))


def monthly_occupancy_targets(agreements: list[Agreement], months: list[date]) -> dict[date, int | None]:
    """The occupancy target in force on each month's last day (from the unit's agreements)."""
    result = {}
    for month in months:
        last = month_end(month)
        agreement = next((a for a in agreements if a.in_force_on(last)), None)
        result[month] = agreement.occupancy_target if agreement else None
    return result
