"""Backup and restore of the PostgreSQL database (pg_dump custom format), and a way to prove
a backup is good: restore it into a scratch database and compare every table's row count and
content checksum with the source.
"""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404: runs the PostgreSQL client tools with fixed arguments
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _db(alias: str = "default") -> dict:
    db = settings.DATABASES[alias]
    if not db["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("Backups need PostgreSQL (set DATABASE_URL).")
    return db


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
        if not candidates:
            raise ImproperlyConfigured(f"{name} not found (apt-get install postgresql-client).")
        path = str(candidates[-1])
    return path


def _conn_args(db: dict, name: str | None = None) -> tuple[list[str], dict]:
    args = ["--host", db.get("HOST") or "localhost", "--username", db.get("USER") or "postgres"]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args + ["--dbname", name or db["NAME"]], env


def dump(path: Path, *, database: str | None = None) -> Path:
    """Write a custom-format dump of the database (all tables, triggers included)."""
    db = _db()
    args, env = _conn_args(db, database)
    subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args], env=env, check=True)  # nosec B603
    return path


def restore(path: Path, *, database: str) -> None:
    """Restore a dump into `database` (which must exist and be empty, or be replaced with --clean)."""
    db = _db()
    args, env = _conn_args(db, database)
    subprocess.run(  # nosec B603
        [_tool("pg_restore"), "--no-owner", "--clean", "--if-exists", "--exit-on-error", *args, str(path)],
        env=env,
        check=True,
    )


def _connect(database: str):
    db = _db()
    return psycopg2.connect(
        dbname=database, user=db.get("USER") or "postgres", password=db.get("PASSWORD") or None,
        host=db.get("HOST") or "localhost", port=db.get("PORT") or 5432,
    )


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


def fingerprints(database: str) -> dict[str, tuple[int, str]]:
    """table -> (row count, md5 of all rows in a stable order)."""
    conn = _connect(database)
    result = {}
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        for table in tables:
            cursor.execute(
                f'SELECT count(*), coalesce(md5(string_agg(t::text, chr(10) ORDER BY t::text)), \'\') FROM "{table}" t'  # nosec B608
            )
            count, digest = cursor.fetchone()
            result[table] = (count, digest)
    conn.close()
    return result
