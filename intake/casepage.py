"""Intake's part of the case page (participants/casepage.py): the Krami path as a task list with
the case's next action, and the intake records (eligibility, meetings and interviews,
assessments, enrolments and follow-ups, drug tests) as one of the record's folded sections."""

from __future__ import annotations

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from intake.drugpolicy import BLOCKING_RESULTS, CLEARING_RESULTS
from intake.models import DrugTest
from intake.selectors.path import case_path
from intake.selectors.records import intake_record
from participants import casepage


def _last_result_on(results) -> Subquery:
    tests = DrugTest.objects.filter(participant=OuterRef("pk"), result__in=sorted(results)).order_by()
    return Subquery(tests.values("participant").annotate(last=Max("result_on")).values("last"))


@casepage.annotates
def drug_policy_facts(user) -> dict:
    """The two dates the drug policy's block turns on (intake/drugpolicy.py), with the record: of
    every test of the participant, not only those the user sees, as when a start is saved. The
    page names the block only to whom the tests are released (intake/selectors/records.py)."""
    return {"drug_last_refusal": _last_result_on(BLOCKING_RESULTS), "drug_last_clearing": _last_result_on(CLEARING_RESULTS)}


@casepage.register
def krami_path(*, user, participant, page: dict) -> dict:
    on = timezone.localdate()
    record = intake_record(participant=participant, user=user, on=on)
    path = case_path(record=record, programme=page, can=page["can"], on=on)
    return {
        "path": path,
        "intake": record,
        "next_action": path.next_action,
        "case_top": ["intake/_case_path.html"],
        "case_sections": ["intake/_case_records.html"],
    }
