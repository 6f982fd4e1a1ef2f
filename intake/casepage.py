"""Intake's part of the case page (participants/casepage.py): the Krami path as a task list with
the case's next action, and the intake records (eligibility, meetings and interviews,
assessments, enrolments and follow-ups, drug tests) as one of the record's folded sections."""

from __future__ import annotations

from django.utils import timezone

from intake.selectors.path import case_path
from intake.selectors.records import intake_record
from participants import casepage


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
