"""Helpers for intake tests: they go through the services, so phases, grants and audit are right."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.rules import AgeLimit, EligibilityRules, TargetGroupLine, TargetScope, TargetSituation, UnitRules
from intake.models import Decision, DrugTest, GroupAudience, GuidanceGroup, InformationMeeting
from intake.services.assessment import assessment_record
from intake.services.groups import group_create
from intake.services.meetings import meeting_open
from intake.services.programme import participant_exit, participant_start
from participants.models import Condition, CriminalJusticeStatus, Participant

ELIGIBLE = {"drug_free": Condition.YES, "housing_arranged": Condition.YES}


def today() -> date:
    return timezone.localdate()


def reads_of_page(client, url) -> list[str]:
    """The SELECT statements of one request for `url` (which must answer 200)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]


def set_category_data(
    participant: Participant,
    *,
    status: str = CriminalJusticeStatus.NONE,
    kv: bool = False,
    social: bool = False,
    af: bool = False,
) -> Participant:
    cj, ss, lm = participant.criminal_justice, participant.social_services, participant.labour_market
    cj.status, cj.current_at_kv = status, kv
    ss.current_at_social_services = social
    lm.registered_at_af = af
    for row in (cj, ss, lm):
        row.save()
    return participant


def accept(participant: Participant, *, by, on: date | None = None, override: str = "", no_interview: str = "") -> Participant:
    """The team accepts the participant (phase queued); `override` when they fail a condition,
    `no_interview` when no interview was held before (both have test defaults)."""
    assessment_record(
        participant=participant, by=by, decided_on=on or today(), decision=Decision.ACCEPTED, decided_by=by,
        override_reason=override or "Test: accepted anyway",
        no_interview_reason=no_interview or "Test: assessed without an interview",
    )
    participant.refresh_from_db()
    return participant


def make_group(unit, *, by, starts_on: date | None = None, capacity: int = 6, audience=GroupAudience.MIXED, name=None):
    starts_on = starts_on or today()
    return group_create(
        unit=unit, by=by, name=name or f"Vägledningskurs {starts_on}", starts_on=starts_on, weeks=4,
        capacity=capacity, audience=audience,
    )


def start(participant: Participant, *, by, group: GuidanceGroup | None = None, on: date | None = None):
    return participant_start(participant=participant, by=by, started_on=on or (group.starts_on if group else today()), group=group)


def exit_(participant: Participant, *, by, on: date | None = None, outcome="work", completed=True):
    return participant_exit(
        participant=participant, by=by, ended_on=on or today(), outcome=outcome, completed_guidance_programme=completed
    )


def make_meeting(unit, *, by, on: date | None = None) -> InformationMeeting:
    return meeting_open(unit=unit, by=by, held_on=on or today(), starts_at=time(13, 0), place="Krami, plan 2")


def make_drug_test(participant: Participant, *, by, organisation=None, on: date | None = None, result="", result_on=None):
    on = on or today() - timedelta(days=2)
    return DrugTest.objects.create(
        participant=participant, owner_organisation=organisation or by.staff_profile.organisation,
        referred_on=on, reason="Misstanke vid gruppträff", referred_by=by,
        result=result, result_on=result_on if result else None,
    )


TROLLHATTAN_NAMES = ["Trollhättan", "Vänersborg", "Mellerud", "Lilla Edet", "Grästorp"]


# Seeds/003: "Dömda män och kvinnor samt kvinnor i riskzonen för kriminalitet".
TROLLHATTAN_TARGET_GROUP = (
    TargetGroupLine(TargetSituation.CONVICTED, TargetScope.EVERYONE),
    TargetGroupLine(TargetSituation.AT_RISK, TargetScope.WOMEN),
)


def trollhattan_rules(municipality_ids, *, target_group=TROLLHATTAN_TARGET_GROUP) -> EligibilityRules:
    """Trollhättan's project plan: men 18–40, women 18+, five municipalities, drug-free, housing,
    childcare; convicted men and women and women at risk of crime."""
    return EligibilityRules(
        min_age=18,
        age_limits=(AgeLimit(gender="man", min_age=18, max_age=40), AgeLimit(gender="woman", min_age=18)),
        municipality_ids=frozenset(municipality_ids),
        require_drug_free=True,
        require_housing=True,
        require_childcare=True,
        target_group=target_group,
    )


@pytest.fixture
def unit_rules(monkeypatch):
    """Set the rules `agreements.selectors.rules_for_unit` hands out: call with a UnitRules or keywords."""
    current = {"rules": UnitRules()}

    def rules_for_unit(*, unit, on):
        return current["rules"]

    monkeypatch.setattr("agreements.selectors.rules_for_unit", rules_for_unit)

    def set_rules(rules: UnitRules | None = None, **changes) -> UnitRules:
        current["rules"] = replace(rules or UnitRules(), **changes)
        return current["rules"]

    return set_rules
