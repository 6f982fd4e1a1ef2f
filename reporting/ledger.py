"""A unit's months in order: their official figures and the protection decided for each.

The months a unit has closed are read from their snapshots, with the decisions stored beside
the figures (reporting/models.py). The months after the last closed one are computed live, and
their decisions taken again, in month order, from the closed months before them
(reporting/protection.py::decide): the same answer on every request as long as the data does not
change. A unit's reporting begins with its first closed month, or, before it closes any, with
its first month of data (`first_event_months`); earlier months have no figures.

Decisions are taken in order, so a month far after the last closed one needs every month in
between decided first: past `LONGEST_CHAIN` open months the dashboard asks to close the earlier
months (`TooManyOpenMonths`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Min

from agreements.models import Agreement
from agreements.selectors import agreements_in_force_during
from intake.models import Assessment, DrugTest, Episode, FollowUp, Interview, MeetingAttendance
from krami.dates import add_months, month_start
from krami.models import Unit
from reporting import catalogue
from reporting.models import MonthSnapshot
from reporting.periods import ReportPeriod, agreement_period, month_period, periods_ending
from reporting.protection import decide, window_start
from reporting.selectors import from_json, units_figures

LONGEST_CHAIN = 36  # open months decided on one request


class TooManyOpenMonths(Exception):
    def __init__(self, first_open: date):
        super().__init__(first_open)
        self.first_open = first_open


@dataclass
class Month:
    month: date
    values: dict = field(default_factory=dict)  # official: frozen when closed, live when open
    labels: dict = field(default_factory=dict)
    snapshot: MonthSnapshot | None = None
    hidden: dict[str, frozenset[str]] = field(default_factory=dict)  # slug -> hidden keys, periods ending here
    decided_now: bool = False  # decided on this request (open, or closed before decisions were stored)

    @property
    def closed(self) -> bool:
        return self.snapshot is not None


def first_event_months(unit_ids: Iterable[int]) -> dict[int, date]:
    """{unit id: the first month of any event a figure counts} (starts, interviews, assessments,
    information meetings, drug tests, follow-ups); units without any are left out. A participant's
    registration alone is not an event: nothing is counted on that day."""
    unit_ids = list(unit_ids)
    firsts: dict[int, date] = {}
    sources = (
        (Episode.objects, "unit_id", "started_on"),
        (Interview.objects, "unit_id", "held_on"),
        (Assessment.objects, "unit_id", "decided_on"),
        (MeetingAttendance.objects, "meeting__unit_id", "meeting__held_on"),
        (DrugTest.objects, "unit_id", "referred_on"),
        (FollowUp.objects, "unit_id", "due_on"),
    )
    for manager, unit_field, date_field in sources:
        rows = manager.filter(**{f"{unit_field}__in": unit_ids}).values(unit_field).order_by().annotate(first=Min(date_field))
        for row in rows:
            first = month_start(row["first"])
            unit_id = row[unit_field]
            firsts[unit_id] = min(firsts.get(unit_id, first), first)
    return firsts


def first_month(unit: Unit | int) -> date | None:
    """The unit's first month with figures: its first closed month, else its first month of data."""
    unit_id = getattr(unit, "pk", unit)
    first = MonthSnapshot.objects.filter(unit_id=unit_id).order_by("month").values_list("month", flat=True).first()
    return first or first_event_months([unit_id]).get(unit_id)


@dataclass(frozen=True)
class OutcomeTarget:
    """An agreement's outcome target, (studies, denominator) or None, and the days it is in force:
    which figures that only a target shows (catalogue `target`) a period ending then shows."""

    start: date
    until: date
    target: tuple[str, str] | None


EVER = (date(2000, 1, 1), date(2100, 12, 31))


def unit_agreements(unit: Unit | int) -> list[Agreement]:
    """The unit's agreements that have been in force, earliest first, read `with_rules` and with
    their inflow targets: all that a dashboard reads of agreements (its periods, outcome targets,
    the agreement of the period, the trend's occupancy targets, the rules of the live figures), in
    one query and its prefetch (issue 19: seven statements before)."""
    start, end = EVER
    return list(agreements_in_force_during(unit=unit, start=start, end=end, rules=True).prefetch_related("inflow_targets"))


def agreements_of(unit: Unit | int, agreements: Iterable[Agreement] | None = None) -> tuple[list[ReportPeriod], list[OutcomeTarget]]:
    """The unit's agreement periods (whole months) and outcome targets, for the agreements that
    have been in force (`agreements`, if read already: `unit_agreements`): one query."""
    periods, targets = [], []
    start, end = EVER
    for agreement in agreements if agreements is not None else agreements_in_force_during(unit=unit, start=start, end=end):
        period = agreement_period(agreement.period_start, agreement.period_end)
        if period not in periods:
            periods.append(period)
        target = (agreement.outcome_studies, agreement.outcome_denominator) if agreement.outcome_denominator else None
        targets.append(OutcomeTarget(agreement.period_start, agreement.in_force_until, target))
    return periods, targets


def agreement_periods_of(unit: Unit | int) -> list[ReportPeriod]:
    """The unit's agreement periods (whole months), for agreements that have been in force."""
    return agreements_of(unit)[0]


def target_on(targets: Iterable[OutcomeTarget], day: date) -> tuple[str, str] | None:
    """The outcome target of the agreement in force on `day`: the one that started last, as
    agreements.selectors.current_agreement (what the dashboard shows) answers."""
    found = [t for t in targets if t.start <= day <= t.until]
    return max(found, key=lambda t: t.start).target if found else None


def stored_hidden(snapshot: MonthSnapshot) -> dict[str, frozenset[str]] | None:
    """The decisions stored with a snapshot; None for a snapshot closed before they were stored."""
    if not snapshot.hidden or f"{snapshot.month:%Y-%m}" not in snapshot.hidden:
        return None
    return {slug: frozenset(keys) for slug, keys in snapshot.hidden.items()}


class Ledger:
    def __init__(self, unit: Unit, months: dict[date, Month], agreement_periods: list[ReportPeriod], first: date | None,
                 targets: list[OutcomeTarget] | None = None, agreements: list[Agreement] | None = None):
        self.unit = unit
        self.months = months
        self.agreement_periods = agreement_periods
        self.first = first  # the unit's first month with figures; None: none yet
        self.targets = targets or []
        # `unit_agreements`, which dashboard_for reads; empty in the month-end job's ledgers
        # (reporting/snapshots.py::_ledgers), which only decide protection.
        self.agreements = agreements or []

    def target_of(self, period: ReportPeriod) -> tuple[str, str] | None:
        return target_on(self.targets, period.end)

    def month(self, month: date) -> Month:
        return self.months.get(month_start(month)) or Month(month_start(month))

    def values(self, period: ReportPeriod) -> dict:
        """The period's figures: a month's own; a longer period's counts and their amounts, summed."""
        if period.is_month:
            return dict(self.month(period.start).values)
        total: dict = {}
        for m in period.months():
            for name, value in self.month(m).values.items():
                if catalogue.is_count(name) or catalogue.figure(name).per:
                    total[name] = total.get(name, 0) + value
        return total

    def hidden(self, period: ReportPeriod) -> frozenset[str]:
        return self.month(period.last_month).hidden.get(period.slug, frozenset())

    def chain(self) -> list[Month]:
        """The months decided on this request, in order."""
        return [self.months[m] for m in sorted(self.months) if self.months[m].decided_now]


def ledger_for(
    unit: Unit, *, upto: date, since: date | None = None, longest_chain: int | None = LONGEST_CHAIN,
    agreements: list[Agreement] | None = None,
) -> Ledger:
    """The unit's months up to `upto` (and from `since`, for a trend) with their decisions.

    Queries: the unit's snapshot months, the snapshots of the window, its agreements (unless read
    already: `agreements`, from `unit_agreements`), the first month of data when nothing is
    closed, and the live figures of each open month (a fixed number per month)."""
    upto = month_start(upto)
    if agreements is None:
        agreements = unit_agreements(unit)
    agreement_periods, targets = agreements_of(unit, agreements)
    states = dict(MonthSnapshot.objects.filter(unit=unit, month__lte=upto).values_list("month", "hidden"))
    first = min(states) if states else first_event_months([unit.pk]).get(unit.pk)
    chain_start = None
    if first is not None and first <= upto:
        m = first
        while m <= upto:
            hidden = states.get(m)
            if not hidden or f"{m:%Y-%m}" not in hidden:
                chain_start = m
                break
            m = add_months(m, 1)
    if chain_start is not None and longest_chain is not None and len(_months(chain_start, upto)) > longest_chain:
        raise TooManyOpenMonths(chain_start)
    needed_from = min(x for x in (since, chain_start, upto) if x is not None)
    needed_from = min(needed_from, window_start(needed_from, agreement_periods))
    months: dict[date, Month] = {}
    for snapshot in MonthSnapshot.objects.filter(unit=unit, month__gte=needed_from, month__lte=upto).select_related("closed_by"):
        labels = {kind: {int(k): v for k, v in names.items()} for kind, names in (snapshot.labels or {}).items()}
        months[snapshot.month] = Month(snapshot.month, from_json(snapshot.figures), labels, snapshot, stored_hidden(snapshot) or {})
    ledger = Ledger(unit, months, agreement_periods, first, targets, agreements)
    if chain_start is not None:
        _decide_chain(ledger, chain_start, upto)
    return ledger


def _months(start: date, end: date) -> list[date]:
    result, m = [], start
    while m <= end:
        result.append(m)
        m = add_months(m, 1)
    return result


def _decide_chain(ledger: Ledger, start: date, end: date) -> None:
    """Compute the open months of [start, end] live and decide every month of it in order."""
    for m in _months(start, end):
        record = ledger.months.get(m)
        if record is None:
            figures = units_figures(units=[ledger.unit], period=month_period(m))[ledger.unit.pk]
            record = ledger.months[m] = Month(m, dict(figures.values), figures.labels)
        record.hidden = decide_month(ledger, m)
        record.decided_now = True


def decide_month(ledger: Ledger, month: date) -> dict[str, frozenset[str]]:
    """`decide` for one month of the ledger: its window's counts and the decisions before it."""
    counts = {m: {k: v for k, v in r.values.items() if catalogue.is_count(k)} for m, r in ledger.months.items() if m <= month}
    decided = {slug: keys for m, r in ledger.months.items() if m < month for slug, keys in r.hidden.items()}
    return decide(month, counts, decided, ledger.agreement_periods, ledger.target_of)


def periods_ending_in(ledger: Ledger, month: date) -> list[ReportPeriod]:
    return periods_ending(month, ledger.agreement_periods)
