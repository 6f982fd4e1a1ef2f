"""The outside tester of issue 13, as code: a world of small units, every publication a styrgrupp
member and an NSG member can fetch, and the linear system an attacker sets up from them.

- `small_world`: two small units (3–6 and 0–3 starts a month) from October 2024 to June 2026, with
  every kind of event the figures count, one unit on a calendar-year agreement and one on an
  agreement from July to June; every month closed, as a real installation does.
- `TrueAtoms`: the true counts of each unit and month at the finest grain an attacker could ask
  about (an exit by outcome and by whether the programme was completed, a group's starts, …),
  computed here from the rows, not by reporting/.
- `fetch_publications`: every fixed period's dashboard (page, CSV, Excel; the PDF for some) and the
  national view (page and Excel), through the views, parsed into cells.
- `System`: the attacker's equations, exact over the integers modulo a 61-bit prime (Gauss–
  Jordan on sparse rows): each visible cell is a sum of atoms with a known value, every visible 0
  makes its atoms 0, each unit-month's groups add up to its totals, and the identities between
  months hold where they hold in the data. `pins` answers whether a sum of atoms has one value.
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from agreements.models import Agreement
from agreements.rules import PriorityCategory, PriorityRules
from intake.models import (
    Assessment,
    Decision,
    DrugTest,
    DrugTestResult,
    Episode,
    ExitOutcome,
    FollowUp,
    InformationMeeting,
    Interview,
    MeetingAttendance,
)
from intake.priority import Applicant, priority_category
from krami.dates import add_months, age_on, month_end
from krami.models import Gender, Municipality, Role
from participants.models import (
    OPEN_PHASES,
    CriminalJusticeInfo,
    CriminalJusticeStatus,
    LabourMarketInfo,
    Phase,
    PhaseChange,
    ReferralSource,
    SocialServicesInfo,
)
from reporting.economy import invoices_for
from reporting.periods import month_period
from reporting.snapshots import months_close
from tests.agreements.factories import stockholm_like
from tests.krami.factories import MunicipalityFactory, staff
from tests.pdf import pdf_words
from tests.reporting.helpers import Team

FIRST, LAST = date(2024, 10, 1), date(2026, 6, 1)
# Exits to work or studies (any), to work or full-time studies (what a full-time target counts), and the rest.
WORK = ("work_subsidy", "work", "studies_full_time", "studies_part_time", "studies")
FULL_TIME = ("work_subsidy", "work", "studies_full_time")
OUTCOMES = [*WORK, "other_programme", "moved", "illness", "drug_test", "dropped_out", "other"]
KEPT = ("working", "studying_full_time", "studying_part_time", "studying")
AGE_BANDS = (("18-25", 18, 25), ("26-30", 26, 30), ("31-40", 31, 40), ("41+", 41, 200))
P = (1 << 61) - 1


def months(first: date = FIRST, last: date = LAST) -> list[date]:
    result, m = [], first
    while m <= last:
        result.append(m)
        m = add_months(m, 1)
    return result


# ---------------------------------------------------------------------------------------- world


@dataclass
class World:
    teams: list[Team]
    nsg: object
    outside: list


def small_world(seed: int = 13) -> World:
    """Three units: "Liten" with 3–6 starts a month, "Mini" with 0–3 (on an agreement from July to
    June), and "Mellan" with 6–10 in 2025 only, most of whose exits go to work (so that a month's
    exits and exits to work show, and the few others are a small count). Liten's 2026 agreement
    and Mini's set a target of work or full-time studies (of the completers, of all exits: the
    rows only such a target shows); Mellan's charges a fixed sum per purchased place."""
    rng = random.Random(seed)
    small, tiny, medium = Team("Krami Liten"), Team("Krami Mini"), Team("Krami Mellan")
    stockholm_like(unit=small.unit, year=2025)
    full_time = [
        (stockholm_like(unit=small.unit, year=2026), "completed_programme"),
        (stockholm_like(unit=tiny.unit, year=2025, period=(date(2025, 7, 1), date(2026, 6, 30))), "all_closed"),
    ]
    for agreement, denominator in full_time:
        Agreement.objects.filter(pk=agreement.pk).update(outcome_studies="full_time", outcome_denominator=denominator)
    fixed_sum = stockholm_like(unit=medium.unit, year=2025)
    Agreement.objects.filter(pk=fixed_sum.pk).update(place_price_model="per_place")
    outside = [MunicipalityFactory(name="Köpby"), MunicipalityFactory(name="Handelsstad")]
    for team, (low, high), last, to_work in ((small, (3, 6), LAST, 0.33), (tiny, (0, 3), LAST, 0.33),
                                             (medium, (6, 10), date(2025, 12, 1), 0.8)):
        _history(rng, team, low, high, outside, last=last, to_work=to_work)
    teams = [small, tiny, medium]
    months_close(units=[t.unit for t in teams], months=[LAST], by={t.unit.pk: t.styrgrupp for t in teams})
    return World(teams, staff(role=Role.NSG), outside)


def _history(rng: random.Random, team: Team, low: int, high: int, outside, *, last: date, to_work: float) -> None:
    today = timezone.localdate()
    own = team.unit.municipalities.first()
    for month in months(FIRST, last):
        meeting = InformationMeeting.objects.create(unit=team.unit, held_on=month + timedelta(days=3), starts_at=time(10),
                                                    place="Lokalen", created_by=team.worker)
        for i in range(rng.randint(0, 2)):
            MeetingAttendance.objects.create(meeting=meeting, name=f"Besökare {i}", contact="070", recorded_by=team.worker)
        for _i in range(rng.randint(0, 1)):  # assessed, not accepted
            person = _person(rng, team, own, outside, month)
            team.interview(person, month + timedelta(days=rng.randint(0, 9)))
            team.assess(person, month + timedelta(days=rng.randint(10, 20)), Decision.NOT_NOW)
        for _i in range(rng.randint(low, high)):
            started = month + timedelta(days=rng.randint(0, 27))
            person = _person(rng, team, own, outside, started)
            MeetingAttendance.objects.create(meeting=meeting, participant=person, recorded_by=team.worker)
            team.interview(person, started - timedelta(days=rng.randint(15, 25)))
            team.assess(person, started - timedelta(days=rng.randint(3, 12)))
            ended = started + timedelta(days=rng.randint(40, 240)) if rng.random() < 0.85 else None
            if ended is not None and ended >= today:
                ended = None
            outcome = (rng.choice(WORK) if rng.random() < to_work else rng.choice(OUTCOMES[len(WORK):])) if ended else ""
            completed = rng.random() < 0.65 if ended else None
            episode = team.enrol(person, started, ended, outcome, completed)
            for on, phase in ((started - timedelta(days=12), Phase.QUEUED), (started, Phase.GUIDANCE)):
                PhaseChange.objects.create(participant=person, phase=phase, on=on, changed_by=team.worker)
            if ended and rng.random() < 0.4:
                PhaseChange.objects.create(participant=person, phase=Phase.INTERNSHIP, on=started + timedelta(days=30),
                                           changed_by=team.worker)
            if ended:
                PhaseChange.objects.create(participant=person, phase=Phase.CLOSED, on=ended, changed_by=team.worker)
            if ended and outcome in WORK:
                for k in (3, 6, 12):
                    due = add_months(ended, k)
                    result = rng.choice([*KEPT, "neither", "not_reached", ""]) if due < today else ""
                    team.follow_up(episode, k, due, result=result, checked=due if result else None)
            if rng.random() < 0.2:
                DrugTest.objects.create(
                    participant=person, owner_organisation=team.worker.staff_profile.organisation,
                    referred_on=started + timedelta(days=rng.randint(5, 35)), reason="Misstanke", referred_by=team.worker,
                    result=DrugTestResult.NEGATIVE, result_on=started + timedelta(days=40),
                )


def _person(rng, team: Team, own, outside, on: date):
    municipality = rng.choice(outside) if rng.random() < 0.15 else own
    person = team.person(
        gender=rng.choices([Gender.MAN, Gender.WOMAN, Gender.OTHER], [60, 35, 5])[0],
        born=on - timedelta(days=rng.randint(18 * 365 + 30, 60 * 365)), municipality=municipality,
        referral_source=rng.choice(ReferralSource.values), phase_since=on - timedelta(days=30),
    )
    CriminalJusticeInfo.objects.filter(participant=person).update(
        status=rng.choice(CriminalJusticeStatus.values), current_at_kv=rng.random() < 0.5)
    SocialServicesInfo.objects.filter(participant=person).update(current_at_social_services=rng.random() < 0.5)
    LabourMarketInfo.objects.filter(participant=person).update(registered_at_af=rng.random() < 0.5)
    return person


# ----------------------------------------------------------------------------------- true atoms


def _band(age: int) -> str:
    for name, low, high in AGE_BANDS:
        if low <= age <= high:
            return name
    return "under-18"


class TrueAtoms:
    """{(unit id, month, atom): true value}, computed from the rows; `universe` is every atom a unit
    could have, whether it happened or not (the attacker does not know which never did)."""

    def __init__(self, world: World):
        self.values: dict[tuple, int] = defaultdict(int)
        for team in world.teams:
            self._unit(team)
        self.universe = self._universe(world)

    @staticmethod
    def _universe(world: World) -> set[tuple]:
        municipalities = list(Municipality.objects.values_list("name", flat=True))
        groups = {
            "gender": Gender.values, "age": ["under-18", *(b[0] for b in AGE_BANDS)],
            "priority": [*PriorityCategory.values, "none"], "referral": [*ReferralSource.values, "unknown"],
            "municipality": municipalities,
        }
        atoms = {("active",), ("started_waited",), ("started_not_waited",), ("attendees",), ("interviewed",), ("accepted",),
                 ("assessed_not_accepted",), ("drug_referred",)}
        atoms |= {("exit", o, c) for o in OUTCOMES for c in (True, False)}
        atoms |= {("keep", k, a) for k in (3, 6, 12) for a in ("kept", "not_kept", "unanswered")}
        atoms |= {("phase", p) for p in OPEN_PHASES}
        atoms |= {("places", m) for m in municipalities}
        atoms |= {("bd", d, g, m) for d, names in groups.items() for g in names for m in ("started", "wos", "other_exit")}
        return atoms

    def _unit(self, team: Team) -> None:
        unit = team.unit
        episodes = list(Episode.objects.filter(participant__unit=unit).select_related(
            "participant__criminal_justice", "participant__social_services", "participant__labour_market", "participant__municipality"))
        accepted = defaultdict(list)
        for a in Assessment.objects.filter(participant__unit=unit, decision=Decision.ACCEPTED):
            accepted[a.participant_id].append(a.decided_on)
        for m in months():
            end = month_end(m)
            add = self._adder(unit.pk, m)
            active = {e.participant_id for e in episodes if e.started_on <= end and (e.ended_on is None or e.ended_on >= m)}
            add(("active",), len(active))
            for e in episodes:
                person = e.participant
                groups = self._groups(person, end, team)
                if m <= e.started_on <= end:
                    waited = any(d <= e.started_on for d in accepted[person.pk])
                    add(("started_waited",) if waited else ("started_not_waited",))
                    for dimension, group in groups.items():
                        add(("bd", dimension, group, "started"))
                if e.ended_on and m <= e.ended_on <= end:
                    add(("exit", e.exit_outcome, bool(e.completed_guidance_programme)))
                    for dimension, group in groups.items():
                        add(("bd", dimension, group, "wos" if e.exit_outcome in WORK else "other_exit"))
            within = {"held_on__gte": m, "held_on__lte": end}
            add(("interviewed",), Interview.objects.filter(participant__unit=unit, **within).values("participant").distinct().count())
            assessed = set(Assessment.objects.filter(participant__unit=unit, decided_on__gte=m, decided_on__lte=end)
                           .values_list("participant", flat=True))
            accepted_now = set(Assessment.objects.filter(participant__unit=unit, decided_on__gte=m, decided_on__lte=end,
                                                         decision=Decision.ACCEPTED).values_list("participant", flat=True))
            add(("accepted",), len(accepted_now))
            add(("assessed_not_accepted",), len(assessed - accepted_now))
            attendances = MeetingAttendance.objects.filter(meeting__unit=unit, meeting__held_on__gte=m, meeting__held_on__lte=end)
            add(("attendees",), len({a.participant_id for a in attendances if a.participant_id})
                + sum(1 for a in attendances if not a.participant_id))
            for f in FollowUp.objects.filter(episode__participant__unit=unit, due_on__gte=m, due_on__lte=end,
                                             episode__exit_outcome__in=WORK):
                answer = "unanswered" if not f.result else ("kept" if f.result in KEPT else "not_kept")
                add(("keep", f.months, answer))
            add(("drug_referred",), DrugTest.objects.filter(participant__unit=unit, referred_on__gte=m, referred_on__lte=end).count())
            self._phases(unit, m, end, add)
            self._places(team, m, add)

    def _adder(self, unit_id: int, month: date):
        def add(atom: tuple, n: int = 1) -> None:
            self.values[(unit_id, month, atom)] += n
        return add

    @staticmethod
    def _groups(person, end: date, team: Team) -> dict[str, str]:
        rules = PriorityRules()
        cj, ss, lm = person.criminal_justice, person.social_services, person.labour_market
        category = priority_category(Applicant(
            key=person.pk, decided_on=end, birth_date=person.birth_date, is_woman=person.gender == Gender.WOMAN,
            criminal_justice_status=cj.status, current_at_kv=cj.current_at_kv,
            current_at_social_services=ss.current_at_social_services, registered_at_af=lm.registered_at_af,
        ), rules)
        return {
            "gender": person.gender, "age": _band(age_on(person.birth_date, end)), "priority": category or "none",
            "referral": person.referral_source or "unknown", "municipality": person.municipality.name,
        }

    @staticmethod
    def _phases(unit, m: date, end: date, add) -> None:
        changes = defaultdict(list)
        for c in PhaseChange.objects.filter(participant__unit=unit).order_by("on", "pk"):
            changes[c.participant_id].append(c)
        for history in changes.values():
            for before, after in zip(history, history[1:], strict=False):
                if m <= after.on <= end and before.phase in OPEN_PHASES:
                    add(("phase", before.phase))

    @staticmethod
    def _places(team: Team, m: date, add) -> None:
        agreement = team.unit.agreements.filter(period_start__lte=m, period_end__gte=m).first()
        if agreement is None:
            return
        for invoice in invoices_for(unit=team.unit, agreement=agreement, period=month_period(m)) or []:
            people = {line.reference for line in invoice.lines if line.place_amount}
            add(("places", invoice.municipality), len(people))


# ------------------------------------------------------------------------------ what is shown

HIDDEN_PARTS = ("~exits_not_to_work", "~completed_not_to_work", "~to_work_not_completed", "~neither", "~assessed_not_accepted",
                "~started_without_acceptance", "~completed_other_studies", "~full_time_not_completed",
                "~other_studies_not_completed")


# A shown figure (or a hidden part of one) as a sum of atoms.
def figure_atoms(name: str, unit_atoms: set[tuple]) -> list[tuple]:
    parts = name.split("|")
    if name == "occupancy|active":
        return [("active",)]
    if name == "funnel|started":
        return [("started_waited",), ("started_not_waited",)]
    if name == "waiting|n":
        return [("started_waited",)]
    if name in ("funnel|attendees", "funnel|interviewed", "funnel|accepted"):
        return [(parts[1],)]
    if name == "funnel|assessed":
        return [("accepted",), ("assessed_not_accepted",)]
    exits = [a for a in unit_atoms if a[0] == "exit"]
    if name == "outcome|closed":
        return exits
    if name == "outcome|work_or_studies":
        return [a for a in exits if a[1] in WORK]
    if name == "outcome|completed":
        return [a for a in exits if a[2]]
    if name == "outcome|completed_work_or_studies":
        return [a for a in exits if a[1] in WORK and a[2]]
    if name == "outcome|work_or_full_time_studies":
        return [a for a in exits if a[1] in FULL_TIME]
    if name == "outcome|completed_work_or_full_time_studies":
        return [a for a in exits if a[1] in FULL_TIME and a[2]]
    if parts[0] == "reason":
        return [a for a in exits if a[1] == parts[1]]
    # Never shown, but a count of people whenever two shown counts differ by it:
    if name == "~exits_not_to_work":
        return [a for a in exits if a[1] not in WORK]
    if name == "~completed_not_to_work":
        return [a for a in exits if a[1] not in WORK and a[2]]
    if name == "~to_work_not_completed":
        return [a for a in exits if a[1] in WORK and not a[2]]
    if name == "~neither":
        return [a for a in exits if a[1] not in WORK and not a[2]]
    if name == "~completed_other_studies":
        return [a for a in exits if a[1] in WORK and a[1] not in FULL_TIME and a[2]]
    if name == "~full_time_not_completed":
        return [a for a in exits if a[1] in FULL_TIME and not a[2]]
    if name == "~other_studies_not_completed":
        return [a for a in exits if a[1] in WORK and a[1] not in FULL_TIME and not a[2]]
    if name == "~assessed_not_accepted":
        return [("assessed_not_accepted",)]
    if name == "~started_without_acceptance":
        return [("started_not_waited",)]
    if parts[0] == "keeping":
        k, what = int(parts[1]), parts[2]
        answers = {"due": ("kept", "not_kept", "unanswered"), "answered": ("kept", "not_kept"), "kept": ("kept",)}[what]
        return [("keep", k, a) for a in answers]
    if name == "drug_tests|referred":
        return [("drug_referred",)]
    if parts[0] == "phase":
        return [("phase", parts[1])]
    if parts[0] == "places":
        if parts[1] == "total":
            return [a for a in unit_atoms if a[0] == "places"]
        return [("places", parts[1])]
    if parts[0] == "breakdown":
        measure = {"started": ("started",), "closed": ("wos", "other_exit"), "work_or_studies": ("wos",)}[parts[3]]
        return [("bd", parts[1], parts[2], m) for m in measure]
    raise KeyError(name)


@dataclass
class Shown:
    """One cell of one publication: what it counts (unit, months, figure) and what it shows."""

    where: str
    unit_id: int | None  # None: the country (every unit)
    months: tuple[date, ...]
    figure: str
    text: str  # the number shown, or "x"

    @property
    def hidden(self) -> bool:
        return self.text == "x"

    @property
    def value(self) -> int:
        return int(self.text.replace("\xa0", "").replace(" ", "").replace(",", ""))


@dataclass
class Publications:
    cells: list[Shown] = field(default_factory=list)
    shares: list[tuple[str, str, str, str]] = field(default_factory=list)  # where, share text, numerator text, denominator text
    fetched: int = 0  # responses read: pages, CSV, Excel, PDF, national page and Excel

    def get(self, client, url: str):
        self.fetched += 1
        response = client.get(url)
        assert response.status_code == 200, url
        return response


def labels() -> dict[str, dict[str, str]]:
    """Row labels (English) to figure keys or groups, from the models' own choices."""
    return {
        "reason": {str(label): value for value, label in ExitOutcome.choices},
        "phase": {str(label): value for value, label in Phase.choices},
        "gender": {str(label): value for value, label in Gender.choices},
        "referral": {str(label): value for value, label in ReferralSource.choices},
        "priority": {**{str(label): value for value, label in PriorityCategory.choices}, "No criminal context, or not recorded": "none"},
        "age": {"Under 18": "under-18", "18–25": "18-25", "26–30": "26-30", "31–40": "31-40", "41+": "41+"},
    }


FUNNEL = {"Came to an information meeting": "funnel|attendees", "Interviewed": "funnel|interviewed", "Assessed": "funnel|assessed",
          "Accepted": "funnel|accepted", "Started": "funnel|started"}
BREAKDOWN_TABLES = {"By gender": "gender", "By age band": "age", "By priority category": "priority", "By referred by": "referral",
                    "By municipality of residence": "municipality"}
BREAKDOWN_COLUMNS = {"Started": "started", "Exits": "closed", "To work or studies": "work_or_studies"}
TOTALS = {"started": "funnel|started", "closed": "outcome|closed", "work_or_studies": "outcome|work_or_studies"}
PLACES_COLUMNS = ("People charged", "Charged months", "Places charged")


def dashboard_cells(where: str, unit_id: int, period_months: tuple[date, ...], rows) -> tuple[list[Shown], list]:
    """The counts of a dashboard's long CSV rows (table, row, column, value) as Shown cells."""
    names = labels()
    cells, shares = [], []
    by_table = defaultdict(dict)
    for table, row, column, value in rows:
        by_table[table][(row, column)] = value

    def shown(key: str, text: str, in_months=period_months):
        cells.append(Shown(where, unit_id, tuple(in_months), key, text))

    for table, entries in by_table.items():
        for (row, column), text in entries.items():
            if table == "Occupancy per month" and column == "Active during the month":
                m = date(int(row[:4]), int(row[5:7]), 1)
                shown("occupancy|active", text, (m,))
            elif table == "Occupancy in the period" and row == "Active during the month, average per month":
                average = text if text == "x" else float(text.replace(",", "."))
                shown("occupancy|active", average if isinstance(average, str) else str(round(average * len(period_months))))
            elif table == "Inflow in the period" and column == "Number in the period":
                shown(FUNNEL[row], text)
            elif table == "Waiting time from acceptance to start" and row == "Starts with an accepting assessment":
                shown("waiting|n", text)
            elif table == "Exits to work or studies" and column in ("Exits", "To work or studies"):
                completers = row.startswith("Exits after completing")
                full_time = row.endswith(": work or full-time studies")  # the row of a target of full-time studies
                key = {("Exits", False): "outcome|closed", ("To work or studies", False): "outcome|work_or_studies",
                       ("Exits", True): "outcome|completed", ("To work or studies", True): "outcome|completed_work_or_studies"}
                name = key[(column, completers)]
                if full_time and column == "To work or studies":
                    name = name.replace("work_or_studies", "work_or_full_time_studies")
                shown(name, text)
            elif table == "Exits to work or studies" and column == "Share":
                completers = row.startswith("Exits after completing")
                exits = entries[(row, "Exits")]
                shares.append((where, text, entries[(row, "To work or studies")], exits))
            elif table == "Exit reasons":
                key = {"Work or studies, together": "outcome|work_or_studies", "All exits": "outcome|closed"}.get(row)
                shown(key or f"reason|{names['reason'][row]}", text)
            elif table == "Still working or studying at the follow-ups" and column != "Share":
                k = row.split(" ")[0]
                shown(f"keeping|{k}|" + {"Due": "due", "Answered": "answered", "Still working or studying": "kept"}[column], text)
            elif table == "Time in each phase" and column == "Stays that ended":
                shown(f"phase|{names['phase'][row]}|n", text)
            elif table == "Drug tests":
                shown("drug_tests|referred" if row == "Referred to a drug test" else "reason|drug_test", text)
            elif table == "Purchased places per buying municipality" and column in PLACES_COLUMNS:
                shown("places|total|people" if row == "Total" else f"places|{row}|people", text)
            elif table == "Purchased places per buying municipality" and column == "Amount for places":
                people = next(c for c in PLACES_COLUMNS if (row, c) in entries)
                shares.append((where, text, entries[(row, people)], "1"))
            elif table in BREAKDOWN_TABLES and column in BREAKDOWN_COLUMNS:
                dimension, measure = BREAKDOWN_TABLES[table], BREAKDOWN_COLUMNS[column]
                if row == "Total":
                    shown(TOTALS[measure], text)
                else:
                    group = names.get(dimension, {}).get(row, row)
                    shown(f"breakdown|{dimension}|{group}|{measure}", text)
    return cells, shares


def read_csv(content: bytes) -> list[tuple[str, str, str, str]]:
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
    next(reader)
    return [(table, row, column, value) for table, row, column, value, _changed in reader]


def fetch_publications(client, world: World, periods: dict[str, tuple[date, ...]], *, pdf_periods=()) -> Publications:
    """Every dashboard (page, CSV, Excel; PDF for `pdf_periods`) of every unit for every fixed period,
    and the national view (page and Excel) for the calendar ones, as the users who may fetch them."""
    result = Publications()
    for team in world.teams:
        client.force_login(team.styrgrupp)
        for slug, period_months in periods.items():
            if ".." in slug and not team.unit.agreements.filter(period_start=period_months[0]).exists():
                continue
            query = f"?period={slug}"
            page = result.get(client, reverse("reporting:unit", args=[team.unit.pk]) + query).content.decode()
            assert f"Results for {team.unit.name}, " in page and (slug in page or "agreement period" in page), (team.unit.name, slug)
            rows = read_csv(result.get(client, reverse("reporting:csv", args=[team.unit.pk]) + query).content)
            cells, shares = dashboard_cells(f"{team.unit.name} {slug}", team.unit.pk, period_months, rows)
            result.cells += cells
            result.shares += shares
            _same_as_csv(page, rows, slug)
            book = load_workbook(io.BytesIO(result.get(client, reverse("reporting:xlsx", args=[team.unit.pk]) + query).content))
            tables = book.worksheets[2:-1]  # after the contents and "About", before the definitions
            workbook = [c.value for sheet in tables for r in sheet.iter_rows(min_row=2) for c in r[1:]]
            assert sum(v == "x" for v in workbook) == sum(v == "x" for _t, _r, _c, v in rows), slug
            numbers = {re.sub(r",0+$", "", _plain(v)) for _t, _r, _c, v in rows}
            assert {str(v) for v in workbook if isinstance(v, int)} <= numbers, slug
            if slug in pdf_periods:
                words = pdf_words(result.get(client, reverse("reporting:pdf", args=[team.unit.pk]) + query).content)
                lines = defaultdict(list)
                for table, row, _column, value in rows:
                    if table == "Exit reasons" or table in BREAKDOWN_TABLES:
                        lines[(table, row)].append(value.replace(",", ""))
                for (table, row), values in lines.items():
                    assert "".join(f"{row}{''.join(values)}".split()).replace(",", "") in words.replace(",", ""), (slug, table, row, values)
    client.force_login(world.nsg)
    units = {t.unit.name: t.unit.pk for t in world.teams}
    for slug, period_months in periods.items():
        if ".." in slug:
            continue
        page = result.get(client, reverse("reporting:national") + f"?period={slug}").content.decode()
        result.cells += national_cells(slug, period_months, page, units)
        book = load_workbook(io.BytesIO(result.get(client, reverse("reporting:national_xlsx") + f"?period={slug}").content))
        _national_same_as_page(page, book, slug)
    return result


def _national_same_as_page(page: str, book, slug: str) -> None:
    """The national Excel shows what the page shows: the same rows, "x" in the same places, and
    the same counts (the page's 1,234 is the workbook's 1234)."""
    for table_id, sheet in (("table-national", book.worksheets[1]), ("table-trend", book.worksheets[2])):
        table = page[page.index(f'id="{table_id}"'):]
        table = table[:table.index("</table>")]
        for row, cells in zip(re.findall(r"<tr[^>]*><th scope=\"row\">(.*?)</tr>", table, re.S),
                              sheet.iter_rows(min_row=2, values_only=True), strict=True):
            texts = [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for text, value in zip(texts, cells[1:], strict=True):
                assert (text == "x") == (value == "x"), (slug, table_id, text, value)
                if re.fullmatch(r"[\d,]+", text.replace("\xa0", "")):  # a count (or a target) on the page
                    assert _plain(text) == str(value), (slug, table_id, text, value)


def _plain(text: str) -> str:
    """A count as a number: 1,234 (the page) and 1234 (the CSV) alike."""
    return text.replace("\xa0", "") if re.search(r",\d{1,2}$", text) else text.replace("\xa0", "").replace(",", "")


def _same_as_csv(page: str, rows, slug: str) -> None:
    """Every count or "x" in the page's tables is one of the CSV: the page shows no other count."""
    main = page[page.index("<main"):]
    shown = [re.sub(r"<span.*?</span>", "", t).strip() for t in re.findall(r'<td class="num nowrap">(.*?)</td>', main, re.S)]
    counts = {_plain(t) for t in shown if re.fullmatch(r"x|[\d,]+", t)}
    assert counts <= {_plain(v) for _t, _r, _c, v in rows}, (slug, sorted(counts - {_plain(v) for _t, _r, _c, v in rows}))


NATIONAL_COLUMNS = ["occupancy|active", "funnel|interviewed", "funnel|started", "outcome|closed", "outcome|work_or_studies",
                    "outcome|completed", "outcome|completed_work_or_studies"]


def national_cells(slug: str, period_months, page: str, units: dict[str, int]) -> list[Shown]:
    cells = []
    for table_id in ("table-national", "table-trend"):
        table = page[page.index(f'id="{table_id}"'):]
        table = table[:table.index("</table>")]
        header = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', table)
        for row in re.findall(r"<tr[^>]*><th scope=\"row\">(.*?)</tr>", table, re.S):
            label = re.sub(r"<[^>]+>", "", row.split("</th>")[0]).strip()
            texts = [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            unit_id = units.get(label)
            if table_id == "table-national":
                for figure, text in zip(NATIONAL_COLUMNS, texts, strict=False):
                    if text in ("–", "not closed"):
                        continue
                    if figure == "occupancy|active" and len(period_months) > 1 and text != "x":
                        text = str(round(float(text.replace(",", "")) * len(period_months)))
                    cells.append(Shown(f"national {slug}", unit_id, tuple(period_months), figure, text))
            else:
                for column, text in zip(header[1:], texts, strict=True):
                    if text != "–":
                        m = date(int(column[:4]), int(column[5:7]), 1)
                        cells.append(Shown(f"national trend {slug}", unit_id, (m,), "occupancy|active", text))
    return cells


# ------------------------------------------------------------------------------------ the system


class System:
    """The attacker's equations over the atoms, reduced (Gauss–Jordan) modulo a 61-bit prime."""

    def __init__(self):
        self.col: dict[tuple, int] = {}
        self.pivots: dict[int, dict[int, int]] = {}
        self.holders: dict[int, set[int]] = defaultdict(set)
        self.equations = 0  # added, including those that the others already imply

    def _row(self, atoms: dict[tuple, int]) -> dict[int, int]:
        row = {}
        for atom, c in atoms.items():
            i = self.col.setdefault(atom, len(self.col))
            row[i] = (row.get(i, 0) + c) % P
        return {i: v for i, v in row.items() if v}

    def _reduce(self, row: dict[int, int]) -> dict[int, int]:
        for i in [i for i in row if i in self.pivots]:
            factor = row.get(i)
            if factor:
                for j, v in self.pivots[i].items():
                    row[j] = (row.get(j, 0) - factor * v) % P
                row = {j: v for j, v in row.items() if v}
        return row

    def add(self, atoms: dict[tuple, int]) -> None:
        self.equations += 1
        row = self._reduce(self._row(atoms))
        if not row:
            return
        pivot = min(row, key=lambda i: (len(self.holders.get(i, ())), i))
        inverse = pow(row[pivot], P - 2, P)
        row = {j: v * inverse % P for j, v in row.items()}
        for other in list(self.holders.get(pivot, ())):
            old = self.pivots[other]
            factor = old[pivot]
            new = dict(old)
            for j, v in row.items():
                new[j] = (new.get(j, 0) - factor * v) % P
            new = {j: v for j, v in new.items() if v}
            for j in old.keys() - new.keys():
                if j != other:
                    self.holders[j].discard(other)
            for j in new.keys() - old.keys():
                if j != other:
                    self.holders[j].add(other)
            self.pivots[other] = new
        self.holders.pop(pivot, None)
        self.pivots[pivot] = row
        for j in row:
            if j != pivot:
                self.holders[j].add(pivot)

    def pins(self, atoms: dict[tuple, int]) -> bool:
        """This sum of atoms has one value under the equations (an atom in no equation is free)."""
        if any(a not in self.col for a in atoms):
            return False
        return not self._reduce(self._row(atoms))
