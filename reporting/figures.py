"""The people figures of a period, computed by the database, one query per KPI for any number of units.

Every function returns {unit_id: {key: value}} with flat keys ("occupancy|active",
"breakdown|gender|woman|active"), so that a month's figures can be frozen as they are
(reporting/models.py) and compared key by key with the figures computed later. The rules come
from reporting/kpis.py; the keys are listed in reporting/dashboard.py, which lays them out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum

from agreements.rules import PriorityRules
from intake.models import Assessment, Decision, DrugTest, Episode, ExitOutcome, FollowUp, Interview, MeetingAttendance
from participants.models import OPEN_PHASES, PhaseChange

from reporting import kpis
from reporting.expressions import DaysBetween, age_band, priority_category
from reporting.periods import ReportPeriod

Figures = dict[int, dict[str, int]]

BREAKDOWN_MEASURES = ("active", "started", "closed", "work_or_studies")
UNKNOWN = "unknown"  # the group of people whose attribute is not recorded


def key(*parts) -> str:
    return "|".join(str(p) for p in parts)


def _merge(target: Figures, unit_id: int, values: Mapping[str, int]) -> None:
    target.setdefault(unit_id, {}).update(values)


def _episodes(unit_ids: Iterable[int], period: ReportPeriod):
    return Episode.objects.filter(participant__unit_id__in=list(unit_ids)).filter(kpis.enrolled_during(period.start, period.end))


def episode_figures(unit_ids, period: ReportPeriod) -> Figures:
    """Occupancy, starts, exits and their outcomes, waiting time: one query."""
    start, end = period.start, period.end
    accepted_on = (
        Assessment.objects.filter(participant=OuterRef("participant"), decision=Decision.ACCEPTED, decided_on__lte=OuterRef("started_on"))
        .order_by("-decided_on", "-pk")
        .values("decided_on")[:1]
    )
    started = Q(started_on__gte=start)
    closed = Q(ended_on__lte=end)
    wos = closed & Q(exit_outcome__in=kpis.WORK_OR_STUDIES)
    completed = closed & Q(completed_guidance_programme=True)
    waited = started & Q(accepted_on__isnull=False)
    aggregates = {
        "occupancy|active": Count("participant", distinct=True),
        "occupancy|at_end": Count("participant", distinct=True, filter=kpis.enrolled_on(end)),
        "funnel|started": Count("pk", filter=started),
        "outcome|closed": Count("pk", filter=closed),
        "outcome|work_or_studies": Count("pk", filter=wos),
        "outcome|completed": Count("pk", filter=completed),
        "outcome|completed_work_or_studies": Count("pk", filter=completed & Q(exit_outcome__in=kpis.WORK_OR_STUDIES)),
        # The numerators of a target of "work or full-time studies" (kpis.target_numerator).
        "outcome|work_or_full_time_studies": Count("pk", filter=closed & Q(exit_outcome__in=kpis.WORK_OR_FULL_TIME_STUDIES)),
        "outcome|completed_work_or_full_time_studies": Count(
            "pk", filter=completed & Q(exit_outcome__in=kpis.WORK_OR_FULL_TIME_STUDIES)
        ),
        "waiting|n": Count("pk", filter=waited),
        "waiting|days": Sum(DaysBetween(F("started_on"), F("accepted_on")), filter=waited),
    }
    for outcome in ExitOutcome.values:
        aggregates[key("reason", outcome)] = Count("pk", filter=closed & Q(exit_outcome=outcome))
    rows = (
        _episodes(unit_ids, period).annotate(accepted_on=Subquery(accepted_on))
        .values("participant__unit_id").order_by().annotate(**aggregates)
    )
    result: Figures = {}
    for row in rows:
        unit_id = row.pop("participant__unit_id")
        row["waiting|days"] = row["waiting|days"] or 0
        _merge(result, unit_id, row)
    return result


def intake_figures(unit_ids, period: ReportPeriod) -> Figures:
    """Information meetings, interviews, assessments: three queries."""
    result: Figures = {}
    within = {"held_on__gte": period.start, "held_on__lte": period.end}
    for row in (
        MeetingAttendance.objects.filter(meeting__unit_id__in=list(unit_ids), **{f"meeting__{k}": v for k, v in within.items()})
        .values("meeting__unit_id").order_by()
        .annotate(people=Count("participant", distinct=True), walk_ins=Count("pk", filter=Q(participant__isnull=True)))
    ):
        _merge(result, row["meeting__unit_id"], {"funnel|attendees": row["people"] + row["walk_ins"]})
    for row in (
        Interview.objects.filter(participant__unit_id__in=list(unit_ids), **within)
        .values("participant__unit_id").order_by().annotate(n=Count("participant", distinct=True))
    ):
        _merge(result, row["participant__unit_id"], {"funnel|interviewed": row["n"]})
    for row in (
        Assessment.objects.filter(participant__unit_id__in=list(unit_ids), decided_on__gte=period.start, decided_on__lte=period.end)
        .values("participant__unit_id").order_by()
        .annotate(
            assessed=Count("participant", distinct=True),
            accepted=Count("participant", distinct=True, filter=Q(decision=Decision.ACCEPTED)),
        )
    ):
        _merge(result, row["participant__unit_id"], {"funnel|assessed": row["assessed"], "funnel|accepted": row["accepted"]})
    return result


def follow_up_figures(unit_ids, period: ReportPeriod) -> Figures:
    """Follow-ups of exits to work or studies due in the period: one query."""
    aggregates = {}
    for months in kpis.FOLLOW_UP_MONTHS:
        at = Q(months=months)
        aggregates[key("keeping", months, "due")] = Count("pk", filter=at)
        aggregates[key("keeping", months, "answered")] = Count("pk", filter=at & ~Q(result=""))
        aggregates[key("keeping", months, "kept")] = Count("pk", filter=at & Q(result__in=kpis.KEPT))
    # Starting from the period's follow-ups (the due_on index), each looks up its own episode's unit:
    # a join would start from the units' episodes and read every episode of the country.
    unit_of_exit = Episode.objects.filter(pk=OuterRef("episode_id"), exit_outcome__in=kpis.WORK_OR_STUDIES).values(
        "participant__unit_id"
    )
    rows = (
        FollowUp.objects.filter(due_on__gte=period.start, due_on__lte=period.end)
        .annotate(unit=Subquery(unit_of_exit))
        .filter(unit__in=list(unit_ids))
        .values("unit").order_by().annotate(**aggregates)
    )
    result: Figures = {}
    for row in rows:
        _merge(result, row.pop("unit"), row)
    return result


def drug_test_figures(unit_ids, period: ReportPeriod) -> Figures:
    """Referrals to a drug test in the period: one query (discharges are an exit reason)."""
    rows = (
        DrugTest.objects.filter(participant__unit_id__in=list(unit_ids), referred_on__gte=period.start, referred_on__lte=period.end)
        .values("participant__unit_id").order_by().annotate(n=Count("pk"))
    )
    return {row["participant__unit_id"]: {"drug_tests|referred": row["n"]} for row in rows}


def phase_time_figures(unit_ids, period: ReportPeriod) -> Figures:
    """Stays in a phase that ended in the period: count and total days per phase, one query.

    A stay ends with the participant's next phase change, so the query starts from the changes
    dated in the period (few, whatever the length of the history) and looks up the change before
    each: the stay that ended. The same stays as "each change whose next change falls in the
    period", read without visiting every change the unit ever made.
    """
    before = (
        PhaseChange.objects.filter(participant=OuterRef("participant"))
        .filter(Q(on__lt=OuterRef("on")) | Q(on=OuterRef("on"), pk__lt=OuterRef("pk")))
        .order_by("-on", "-pk")
    )
    rows = (
        PhaseChange.objects.filter(participant__unit_id__in=list(unit_ids), on__gte=period.start, on__lte=period.end)
        .annotate(left_phase=Subquery(before.values("phase")[:1]), entered_on=Subquery(before.values("on")[:1]))
        .filter(left_phase__in=list(OPEN_PHASES))
        .values("participant__unit_id", "left_phase").order_by()
        .annotate(n=Count("pk"), days=Sum(DaysBetween(F("on"), F("entered_on"))))
    )
    result: Figures = {}
    for row in rows:
        _merge(result, row["participant__unit_id"], {
            key("phase", row["left_phase"], "n"): row["n"], key("phase", row["left_phase"], "days"): row["days"] or 0,
        })
    return result


def breakdown_dimensions(period: ReportPeriod, young_rules: Mapping[int, PriorityRules]) -> dict:
    """Each breakdown: the expression or field that puts an episode's participant in a group."""
    return {
        "gender": F("participant__gender"),
        "age": age_band(period.end),
        "priority": priority_category(period.end, young_rules),
        "referral": F("participant__referral_source"),
        "municipality": F("participant__municipality__name"),
    }


def breakdown_figures(unit_ids, period: ReportPeriod, young_rules: Mapping[int, PriorityRules]) -> Figures:
    """Active, started, exits, exits to work or studies per group: one query per dimension.

    The groups are attributes of the participant, so every person is in exactly one group and
    the groups add up to the totals (what small-number protection relies on).
    """
    start, end = period.start, period.end
    closed = Q(ended_on__lte=end)
    measures = {
        "active": Count("participant", distinct=True),
        "started": Count("pk", filter=Q(started_on__gte=start)),
        "closed": Count("pk", filter=closed),
        "work_or_studies": Count("pk", filter=closed & Q(exit_outcome__in=kpis.WORK_OR_STUDIES)),
    }
    result: Figures = defaultdict(dict)
    for dimension, expression in breakdown_dimensions(period, young_rules).items():
        rows = (
            _episodes(unit_ids, period).annotate(bucket=expression)
            .values("participant__unit_id", "bucket").order_by().annotate(**measures)
        )
        for row in rows:
            for measure in BREAKDOWN_MEASURES:
                result[row["participant__unit_id"]][key("breakdown", dimension, row["bucket"] or UNKNOWN, measure)] = row[measure]
    return dict(result)


def occupancy_series(unit_ids, months) -> Figures:
    """Active participants in each month (kpis "occupancy"), every unit and month in one query."""
    from reporting.periods import month_period

    months = list(months)
    if not months:
        return {}
    first, last = month_period(months[0]), month_period(months[-1])
    aggregates = {
        key("series", f"{m:%Y-%m}"): Count("participant", distinct=True, filter=kpis.enrolled_during(m, month_period(m).end))
        for m in months
    }
    rows = (
        Episode.objects.filter(participant__unit_id__in=list(unit_ids))
        .filter(kpis.enrolled_during(first.start, last.end))
        .values("participant__unit_id").order_by().annotate(**aggregates)
    )
    return {row.pop("participant__unit_id"): row for row in rows}


def people_figures(unit_ids, period: ReportPeriod, young_rules: Mapping[int, PriorityRules]) -> Figures:
    """Every people figure of the period for every unit (a fixed number of queries)."""
    unit_ids = list(unit_ids)
    result: Figures = {unit_id: {} for unit_id in unit_ids}
    for part in (
        episode_figures(unit_ids, period),
        intake_figures(unit_ids, period),
        follow_up_figures(unit_ids, period),
        drug_test_figures(unit_ids, period),
        phase_time_figures(unit_ids, period),
        breakdown_figures(unit_ids, period, young_rules),
    ):
        for unit_id, values in part.items():
            result[unit_id].update(values)
    return result
