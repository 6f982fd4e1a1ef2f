"""Backups of the PostgreSQL database that can be proven good, and a restore that cannot destroy.

- `dump` opens one REPEATABLE READ transaction and exports its snapshot; `pg_dump --snapshot`
  dumps exactly that snapshot while the same transaction computes each table's fingerprint (row
  count and a digest of its rows). The fingerprints, the dump's size and SHA-256 go into the
  manifest beside the dump (`<dump>.manifest.json`), written last: a dump without one did not
  finish. Sessions and django-axes lock-outs (`NO_DATA_TABLES`) are dumped without their rows.
- `check_archive` runs before anything is touched: the file against its manifest, then the whole
  archive read through by `pg_restore` (a dump cut short fails there even without a manifest).
- `restore` runs pg_restore's script in one psql transaction (`--single-transaction`, stopped at
  the first error): the old tables are dropped and the new ones filled in one transaction, so a
  failure half-way leaves the database as it was. The partitioned access log is dropped first,
  as a whole: `pg_restore --clean` would drop a partition's inherited key, which PostgreSQL refuses. Afterwards the
  sessions and lock-outs are emptied (a backup made before this rule has their rows).
- `verify` restores into a scratch database and compares it with the manifest, not with the live
  database, so logins and reads since the backup do not count as differences.

Errors are `BackupError`s whose message the commands print in Swedish and English.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess  # nosec B404: runs the PostgreSQL client tools with fixed arguments
import tempfile
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MANIFEST_FORMAT = "krami-backup-manifest/1"
# Rows that must not come back with a restore: a session logged out after the backup would be
# valid again, a lock-out lifted since would lock the user out again. Their tables are dumped
# empty (structure only) and emptied after a restore.
NO_DATA_TABLES = ("django_session", "axes_accessattempt", "axes_accessattemptexpiration")
# One text form of every value whichever server or client settings are in force, so the digests
# taken at backup time and after a restore can be compared.
_STABLE_TEXT = (
    "SET TIME ZONE 'UTC'; SET datestyle = 'ISO, YMD'; SET intervalstyle = 'postgres'; "
    "SET extra_float_digits = 1; SET bytea_output = 'hex'"
)
# A lock held by the running application makes the restore fail (and roll back) instead of waiting.
RESTORE_LOCK_TIMEOUT = "30s"


class BackupError(Exception):
    """A backup, restore or verification that did not succeed.

    `message` is a lazy translatable text with `%(name)s` placeholders filled from `params` when
    it is rendered (the commands render it in Swedish and in English); `detail` is the tool's own
    words (pg_restore's last error line), shown as they are; `unchanged` says whether the target
    database is as it was.
    """

    def __init__(self, message: Promise, *, params: dict | None = None, detail: str = "", unchanged: bool = True):
        self.message, self.params, self.detail, self.unchanged = message, params or {}, detail, unchanged
        super().__init__(self.render())

    def render(self) -> str:
        """The message in the active language."""
        return str(self.message) % self.params if self.params else str(self.message)


@dataclass(frozen=True)
class Manifest:
    tables: dict[str, tuple[int, str]]
    size: int
    sha256: str
    created_at: str


def _db() -> dict:
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("Backups need PostgreSQL (set DATABASE_URL).")
    return db


def _connect(database: str):
    db = _db()
    return psycopg2.connect(
        dbname=database, user=db.get("USER") or "postgres", password=db.get("PASSWORD") or None,
        host=db.get("HOST") or "localhost", port=db.get("PORT") or 5432,
    )


def tool(name: str) -> str:
    """`pg_dump`/`pg_restore` of the server's major version when installed (Debian keeps each
    version in /usr/lib/postgresql/<major>/bin, as .ci/pg-cluster uses), else the one on PATH."""
    try:
        conn = _connect(_db()["NAME"])
        major = conn.server_version // 10000
        conn.close()
    except psycopg2.Error:
        major = None
    exact = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if major and exact.exists():
        return str(exact)
    path = shutil.which(name)
    if path is None:
        candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
        if not candidates:
            raise ImproperlyConfigured(f"{name} not found (apt-get install postgresql-client).")
        path = str(candidates[-1])
    return path


def _conn_args(database: str) -> tuple[list[str], dict]:
    db = _db()
    args = ["--host", db.get("HOST") or "localhost", "--username", db.get("USER") or "postgres"]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args + ["--dbname", database], env


def _last_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _first_line(exc: Exception) -> str:
    """A database error's first line (the later ones, DETAIL, can quote a row)."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


def _tool_error(stderr: str) -> str:
    """What pg_restore or pg_dump said went wrong: its error, DETAIL and HINT lines and the
    statement, not the CONTEXT line (which can quote a whole row of personal data)."""
    kept = [
        line.strip()[:300] for line in stderr.splitlines()
        if " error: " in line or "ERROR:" in line or line.startswith(("DETAIL:", "HINT:", "Command was:"))
    ]
    return " / ".join(kept) or _last_line(stderr)[:300]


def manifest_path(dump_path: Path) -> Path:
    return dump_path.with_name(dump_path.name + ".manifest.json")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _table_fingerprints(cursor) -> dict[str, tuple[int, str]]:
    """table -> (rows, digest) of every table of the public schema, as this transaction sees it.

    The digest is the sum of each row's md5 (its first 64 bits): independent of row order, so
    no sort and no table-sized string, and any changed, missing or extra row changes it.
    """
    cursor.execute(_STABLE_TEXT)
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    result = {}
    for (table,) in cursor.fetchall():
        cursor.execute(
            f'SELECT count(*), coalesce(sum((\'x\' || left(md5(t::text), 16))::bit(64)::bigint::numeric), 0)::text FROM "{table}" t'  # nosec B608: names from pg_tables
        )
        rows, digest = cursor.fetchone()
        result[table] = (rows, digest)
    return result


def fingerprints(database: str) -> dict[str, tuple[int, str]]:
    """table -> (row count, content digest) of `database` now."""
    conn = _connect(database)
    try:
        with conn.cursor() as cursor:
            return _table_fingerprints(cursor)
    finally:
        conn.close()


def dump(path: Path, *, database: str | None = None) -> Path:
    """Write a custom-format dump of the database and its manifest, both from one snapshot.

    Side effects, in order: the dump written to `<path>.partial` by pg_dump from the exported
    snapshot while the fingerprints are computed in the same transaction; the file renamed to
    `path`; the manifest written beside it. A failure leaves neither file.
    """
    database = database or _db()["NAME"]
    partial = path.with_name(path.name + ".partial")
    conn = _connect(database)
    try:
        conn.set_session(isolation_level=psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ, readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), now()")
            snapshot, taken_at = cursor.fetchone()
            args, env = _conn_args(database)
            excluded = [f"--exclude-table-data={table}" for table in NO_DATA_TABLES]
            pg_dump = subprocess.Popen(  # nosec B603
                [tool("pg_dump"), "--format=custom", "--no-owner", f"--snapshot={snapshot}", *excluded,
                 "--file", str(partial), *args],
                env=env, stderr=subprocess.PIPE, text=True,
            )
            try:
                tables = _table_fingerprints(cursor)
            except BaseException:
                pg_dump.kill()
                pg_dump.wait()
                partial.unlink(missing_ok=True)
                raise
            _out, stderr = pg_dump.communicate()
        conn.rollback()
    finally:
        conn.close()
    if pg_dump.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(_("pg_dump failed; no backup was written."), detail=_tool_error(stderr))
    partial.replace(path)
    manifest = {
        "format": MANIFEST_FORMAT,
        "database": database,
        "created_at": taken_at.astimezone(UTC).isoformat(),
        "dump": {"file": path.name, "bytes": path.stat().st_size, "sha256": _sha256(path)},
        "tables_without_data": list(NO_DATA_TABLES),
        "tables": {t: {"rows": rows, "digest": digest} for t, (rows, digest) in tables.items() if t not in NO_DATA_TABLES},
    }
    written = manifest_path(path).with_suffix(".partial")
    written.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    written.replace(manifest_path(path))
    return path


def read_manifest(path: Path) -> Manifest | None:
    """The manifest beside the dump, or None when there is none (an older backup)."""
    file = manifest_path(path)
    if not file.exists():
        return None
    try:
        data = json.loads(file.read_text())
        if data.get("format") != MANIFEST_FORMAT:
            raise ValueError(data.get("format"))
        return Manifest(
            tables={t: (int(v["rows"]), str(v["digest"])) for t, v in data["tables"].items()},
            size=int(data["dump"]["bytes"]), sha256=str(data["dump"]["sha256"]), created_at=str(data["created_at"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(_("The manifest beside the backup cannot be read."), detail=f"{file}: {exc}") from None


def check_archive(path: Path) -> Manifest | None:
    """Refuse a file that is not the whole backup, before anything is touched.

    With a manifest: the size and SHA-256 must match. In every case pg_restore must read the
    archive to its end (into /dev/null): a dump cut short fails there.
    """
    if not path.is_file():
        raise BackupError(_("The backup file %(file)s does not exist."), params={"file": str(path)})
    manifest = read_manifest(path)
    if manifest is not None and (path.stat().st_size != manifest.size or _sha256(path) != manifest.sha256):
        raise BackupError(
            _("The backup file is damaged or incomplete: its size or checksum differs from its manifest."),
            detail=f"{path.stat().st_size} bytes, manifest {manifest.size} bytes",
        )
    read = subprocess.run(  # nosec B603
        [tool("pg_restore"), "--file", os.devnull, str(path)], capture_output=True, text=True, check=False
    )
    if read.returncode != 0:
        raise BackupError(
            _("The backup file is damaged or incomplete: it cannot be read to its end."), detail=_tool_error(read.stderr)
        )
    return manifest


def _partitioned_tables(path: Path, database: str) -> list[str]:
    """The partitioned tables of `database` (schema public) that the backup also has.

    `pg_restore --clean` drops a partition's primary key before its table, which PostgreSQL
    refuses ("cannot drop inherited constraint"): the restore drops these tables, with their
    partitions, first, in the same transaction.
    """
    listed = subprocess.run(  # nosec B603
        [tool("pg_restore"), "--list", str(path)], capture_output=True, text=True, check=False
    )
    in_backup = {m.group(1) for m in re.finditer(r"^\d+; \d+ \d+ TABLE public (\S+) ", listed.stdout, re.M)}
    conn = _connect(database)
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind = 'p' ORDER BY c.relname"
            )
            live = [row[0] for row in cursor.fetchall()]
    finally:
        conn.close()
    return [name for name in live if name in in_backup]


def restore(path: Path, *, database: str | None = None) -> Manifest | None:
    """Replace `database` (the configured one) with the backup, all or nothing.

    Side effects, in order: the archive checked (`check_archive`); in one transaction (psql
    `--single-transaction`, stopped at the first error and then rolled back) the partitioned
    tables dropped (`_partitioned_tables`), then pg_restore's script run (drop, create, fill);
    the sessions and lock-outs emptied.

    pg_restore writes the script into psql's input as it goes; when pg_restore fails, psql is
    killed before its input ends, so it never commits (the server rolls back the transaction of a
    connection that goes away).
    """
    database = database or _db()["NAME"]
    manifest = check_archive(path)
    args, env = _conn_args(database)
    env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} -c lock_timeout={RESTORE_LOCK_TIMEOUT}".strip()
    first = [f'DROP TABLE IF EXISTS public."{name}"' for name in _partitioned_tables(path, database)]
    with tempfile.TemporaryFile(mode="w+") as restore_err, tempfile.TemporaryFile(mode="w+") as psql_err:
        psql = subprocess.Popen(  # nosec B603
            [tool("psql"), "--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--single-transaction",
             *(["--command", "; ".join(first)] if first else []), "--file", "-", *args],
            env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_err,
        )
        pg_restore = subprocess.Popen(  # nosec B603
            [tool("pg_restore"), "--no-owner", "--clean", "--if-exists", "--file", "-", str(path)],
            stdout=subprocess.PIPE, stderr=restore_err,
        )
        try:
            shutil.copyfileobj(pg_restore.stdout, psql.stdin, 1 << 20)
        except BrokenPipeError:
            pass  # psql stopped at an error: its own message says which
        pg_restore.stdout.close()
        if pg_restore.wait() != 0:
            psql.kill()
            psql.wait()
            restore_err.seek(0)
            raise BackupError(_("pg_restore failed and was rolled back."), detail=_tool_error(restore_err.read()))
        try:
            psql.stdin.close()
        except BrokenPipeError:
            pass
        if psql.wait() != 0:
            psql_err.seek(0)
            raise BackupError(_("pg_restore failed and was rolled back."), detail=_tool_error(psql_err.read()))
    _empty_no_data_tables(database)
    return manifest


def _empty_no_data_tables(database: str) -> None:
    try:
        conn = _connect(database)
        try:
            with conn, conn.cursor() as cursor:
                for table in NO_DATA_TABLES:
                    cursor.execute("SELECT to_regclass(%s)", [table])
                    if cursor.fetchone()[0] is not None:
                        cursor.execute(f'DELETE FROM "{table}"')  # nosec B608: names from NO_DATA_TABLES
        finally:
            conn.close()
    except psycopg2.Error as exc:
        raise BackupError(
            _("The backup was restored, but the sessions and lock-outs could not be emptied: run the restore again."),
            detail=_first_line(exc), unchanged=False,
        ) from exc


def create_database(name: str) -> None:
    conn = _connect("postgres")
    conn.autocommit = True  # CREATE DATABASE cannot run inside a transaction
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def drop_database(name: str) -> None:
    conn = _connect("postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    conn.close()


def differences(manifest: Manifest, restored: dict[str, tuple[int, str]]) -> list[str]:
    """Tables whose rows in the restored copy differ from the manifest (the sessions and
    lock-outs must be empty)."""
    compared = (set(manifest.tables) | set(restored)) - set(NO_DATA_TABLES)
    wrong = {t for t in compared if manifest.tables.get(t) != restored.get(t)}
    wrong |= {t for t in NO_DATA_TABLES if restored.get(t, (0, ""))[0] != 0}
    return sorted(wrong)


def verify(path: Path) -> tuple[Manifest, dict[str, tuple[int, str]]]:
    """Restore into a scratch database and compare it with the manifest; the manifest and the
    restored copy's fingerprints. Raises `BackupError` naming the tables that differ."""
    if read_manifest(path) is None and path.is_file():
        raise BackupError(
            _("There is no manifest beside the backup (%(file)s): it was not made by `manage.py backup`, or the backup did not finish."),
            params={"file": manifest_path(path).name},
        )
    scratch = f"{_db()['NAME']}_verify_{os.getpid()}"
    create_database(scratch)
    try:
        manifest = restore(path, database=scratch)
        restored = fingerprints(scratch)
    finally:
        drop_database(scratch)
    wrong = differences(manifest, restored)
    if wrong:
        raise BackupError(_("The restored copy differs from the manifest in: %(tables)s."), params={"tables": ", ".join(wrong)})
    return manifest, restored


def unreachable(exc: psycopg2.Error) -> BackupError:
    """A database error outside pg_dump/pg_restore (no connection, no permission) as a BackupError."""
    return BackupError(_("The database cannot be reached or refused the request."), detail=_first_line(exc))


def bilingual(headline: Promise, exc: BackupError) -> str:
    """The failure in Swedish, then in English, then the tool's own words: what an operator reads.

    `headline` has a `%(reason)s` placeholder for the error's message; a sentence on whether
    the database was changed follows.
    """
    lines = []
    for language in ("sv", "en"):
        with translation.override(language):
            state = _("The database was not changed.") if exc.unchanged else _("Check the database before it is used.")
            lines.append(f"{str(headline) % {'reason': exc.render()}} {state}")
    if exc.detail:
        lines.append(f"({exc.detail})")
    return "\n".join(lines)
