"""Database expressions the KPI queries are built from: days between dates, age bands and
priority categories computed in SQL, so that no figure needs a Python loop over participants."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db.models import Case, CharField, Func, IntegerField, Q, Value, When

from agreements.rules import PriorityCategory, PriorityRules
from intake.priority import CONTEXT_STATUSES
from krami.dates import add_months
from participants.models import CriminalJusticeStatus
from reporting.kpis import AGE_BANDS


class DaysBetween(Func):
    """Whole days from `start` to `end` (end − start), on PostgreSQL and SQLite alike."""

    output_field = IntegerField()
    arg_joiner = " - "
    template = "(%(expressions)s)"

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(ROUND(julianday(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - julianday(", **extra,
        )


def born_after(day: date, years: int) -> date:
    """People born after this date are younger than `years` on `day` (krami/dates.py)."""
    return add_months(day, -12 * years)


def age_band(day: date, field: str = "participant__birth_date") -> Case:
    """The age band (kpis.AGE_BANDS) on `day`, as birth-date ranges (index-friendly, no age arithmetic)."""
    whens = [When(Q(**{f"{field}__gt": born_after(day, AGE_BANDS[0][1])}), then=Value("under-18"))]
    for key, _low, high in AGE_BANDS:
        if high is not None:
            whens.append(When(Q(**{f"{field}__gt": born_after(day, high + 1)}), then=Value(key)))
    return Case(*whens, default=Value(AGE_BANDS[-1][0]), output_field=CharField())


def priority_category(day: date, young_rules: Mapping[int, PriorityRules], prefix: str = "participant__") -> Case:
    """The priority category (intake/priority.py's rule) from the data as it is now, age on `day`.

    `young_rules` gives each unit's age limits for "young"; "none" when not in a criminal context.
    """
    status = f"{prefix}criminal_justice__status"
    all_current = (
        Q(**{f"{prefix}criminal_justice__current_at_kv": True})
        & Q(**{f"{prefix}social_services__current_at_social_services": True})
        & Q(**{f"{prefix}labour_market__registered_at_af": True})
    )
    young = Q(pk__in=[])
    for unit_id, rules in young_rules.items():
        young |= Q(**{
            f"{prefix}unit_id": unit_id,
            f"{prefix}birth_date__lte": born_after(day, rules.young_min_age),
            f"{prefix}birth_date__gt": born_after(day, rules.young_max_age + 1),
        })
    return Case(
        When(Q(**{status: CriminalJusticeStatus.PRISON_RELEASE_MEASURE}), then=Value(PriorityCategory.PRISON_RELEASE.value)),
        When(
            Q(**{f"{status}__in": [CriminalJusticeStatus.PROBATION, CriminalJusticeStatus.CONDITIONAL_RELEASE]}),
            then=Value(PriorityCategory.SUPERVISION.value),
        ),
        When(
            Q(**{f"{status}__in": sorted(CONTEXT_STATUSES)}) & young & ~all_current,
            then=Value(PriorityCategory.YOUNG_CRIMINAL_CONTEXT.value),
        ),
        When(Q(**{f"{status}__in": sorted(CONTEXT_STATUSES)}), then=Value(PriorityCategory.OTHER_CRIMINAL_CONTEXT.value)),
        default=Value("none"),
        output_field=CharField(),
    )
