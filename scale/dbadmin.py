"""Create (or re-create) the benchmark database named in DATABASE_URL before Django connects to it.

Only databases whose name contains "scale" or "bench" are ever dropped: the generator must never
be able to wipe a real register by a mistyped URL.
"""

from __future__ import annotations

import psycopg2
from django.conf import settings
from django.core.management.base import CommandError
from psycopg2 import sql


def _maintenance_connection():
    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname="postgres", user=db.get("USER") or None, password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None, port=db.get("PORT") or None,
    )
    conn.autocommit = True
    return conn


def ensure_database(*, fresh: bool) -> bool:
    """Make sure the database exists; with `fresh`, drop it first. Returns True when it was created."""
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        raise CommandError("The scale data needs PostgreSQL: set DATABASE_URL=postgres://...")
    name = db["NAME"]
    if fresh and not any(word in name for word in ("scale", "bench")):
        raise CommandError(f"Refusing to drop {name!r}: --fresh only drops databases named *scale* or *bench*.")
    conn = _maintenance_connection()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            exists = cur.fetchone() is not None
            if exists and fresh:
                cur.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
                exists = False
            if not exists:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                return True
            return False
    finally:
        conn.close()
