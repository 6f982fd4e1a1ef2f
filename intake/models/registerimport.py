"""Import of an existing register (registerimport): an uploaded spreadsheet, checked row by row.

A unit moving from its spreadsheet uploads its participants and their enrolment episodes. The
upload (`content`) and its rows as read on upload (`RegisterImportFileRow`) are kept only until
the import is applied or discarded: they hold personal data. What stays afterwards is who
imported which file (name, sha256) when, and the counts. The per-row results hold no personal
data (row number, what happens, errors naming row and column), so the report can be shown again
without the file. docs/intake.md, "Import a register".
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from krami.models import Organisation, Unit


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked")
    APPLYING = "applying", _("Being imported")
    APPLIED = "applied", _("Imported")
    DISCARDED = "discarded", _("Discarded")


class ApplyProblem(models.TextChoices):
    FAILED = "failed", _("The import failed and nothing was written. Try again; if it fails again, contact the "
                         "system administrator.")
    CHANGED = "changed", _("The register has changed since the check, and some rows now have errors. Nothing was "
                           "imported; see the rows below.")


class RegisterImport(models.Model):
    """One uploaded file of a unit's register (registerimport), owned by the importer's organisation."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="register_imports", verbose_name=_("unit"))
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    # The file itself: personal data, emptied (set to None) when the import is applied or discarded.
    content = models.BinaryField(_("file content"), null=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    ignored_columns = models.JSONField(_("ignored columns"), default=list, blank=True)
    # Column key -> the header as written in the file, for the messages of the report.
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # Reading stopped after this row, the last of a long run of empty rows (parse.EMPTY_RUN).
    stopped_at_row = models.PositiveIntegerField(_("reading stopped after row"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    new_participants = models.PositiveIntegerField(_("new participants"), default=0)
    new_episodes = models.PositiveIntegerField(_("new episodes"), default=0)
    updated_episodes = models.PositiveIntegerField(_("episodes updated"), default=0)
    unchanged_rows = models.PositiveIntegerField(_("unchanged rows"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    finished_at = models.DateTimeField(_("applied or discarded"), null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("finished by"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Why the last attempt to import stopped without writing anything (shown on the report).
    apply_problem = models.CharField(
        _("why the import stopped"), max_length=10, choices=ApplyProblem.choices, blank=True
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_checked__lte=models.F("rows_total")), name="registerimport_checked_within_total"
            ),
            # Applied or discarded: the personal data of the file is gone.
            models.CheckConstraint(
                condition=Q(status__in=["checking", "checked", "applying"]) | Q(content__isnull=True),
                name="registerimport_finished_has_no_content",
            ),
        ]
        indexes = [models.Index(fields=["unit", "organisation", "uploaded_at"], name="registerimport_history")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        """Still to be checked or applied: the file is kept."""
        return self.status in (ImportStatus.CHECKING, ImportStatus.CHECKED, ImportStatus.APPLYING)

    @property
    def can_apply(self) -> bool:
        """The apply button exists only when every row was checked and none has an error."""
        return self.status == ImportStatus.CHECKED and self.error_rows == 0 and self.rows_total > 0

    @property
    def percent_checked(self) -> int:
        return round(100 * self.rows_checked / self.rows_total) if self.rows_total else 100


class ApplyStage(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    CHECKING = "checking", _("Checking every row again")
    WRITING = "writing", _("Writing to the register")


class RegisterImportProgress(models.Model):
    """How far the import of a file has come, readable while the import's transaction is open.

    The import writes everything in one transaction, so nothing it writes can be seen until it
    ends. Its progress is therefore written on a connection of its own (`krami.jobs.progress_db`)
    to this row, which the import's transaction never touches. `heartbeat_at` moves at least
    every few seconds while the import runs; when it stops moving the import was interrupted
    (the server restarted) and, the transaction never having committed, nothing was written.
    """

    STALE_AFTER = timedelta(minutes=2)

    register_import = models.OneToOneField(
        RegisterImport, verbose_name=_("register import"),
        on_delete=models.CASCADE, primary_key=True, related_name="progress"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=ApplyStage.choices, default=ApplyStage.QUEUED)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    started_at = models.DateTimeField(_("started"))
    heartbeat_at = models.DateTimeField(_("last sign of life"))

    class Meta:
        verbose_name = _("register import progress")
        verbose_name_plural = _("register import progress")

    def __str__(self) -> str:
        return f"{self.register_import_id}: {self.stage} {self.done}/{self.total}"

    @property
    def is_stale(self) -> bool:
        return timezone.now() - self.heartbeat_at > self.STALE_AFTER

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def seconds(self) -> int:
        """Seconds from the start to the last sign of life (the whole run, once it has finished)."""
        return round((self.heartbeat_at - self.started_at).total_seconds())


class RowOutcome(models.TextChoices):
    NEW_PARTICIPANT = "new_participant", _("New participant")
    NEW_EPISODE = "new_episode", _("New episode")
    EPISODE_UPDATED = "episode_updated", _("Episode updated")
    UNCHANGED = "unchanged", _("Unchanged")
    ERROR = "error", _("Error")


class EpisodeAction(models.TextChoices):
    NONE = "none", _("No episode")
    NEW = "new", _("New")
    UPDATED = "updated", _("Updated")
    UNCHANGED = "unchanged", _("Unchanged")


class RegisterImportRow(models.Model):
    """What one row of the file would do (or did). No personal data: the row number is the key.

    `errors` is a list of ``{"column": <the file's header>, "message": <text>}``.
    """

    register_import = models.ForeignKey(
        RegisterImport, verbose_name=_("register import"), on_delete=models.CASCADE, related_name="rows"
    )
    number = models.PositiveIntegerField(_("row"))
    outcome = models.CharField(_("result"), max_length=20, choices=RowOutcome.choices)
    episode = models.CharField(_("episode"), max_length=10, choices=EpisodeAction.choices, default=EpisodeAction.NONE)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("register import row")
        verbose_name_plural = _("register import rows")
        constraints = [models.UniqueConstraint(fields=["register_import", "number"], name="registerimportrow_unique")]
        indexes = [models.Index(fields=["register_import", "outcome", "number"], name="registerimportrow_outcome")]

    def __str__(self) -> str:
        return f"{self.register_import_id}:{self.number} {self.outcome}"


class RegisterImportFileRow(models.Model):
    """One data row of an uploaded file as read on upload: personal data, like the file itself.

    The file is read once, when it is uploaded (reading it is the costly part); the checks and
    the apply read these rows. `values` maps column keys to the text of the cell, a date as
    ``{"date": "2024-03-18"}``, or a cell that cannot be imported as ``{"problem": ..., "where": ...}``
    (intake/registerimport/parse.py, `stored_values`). Deleted with the file's content when the
    import is applied or discarded (tests/intake/test_import_privacy.py checks every way).
    """

    register_import = models.ForeignKey(
        RegisterImport, verbose_name=_("register import"), on_delete=models.CASCADE, related_name="file_rows"
    )
    number = models.PositiveIntegerField(_("row"))
    values = models.JSONField(_("values"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("row of an uploaded file")
        verbose_name_plural = _("rows of uploaded files")
        constraints = [models.UniqueConstraint(fields=["register_import", "number"], name="registerimportfilerow_unique")]

    def __str__(self) -> str:
        return f"{self.register_import_id}:{self.number}"
