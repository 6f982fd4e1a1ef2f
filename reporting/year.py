"""The year view (issue 17, item 7): one agreement year (or calendar year) of a unit, month by
month against the agreement's targets, with a total row, the costs per party and the purchased
places: what the styrgrupp's yearly report and next year's plan start from.

Every cell is a cell of a publication the dashboard already makes (docs/reporting.md, "Disclosure
control"), never a sum made here:
- a month's row is that month's dashboard (`build_dashboard` on the ledger's figures and stored
  protection): frozen figures for a closed month, the figures of today for an open one;
- the total row of a year that has ended is the year's own publication (its dashboard: the
  ledger's sum of the months and the protection decided for the year);
- while the year runs, the total counts the months that have ended, as the fixed periods that
  make them up (H1 + Q3 + October …, `cover`): a figure's total is shown only when each of those
  periods shows it, so it is a sum of shown cells and reveals nothing they do not; "x" otherwise.
Money that belongs to no count of people (costs, the split per party) is shown as it is; the
total of costs is the sum of the months as shown (frozen for closed months).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from agreements.models import Agreement
from agreements.selectors import agreements_in_force_during, current_among, unit_targets_from
from krami.dates import add_months, month_end, month_start
from krami.models import Unit
from reporting import catalogue, kpis
from reporting.catalogue import key, places_key
from reporting.cells import Cell, Publication
from reporting.dashboard import Dashboard, build_dashboard, status_label
from reporting.ledger import Ledger, ledger_for
from reporting.periods import (
    AGREEMENT,
    ReportPeriod,
    half_period,
    last_complete_month,
    month_period,
    quarter_period,
    year_period,
)

CLOSED, OPEN, NOT_ENDED, NO_FIGURES = "closed", "open", "not_ended", "no_figures"


@dataclass(frozen=True)
class YearCell:
    """A published cell with the status of its target (met / near / below, or "")."""

    cell: Cell
    status: str = ""

    @property
    def text(self) -> str:
        return self.cell.text

    @property
    def status_label(self) -> str:
        return status_label(self.status)


@dataclass
class YearRow:
    label: str
    state: str  # CLOSED, OPEN, NOT_ENDED, NO_FIGURES; "" for the total
    cells: list[YearCell]
    slug: str = ""  # the month's dashboard (?period=…); "" for the total
    total: bool = False

    @property
    def state_label(self) -> str:
        return {
            CLOSED: _("Closed"), OPEN: _("Not closed"), NOT_ENDED: _("Not ended"), NO_FIGURES: _("No figures"),
        }.get(self.state, "")


@dataclass
class _Month:
    row: YearRow
    month: date
    pub: Publication | None = None  # None: not ended, or before the unit's first figures
    labels: dict = field(default_factory=dict)


@dataclass
class YearTable:
    columns: list[str]
    rows: list[YearRow]
    total: YearRow | None = None


@dataclass
class YearView:
    unit: Unit
    period: ReportPeriod
    counted: ReportPeriod | None  # the months the total counts; None: no month has ended
    provisional: bool  # the total counts an open month, or the year has not ended
    open_months: int
    headlines: list
    agreement: Agreement | None  # in force at the end of the counted months
    people: YearTable
    costs: YearTable | None = None
    places: YearTable | None = None
    places_total_counts: str = ""  # what the total of the people charged counts (charged months, places)
    parts: list[ReportPeriod] = field(default_factory=list)  # the fixed periods the total is made of

    @property
    def complete(self) -> bool:
        return self.counted is not None and self.counted.end == self.period.end and not self.provisional


def year_choices(*, first: date | None, agreement_periods: list[ReportPeriod], today: date) -> list[ReportPeriod]:
    """The years a unit's year view offers: its agreement periods and the calendar years that have
    begun by the last complete month and hold a month with figures, the latest start first."""
    last = last_complete_month(today)
    first = first or last.start
    years = [year_period(y) for y in range(last.start.year, first.year - 1, -1)]
    agreements = [p for p in agreement_periods if p.start <= last.end and p.end >= first and p not in years]
    return sorted([*years, *agreements], key=lambda p: p.start, reverse=True)


def default_year(choices: list[ReportPeriod], today: date) -> ReportPeriod:
    """The agreement year that holds the last complete month, else its calendar year."""
    last = last_complete_month(today)
    for period in choices:
        if period.kind == AGREEMENT and period.start <= last.start <= period.end:
            return period
    return year_period(last.start.year)


def cover(start: date, last: date) -> list[ReportPeriod]:
    """The fixed calendar periods that make up the months [start, last]: at each month the longest
    one (year, half-year, quarter, month) that starts there and has ended by `last`."""
    parts, m = [], month_start(start)
    while m <= last:
        candidates = [month_period(m)]
        if m.month in (1, 4, 7, 10):
            candidates.insert(0, quarter_period(m.year, (m.month - 1) // 3 + 1))
        if m.month in (1, 7):
            candidates.insert(0, half_period(m.year, 1 if m.month == 1 else 2))
        if m.month == 1:
            candidates.insert(0, year_period(m.year))
        part = next(p for p in candidates if p.last_month <= last)
        parts.append(part)
        m = add_months(part.last_month, 1)
    return parts


def _decided(ledger: Ledger, period: ReportPeriod) -> frozenset[str] | None:
    """The cells protection hides in a period, or None when it was not decided (then nothing of it
    may be shown)."""
    hidden = ledger.month(period.last_month).hidden
    return frozenset(hidden[period.slug]) if period.slug in hidden else None


def total_publication(ledger: Ledger, period: ReportPeriod, last: date) -> tuple[Publication, list[ReportPeriod]]:
    """The publication of the months of `period` up to `last`, and the fixed periods it is made of.

    The whole period when it has ended and was decided (the year's own dashboard); else the sum of
    `cover`'s periods with every cell hidden that one of them hides: a total of shown cells only."""
    stretch = ReportPeriod(period.start, month_end(last), period.kind if last == period.last_month else AGREEMENT)
    whole = _decided(ledger, period) if last == period.last_month else None
    if whole is not None:
        return Publication(ledger.values(period), whole), [period]
    parts = cover(period.start, last)
    hidden: set[str] = set()
    values = ledger.values(stretch)
    for part in parts:
        if ledger.first is None or part.last_month < ledger.first:
            continue  # before the unit's first figures: nothing counted, nothing published
        decided = _decided(ledger, part)
        if decided is None:  # never decided: nothing of it may be shown
            decided = frozenset(k for k in values if catalogue.is_count(k))
        hidden |= decided
    return Publication(values, frozenset(hidden)), parts


def _dashboard(unit: Unit, period: ReportPeriod, pub: Publication, agreements: list[Agreement], labels: dict) -> Dashboard:
    agreement = current_among(agreements, period.end)
    return build_dashboard(
        unit=unit, period=period, pub=pub, labels=labels, trend=[], targets=unit_targets_from(agreement),
        agreement=agreement, snapshot=None,
    )


STEPS = ("funnel|interviewed", "funnel|started")


def people_columns(total: Dashboard) -> list[str]:
    outcome = next(h for h in total.headlines if h.definition == "outcomes")
    return [
        _("Active participants"), _("Occupancy target"),
        str(catalogue.BY_KEY["funnel|interviewed"].label), _("Interview target"),
        str(catalogue.BY_KEY["funnel|started"].label), _("Start target"),
        _("Exits"), _("To work or studies"), outcome.label, _("Outcome target"),
    ]


def people_cells(d: Dashboard, pub: Publication) -> list[YearCell]:
    """A month's (or the total's) figures against its targets, as its dashboard shows them."""
    occupancy = next(h for h in d.headlines if h.definition == "occupancy")
    funnel = d.tables["funnel"]
    target_column = funnel.columns.index(_("Inflow target for the period")) - 1  # the first column labels the rows
    steps = {h.label: h for h in d.headlines if h.definition == "funnel"}
    outcome = next(h for h in d.headlines if h.definition == "outcomes")
    t = d.targets
    cells = [YearCell(occupancy.cell, occupancy.status), YearCell(pub.plain(t.occupancy_target))]
    for name in STEPS:
        label = str(catalogue.BY_KEY[name].label)
        row = next(r for r in funnel.rows if r.label == label)
        step = steps.get(label)
        cells += [YearCell(pub.count(name), step.status if step else ""), YearCell(row.cells[target_column])]
    target = t.outcome_target_percent
    cells += [
        YearCell(pub.count("outcome|closed")), YearCell(pub.count("outcome|work_or_studies")),
        YearCell(outcome.cell, outcome.status),
        YearCell(pub.plain(target, kpis.percent_label(target) if target is not None else "–")),
    ]
    return cells


def _blank(n: int) -> list[YearCell]:
    return [YearCell(Cell("–"))] * n


def _copy(row: YearRow, cells: list[YearCell]) -> YearRow:
    return YearRow(row.label, row.state, cells, row.slug)


def _money_sum(pubs: list[Publication], name: str) -> Decimal | None:
    found = [p.get(name) for p in pubs if p.get(name) is not None]
    return sum(found, Decimal(0)) if found else None


def cost_table(months: list[_Month], counted_label: str) -> YearTable | None:
    """Each month's costs per party (its share under the agreement's split), outside the split, and
    the total; the total row adds up the months as shown."""
    parties: dict[int, str] = {}
    for entry in months:
        parties.update({k: v for k, v in entry.labels.get("party", {}).items() if k not in parties})
    names = [key("economy", "party", party_id, "share") for party_id in parties]
    names += ["economy|total|split", "economy|total|outside"]
    shown = [entry.pub for entry in months if entry.pub is not None]
    if not any(pub.get(n) is not None for pub in shown for n in names):
        return None
    rows = [
        _copy(entry.row, [YearCell(entry.pub.money(n)) for n in names] if entry.pub else _blank(len(names)))
        for entry in months
    ]
    sums = Publication({n: _money_sum(shown, n) for n in names})
    return YearTable(
        [*parties.values(), _("Total within the split"), _("Outside the split")], rows,
        YearRow(counted_label, "", [YearCell(sums.money(n)) for n in names], total=True),
    )


def places_table(months: list[_Month], total: Publication | None, counted_label: str) -> YearTable | None:
    """The purchased places per buying municipality (their amounts, hidden with their people) and in
    all, month by month; the total row is the total's publication."""
    pubs = [entry.pub for entry in months if entry.pub is not None]
    if not any("places|total|amount" in pub.values for pub in pubs):
        return None
    municipalities = sorted({m for pub in pubs for m in catalogue.municipalities(pub.values)})
    n = len(municipalities) + 2

    def cells(pub: Publication) -> list[YearCell]:
        if "places|total|amount" not in pub.values:  # no price agreed: nothing charged, nothing shown
            return _blank(n)
        return [
            *(YearCell(pub.money(places_key(m, "amount"))) for m in municipalities),
            YearCell(pub.count("places|total|people")), YearCell(pub.money("places|total|amount")),
        ]

    rows = [_copy(entry.row, cells(entry.pub) if entry.pub else _blank(n)) for entry in months]
    return YearTable(
        [*municipalities, _("People charged"), _("Amount for places")], rows,
        YearRow(counted_label, "", cells(total) if total is not None else _blank(n), total=True),
    )


def year_view(*, unit: Unit, period: ReportPeriod, today: date) -> YearView:
    """The year view of `period` (a calendar year or an agreement period of the unit) as of `today`.

    Queries: the ledger's (reporting/ledger.py: a fixed number for closed months, a fixed number
    more for each open month, as the dashboard) and the agreements of the period with their targets."""
    last_ended = last_complete_month(today).start
    last = min(period.last_month, last_ended)
    ledger = ledger_for(unit, upto=last, since=period.start) if last >= period.start else None
    agreements = list(
        agreements_in_force_during(unit=unit, start=period.start, end=period.end).prefetch_related("inflow_targets")
    )
    first = ledger.first if ledger is not None else None
    months = []
    for m in period.months():
        slug = month_period(m).slug
        if m > last_ended:
            months.append(_Month(YearRow(slug, NOT_ENDED, [], slug), m))
        elif first is None or m < first:
            months.append(_Month(YearRow(slug, NO_FIGURES, [], slug), m))
        else:
            record = ledger.month(m)
            pub = Publication(ledger.values(month_period(m)), ledger.hidden(month_period(m)))
            months.append(_Month(YearRow(slug, CLOSED if record.closed else OPEN, [], slug), m, pub, record.labels))
    counted = total_pub = None
    parts: list[ReportPeriod] = []
    if any(entry.pub is not None for entry in months):
        counted = period if last == period.last_month else ReportPeriod(period.start, month_end(last), AGREEMENT)
        total_pub, parts = total_publication(ledger, period, last)
    total_dashboard = _dashboard(
        unit, counted or period, total_pub or Publication({}, frozenset(catalogue.BY_KEY)), agreements, {},
    )
    columns = people_columns(total_dashboard)
    for entry in months:
        entry.row.cells = (
            _blank(len(columns)) if entry.pub is None
            else people_cells(_dashboard(unit, month_period(entry.month), entry.pub, agreements, entry.labels), entry.pub)
        )
    open_months = sum(1 for entry in months if entry.row.state == OPEN)
    provisional = counted is not None and (open_months > 0 or last < period.last_month)
    label = total_label(period, counted, provisional)
    total = YearRow(label, "", people_cells(total_dashboard, total_pub), total=True) if total_pub else None
    return YearView(
        unit=unit, period=period, counted=counted, provisional=provisional, open_months=open_months,
        headlines=total_dashboard.headlines if total_pub else [],
        agreement=current_among(agreements, counted.end) if counted else None,
        people=YearTable(columns, [entry.row for entry in months], total),
        costs=cost_table(months, label), places=places_table(months, total_pub, label),
        places_total_counts=total_dashboard.tables["places"].columns[1] if "places" in total_dashboard.tables else "",
        parts=parts,
    )


def total_label(period: ReportPeriod, counted: ReportPeriod | None, provisional: bool) -> str:
    if counted is None:
        return ""
    if counted.end == period.end and not provisional:
        return _("The year")
    return _("%(start)s – %(end)s, provisional") % {"start": f"{counted.start:%Y-%m}", "end": f"{counted.end:%Y-%m}"}

