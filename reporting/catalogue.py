"""The reporting figures, declared once: what each is, where it is shown, and how figures add up.

Every figure has a key ("outcome|closed", "reason|work", "breakdown|gender|woman|started"), a
family (the part before the first "|"), a label, and a kind:

- COUNT: a number of people, or of their episodes, follow-ups, tests, stays. Small-number
  protection covers it (reporting/protection.py).
- AMOUNT: money or days. Shown as it is, except that an amount that belongs to a count (`per`:
  the amount for the places of the people charged) is hidden together with that count.

Rates and averages are not stored: `RATES` declares each as a ratio of two figures, hidden when
either part is hidden.

The queries (reporting/figures.py) compute the figures of a `source` from the declarations here
(an episode figure carries its aggregate); protection reads the kinds, the partitions (a total is
the sum of its parts) and the identities (how months follow each other); the layout
(reporting/dashboard.py) reads the families in order. A new figure is one `Figure(...)` below:
declared, computed, protected and shown. tests/reporting/test_catalogue.py checks that the
queries produce exactly the declared keys.

Figures marked `shown=False` are never published: they are the parts that make a nested pair a
partition (exits = completed and to work + completed only + to work only + neither), so that
protection sees the difference of two shown counts as the count of people it is.
A figure with a `target` is shown only where the agreement in force at the period's end has that
outcome target (which studies it counts, which denominator): the exits to work or full-time
studies (seeds/003). Where it is not shown, protection treats it as never published and stores
it as hidden, so that a later change of the agreement shows it as "x" (reporting/protection.py).
Breakdowns (`breakdown|…`) are computed per month and stored with the month, but shown only for
quarters and longer periods (`monthly=False`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Count, F, Q, Sum
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from agreements.models import OutcomeDenominator
from agreements.rules import OutcomeStudies
from intake.models import ExitOutcome
from participants.models import OPEN_PHASES, Phase
from reporting import kpis
from reporting.expressions import DaysBetween

COUNT, AMOUNT = "count", "amount"
FULL_TIME = OutcomeStudies.FULL_TIME.value
ALL_CLOSED, COMPLETED_PROGRAMME = OutcomeDenominator.ALL_CLOSED.value, OutcomeDenominator.COMPLETED_PROGRAMME.value
SEP = "|"
UNKNOWN = "unknown"  # the group of people whose attribute is not recorded


def key(*parts) -> str:
    return SEP.join(str(p) for p in parts)


@dataclass(frozen=True)
class Figure:
    key: str
    label: object = ""  # a lazy text
    kind: str = COUNT
    per: str | None = None  # an amount hidden with this count
    shown: bool = True
    monthly: bool = True  # shown on a month's page (else on quarters and longer only)
    target: tuple[str, str] | None = None  # shown only under this outcome target: (studies, denominator)
    source: str = ""  # the query that computes it (reporting/figures.py)
    aggregate: Callable | None = field(default=None, compare=False)  # EpisodeWindow -> Django aggregate

    @property
    def family(self) -> str:
        return self.key.split(SEP, 1)[0]


@dataclass(frozen=True)
class Partition:
    """`total` is the sum of `parts`, each a count of zero or more."""

    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Identity:
    """Σ coefficient × figure(month + offset) = 0: how one month's figures follow from the one
    before. True by how Krami works except in rare cases (a re-enrolment within a month), so
    protection uses it for the months where it holds exactly: there an attacker could too."""

    name: str
    terms: tuple[tuple[int, str, int], ...]  # (coefficient, key, month offset ≤ 0)

    @property
    def reach(self) -> int:
        return -min(offset for _c, _k, offset in self.terms)


@dataclass(frozen=True)
class Rate:
    """A share (percent) or an average: `numerator` over `denominator`, hidden when either is."""

    key: str
    numerator: str
    denominator: str
    kind: str = "percent"  # or "average"


class EpisodeWindow:
    """The conditions an episode aggregate is built from, for the report period [start, end]."""

    def __init__(self, start, end):
        self.start, self.end = start, end
        self.started = Q(started_on__gte=start)
        self.closed = Q(ended_on__lte=end)
        self.work_or_studies = self.closed & Q(exit_outcome__in=kpis.WORK_OR_STUDIES)
        self.work_or_full_time_studies = self.closed & Q(exit_outcome__in=kpis.WORK_OR_FULL_TIME_STUDIES)
        self.completed = self.closed & Q(completed_guidance_programme=True)
        self.waited = self.started & Q(accepted_on__isnull=False)


def _episode(key_: str, label, aggregate, **kw) -> Figure:
    return Figure(key_, label, source="episode", aggregate=aggregate, **kw)


def _hidden_part(key_: str) -> Figure:
    return Figure(key_, shown=False)


def _reason_label(outcome):
    return lazy(lambda: str(ExitOutcome(outcome).label), str)()


def _phase_label(phase):
    return lazy(lambda: str(Phase(phase).label), str)()


OCCUPANCY = [
    # A person once, whichever parties registered them (the keyed personnummer hash, issue 18).
    _episode("occupancy|active", _("Active participants"), lambda w: Count("participant__personnummer_hash", distinct=True)),
]
FUNNEL = [
    Figure("funnel|attendees", _("Came to an information meeting"), source="intake"),
    Figure("funnel|interviewed", _("Interviewed"), source="intake"),
    Figure("funnel|assessed", _("Assessed"), source="intake"),
    Figure("funnel|accepted", _("Accepted"), source="intake"),
    _episode("funnel|started", _("Started"), lambda w: Count("pk", filter=w.started)),
    _hidden_part("funnel|~not_accepted"),
]
WAITING = [
    _episode("waiting|n", _("Starts with an accepting assessment"), lambda w: Count("pk", filter=w.waited)),
    Figure("waiting|days", _("Average days from acceptance to start"), kind=AMOUNT, per="waiting|n", source="episode",
           aggregate=lambda w: Sum(DaysBetween(F("started_on"), F("accepted_on")), filter=w.waited)),
    _hidden_part("waiting|~no_acceptance"),
]
OUTCOME = [
    _episode("outcome|closed", _("All exits"), lambda w: Count("pk", filter=w.closed)),
    _episode("outcome|work_or_studies", _("To work or studies"), lambda w: Count("pk", filter=w.work_or_studies)),
    _episode("outcome|completed", _("Exits after completing the guidance programme"), lambda w: Count("pk", filter=w.completed)),
    _episode("outcome|completed_work_or_studies", _("Completers to work or studies"),
             lambda w: Count("pk", filter=w.completed & Q(exit_outcome__in=kpis.WORK_OR_STUDIES))),
    # What a target of "work or full-time studies" is compared with (kpis.target_numerator), shown
    # as a row of its own beside the target's denominator.
    _episode("outcome|work_or_full_time_studies", _("To work or full-time studies"),
             lambda w: Count("pk", filter=w.work_or_full_time_studies), target=(FULL_TIME, ALL_CLOSED)),
    _episode("outcome|completed_work_or_full_time_studies", _("Completers to work or full-time studies"),
             lambda w: Count("pk", filter=w.completed & Q(exit_outcome__in=kpis.WORK_OR_FULL_TIME_STUDIES)),
             target=(FULL_TIME, COMPLETED_PROGRAMME)),
    _hidden_part("outcome|~not_work_or_studies"),
    _hidden_part("outcome|~completed_other"),
    _hidden_part("outcome|~not_completed_work_or_studies"),
    _hidden_part("outcome|~neither"),
    # Exits to studies part time or unspecified, by completion (work or studies less work or
    # full-time studies), and to work or full-time studies without completing.
    _hidden_part("outcome|~completed_other_studies"),
    _hidden_part("outcome|~not_completed_work_or_full_time_studies"),
    _hidden_part("outcome|~not_completed_other_studies"),
]
REASON = [
    _episode(key("reason", o), _reason_label(o), lambda w, o=o: Count("pk", filter=w.closed & Q(exit_outcome=o)))
    for o in ExitOutcome.values
]
KEEPING = [
    figure
    for months in kpis.FOLLOW_UP_MONTHS
    for figure in (
        Figure(key("keeping", months, "due"), _("Due"), source="follow_up"),
        Figure(key("keeping", months, "answered"), _("Answered"), source="follow_up"),
        Figure(key("keeping", months, "kept"), _("Still working or studying"), source="follow_up"),
        _hidden_part(key("keeping", months, "~unanswered")),
        _hidden_part(key("keeping", months, "~not_kept")),
    )
]
DRUG_TESTS = [Figure("drug_tests|referred", _("Referred to a drug test"), source="drug_test")]
PHASE = [
    figure
    for p in OPEN_PHASES
    for figure in (
        Figure(key("phase", p, "n"), _phase_label(p), source="phase"),
        Figure(key("phase", p, "days"), _phase_label(p), kind=AMOUNT, per=key("phase", p, "n"), source="phase"),
    )
]

STATIC = [*OCCUPANCY, *FUNNEL, *WAITING, *OUTCOME, *REASON, *KEEPING, *DRUG_TESTS, *PHASE]
BY_KEY = {f.key: f for f in STATIC}
TARGETED = frozenset(f.key for f in STATIC if f.target is not None)  # shown only under some outcome target

# Breakdowns: the measures broken down, the total each adds up to, and the dimensions.
BREAKDOWN_MEASURES = {
    "started": ("funnel|started", _("Started")),
    "closed": ("outcome|closed", _("Exits")),
    "work_or_studies": ("outcome|work_or_studies", _("To work or studies")),
}
BREAKDOWN_DIMENSIONS = ("gender", "age", "priority", "referral", "municipality")
NOT_WORK = "~closed_not_work_or_studies"  # a group's exits to something else: hidden part


def breakdown_key(dimension: str, group: str, measure: str) -> str:
    return key("breakdown", dimension, group, measure)


def places_key(municipality: str, what: str) -> str:
    return key("places", municipality, what)


RATES = [
    Rate("share|all_exits", "outcome|work_or_studies", "outcome|closed"),
    Rate("share|completers", "outcome|completed_work_or_studies", "outcome|completed"),
    *(Rate(key("share", "keeping", m), key("keeping", m, "kept"), key("keeping", m, "answered")) for m in kpis.FOLLOW_UP_MONTHS),
    Rate("average|waiting", "waiting|days", "waiting|n", kind="average"),
    *(Rate(key("average", "phase", p), key("phase", p, "days"), key("phase", p, "n"), kind="average") for p in OPEN_PHASES),
]

# A month's figures from the month before (kpis "occupancy", "keeping"). The active of a month are
# the active of the month before, less those who exited then, plus those who started; a follow-up
# falls due 3, 6 and 12 months after an exit to work or studies; a stay "accepted, waiting" ends
# with the start.
IDENTITIES = [
    Identity("stock_flow", ((1, "occupancy|active", 0), (-1, "occupancy|active", -1), (1, "outcome|closed", -1),
                            (-1, "funnel|started", 0))),
    *(Identity(f"follow_up_{m}", ((1, key("keeping", m, "due"), 0), (-1, "outcome|work_or_studies", -m)))
      for m in kpis.FOLLOW_UP_MONTHS),
    Identity("queue_to_start", ((1, key("phase", "queued", "n"), 0), (-1, "funnel|started", 0))),
]


@lru_cache(maxsize=65536)
def figure(name: str) -> Figure:
    """The declaration of a key, also of the keys made per group or municipality."""
    found = BY_KEY.get(name)
    if found is not None:
        return found
    parts = name.split(SEP)
    if parts[0] == "breakdown" and len(parts) == 4:
        return Figure(name, kind=COUNT, shown=not parts[3].startswith("~"), monthly=False, source="breakdown")
    if parts[0] == "places" and len(parts) == 3:
        if parts[2] == "amount":
            return Figure(name, kind=AMOUNT, per=places_key(parts[1], "people"), source="places")
        return Figure(name, source="places")
    return Figure(name, kind=AMOUNT, source=parts[0])  # economy and anything not counted


def is_count(name: str) -> bool:
    return figure(name).kind == COUNT


def is_shown(name: str) -> bool:
    return figure(name).shown


def shown_monthly(name: str) -> bool:
    return figure(name).monthly


def unpublished(target: tuple[str, str] | None) -> frozenset[str]:
    """The figures not shown under this outcome target ((studies, denominator) of the agreement in
    force at the period's end; None: no agreement or no target)."""
    return frozenset(f.key for f in STATIC if f.target is not None and f.target != target)


def targeted(targets) -> frozenset[str]:
    """The figures that one of these outcome targets shows."""
    wanted = set(targets)  # once: `targets` may be a generator
    return frozenset(f.key for f in STATIC if f.target is not None and f.target in wanted)


def count_keys(values: Iterable[str]) -> set[str]:
    return {k for k in values if is_count(k)}


def groups(values: Iterable[str], dimension: str) -> list[str]:
    prefix = f"breakdown{SEP}{dimension}{SEP}"
    return sorted({k.split(SEP)[2] for k in values if k.startswith(prefix)})


def municipalities(values: Iterable[str]) -> list[str]:
    return sorted({k.split(SEP)[1] for k in values if k.startswith("places|") and k.endswith("|people")} - {"total"})


def partitions(names: Iterable[str], *, breakdowns: bool) -> list[Partition]:
    """Every sum among these keys: a total and its parts (parts that are not there count 0).

    `breakdowns`: the breakdown tables are part of the publication (quarters and longer). The
    figures only a target shows take part when they are among the keys."""
    names = set(names)
    result = [
        Partition("outcome|closed", tuple(key("reason", o) for o in ExitOutcome.values)),
        Partition("outcome|work_or_studies", tuple(key("reason", o) for o in kpis.WORK_OR_STUDIES)),
        Partition("outcome|closed", ("outcome|work_or_studies", "outcome|~not_work_or_studies")),
        Partition("outcome|~not_work_or_studies", tuple(key("reason", o) for o in ExitOutcome.values if o not in kpis.WORK_OR_STUDIES)),
        Partition("outcome|~not_work_or_studies", ("outcome|~completed_other", "outcome|~neither")),
        Partition("outcome|closed", ("outcome|completed_work_or_studies", "outcome|~completed_other",
                                     "outcome|~not_completed_work_or_studies", "outcome|~neither")),
        Partition("outcome|completed", ("outcome|completed_work_or_studies", "outcome|~completed_other")),
        Partition("outcome|work_or_studies", ("outcome|completed_work_or_studies", "outcome|~not_completed_work_or_studies")),
        Partition("funnel|assessed", ("funnel|accepted", "funnel|~not_accepted")),
        Partition("funnel|started", ("waiting|n", "waiting|~no_acceptance")),
    ]
    for months in kpis.FOLLOW_UP_MONTHS:
        result.append(Partition(key("keeping", months, "due"), (key("keeping", months, "answered"), key("keeping", months, "~unanswered"))))
        result.append(Partition(key("keeping", months, "answered"), (key("keeping", months, "kept"), key("keeping", months, "~not_kept"))))
    if TARGETED & names:
        # Work or full-time studies within work or studies, by completion. The exits to studies
        # part time or unspecified (work or studies less work or full-time studies) are the sum
        # of their reasons: implied by these and the reasons' sums, so not a cell of their own.
        result += [
            Partition("outcome|work_or_full_time_studies", tuple(key("reason", o) for o in kpis.WORK_OR_FULL_TIME_STUDIES)),
            Partition("outcome|work_or_full_time_studies", ("outcome|completed_work_or_full_time_studies",
                                                            "outcome|~not_completed_work_or_full_time_studies")),
            Partition("outcome|completed_work_or_studies", ("outcome|completed_work_or_full_time_studies",
                                                            "outcome|~completed_other_studies")),
            Partition("outcome|~not_completed_work_or_studies", ("outcome|~not_completed_work_or_full_time_studies",
                                                                  "outcome|~not_completed_other_studies")),
            Partition("outcome|closed", ("outcome|completed_work_or_full_time_studies", "outcome|~completed_other_studies",
                                         "outcome|~completed_other", "outcome|~not_completed_work_or_full_time_studies",
                                         "outcome|~not_completed_other_studies", "outcome|~neither")),
        ]
    places = municipalities(names)
    if places:
        result.append(Partition("places|total|people", tuple(places_key(m, "people") for m in places)))
    if breakdowns:
        for dimension in BREAKDOWN_DIMENSIONS:
            found = groups(names, dimension)
            if not found:
                continue
            for measure, (total, _label) in BREAKDOWN_MEASURES.items():
                result.append(Partition(total, tuple(breakdown_key(dimension, g, measure) for g in found)))
            for g in found:
                result.append(Partition(breakdown_key(dimension, g, "closed"),
                                        (breakdown_key(dimension, g, "work_or_studies"), breakdown_key(dimension, g, NOT_WORK))))
    return result


def with_hidden_parts(values: Mapping[str, int], *, breakdowns: bool) -> dict:
    """`values` and the value of every part that is not shown (a total less its shown parts)."""
    result = dict(values)
    pending = [p for p in partitions(result, breakdowns=breakdowns) if any(not is_shown(part) for part in p.parts)]
    for _round in range(3):  # "neither" needs the two other hidden parts of exits first
        for p in pending:
            missing = [part for part in p.parts if not is_shown(part) and part not in result]
            if len(missing) == 1 and (is_shown(p.total) or p.total in result):
                result[missing[0]] = int(result.get(p.total) or 0) - sum(int(result.get(x) or 0) for x in p.parts if x != missing[0])
    return result


def rate(name: str) -> Rate:
    return next(r for r in RATES if r.key == name)
