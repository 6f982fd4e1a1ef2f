"""The people figures of a period, computed by the database, one query per KPI for any number of units.

Every function returns {unit_id: {key: value}} with the flat keys declared in
reporting/catalogue.py ("outcome|closed", "breakdown|gender|woman|started"), so that a month's
figures can be frozen as they are (reporting/models.py) and compared key by key with the figures
computed later. The rules come from reporting/kpis.py; an episode figure's aggregate is declared
with it in the catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from agreements.rules import PriorityRules
from intake.models import (
    Assessment,
    AttendanceState,
    Decision,
    DrugTest,
    Episode,
    FollowUp,
    Interview,
    InterviewStatus,
    MeetingAttendance,
)
from participants.models import OPEN_PHASES, PhaseChange
from reporting import catalogue, kpis
from reporting.catalogue import UNKNOWN, EpisodeWindow, key
from reporting.expressions import DaysBetween, age_band, priority_category
from reporting.periods import ReportPeriod

Figures = dict[int, dict[str, int]]
# Who a person is in the figures: the keyed personnummer hash, not the record (issue 18).
PERSON = "participant__personnummer_hash"

__all__ = ["UNKNOWN", "key", "people_figures"]


def _merge(target: Figures, unit_id: int, values: Mapping[str, int]) -> None:
    target.setdefault(unit_id, {}).update(values)


def _repeated(model, unit_ids, path: str = "", **same) -> Exists:
    """A row of `model` on an earlier-registered record of the same person in the same unit (the
    keyed personnummer hash; issue 18: two parties may each have registered the person), with the
    same `same` values: the row at `path` (the outer query's relation to `model`) repeats it, and a
    person counts once, whichever organisations registered them. Gallrad records have a hash of
    their own, so they repeat nothing."""
    return Exists(model.objects.filter(
        participant__unit_id__in=list(unit_ids),  # the units' own rows only, whatever plan is chosen (issue 19)
        participant__unit_id=OuterRef(f"{path}participant__unit_id"),
        participant__personnummer_hash=OuterRef(f"{path}participant__personnummer_hash"),
        participant_id__lt=OuterRef(f"{path}participant_id"),
        **{name: OuterRef(f"{path}{outer}") for name, outer in same.items()},
    ))


def _episodes(unit_ids: Iterable[int], period: ReportPeriod):
    """Episodes of the period; a start entered ahead counts from its day, not before (issue 16);
    an enrolment is a person and a start date, counted once (`_repeated`)."""
    return (
        # By the (unit, start) index (Episode.unit): the units' own episodes only (issue 19).
        Episode.objects.filter(unit_id__in=list(unit_ids), started_on__lte=timezone.localdate())
        .filter(kpis.enrolled_during(period.start, period.end))
        .exclude(_repeated(Episode, unit_ids, started_on="started_on"))
    )


def episode_figures(unit_ids, period: ReportPeriod) -> Figures:
    """Occupancy, starts, exits and their outcomes and reasons, waiting time: one query (the
    episode figures of reporting/catalogue.py, each with its aggregate)."""
    accepted_on = (
        Assessment.objects.filter(participant=OuterRef("participant"), decision=Decision.ACCEPTED, decided_on__lte=OuterRef("started_on"))
        .order_by("-decided_on", "-pk")
        .values("decided_on")[:1]
    )
    window = EpisodeWindow(period.start, period.end)
    aggregates = {f.key: f.aggregate(window) for f in catalogue.STATIC if f.source == "episode"}
    rows = (
        _episodes(unit_ids, period).annotate(accepted_on=Subquery(accepted_on))
        .values("unit_id").order_by().annotate(**aggregates)
    )
    result: Figures = {}
    for row in rows:
        unit_id = row.pop("unit_id")
        row["waiting|days"] = row["waiting|days"] or 0
        _merge(result, unit_id, row)
    return result


def intake_figures(unit_ids, period: ReportPeriod) -> Figures:
    """Information meetings, interviews, assessments: three queries.

    Only who came and interviews held count: a booking is a plan (issue 16).
    """
    result: Figures = {}
    within = {"held_on__gte": period.start, "held_on__lte": period.end}
    for row in (
        MeetingAttendance.objects.filter(meeting__unit_id__in=list(unit_ids), state=AttendanceState.ATTENDED)
        .filter(**{f"meeting__{k}": v for k, v in within.items()})
        .values("meeting__unit_id").order_by()
        .annotate(people=Count(PERSON, distinct=True), walk_ins=Count("pk", filter=Q(participant__isnull=True)))
    ):
        _merge(result, row["meeting__unit_id"], {"funnel|attendees": row["people"] + row["walk_ins"]})
    for row in (
        # Interviews and assessments by their (unit, date) indexes: the units' own (issue 19).
        Interview.objects.filter(unit_id__in=list(unit_ids), status=InterviewStatus.HELD, **within)
        .values("unit_id").order_by().annotate(n=Count(PERSON, distinct=True))
    ):
        _merge(result, row["unit_id"], {"funnel|interviewed": row["n"]})
    for row in (
        Assessment.objects.filter(unit_id__in=list(unit_ids), decided_on__gte=period.start, decided_on__lte=period.end)
        .values("unit_id").order_by()
        .annotate(
            assessed=Count(PERSON, distinct=True),
            accepted=Count(PERSON, distinct=True, filter=Q(decision=Decision.ACCEPTED)),
        )
    ):
        _merge(result, row["unit_id"], {"funnel|assessed": row["assessed"], "funnel|accepted": row["accepted"]})
    return result


def follow_up_figures(unit_ids, period: ReportPeriod) -> Figures:
    """Follow-ups of exits to work or studies due in the period: one query."""
    aggregates = {}
    for months in kpis.FOLLOW_UP_MONTHS:
        at = Q(months=months)
        aggregates[key("keeping", months, "due")] = Count("pk", filter=at)
        aggregates[key("keeping", months, "answered")] = Count("pk", filter=at & ~Q(result=""))
        aggregates[key("keeping", months, "kept")] = Count("pk", filter=at & Q(result__in=kpis.KEPT))
    # The units' own follow-ups due in the period, by the (unit, due date) index (FollowUp.unit):
    # neither every episode of the units nor every unit's follow-ups of the period (issue 19).
    rows = (
        FollowUp.objects.filter(
            unit_id__in=list(unit_ids), due_on__gte=period.start, due_on__lte=period.end,
            episode__exit_outcome__in=kpis.WORK_OR_STUDIES,
        )
        .exclude(_repeated(Episode, unit_ids, "episode__", started_on="started_on"))
        .values("unit_id").order_by().annotate(**aggregates)
    )
    result: Figures = {}
    for row in rows:
        _merge(result, row.pop("unit_id"), row)
    return result


def drug_test_figures(unit_ids, period: ReportPeriod) -> Figures:
    """Referrals to a drug test in the period: one query (discharges are an exit reason)."""
    rows = (
        # By the (unit, referral date) index (DrugTest.unit): the units' own referrals (issue 19).
        DrugTest.objects.filter(unit_id__in=list(unit_ids), referred_on__gte=period.start, referred_on__lte=period.end)
        .values("unit_id").order_by().annotate(n=Count("pk"))
    )
    return {row["unit_id"]: {"drug_tests|referred": row["n"]} for row in rows}


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
        PhaseChange.objects.filter(participant__unit_id__in=list(unit_ids), on__gte=period.start, on__lte=period.end, applied=True)
        .exclude(_repeated(PhaseChange, unit_ids, on="on", phase="phase"))
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
    """Each breakdown (catalogue.BREAKDOWN_DIMENSIONS): the expression or field that puts an
    episode's participant in a group."""
    return {
        "gender": F("participant__gender"),
        "age": age_band(period.end),
        "priority": priority_category(period.end, young_rules),
        "referral": F("participant__referral_source"),
        "municipality": F("participant__municipality__name"),
    }


def breakdown_figures(unit_ids, period: ReportPeriod, young_rules: Mapping[int, PriorityRules]) -> Figures:
    """Starts, exits, exits to work or studies per group of every dimension: one query.

    The query counts the episodes of each combination of groups (one row per unit and gender, age
    band, priority, referral and municipality that occur together); each dimension's figures are
    the sums over the other four. Every episode is in exactly one row, so the sums are the counts
    one query per dimension gave (issue 19: that was five queries, each finding the same episodes).
    The groups are attributes of the participant, so every person is in exactly one group and the
    groups add up to the totals (what small-number protection relies on).
    """
    start, end = period.start, period.end
    closed = Q(ended_on__lte=end)
    measures = {
        "started": Count("pk", filter=Q(started_on__gte=start)),
        "closed": Count("pk", filter=closed),
        "work_or_studies": Count("pk", filter=closed & Q(exit_outcome__in=kpis.WORK_OR_STUDIES)),
    }
    assert set(measures) == set(catalogue.BREAKDOWN_MEASURES)
    dimensions = breakdown_dimensions(period, young_rules)
    assert tuple(dimensions) == catalogue.BREAKDOWN_DIMENSIONS
    buckets = {f"bucket_{dimension}": expression for dimension, expression in dimensions.items()}
    rows = (
        _episodes(unit_ids, period).filter(Q(started_on__gte=start) | closed).annotate(**buckets)
        .values("unit_id", *buckets).order_by().annotate(**measures)
    )
    result: Figures = defaultdict(dict)
    for row in rows:
        figures = result[row["unit_id"]]
        for dimension in dimensions:
            bucket = row[f"bucket_{dimension}"] or UNKNOWN
            for measure in measures:
                if row[measure]:
                    name = catalogue.breakdown_key(dimension, bucket, measure)
                    figures[name] = figures.get(name, 0) + row[measure]
    return dict(result)


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
