"""Put a unit's dashboard together: the period's figures and protection from the unit's ledger,
the figures as computed now beside a closed month, the trend and the targets."""

from __future__ import annotations

from agreements.selectors import current_among, unit_targets_from
from krami.dates import add_months, month_end
from krami.models import Unit
from reporting.cells import Publication
from reporting.dashboard import Dashboard, TrendPoint, build_dashboard, compare_headlines, monthly_occupancy_targets
from reporting.economy import AgreementFacts, economy_figures
from reporting.ledger import Ledger, ledger_for
from reporting.periods import ReportPeriod, month_period, trailing_months
from reporting.selectors import unit_figures


def trend_months(period: ReportPeriod):
    """The months of the trend: the 12 months up to a chosen month, or the months of a period."""
    if period.is_month:
        return trailing_months(period.start, 12)
    return period.months()


def ledger_since(period: ReportPeriod):
    """The first month the dashboard reads: the trend's, or for a month the same month a year
    before (its headline figures show the change since then)."""
    if period.is_month:
        return add_months(period.start, -12)
    return trend_months(period)[0]


def dashboard_for(*, unit: Unit, period: ReportPeriod, ledger: Ledger | None = None) -> Dashboard:
    """The dashboard in a fixed number of queries, whatever the number of participants (and a
    fixed number more for each month after the last closed one)."""
    months = trend_months(period)
    ledger = ledger or ledger_for(unit=unit, upto=period.last_month, since=ledger_since(period))
    # The unit's agreements came with the ledger (unit_agreements): the period's, the trend's
    # targets and the live figures' rules are taken from them, not read again (issue 19).
    agreement = current_among(ledger.agreements, period.end)
    values = ledger.values(period)
    record = ledger.month(period.start) if period.is_month else None
    snapshot = record.snapshot if record else None
    labels = record.labels if record else {}
    live = None
    if snapshot is not None:
        live = unit_figures(unit=unit, period=period, agreements={unit.pk: agreement} if agreement else {}).values
    elif not period.is_month and agreement is not None:
        facts = AgreementFacts()
        values.update(economy_figures(agreement, period, terms=facts.terms(agreement)))
        labels = facts.labels(agreement)
    targets = monthly_occupancy_targets(ledger.agreements, months)
    trend = [
        TrendPoint(m, int(ledger.month(m).values.get("occupancy|active") or 0),
                   "occupancy|active" in ledger.hidden(ReportPeriod(m, month_end(m))), targets[m])
        for m in months
    ]
    targets = unit_targets_from(agreement)
    d = build_dashboard(
        unit=unit, period=period, pub=Publication(values, ledger.hidden(period), live), labels=labels, trend=trend,
        targets=targets, agreement=agreement, snapshot=snapshot,
    )
    if period.is_month:
        compare_headlines(
            d, last_month=_month_headlines(unit, ledger, add_months(period.start, -1), targets),
            last_year=_month_headlines(unit, ledger, add_months(period.start, -12), targets),
        )
    return d


def _month_headlines(unit: Unit, ledger: Ledger, month, targets) -> Dashboard | None:
    """An earlier month's figures as its own dashboard shows them (its stored protection), or None
    when the ledger does not hold it (before the unit's first figures)."""
    if month not in ledger.months:
        return None
    period = month_period(month)
    return build_dashboard(
        unit=unit, period=period, pub=Publication(ledger.values(period), ledger.hidden(period)), labels={}, trend=[],
        targets=targets, agreement=None, snapshot=None,
    )
