"""Put a unit's dashboard together: figures, the closed month's snapshot, the trend and the targets."""

from __future__ import annotations

from agreements.periods import month_end
from agreements.selectors import agreements_in_force_during
from krami.models import Unit

from reporting.dashboard import Dashboard, build_dashboard, monthly_occupancy_targets
from reporting.periods import ReportPeriod, trailing_months
from reporting.selectors import series_for, snapshot_for, unit_figures

LONGEST_SERIES = 36


def series_months(period: ReportPeriod):
    """The months of the trend: the 12 months up to a chosen month, or the months of a period."""
    if period.is_month:
        return trailing_months(period.start, 12)
    return period.months()[-LONGEST_SERIES:]


def dashboard_for(*, unit: Unit, period: ReportPeriod) -> Dashboard:
    """The dashboard in a fixed number of queries, whatever the number of participants."""
    snapshot = snapshot_for(unit=unit, month=period.start) if period.is_month else None
    months = series_months(period)
    agreements = list(agreements_in_force_during(unit=unit, start=months[0], end=month_end(months[-1])))
    return build_dashboard(
        unit_figures(unit=unit, period=period),
        snapshot=snapshot,
        series=series_for(unit_ids=[unit.pk], months=months)[unit.pk],
        monthly_targets=monthly_occupancy_targets(agreements, months),
    )
