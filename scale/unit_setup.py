"""What a unit has besides its participants: the weekly information meeting, group starts of the
guidance course with their sessions, the employer register, and a local agreement per year with
its parties, staffing, cost split and monthly costs (DOMAIN.md, "Local agreement")."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from stdnum import luhn

from agreements.models import AgreementStatus, InflowMeasure, OutcomeDenominator, SplitMethod
from intake.models import GroupAudience
from intake.services.groups import session_dates
from krami.models import OrganisationKind
from scale.names import COMPANY_WORDS, SURNAMES, TOWNS, WALK_IN_FIRST

GROUP_EVERY_DAYS = 21
GROUP_WEEKS = 4
SESSION_WEEKDAYS = (0, 2)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@dataclass
class Group:
    id: int
    starts_on: date
    capacity: int
    women_only: bool
    sessions: list[tuple[int, date]]
    taken: int = 0


@dataclass
class UnitPlan:
    """Unit-level records the participants hang off."""

    meetings: dict[date, tuple[int, date]] = field(default_factory=dict)  # Monday -> (meeting id, held on)
    groups: list[Group] = field(default_factory=list)
    group_starts: list[date] = field(default_factory=list)
    employers: list[int] = field(default_factory=list)

    def meeting_on_or_before(self, day: date) -> int | None:
        """The information meeting someone registering on `day` came to: this week's, or last week's."""
        monday = day - timedelta(days=day.weekday())
        this_week = self.meetings.get(monday)
        if this_week and this_week[1] <= day:
            return this_week[0]
        last_week = self.meetings.get(monday - timedelta(weeks=1))
        return last_week[0] if last_week else None

    def group_for(self, *, earliest: date, latest: date, woman: bool) -> Group | None:
        """The first group starting in [earliest, latest] with a free place the person may take."""
        i = bisect.bisect_left(self.group_starts, earliest)
        while i < len(self.groups) and self.groups[i].starts_on <= latest:
            group = self.groups[i]
            if group.taken < group.capacity and (woman or not group.women_only):
                group.taken += 1
                return group
            i += 1
        return None


def build_unit_plan(t, world, *, start: date, today: date, rng) -> UnitPlan:
    plan = UnitPlan()
    by = world.staff_ids[next(iter(world.staff_ids))]
    town = TOWNS[(world.index - 1) % len(TOWNS)][0]
    weekday = rng.randint(0, 3)
    starts_at = time(rng.choice([9, 10, 13, 14]), 0)
    place = f"Kramis lokal, {town}"
    slot = t.MeetingSlot.add(unit_id=world.unit.pk, weekday=weekday, starts_at=starts_at, place=place,
                             created_by_id=by, created_at=at(start))
    monday = start - timedelta(days=start.weekday())
    while monday <= today:
        held_on = monday + timedelta(days=weekday)
        if held_on <= today:
            meeting = t.InformationMeeting.add(
                unit_id=world.unit.pk, slot_id=slot, held_on=held_on, starts_at=starts_at, place=place,
                created_by_id=by, created_at=at(held_on, 8),
            )
            plan.meetings[monday] = (meeting, held_on)
            for _ in range(rng.choice([0, 0, 1, 1, 2])):  # people who came without registering
                t.MeetingAttendance.add(
                    meeting_id=meeting, name=f"{rng.choice(WALK_IN_FIRST)} {rng.choice(SURNAMES)}",
                    contact=f"070-{rng.randint(1000000, 9999999)}", recorded_by_id=by, recorded_at=at(held_on, 12),
                )
        monday += timedelta(weeks=1)
    _groups(t, world, plan, start=start, today=today, by=by, rng=rng)
    _employers(t, world, plan, start=start, by=by, rng=rng)
    return plan


def _groups(t, world, plan: UnitPlan, *, start: date, today: date, by: int, rng) -> None:
    day = start - timedelta(days=start.weekday()) + timedelta(weeks=1)
    n = 0
    while day <= today + timedelta(weeks=9):
        n += 1
        women = n % 4 == 0
        capacity = 5 if women else rng.choice([6, 6, 7, 8])
        gid = t.GuidanceGroup.add(
            unit_id=world.unit.pk, name=f"Vägledningskurs {day:%Y-%m-%d}{', kvinnor' if women else ''}",
            starts_on=day, weeks=GROUP_WEEKS, capacity=capacity,
            audience=GroupAudience.WOMEN if women else GroupAudience.MIXED,
            place="Kramis lokal, grupprummet", created_by_id=by, created_at=at(day - timedelta(days=30)),
        )
        sessions = [
            (t.GroupSession.add(group_id=gid, held_on=d, starts_at=time(9, 30), topic="Vägledning"), d)
            for d in session_dates(day, GROUP_WEEKS, SESSION_WEEKDAYS)
        ]
        plan.groups.append(Group(id=gid, starts_on=day, capacity=capacity, women_only=women, sessions=sessions))
        plan.group_starts.append(day)
        day += timedelta(days=GROUP_EVERY_DAYS)


def _employers(t, world, plan: UnitPlan, *, start: date, by: int, rng) -> None:
    for n in range(1, 26):
        body = f"55{world.index:04d}{n:03d}"
        orgnr = f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"
        plan.employers.append(
            t.Employer.add(
                unit_id=world.unit.pk, name=f"{rng.choice(SURNAMES)}s {rng.choice(COMPANY_WORDS)} AB",
                organisation_number=orgnr, contact_person=f"{rng.choice(WALK_IN_FIRST)} {rng.choice(SURNAMES)}",
                phone=f"010-{rng.randint(100000, 999999)}", municipality_id=rng.choice(world.municipality_ids),
                created_by_id=by, created_at=at(start), updated_at=at(start),
            )
        )


# --- Agreements -------------------------------------------------------------------------------

# (category name, split, budget, [(party kind, percent)])
CATEGORIES = [
    ("Egen personal", SplitMethod.OWN, None, []),
    ("Administratör (50 %)", SplitMethod.SHARED, Decimal("330000"), [(OrganisationKind.KV, 50), (OrganisationKind.KOMMUN, 50)]),
    ("Driftskostnader", SplitMethod.SHARED, Decimal("840000"), [(OrganisationKind.KV, 50), (OrganisationKind.KOMMUN, 50)]),
    ("Arbetsmarknadspolitiska insatser (AF)", SplitMethod.OUTSIDE, None, []),
]
# (category index, amount, payer kind, note)
MONTHLY = [
    (2, Decimal("41250.00"), OrganisationKind.KOMMUN, "Lokalhyra"),
    (2, Decimal("5380.00"), OrganisationKind.KOMMUN, "Service och städ"),
    (2, Decimal("3129.50"), OrganisationKind.KV, "Deltagartelefoner och -datorer"),
    (1, Decimal("26840.00"), OrganisationKind.KOMMUN, "Lön inkl. sociala avgifter"),
    (3, Decimal("18000.00"), OrganisationKind.AF, "Aktivitetsstöd"),
    (2, Decimal("7500.00"), OrganisationKind.KV, "Handledning"),
]


def build_agreements(t, world, *, years: list[int], today: date, occupancy_target: int, rng) -> None:
    """One agreement per year: ended for past years, active for this year, monthly costs up to last month."""
    admin = world.staff_ids[next(n for n in world.staff_ids if n.endswith(".avtal"))]
    previous = None
    for year in years:
        start, end = date(year, 1, 1), date(year, 12, 31)
        current = year == today.year
        aid = t.Agreement.add(
            unit_id=world.unit.pk, title=f"Lokal överenskommelse för {world.unit.name} {year}",
            period_start=start, period_end=end, copied_from_id=previous,
            status=AgreementStatus.ACTIVE if current else AgreementStatus.ENDED, ended_on=None if current else end,
            occupancy_target=occupancy_target, outcome_target_percent=Decimal(rng.choice([50, 55, 60])),
            outcome_denominator=rng.choice(list(OutcomeDenominator)), steering_group_meetings_per_year=4,
            guideline_follow_ups_per_year=1, place_monthly_price=Decimal(4900), place_months=5,
            created_at=at(start - timedelta(days=40)), updated_at=at(start - timedelta(days=10)),
        )
        previous = aid
        for kind, org in world.orgs.items():
            t.AgreementParty.add(agreement_id=aid, organisation_id=org.pk, signed_on=start - timedelta(days=rng.randint(5, 30)),
                                 signed_place=world.unit.name.removeprefix("Krami "), signatory=f"Chef {kind.upper()}")
            t.StaffingLine.add(agreement_id=aid, organisation_id=org.pk, fte=Decimal(2), role_description="vägledare")
        t.InflowTarget.add(agreement_id=aid, measure=InflowMeasure.INTERVIEWED, minimum=60)
        t.InflowTarget.add(agreement_id=aid, measure=InflowMeasure.ENROLLED, minimum=40)
        categories = []
        for order, (name, split, budget, shares) in enumerate(CATEGORIES, start=1):
            cid = t.CostCategory.add(agreement_id=aid, name=name, split_method=split, budget=budget, order=order)
            categories.append(cid)
            for kind, percent in shares:
                t.CostShare.add(category_id=cid, organisation_id=world.orgs[kind].pk, percent=Decimal(percent))
        for month in range(1, 13):
            first = date(year, month, 1)
            if first >= date(today.year, today.month, 1):
                break
            for index, amount, payer, note in MONTHLY:
                t.ActualCost.add(
                    agreement_id=aid, category_id=categories[index], month=first,
                    amount=amount + Decimal(rng.randint(-500, 500)), paid_by_id=world.orgs[payer].pk, note=note,
                    created_by_id=admin, created_at=at(first + timedelta(days=35)),
                )
