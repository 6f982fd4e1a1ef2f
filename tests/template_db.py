"""One migrated PostgreSQL database per set of migrations, copied for every database the suite needs.

Migrating an empty database takes about 10 s of Python since the migrations were squashed (40 s
before: docs/architecture.md, "Migrations"). The suite used to pay it four times a run: once per
xdist worker for its test database and twice in the `make bench` test. Now the first process to
need it migrates a template database once, under an advisory lock (the other worker waits for
it), and each test database is `CREATE DATABASE … TEMPLATE` of it,
a file copy in the server: the same schema, the same rows the migrations write, in a second.

The template's name carries a digest of every migration file and of the pinned requirements (the
third-party apps' migrations), so a changed migration gets a fresh template and the old one is
dropped. SQLite runs (the laptop's `make test`) migrate as before.
"""

from __future__ import annotations

import hashlib
import os
import subprocess  # nosec B404 - manage.py migrate with this interpreter
import sys
from pathlib import Path

import psycopg2
from django.conf import settings
from psycopg2 import sql

ROOT = Path(settings.BASE_DIR)
PREFIX = "krami_migrated_"


def _digest() -> str:
    files = sorted(ROOT.glob("*/migrations/*.py")) + [ROOT / "requirements.txt"]
    h = hashlib.sha256()
    for path in files:
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def server_params() -> dict:
    db = settings.DATABASES["default"]
    return {"user": db.get("USER") or "postgres", "password": db.get("PASSWORD") or None,
            "host": db.get("HOST") or "127.0.0.1", "port": db.get("PORT") or 5432}


def database_url(name: str) -> str:
    s = server_params()
    auth = s["user"] + (f":{s['password']}" if s["password"] else "")
    return f"postgres://{auth}@{s['host']}:{s['port']}/{name}"


def _admin():
    conn = psycopg2.connect(dbname="postgres", **server_params())
    conn.autocommit = True  # CREATE DATABASE cannot run in a transaction
    return conn


def migrated_template() -> str:
    """The name of the migrated template database for the current migrations, made if missing."""
    name = PREFIX + _digest()
    building = name + "_building"
    conn = _admin()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(hashtext(%s))", [PREFIX])
            try:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if cur.fetchone() is None:
                    cur.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [PREFIX + "%"])
                    for (old,) in cur.fetchall():  # an older set of migrations', or a build that died
                        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(old)))
                    cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building)))
                    _migrate(building)
                    # Renamed only when complete: a crash mid-migration leaves no template to trust.
                    cur.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(building), sql.Identifier(name)))
            finally:
                cur.execute("SELECT pg_advisory_unlock(hashtext(%s))", [PREFIX])
    finally:
        conn.close()
    return name


def _migrate(name: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url(name), "DJANGO_SETTINGS_MODULE": "krami.settings_test",
           "PYTHONWARNINGS": "ignore"}
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],  # nosec B603
                            env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"migrating the template database {name} failed:\n{result.stderr[-3000:]}")


def drop_database(name: str) -> None:
    conn = _admin()
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        conn.close()


def create_from_template(name: str) -> None:
    """A fresh database `name` (dropped first if it exists), migrated: a copy of the template."""
    template = migrated_template()
    drop_database(name)
    conn = _admin()
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template)))
    finally:
        conn.close()
