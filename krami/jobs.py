"""Work that outlives its request: run in a thread of its own, with progress the page can read.

Used for applying a register import (intake/registerimport/services.py), which writes a whole
file in one transaction and can take minutes: longer than a web server lets a request run.

Why a thread and not a task queue: the only such work is a unit's one-off move from its
spreadsheet; it is all or nothing, so a thread that dies with its process (a restart, a
deploy) leaves nothing half-written, and the page sees the stopped heartbeat and offers to
start again. A queue would add a broker and a worker process to run and watch for that.

The work's own transaction hides everything it writes until it ends, so its progress is written
on a second connection to the same database (the alias ``progress``, PostgreSQL only). On the
SQLite demo database there is one writer at a time, so background jobs are off there
(KRAMI_BACKGROUND_JOBS) and the work runs in the request, as before.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connections, transaction

logger = logging.getLogger(__name__)

PROGRESS_DB = "progress"
# A job that has given no sign of life (`beat`) for this long is stuck: /readyz says so (issue 20).
# The same two minutes after which the import's report calls a stopped heartbeat interrupted.
STUCK_AFTER_SECONDS = 120

# The jobs running in this process: thread ident -> (name, monotonic time of the last sign of life).
_running: dict[int, tuple[str, float]] = {}
_running_lock = threading.Lock()


def beat() -> None:
    """A sign of life from the job running in this thread (its progress writer calls this)."""
    ident = threading.get_ident()
    with _running_lock:
        if ident in _running:
            _running[ident] = (_running[ident][0], time.monotonic())


def stuck() -> list[str]:
    """Names of this process's jobs that have given no sign of life for STUCK_AFTER_SECONDS."""
    now = time.monotonic()
    with _running_lock:
        return sorted(name for name, last in _running.values() if now - last > STUCK_AFTER_SECONDS)


def progress_db() -> str | None:
    """The alias to write progress on, or None when nobody could read it before the work ends."""
    if settings.KRAMI_BACKGROUND_JOBS and PROGRESS_DB in settings.DATABASES:
        return PROGRESS_DB
    return None


def run(work: Callable[..., object], *args, name: str) -> threading.Thread | None:
    """Run ``work(*args)`` in a thread of its own (returned), or here and now (None) when
    background jobs are off. Call it after the transaction that prepared the work has
    committed: the thread has its own connection and sees only committed rows."""
    if not settings.KRAMI_BACKGROUND_JOBS:
        work(*args)
        return None
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("a background job must start after its preparing transaction has committed")
    thread = threading.Thread(target=_run, args=(work, args), name=name)
    thread.start()
    return thread


def _run(work: Callable[..., object], args: tuple) -> None:
    ident = threading.get_ident()
    with _running_lock:
        _running[ident] = (threading.current_thread().name, time.monotonic())
    try:
        work(*args)
    except Exception:  # the work records its own failure; this only keeps it in the log
        logger.exception("background job %s failed", threading.current_thread().name)
    finally:
        with _running_lock:
            _running.pop(ident, None)
        connections.close_all()  # this thread's connections only
