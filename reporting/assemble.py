"""Put a unit's dashboard together: figures, the closed month's snapshot, the trend and the targets."""

from __future__ import annotations

from django.db.models import Q

from agreements.models import Agreement
from agreements.models.agreement import IN_FORCE_STATUSES
from krami.dates import month_end
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
    agreements = list(
        Agreement.objects.filter(unit=unit, status__in=IN_FORCE_STATUSES, period_start__lte=month_end(months[-1]))
        .filter(Q(ended_on__gte=months[0]) | Q(ended_on__isnull=True, period_end__gte=months[0]))
    )
    return build_dashboard(
        unit_figures(unit=unit, period=period),
        snapshot=snapshot,
        series=series_for(unit_ids=[unit.pk], months=months)[unit.pk],
        monthly_targets=monthly_occupancy_targets(agreements, months),
    )
