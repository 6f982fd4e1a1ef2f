"""One benchmark run on the current database: every baseline and page, as a JSON-ready dict."""

from __future__ import annotations

import os
import platform
import time

import django
from django.db import connection

from krami.models import AccessLog, Unit
from participants.models import JournalNote, Participant, ParticipantGroupPermission
from scale.bench import measure
from scale.bench.context import discover
from scale.bench.pages import BASELINES, PAGES

COUNTED = {"units": Unit, "participants": Participant, "journal_notes": JournalNote,
           "grants": ParticipantGroupPermission, "access_log": AccessLog}


def _server_version() -> str:
    if connection.vendor != "postgresql":
        return connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return cursor.fetchone()[0].split(" on ")[0]


def measure_database(*, label: str, repeat: int, warmup: int) -> dict:
    """Measure all pages in rounds (see scale.bench.measure); the machine load is recorded around it."""
    ctx = discover()
    targets = [measure.Target(page=p) for p in [*BASELINES, *PAGES]]
    rows = {name: model.objects.count() for name, model in COUNTED.items()}
    load_before = os.getloadavg()
    started = time.monotonic()
    measure.prepare(targets, ctx, warmup=warmup)
    measure.run_rounds(targets, repeat=repeat)
    seconds = time.monotonic() - started
    return {
        "label": label,
        "database": connection.settings_dict["NAME"],
        "rows": rows,
        "context": {"unit_id": ctx.unit_id, "participant_id": ctx.participant_id, "month": ctx.month},
        "repeat": repeat,
        "seconds": round(seconds, 1),
        "load_average": {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]},
        "environment": {"python": platform.python_version(), "django": django.get_version(),
                        "postgresql": _server_version(), "cpus": os.cpu_count()},
        "baselines": {t.page.key: measure.result(t) for t in targets[: len(BASELINES)]},
        "pages": [measure.result(t) for t in targets[len(BASELINES):]],
    }
