"""The KPI definitions: what each figure counts, on which dates, against which denominator.

One place for every rule of the styrgrupp's figures (STYLE.md, "One place for each rule"):
the definition texts shown beside every figure (and in docs/reporting.md), and the building
blocks the database aggregations in reporting/figures.py are made of, so that the text and the
query cannot drift apart. DOMAIN.md, "Targets": reports show both denominators and say which
one a target uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intake.models import ExitOutcome, FollowUpResult
from krami.glossary import ACTIVE_DURING_MONTH, ACTIVE_TODAY

# Bump when a definition changes: a month-end snapshot records the version it was computed with.
# 2: studies full time / part time, and the outcome target counts the studies it names (issue 18);
# 3: fixed periods, a longer period the sum of its months, no "active on the last day" (issue 13);
# 4: a person counted once, by the keyed personnummer hash, whichever parties registered them (issue 18).
DEFINITIONS_VERSION = 4

# Exits that count as "went to work or studies" (DOMAIN.md, "Targets"): work, and studies full
# time, part time or unspecified (exits recorded before the two were told apart).
WORK = (ExitOutcome.WORK_WITH_SUBSIDY, ExitOutcome.WORK)
STUDIES = (ExitOutcome.STUDIES_FULL_TIME, ExitOutcome.STUDIES_PART_TIME, ExitOutcome.STUDIES)
WORK_OR_STUDIES = WORK + STUDIES
# What a target of "work or full-time studies" counts (seeds/003): unspecified studies do not.
WORK_OR_FULL_TIME_STUDIES = WORK + (ExitOutcome.STUDIES_FULL_TIME,)
# Follow-up answers that count as "still working or studying".
KEPT = (FollowUpResult.WORKING, FollowUpResult.STUDYING_FULL_TIME, FollowUpResult.STUDYING_PART_TIME,
        FollowUpResult.STUDYING)
FOLLOW_UP_MONTHS = (3, 6, 12)
# A status is "within 5 points" when the share is below the target by at most this many points.
NEAR_TARGET_POINTS = Decimal(5)
# Age bands of the breakdowns: (key, from age, to age inclusive or None).
AGE_BANDS = (("18-25", 18, 25), ("26-30", 26, 30), ("31-40", 31, 40), ("41+", 41, None))


def target_numerator(outcome_studies: str, *, completed: bool = False) -> str:
    """The figure an outcome target is compared with: the exits to work or studies it names
    (agreements.rules.OutcomeStudies), of all exits or of the completers."""
    prefix = "outcome|completed_" if completed else "outcome|"
    return prefix + ("work_or_full_time_studies" if outcome_studies == "full_time" else "work_or_studies")


def enrolled_during(start: date, end: date, prefix: str = "") -> Q:
    """An enrolment episode overlaps [start, end]: started on or before the last day and not
    exited before the first day. A start on the last day and an exit on the first day count."""
    return Q(**{f"{prefix}started_on__lte": end}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": start})
    )


def enrolled_on(day: date, prefix: str = "") -> Q:
    """Enrolled on `day`: the exit date is the last day enrolled."""
    return enrolled_during(day, day, prefix)


def share(numerator: int | None, denominator: int | None) -> Decimal | None:
    """Percent with one decimal (half up); None when there is no denominator."""
    if not denominator or numerator is None:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def target_status(value: Decimal | None, target: Decimal | None) -> str:
    """"met" (at or above the target), "near" (below by at most 5 points), "below", or "" (no figure or target)."""
    if value is None or target is None:
        return ""
    if value >= target:
        return "met"
    return "near" if target - value <= NEAR_TARGET_POINTS else "below"


def occupancy_label(months: int = 1) -> str:
    """The name of the reports' occupancy figure (krami/glossary.py): "Active during the month", and
    for a period of several months its average per month. Every page and export uses it."""
    if months == 1:
        return str(ACTIVE_DURING_MONTH)
    return gettext("%(measure)s, average per month") % {"measure": ACTIVE_DURING_MONTH}


def compared_with(measure: str) -> str:
    """Said next to an occupancy target: which measure it is compared with."""
    return gettext("The occupancy target is compared with “%(measure)s”.") % {"measure": measure}


def number_label(value: Decimal) -> str:
    """A target as written in the agreement, in the page's language: 60, not 60.00; 62,5 in Swedish."""
    exact = Decimal(value).normalize()
    return number_format(exact, max(0, -exact.as_tuple().exponent))


def percent_label(value: Decimal) -> str:
    return f"{number_label(value)} %"


def pro_rata(minimum: int, *, period_days: int, overlap_days: int) -> Decimal:
    """A target for the agreement's period scaled to the days of the report period inside it."""
    if period_days <= 0:
        return Decimal(0)
    return (Decimal(minimum) * overlap_days / period_days).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class KPI:
    key: str  # the anchor of its definition: #def-<key>
    title: str | Promise
    counted: str | Promise  # what is counted
    dates: str | Promise  # which dates put it in the period
    denominator: str | Promise = ""  # for shares: of what


DEFINITIONS = (
    KPI(
        "occupancy",
        format_lazy(_("Occupancy (beläggning): “{}”"), ACTIVE_DURING_MONTH),
        format_lazy(
            _("“{during}”: distinct participants with an enrolment episode (from the start of the guidance course to "
              "the exit, avslut) that overlaps the month, that is everyone enrolled on at least one day of it. A "
              "person with two episodes in the month counts once. For a quarter, half-year, year or agreement "
              "period: the average of its months. Not the same figure as “{today}” on the intake pages (the queue "
              "and its priority order), which counts those enrolled on one day: on the month's last day that is "
              "fewer, by those who left during the month. The reports do not show the figure of one day: beside "
              "“{during}” it would reveal how many left."),
            during=ACTIVE_DURING_MONTH, today=ACTIVE_TODAY,
        ),
        format_lazy(
            _("The episode started on or before the month's last day and was not exited before its first day: a "
              "start on the last day and an exit on the first day both count. The occupancy target "
              "(beläggningsmål) of the agreement in force on the period's last day is compared with “{during}” "
              "(for a longer period, with its average per month)."),
            during=ACTIVE_DURING_MONTH,
        ),
    ),
    KPI(
        "funnel",
        _("Inflow: from information meeting to start"),
        _("Information meetings: people who came to the unit's information meetings (a registered participant once, "
          "each walk-in once; a booking counts only once the person came). Interviewed, assessed, accepted: distinct "
          "participants with an interview held (not only booked), an assessment, an accepting assessment. Started: "
          "enrolment episodes started (re-enrolments included; a start entered ahead counts from its day). Counted per "
          "month; a longer period adds up its months (someone interviewed in two of its months counts twice)."),
        _("The date of the meeting, the interview, the team meeting's decision, the start, inside the period. Each "
          "step counts what happened in the period by its own date; the steps do not follow the same people: "
          "someone interviewed in March and assessed in April counts in March's interviews and April's "
          "assessments. So a step is not a share of the step before, and no step percentages are shown."),
    ),
    KPI(
        "inflow_target",
        _("Inflow targets"),
        _("The agreement's minimum of interviewed and of enrolled (started) people for its period, and the part of "
          "it that falls on the report period (minimum × days of the report period inside the agreement ÷ days of "
          "the agreement)."),
        _("The agreement in force on the period's last day."),
    ),
    KPI(
        "waiting",
        _("Waiting time from acceptance to start"),
        _("Average number of days from the latest accepting assessment on or before the start to the start, over "
          "the episodes started in the period that have such an assessment."),
        _("The start date inside the period."),
    ),
    KPI(
        "outcomes",
        _("Exits to work or studies"),
        _("Exits (closed enrolment episodes) with the outcome work with wage subsidy, work without subsidy, or "
          "studies full time, part time or unspecified (exits recorded before full and part time were told apart). "
          "A target of “work or full-time studies” counts work and full-time studies only. A person who exits "
          "twice in the period counts twice."),
        _("The exit date inside the period."),
        _("Shown with both denominators: of all exits in the period, and of the exits where the participant "
          "completed the guidance programme (the numerator then counts only completers). The target says which "
          "one it uses, and which studies. Status: met (at or above the target), within 5 percentage points "
          "below, or below."),
    ),
    KPI(
        "exit_reasons",
        _("Exit reasons"),
        _("Exits in the period by the outcome recorded at the exit."),
        _("The exit date inside the period."),
    ),
    KPI(
        "keeping",
        _("Keeping the job (behålla)"),
        _("Follow-ups at 3, 6 and 12 months after exits to work or studies: answered follow-ups, and those where "
          "the person was still working or studying."),
        _("The follow-up's due date inside the period."),
        _("Of the answered follow-ups; a person who could not be reached counts as answered and not working."),
    ),
    KPI(
        "breakdowns",
        _("Breakdowns"),
        _("The starts, exits and exits to work or studies of the period by gender, age band (18–25, 26–30, "
          "31–40, 41+: age on the last day of the month of the start or exit), priority category (from the "
          "criminal-justice data, that age and the agreement's age limits for young people), referring "
          "organisation and municipality of residence; the attributes as recorded when the month was closed "
          "(as recorded now for a month not closed). Shown for quarters and longer periods, as the sum of "
          "their months."),
        _("As for each figure."),
    ),
    KPI(
        "phase_time",
        _("Time in each phase"),
        _("For every stay in a phase that ended in the period (the participant moved to the next phase): the "
          "number of stays and their average length in days."),
        _("The date the participant left the phase inside the period."),
    ),
    KPI(
        "drug_tests",
        _("Drug tests"),
        _("Referrals to a drug test, and exits with the outcome “discharged after drug test”."),
        _("The referral date, the exit date inside the period."),
    ),
    KPI(
        "economy",
        _("Budget and actual costs"),
        _("Actual costs per cost category of the agreement in force on the period's last day, against the "
          "category's budget for the agreement period and its part for the report period (budget × months of the "
          "report period inside the agreement ÷ months of the agreement). Each party's share follows the "
          "agreement's split rules (agreements/costsplit.py)."),
        _("The month a cost belongs to, inside the period."),
    ),
    KPI(
        "purchased_places",
        _("Purchased places"),
        _("Residents of municipalities outside the agreement who were charged for a place: people and amount due "
          "under the agreement's price model: per enrolment month started (months counted from the start, up to "
          "the agreed number of months), or a fixed sum per place (charged once, in full); drug tests are billed "
          "separately. A longer period adds up its months: charged months, or places for a fixed sum."),
        _("The calendar month in which a charged enrolment month starts (for a fixed sum: the month of the "
          "participant's first start), inside the period."),
    ),
    KPI(
        "suppression",
        _("Small numbers are hidden"),
        _("A count of 1–4 people is never shown: it is replaced by “x”. So that it cannot be worked out by "
          "subtracting visible figures (a total less its parts, a quarter less two of its months, the country less "
          "the other units), other cells are hidden as well (also marked “x”: such a cell may hold any number). "
          "Reports are for fixed periods only, and a cell hidden once stays hidden in every report, download and "
          "the national view. Shares and averages built on a hidden count are hidden."),
        _("Applies to every table, chart, export and PDF, and across all of them."),
    ),
    KPI(
        "snapshot",
        _("Closed months and later changes"),
        _("When a month is closed, its figures are frozen as they were, with the months before it that were still "
          "open. Data entered later for that month does not change them; a frozen figure that data entered later "
          "has changed is marked “changed after closing”, without the difference (it is itself a count of people)."),
        _("The month's figures as computed at the moment it was closed."),
    ),
)

BY_KEY = {kpi.key: kpi for kpi in DEFINITIONS}
