"""How far an import has come, told to the report page while the import's transaction is open.

`ApplyProgress` writes the stage and the count to the import's progress row on the connection
`krami.jobs.progress_db()`, outside the import's own transaction, at most every `EVERY`
seconds (and at each change of stage), so 5 000 rows cost a few dozen small updates, not 5 000.
When the import runs in the request (no background jobs) nobody can look before it ends, and
only the end is written.
"""

from __future__ import annotations

import time

from django.utils import timezone

from intake.models import ApplyStage, RegisterImportProgress
from krami.jobs import beat, progress_db


class NoProgress:
    """Progress that nobody reads (a direct call of `import_apply`, e.g. from a benchmark)."""

    def checking(self, done: int, total: int) -> None:
        pass

    def writing(self, done: int, total: int) -> None:
        pass

    def finished(self) -> None:
        pass


class ApplyProgress(NoProgress):
    EVERY = 0.5  # seconds between two updates of the same stage

    def __init__(self, register_import_pk: int):
        self.pk = register_import_pk
        self.alias = progress_db()
        self.stage: str | None = None
        self.last = 0.0

    def checking(self, done: int, total: int) -> None:
        self._tell(ApplyStage.CHECKING, done, total)

    def writing(self, done: int, total: int) -> None:
        self._tell(ApplyStage.WRITING, done, total)

    def finished(self) -> None:
        """The last word, after the import's transaction: the heartbeat at the end, so the report
        can say how long it took (also when it ran in the request)."""
        self._write(using=self.alias or "default", stage=self.stage or ApplyStage.WRITING)

    def _tell(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if self.alias is None or (stage == self.stage and now - self.last < self.EVERY and done < total):
            return
        self.stage, self.last = stage, now
        self._write(stage=stage, done=done, total=total)

    def _write(self, *, using: str | None = None, **values) -> None:
        beat()  # the process's own record: /readyz reports a job that stopped beating (krami/jobs.py)
        RegisterImportProgress.objects.using(using or self.alias).filter(register_import_id=self.pk).update(
            heartbeat_at=timezone.now(), **values
        )
