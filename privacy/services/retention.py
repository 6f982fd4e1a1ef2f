"""Retention (gallring): personal data is removed a configurable time after the last exit.

DOMAIN.md, "Law and practice": personal data is kept only as long as needed; aggregates for
reporting survive. So gallring removes what identifies or describes the person and keeps the
facts the statistics count (unit, owning organisation, gender, birth year and month,
municipality, referral source, phase history, enrolment dates and exit outcomes, follow-up
results, drug-test dates and results, internship/employment/study dates and types, and the
category rows' `STATISTICS_FIELDS`): the reporting figures of every month are the same after
gallring as before it.

Per data category and owning organisation (`RetentionRule`, else `DEFAULT_MONTHS`):
- CRIMINAL_JUSTICE / SOCIAL_SERVICES / LABOUR_MARKET (owned by the unit's KV / kommun / AF
  party): the category row is reset to its empty defaults, but for its `STATISTICS_FIELDS`.
- NOTES (owned note by note): the organisation's journal notes are deleted, with their revisions.
- HEALTH (owned test by test): the referral reasons of the organisation's drug tests are blanked.
- CORE (the participant's owning organisation): all of the above for every organisation, then
  the identity is anonymised (`_anonymise`) and every grant removed, so nobody opens it again.

The clock starts at the last exit: the latest episode's exit date, or — for someone never
enrolled — the day they were not accepted or closed. A participant with an open episode or in an
open phase is never due. Each (participant, organisation, category) is done once and leaves a
`GallringRecord`; running the job again changes nothing (idempotent).

Each participant is handled in a transaction of its own (a savepoint when the caller already has
one): a failure undoes that participant's changes only, is written to the run's `RetentionRun`
and the log (by reference, never by name), and the job goes on with the next participant. The
anonymiser respects every database constraint on the rows it writes: where a constraint requires
a text (`REQUIRED_TEXT`), the text is replaced by `REMOVED_TEXT` instead of being blanked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from django.db import transaction
from django.db.models import Case, Max, Q, Value, When
from django.utils import timezone

from intake.models import Assessment, Decision, DrugTest, Episode, FollowUp, Interview, MeetingAttendance
from krami.dates import add_months
from krami.models import CATEGORY_OWNER_KIND, DataCategory
from krami.services import audit
from participants.models import (
    Consent,
    CriminalJusticeInfo,
    Employment,
    Internship,
    JournalNote,
    LabourMarketInfo,
    Participant,
    Phase,
    PhaseChange,
    Reminder,
    SocialServicesInfo,
    Studies,
)
from participants.services.grants import participant_sync_grants
from privacy.models import GallringRecord, RetentionRule, RetentionRun

logger = logging.getLogger(__name__)

DEFAULT_MONTHS = {
    DataCategory.CORE: 60,
    DataCategory.CRIMINAL_JUSTICE: 24,
    DataCategory.SOCIAL_SERVICES: 24,
    DataCategory.LABOUR_MARKET: 24,
    DataCategory.HEALTH: 12,
    DataCategory.NOTES: 24,
}
CLOSED_PHASES = (Phase.CLOSED, Phase.NOT_ACCEPTED)
CATEGORY_ROWS = {
    DataCategory.CRIMINAL_JUSTICE: CriminalJusticeInfo,
    DataCategory.SOCIAL_SERVICES: SocialServicesInfo,
    DataCategory.LABOUR_MARKET: LabourMarketInfo,
}
# The fields of the category rows that the statistics count, kept when the category is gallrad:
# the breakdown by priority category (reporting/expressions.py::priority_category) reads the
# criminal-justice status and whether the person is current at each authority. Emptying them
# changed the figures of every period the person was enrolled in (issue 15).
STATISTICS_FIELDS = {
    DataCategory.CRIMINAL_JUSTICE: ("status", "current_at_kv"),
    DataCategory.SOCIAL_SERVICES: ("current_at_social_services",),
    DataCategory.LABOUR_MARKET: ("registered_at_af",),
}
# Free text that may describe the person, blanked when the identity goes: (model, field, path to participant).
FREE_TEXT = [
    (Consent, "note", "participant"),
    (PhaseChange, "reason", "participant"),
    (Episode, "exit_note", "participant"),
    (FollowUp, "note", "episode__participant"),
    (FollowUp, "early_reason", "episode__participant"),
    (Interview, "notes", "participant"),
    (Assessment, "reason", "participant"),
    (Assessment, "override_reason", "participant"),
    (MeetingAttendance, "name", "participant"),
    (MeetingAttendance, "contact", "participant"),
    (Internship, "note", "participant"),
    (Internship, "supervisor_name", "participant"),
    (Internship, "supervisor_phone", "participant"),
    (Employment, "note", "participant"),
    (Studies, "note", "participant"),
    (DrugTest, "reason", "participant"),
]
# What stands in for a removed free text where a database constraint requires one, and the rows
# where it does: (model, field) -> the constraint's condition. Blanking these rows would violate
# the constraint and stop the participant's gallring (issue 15: every "not now" assessment
# stopped the whole run). tests/privacy/test_retention_constraints.py lists every constraint on
# the rows gallring writes, so a new one has to be looked at here.
REMOVED_TEXT = "Gallrad"
REQUIRED_TEXT = {
    (Assessment, "reason"): Q(decision=Decision.NOT_NOW),  # assessment_not_now_has_reason
}


@dataclass(frozen=True)
class Due:
    participant: Participant
    organisation: object
    category: str
    last_exit: date


def last_exits(on: date) -> dict[int, date]:
    """participant id → date of the last exit, for everyone who has left (no open episode)."""
    closed = Participant.objects.filter(phase__in=CLOSED_PHASES, anonymised_at__isnull=True).exclude(
        pk__in=Episode.objects.filter(ended_on__isnull=True).values("participant_id")
    )
    rows = closed.annotate(exit=Max("episodes__ended_on")).values_list("pk", "exit", "phase_since")
    return {pk: exit_on or since for pk, exit_on, since in rows if (exit_on or since) <= on}


def _owners(participant: Participant) -> dict[str, list]:
    """Category → organisations whose data of that category this participant has."""
    parties = list(participant.unit.parties.all())
    owners: dict[str, list] = {DataCategory.CORE: [participant.owner_organisation]}
    for category, kind in CATEGORY_OWNER_KIND.items():
        owners[category] = [o for o in parties if o.kind == kind]
    owners[DataCategory.NOTES] = parties
    owners[DataCategory.HEALTH] = parties
    return owners


def due_for_gallring(*, on: date) -> list[Due]:
    """Every (participant, organisation, category) whose retention time has run out on `on`."""
    exits = last_exits(on)
    rules = {(r.organisation_id, r.category): r.months_after_exit for r in RetentionRule.objects.all()}
    done = set(
        GallringRecord.objects.filter(participant_id__in=exits).values_list("participant_id", "organisation_id", "category")
    )
    due = []
    people = Participant.objects.filter(pk__in=exits).select_related("owner_organisation", "unit").prefetch_related("unit__parties")
    for p in people:
        for category, organisations in _owners(p).items():
            for org in organisations:
                months = rules.get((org.pk, category), DEFAULT_MONTHS[category])
                if (p.pk, org.pk, category) not in done and add_months(exits[p.pk], months) <= on:
                    due.append(Due(participant=p, organisation=org, category=category, last_exit=exits[p.pk]))
    return due


def _reset_category_row(participant: Participant, category: str) -> list[str]:
    """Empty the category row, except the fields the statistics count (`STATISTICS_FIELDS`)."""
    model = CATEGORY_ROWS[category]
    row = model.objects.filter(participant=participant).first()
    if row is None:
        return []
    empty = model(participant=participant)
    kept = {"id", "participant", "updated_at", "version", *STATISTICS_FIELDS[category]}
    changed = [
        f.name for f in model._meta.concrete_fields
        if f.name not in kept and getattr(row, f.attname) != getattr(empty, f.attname)
    ]
    if changed:
        for name in changed:
            setattr(row, name, getattr(empty, name))
        row.version += 1  # a category form opened before gallring cannot write the data back
        row.save()
    return changed


def _remove(due: Due) -> dict:
    p, org, category = due.participant, due.organisation, due.category
    if category in CATEGORY_ROWS:
        return {"fields_emptied": _reset_category_row(p, category)}
    if category == DataCategory.NOTES:
        _total, by_model = JournalNote.objects.filter(participant=p, owner_organisation=org).delete()
        return {"journal_notes_deleted": by_model.get("participants.JournalNote", 0)}
    if category == DataCategory.HEALTH:
        tests = DrugTest.objects.filter(participant=p, owner_organisation=org).exclude(reason="")
        return {"drug_test_reasons_blanked": tests.update(reason="")}
    return _anonymise(p)


def _anonymise(p: Participant) -> dict:
    """Remove the identity and every free text; keep the facts the statistics count."""
    removed: dict = {"journal_notes_deleted": JournalNote.objects.filter(participant=p).delete()[1].get("participants.JournalNote", 0)}
    # A case worker's reminders are free text about the person with no statistical value: they go.
    removed["reminders_deleted"] = Reminder.objects.filter(participant=p).delete()[1].get("participants.Reminder", 0)
    for category in CATEGORY_ROWS:
        removed[f"{category}_fields_emptied"] = _reset_category_row(p, category)
    for model, name, path in FREE_TEXT:
        required = REQUIRED_TEXT.get((model, name))
        removed_value = Value("") if required is None else Case(When(required, then=Value(REMOVED_TEXT)), default=Value(""))
        rows = model.objects.filter(**{path: p}).exclude(**{name: ""}).exclude(**{name: REMOVED_TEXT})
        n = rows.update(**{name: removed_value})
        if n:
            removed[f"{model._meta.model_name}.{name}"] = n
    p.first_name, p.last_name = "Gallrad", p.reference
    p.phone = p.email = p.address = ""
    p.personnummer_encrypted = ""
    p.personnummer_hash = f"gallrad:{p.pk}"  # unique, and matches no personnummer's keyed hash
    # The birth year and month are kept, not the day: the age at the end of every month is then
    # the same as before, so the age bands of every month, half-year and year stay (issue 15).
    p.birth_date = p.birth_date.replace(day=1)
    p.anonymised_at = timezone.now()
    p.version += 1  # an edit form opened before gallring cannot write the identity back
    p.save()
    participant_sync_grants(participant=p)  # an anonymised record has no grants (grants.py)
    removed["identity"] = ["first_name", "last_name", "personnummer", "birth_date (day)", "phone", "email", "address"]
    return removed


@dataclass
class GallringResult:
    """What one run did: the records written and the participants it could not handle."""

    run: RetentionRun
    records: list[GallringRecord] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)


def _gallra_participant(items: list[Due]) -> list[GallringRecord]:
    """Every due item of one participant (CORE last), with its `GallringRecord`s."""
    p = Participant.objects.select_for_update().get(pk=items[0].participant.pk)
    records = []
    for item in items:
        if p.anonymised_at is not None and item.category != DataCategory.CORE:
            removed: dict = {"already_anonymised": True}
        else:
            removed = _remove(Due(participant=p, organisation=item.organisation, category=item.category, last_exit=item.last_exit))
        records.append(
            GallringRecord.objects.create(
                participant_id=p.pk,
                participant_reference=p.reference,
                unit_id=p.unit_id,
                organisation=item.organisation,
                category=item.category,
                last_exit=item.last_exit,
                removed=removed,
            )
        )
    return records


def _error_kind(exc: Exception) -> str:
    """The kind of error, for the run record and the log: the exception class and, for a database
    error, the constraint it broke. Never the message: a database error's DETAIL quotes the row."""
    cause = exc.__cause__ if exc.__cause__ is not None else exc
    constraint = getattr(getattr(cause, "diag", None), "constraint_name", None)
    return f"{type(exc).__name__}: {constraint}" if constraint else type(exc).__name__


def run_gallring(*, on: date | None = None) -> GallringResult:
    """Remove everything due on `on` (today), one record per (participant, organisation, category).

    Side effects, in order: a `RetentionRun` row (started); per participant, in a transaction of
    its own: the participant row locked, per due item (CORE last, so a person's other categories
    are recorded first) the removal and its `GallringRecord`; a participant that fails is rolled
    back, logged (reference, unit, category, kind of error) and listed in the run, and the next one
    is handled; the run row finished with its counts; audit ``gallring.done``.
    """
    on = on or timezone.localdate()
    run = RetentionRun.objects.create(on=on)
    result = GallringResult(run=run)
    due = sorted(due_for_gallring(on=on), key=lambda d: (d.participant.pk, d.category == DataCategory.CORE))
    for _pk, group in groupby(due, key=lambda d: d.participant.pk):
        items = list(group)
        try:
            with transaction.atomic():
                result.records += _gallra_participant(items)
        except Exception as exc:  # noqa: BLE001 (one participant's failure must not stop the others)
            p = items[0].participant
            failure = {
                "participant_id": p.pk,
                "participant_reference": p.reference,
                "unit_id": p.unit_id,
                "categories": [str(item.category) for item in items],
                "error": _error_kind(exc),
            }
            result.failures.append(failure)
            logger.error(
                "Gallring failed for participant %s (unit %s, as on %s): %s; the other participants were handled.",
                p.reference,
                p.unit_id,
                on.isoformat(),
                failure["error"],
            )
    run.records, run.failures, run.finished_at = len(result.records), result.failures, timezone.now()
    run.save(update_fields=["records", "failures", "finished_at"])
    if result.records or result.failures:
        audit(user=None, action="gallring.done", records=len(result.records), failures=len(result.failures), on=on.isoformat())
    return result
