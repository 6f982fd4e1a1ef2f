"""Scheduled work runs once at a time, on however many machines the timer fires.

Every nightly or monthly management command (retention, the e-mail digest, month-end work) wraps
its work in `exclusive(name)`. On PostgreSQL this takes a session-level advisory lock named after
the job (`pg_try_advisory_lock`): a second run started meanwhile, on this machine or another one
sharing the database, finds the lock taken, does nothing and says so. The lock ends with the
database session, so a killed run never leaves it behind.

On the embedded SQLite demo database (one machine) an exclusive file lock next to the database
file does the same.
"""

from __future__ import annotations

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection


class AlreadyRunning(Exception):
    """Another run of the same job holds its lock."""


def lock_key(name: str) -> int:
    """The job's advisory-lock key: a stable signed 64-bit number derived from its name."""
    digest = hashlib.blake2b(f"krami-job:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def exclusive(name: str) -> Iterator[None]:
    """Hold the job `name`'s lock for the block; raise AlreadyRunning if another run holds it.

    Side effects: a PostgreSQL advisory lock on the default connection (or a file lock on SQLite),
    released when the block ends.
    """
    if connection.vendor == "postgresql":
        key = lock_key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            if not cursor.fetchone()[0]:
                raise AlreadyRunning(name)
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    database = connection.settings_dict["NAME"]
    folder = Path(database).parent if database and database != ":memory:" and "mode=memory" not in str(database) else None
    path = (folder or Path("/tmp")) / f".krami-job-{lock_key(name) & 0xFFFFFFFF:08x}.lock"
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyRunning(name) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
