"""Import of an existing register: upload, check in chunks, apply all or nothing, discard.

The coordinator (samordnare) of a unit uploads a file; it is read once, into stored rows
(`RegisterImportFileRow`), and checked in steps of at least `CHUNK_ROWS` rows, one per request
(the report page shows the progress); when every row is valid it can be applied: the whole file
is checked again under lock and written in one transaction, or nothing is written.
That runs in the background on PostgreSQL (krami/jobs.py): `import_apply_start` marks the file
as being imported and `import_apply_job` does it, writing its progress where the report page can
read it (intake/registerimport/progress.py). Applying the same file again finds every row
unchanged. Applying or discarding deletes the stored file and its rows (personal data) and keeps
the counts and the checksum. docs/intake.md.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intake.models import (
    ApplyProblem,
    ApplyStage,
    Episode,
    EpisodeAction,
    FollowUp,
    ImportStatus,
    RegisterImport,
    RegisterImportFileRow,
    RegisterImportProgress,
    RegisterImportRow,
    RowOutcome,
)
from intake.registerimport.columns import BY_KEY
from intake.registerimport.parse import (
    UNSTORABLE,
    FileProblem,
    Row,
    Table,
    read_table,
    stored_values,
    values_from_stored,
)
from intake.registerimport.plan import PersonPlan, plan_rows
from intake.registerimport.progress import ApplyProgress, NoProgress
from intake.registerimport.validate import EpisodeData, Lookups, cross_row_errors, read_row
from intake.services.programme import FOLLOW_UP_MONTHS
from krami import jobs
from krami.access import user_access
from krami.dates import add_months
from krami.models import Unit
from krami.services import audit
from participants.models import Phase
from participants.services.phase import participant_set_phase
from participants.services.register import participant_create

CHUNK_ROWS = 250  # rows checked per request, at least
# A larger file is checked in this many requests. Each reads every stored row again (cross-row
# checks and group places need them all), so the whole check costs steps x rows: with a fixed
# chunk it grew with the square of the file (10 000 rows: 40 steps of a full read each).
CHECK_STEPS = 10


def chunk_rows(rows_total: int) -> int:
    """Rows checked per request for a file of `rows_total` rows."""
    return max(CHUNK_ROWS, -(-rows_total // CHECK_STEPS))


RUNNING = gettext_lazy("The file is being imported right now; this report shows the result when it is done.")


class ImportRefused(ValidationError):
    """The import cannot be applied (`code`: "state" – not checked or already done; "changed" –
    the register changed since the check and rows now have errors)."""


@transaction.atomic
def import_upload(*, unit: Unit, by, file_name: str, content: bytes) -> RegisterImport:
    """Store an uploaded file for checking, owned by the uploader's organisation.

    Side effects: the file is read, once (a file that cannot be imported at all raises
    ValidationError and nothing is stored); the import row with the content and its sha256; a
    stored row per data row (`RegisterImportFileRow`), which the checks and the apply read;
    audit ``register_import.uploaded`` (file name, checksum, rows; no content).
    """
    try:
        table = read_table(content, file_name)
    except FileProblem as exc:
        raise ValidationError({"file": str(exc)}) from None
    register_import = RegisterImport.objects.create(
        unit=unit, organisation=user_access(by).organisation, uploaded_by=by,
        file_name=UNSTORABLE.sub("\ufffd", file_name)[:200], sha256=hashlib.sha256(content).hexdigest(),
        content=content, rows_total=len(table.rows), ignored_columns=table.ignored, headers=table.columns,
        stopped_at_row=table.stopped_at,
    )
    RegisterImportFileRow.objects.bulk_create(
        [RegisterImportFileRow(register_import=register_import, number=row.number, values=stored_values(row.values))
         for row in table.rows],
        batch_size=1000,
    )
    audit(user=by, action="register_import.uploaded", obj=register_import, unit=unit,
          file_name=register_import.file_name, sha256=register_import.sha256, rows=len(table.rows))
    return register_import


def _stored_table(register_import: RegisterImport) -> Table:
    """The file's rows as read on upload."""
    rows = [Row(number=number, values=values_from_stored(values))
            for number, values in register_import.file_rows.order_by("number").values_list("number", "values")]
    return Table(columns=register_import.headers, rows=rows, ignored=register_import.ignored_columns,
                 stopped_at=register_import.stopped_at_row)


def _evaluate(register_import: RegisterImport, *, by, first: int = 0, chunk: int | None = None, progress=None):
    """Every stored row read and cross-checked; the results (and plans) of rows first..first+chunk (all: None)."""
    table = _stored_table(register_import)
    numbers = None if chunk is None else {row.number for row in table.rows[first:first + chunk]}
    lookups = Lookups.load(unit=register_import.unit, by=by, today=timezone.localdate())
    progress = progress or NoProgress()
    rows = []
    for done, row in enumerate(table.rows, start=1):
        rows.append(read_row(row, lookups))
        progress.checking(done, len(table.rows))
    cross_row_errors(rows)
    results, plans = plan_rows(rows, lookups=lookups, organisation=register_import.organisation, numbers=numbers)
    return table, results, plans


def _store_results(register_import: RegisterImport, table: Table, results) -> None:
    RegisterImportRow.objects.bulk_create(
        [
            RegisterImportRow(
                register_import=register_import, number=r.number, outcome=r.outcome, episode=r.episode,
                errors=[{"column": table.columns.get(key, BY_KEY[key].header), "message": message} for key, message in r.errors],
            )
            for r in results
        ]
    )
    counts = register_import.rows.aggregate(
        new_participants=Count("pk", filter=Q(outcome=RowOutcome.NEW_PARTICIPANT)),
        new_episodes=Count("pk", filter=Q(episode=EpisodeAction.NEW) & ~Q(outcome=RowOutcome.ERROR)),
        updated_episodes=Count("pk", filter=Q(episode=EpisodeAction.UPDATED) & ~Q(outcome=RowOutcome.ERROR)),
        unchanged_rows=Count("pk", filter=Q(outcome=RowOutcome.UNCHANGED)),
        error_rows=Count("pk", filter=Q(outcome=RowOutcome.ERROR)),
        rows_checked=Count("pk"),
    )
    for name, value in counts.items():
        setattr(register_import, name, value)


@transaction.atomic
def import_check_next(*, register_import: RegisterImport, by, chunk: int | None = None) -> RegisterImport:
    """Check the next `chunk` rows; the counts advance; the last chunk sets the status "checked".

    Every stored row of the file is read each time (cross-row checks and group places need every
    row), but only the chunk's people are looked up in the register and only its rows are stored.
    Side effects: the import row locked; the chunk's row results; the counts; after the last
    chunk, audit ``register_import.checked`` with the counts.
    """
    locked = RegisterImport.objects.select_for_update().select_related("unit", "organisation").get(pk=register_import.pk)
    if locked.status != ImportStatus.CHECKING:
        return locked
    chunk = chunk or chunk_rows(locked.rows_total)
    table, results, _plans = _evaluate(locked, by=by, first=locked.rows_checked, chunk=chunk)
    _store_results(locked, table, results)
    if locked.rows_checked >= locked.rows_total:
        locked.status = ImportStatus.CHECKED
        audit(user=by, action="register_import.checked", obj=locked, unit=locked.unit, **_counts(locked))
    locked.save()
    return locked


def _counts(register_import: RegisterImport) -> dict:
    return {
        "rows": register_import.rows_total, "new_participants": register_import.new_participants,
        "new_episodes": register_import.new_episodes, "updated_episodes": register_import.updated_episodes,
        "unchanged_rows": register_import.unchanged_rows, "error_rows": register_import.error_rows,
    }


@transaction.atomic
def import_apply_start(*, register_import: RegisterImport, by) -> RegisterImport:
    """Mark a checked file without errors as being imported, before `import_apply_job` runs.

    Also allowed for a file whose earlier import was interrupted (its heartbeat stopped: nothing
    was written). Side effects: the status "applying"; the progress row (re)started; the reason
    a former attempt stopped cleared; audit ``register_import.apply_started``.
    """
    locked = _lock_unless_running(register_import)
    interrupted = _interrupted(locked)
    if not (locked.can_apply or interrupted):
        raise ImportRefused(_("Only a checked file without errors can be imported, and only once."), code="state")
    locked.status, locked.apply_problem = ImportStatus.APPLYING, ""
    locked.save(update_fields=["status", "apply_problem"])
    now = timezone.now()
    RegisterImportProgress.objects.update_or_create(
        register_import=locked,
        defaults={"stage": ApplyStage.QUEUED, "done": 0, "total": locked.rows_total, "started_at": now, "heartbeat_at": now},
    )
    audit(user=by, action="register_import.apply_started", obj=locked, unit=locked.unit, rows=locked.rows_total,
          after_interruption=interrupted)
    return locked


def import_apply_launch(*, register_import: RegisterImport, by):
    """Start importing a checked file: marked as being imported, then applied in a background
    thread (PostgreSQL; the thread is returned) or here and now (None). krami/jobs.py."""
    started = import_apply_start(register_import=register_import, by=by)
    return jobs.run(import_apply_job, started.pk, by.pk, name=f"register-import-{started.pk}")


def _lock_unless_running(register_import: RegisterImport) -> RegisterImport:
    """The import row locked, or ImportRefused at once when an import of it holds the lock: a
    second click must not wait minutes for the running import."""
    try:
        return RegisterImport.objects.select_for_update(nowait=True).get(pk=register_import.pk)
    except OperationalError:
        raise ImportRefused(RUNNING, code="running") from None


def _interrupted(register_import: RegisterImport) -> bool:
    """Marked as being imported, but its heartbeat stopped: the server stopped and nothing was written."""
    if register_import.status != ImportStatus.APPLYING:
        return False
    progress = RegisterImportProgress.objects.filter(register_import=register_import).first()
    return progress is None or progress.is_stale


def import_apply_job(register_import_pk: int, by_pk: int) -> None:
    """Apply an import marked by `import_apply_start`, in a background thread or in the request.

    Whatever stops it, nothing is half-written (one transaction). The import is then "checked"
    again with the reason in `apply_problem`, shown on the report, and can be started again.
    """
    by = get_user_model().objects.get(pk=by_pk)
    register_import = RegisterImport.objects.get(pk=register_import_pk)
    try:
        import_apply(register_import=register_import, by=by, progress=ApplyProgress(register_import_pk))
    except ImportRefused as exc:
        if exc.code == "changed":
            _stopped(register_import_pk, ApplyProblem.CHANGED)
    except Exception:
        _stopped(register_import_pk, ApplyProblem.FAILED)
        raise


@transaction.atomic
def _stopped(register_import_pk: int, problem: str) -> None:
    locked = RegisterImport.objects.select_for_update().get(pk=register_import_pk)
    if locked.status in (ImportStatus.APPLYING, ImportStatus.CHECKED):
        locked.status, locked.apply_problem = ImportStatus.CHECKED, problem
        locked.save(update_fields=["status", "apply_problem"])


def import_apply(*, register_import: RegisterImport, by, progress=None) -> RegisterImport:
    """Apply a checked file with no errors: all of it in one transaction, or nothing.

    When the register changed since the check so that rows now have errors, the new results are
    stored (the apply button disappears) and ImportRefused("changed") is raised: nothing else is
    written. Side effects, in order: the unit locked (starts in the unit wait, so the group
    places counted stay true), then the import; the whole file checked again; participants
    through `participant_create`, episodes closed and added, follow-ups still to come, phases
    through `participant_set_phase`; the row results; the file's content and stored rows
    deleted; audit ``register_import.applied`` with the counts. `progress` (ApplyProgress) hears of every row
    checked and every person written.
    """
    progress = progress or NoProgress()
    with transaction.atomic():
        locked = _lock_for_apply(register_import)
        table, results, plans = _evaluate(locked, by=by, progress=progress)
        locked.rows.all().delete()
        _store_results(locked, table, results)
        if locked.error_rows:
            locked.status = ImportStatus.CHECKED
            locked.save()
            refused = True
        else:
            refused = False
            _write(plans, register_import=locked, by=by, progress=progress)
            _finish(locked, status=ImportStatus.APPLIED, by=by)
            audit(user=by, action="register_import.applied", obj=locked, unit=locked.unit, sha256=locked.sha256,
                  **_counts(locked))
    progress.finished()
    if refused:
        raise ImportRefused(_("The register has changed since the check, and some rows now have errors. "
                              "Nothing was imported; see the rows below."), code="changed")
    return locked


def _lock_for_apply(register_import: RegisterImport) -> RegisterImport:
    Unit.objects.select_for_update().only("pk").get(pk=register_import.unit_id)
    locked = RegisterImport.objects.select_for_update().select_related("unit", "organisation").get(pk=register_import.pk)
    applicable = locked.status in (ImportStatus.CHECKED, ImportStatus.APPLYING)
    if not (applicable and locked.error_rows == 0 and locked.rows_total > 0):
        raise ImportRefused(_("Only a checked file without errors can be imported, and only once."), code="state")
    return locked


def _finish(register_import: RegisterImport, *, status: str, by) -> None:
    """The import applied or discarded: the file and its stored rows (personal data) deleted."""
    register_import.file_rows.all().delete()
    register_import.status, register_import.content = status, None
    register_import.finished_at, register_import.finished_by = timezone.now(), by
    register_import.save()


@transaction.atomic
def import_discard(*, register_import: RegisterImport, by) -> RegisterImport:
    """Throw away a file that will not be applied: its content and stored rows are deleted; audit
    ``register_import.discarded``."""
    locked = _lock_unless_running(register_import)
    if not locked.is_open:
        raise ImportRefused(_("This import is already finished."), code="state")
    if locked.status == ImportStatus.APPLYING and not _interrupted(locked):
        raise ImportRefused(RUNNING, code="running")
    _finish(locked, status=ImportStatus.DISCARDED, by=by)
    audit(user=by, action="register_import.discarded", obj=locked, unit=register_import.unit, sha256=locked.sha256)
    return locked


def _write(plans: list[PersonPlan], *, register_import: RegisterImport, by, progress) -> None:
    reason = f"import:{register_import.pk}"
    today = timezone.localdate()
    for done, plan in enumerate(sorted(plans, key=lambda p: p.first.number)):
        progress.writing(done, len(plans))
        if not plan.new_episodes and not plan.closes and plan.participant is not None:
            continue
        participant = plan.participant or _create(plan, register_import=register_import, by=by, today=today)
        for current, ep in plan.closes:
            # Exits lock the participant, not the unit: make sure nobody closed it since the check.
            if not Episode.objects.select_for_update().filter(pk=current.pk, ended_on__isnull=True).exists():
                raise ImportRefused(_("An episode in the file was closed in Krami during the import. Nothing was "
                                      "imported; check the file again."), code="changed")
            current.ended_on, current.exit_outcome = ep.ended_on, ep.exit_outcome
            current.completed_guidance_programme, current.ended_by = ep.completed, by
            current.save(update_fields=["ended_on", "exit_outcome", "completed_guidance_programme", "ended_by"])
            _follow_ups(current, today=today)
        for index, ep in enumerate(sorted(plan.new_episodes, key=lambda e: e.started_on)):
            episode = Episode.objects.create(
                participant=participant, kind=ep.kind, group=ep.group, started_on=ep.started_on, started_by=by,
                ended_on=ep.ended_on, exit_outcome=ep.exit_outcome, completed_guidance_programme=ep.completed,
                ended_by=by if ep.ended_on else None,
            )
            _follow_ups(episode, today=today)
            if plan.participant is None:
                # A new record gets the phase history its episodes tell: created in the guidance
                # course at the first start, then closed and re-enrolled as the episodes went.
                _phase_history(participant, ep, first=index == 0, by=by, reason=reason)
        if plan.participant is not None and _changed_latest(plan):
            _phase_now(participant, plan.latest, by=by, reason=reason)
    progress.writing(len(plans), len(plans))


def _create(plan: PersonPlan, *, register_import: RegisterImport, by, today):
    person = plan.first.person
    first_start = min((e.started_on for e in plan.new_episodes), default=None)
    return participant_create(
        unit=register_import.unit, organisation=register_import.organisation, handler=person["handler"], by=by,
        personnummer_value=plan.digits, phase=Phase.GUIDANCE if first_start else Phase.APPLICANT,
        # The file does not say when the person applied: registered on their first start at the latest
        # (not on the day of the import, which would make a unit's whole history "registered today").
        registered_on=first_start or today, phase_since=first_start or today,
        **{k: person[k] for k in ("first_name", "last_name", "gender", "identifies_as_woman", "municipality", "phone",
                                  "email", "address", "referral_source")},
    )


def _follow_ups(episode: Episode, *, today) -> None:
    """Follow-ups of an imported exit, only those still to come: the file has no answers to the
    earlier ones, and a list of years-old "overdue" follow-ups would help nobody (docs/intake.md)."""
    if episode.ended_on is None:
        return
    due = [(m, add_months(episode.ended_on, m)) for m in FOLLOW_UP_MONTHS]
    unit_id = episode.participant.unit_id
    FollowUp.objects.bulk_create([FollowUp(episode=episode, unit_id=unit_id, months=m, due_on=on) for m, on in due if on >= today])


def _changed_latest(plan: PersonPlan) -> bool:
    """The person's latest episode is new or was closed by the import: the phase follows it."""
    return isinstance(plan.latest, EpisodeData)


def _phase_history(participant, ep: EpisodeData, *, first: bool, by, reason: str) -> None:
    if not first:
        participant_set_phase(participant=participant, phase=Phase.GUIDANCE, on=ep.started_on, by=by, reason=reason)
    if ep.ended_on is not None:
        participant_set_phase(participant=participant, phase=Phase.CLOSED, on=ep.ended_on, by=by, reason=reason)


def _phase_now(participant, latest: EpisodeData, *, by, reason: str) -> None:
    """An existing record follows its latest episode when the import added or closed it."""
    phase, on = (Phase.GUIDANCE, latest.started_on) if latest.ended_on is None else (Phase.CLOSED, latest.ended_on)
    if participant.phase != phase:
        participant_set_phase(participant=participant, phase=phase, on=on, by=by, reason=reason)
