"""One benchmark run on the current database: every baseline and page, as a JSON-ready dict."""

from __future__ import annotations

import os
import platform
import time
from contextlib import nullcontext

import django
from django.db import connection
from django.db.models import Count

from krami.models import AccessLog, Unit
from participants.models import JournalNote, Participant, ParticipantGroupPermission
from scale.bench import measure
from scale.bench.context import discover
from scale.bench.pages import BASELINES, FRAMEWORK_FLOOR, LOG_PAGES, PAGES
from scale.bench.turns import Turns

# What one run measures: the key pages with their baselines, or the access log at two sizes.
PAGE_SETS = {"pages": (BASELINES, PAGES), "log": ([FRAMEWORK_FLOOR], LOG_PAGES)}

COUNTED = {"units": Unit, "participants": Participant, "journal_notes": JournalNote,
           "grants": ParticipantGroupPermission, "access_log": AccessLog}


def _server_version() -> str:
    if connection.vendor != "postgresql":
        return connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return cursor.fetchone()[0].split(" on ")[0]


def _log_rows_by_unit() -> dict[str, int]:
    rows = AccessLog.objects.values_list("unit_id").annotate(n=Count("pk")).order_by("unit_id")
    return {str(unit_id): n for unit_id, n in rows}


def measure_database(
    *, label: str, repeat: int, warmup: int, pages: str = "pages", only: set[str] | None = None, every_round: bool = False,
    turns: Turns | None = None,
) -> dict:
    """Measure a set of pages (PAGE_SETS) in rounds (see scale.bench.measure); the machine load is
    recorded around it. With `turns`, the warm-up and each round wait for this process's turn
    (another process measures another database in the same minutes: scale/bench/turns.py)."""
    ctx = discover()
    baselines, measured = PAGE_SETS[pages]
    measured = [p for p in measured if only is None or p.key in only]
    targets = [measure.Target(page=p) for p in [*baselines, *measured]]
    rows = {name: model.objects.count() for name, model in COUNTED.items()}
    load_before = os.getloadavg()
    started = time.monotonic()
    turn = turns.turn if turns else nullcontext
    with turn():
        measure.prepare(targets, ctx, warmup=warmup)
    measure.run_rounds(targets, repeat=repeat, every_round=every_round, turn=turn)
    seconds = time.monotonic() - started
    return {
        "label": label,
        "database": connection.settings_dict["NAME"],
        "rows": rows,
        "context": {"unit_id": ctx.unit_id, "participant_id": ctx.participant_id, "month": ctx.month},
        "log_rows_by_unit": _log_rows_by_unit() if pages == "log" else None,
        "repeat": repeat,
        "every_round": every_round,
        "in_turns": turns is not None,
        "seconds": round(seconds, 1),
        "load_average": {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]},
        "environment": {"python": platform.python_version(), "django": django.get_version(),
                        "postgresql": _server_version(), "cpus": os.cpu_count()},
        "baselines": {t.page.key: measure.result(t) for t in targets[: len(baselines)]},
        "pages": [measure.result(t) for t in targets[len(baselines):]],
    }
