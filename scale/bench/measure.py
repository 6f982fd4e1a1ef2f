"""Measure pages in-process with Django's test client: server time and SQL queries.

Every round requests each page (and each baseline, and runs each database floor) once, so that
a noisy machine slows all of them alike and the ratios hold. Query counts come from one extra
captured request after the warm-up; the captured SELECTs are also replayed directly on the
connection ("page SQL replayed", as the client sees it: round trips included), and every captured
statement is run once more under EXPLAIN ANALYZE in a transaction that is rolled back ("SQL in
the server": PostgreSQL's own planning and execution time, what the page's SQL costs the database).
"""

from __future__ import annotations

import json
import math
import statistics
import time
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from scale.bench import plans
from scale.bench.pages import Page


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(times: list[float]) -> dict:
    return {"median_ms": round(statistics.median(times), 2), "p95_ms": round(percentile(times, 0.95), 2), "n": len(times)}


@dataclass
class Target:
    page: Page
    url: str | None = None
    note: str = ""
    client: Client | None = None
    queries: int | None = None
    query_counts: list[int] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    essential: list = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    essential_times: list[float] = field(default_factory=list)
    replay_times: list[float] = field(default_factory=list)
    explained: list[str] = field(default_factory=list)  # every statement of the page (EXPLAIN ANALYZE)
    seq_scans: list[str] | None = None  # big tables a unit-scoped page's statements read end to end
    blocks: list[tuple[str, int]] | None = None  # (table, blocks read) per SELECT of a unit-scoped page
    server_times: list[float] = field(default_factory=list)
    status: int | None = None
    size: int = 0


def resolve(page: Page, ctx) -> tuple[str | None, str]:
    """The page's URL, or None and why not."""
    try:
        kwargs = {name: ctx.value(attr) for name, attr in page.kwargs.items()}
    except AttributeError as exc:
        return None, f"the bench context has no {exc.name!r}"
    if any(v is None for v in kwargs.values()):
        return None, f"nothing to open in this database ({', '.join(k for k, v in kwargs.items() if v is None)})"
    try:
        url = reverse(page.url_name, kwargs=kwargs)
    except NoReverseMatch:
        return None, f"URL name {page.url_name!r} does not resolve (app not merged yet?)"
    if page.query:
        url += "?" + urlencode({k: str(v).format(**ctx.__dict__) for k, v in page.query.items()})
    return url, ""


def _get(target: Target):
    headers = {"HX-Request": "true"} if target.page.htmx else {}
    response = target.client.get(target.url, headers=headers)
    if response.status_code != 200:
        raise RuntimeError(f"{target.page.key}: {target.url} answered {response.status_code}")
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def count_queries(captured: list[dict]) -> int:
    """SQL statements of one request, session and user lookup included, transaction control not."""
    return sum(1 for q in captured if not q["sql"].strip().upper().startswith(TRANSACTION_CONTROL))


def _run_sql(statements) -> None:
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()


class _RollBack(Exception):
    pass


def server_ms(statements: list[str]) -> float:
    """PostgreSQL's planning and execution time of `statements`, summed (EXPLAIN ANALYZE, no per-node
    timing); run in a transaction that is rolled back, so that a page's writes are measured too."""
    total = 0.0
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + sql, None)
                plan = cursor.fetchone()[0]
                plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
                total += plan.get("Planning Time", 0.0) + plan.get("Execution Time", 0.0)
            raise _RollBack
    except _RollBack:
        pass
    return total


def _essential_sql(target: Target, ctx) -> list:
    result = []
    for item in target.page.essential(ctx) if target.page.essential else []:
        result.append(item if isinstance(item, tuple) else item.query.sql_with_params())
    return result


def prepare(targets: list[Target], ctx, *, warmup: int) -> None:
    clients = {}
    for target in targets:
        target.url, target.note = resolve(target.page, ctx)
        if target.url is None:
            continue
        persona = target.page.persona
        if persona not in ctx.users:
            target.url, target.note = None, f"no {persona} in this database"
            continue
        if persona not in clients:
            clients[persona] = Client(raise_request_exception=True)
            clients[persona].force_login(ctx.users[persona])
        target.client = clients[persona]
        for _ in range(warmup):
            target.size = len(_get(target))
        for _ in range(3):  # the session is saved once a minute at most: take the usual count
            with CaptureQueriesContext(connection) as captured:
                _get(target)
            target.query_counts.append(count_queries(captured.captured_queries))
            selects = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
            explained = [q["sql"] for q in captured.captured_queries
                         if q["sql"].lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE"))]
        target.queries = Counter(target.query_counts).most_common(1)[0][0]
        target.statements = [(sql.replace("%", "%%"), ()) for sql in selects]
        target.explained = explained if connection.vendor == "postgresql" else []
        if target.page.unit_scoped and connection.vendor == "postgresql":
            target.seq_scans = sorted({table for table, _sql in plans.scans_of_big_tables(selects)})
            target.blocks = plans.blocks_read(selects)
        target.essential = _essential_sql(target, ctx)
        target.status = 200


def run_rounds(targets: list[Target], *, repeat: int, every_round: bool = False, turn=nullcontext) -> None:
    """Each page once per round; a heavy page (`repeat_share` below 1) only in its share of the
    rounds, unless `every_round` (the comparison at twice the units, whose ratio of two medians
    needs as many requests of a document as of a page). Each round is one `turn()` (a process
    measuring another database in turns with this one: scale/bench/turns.py)."""
    live = [t for t in targets if t.url]
    for round_ in range(repeat):
        with turn():
            _round(live, round_, repeat=repeat, every_round=every_round)


def _round(live: list[Target], round_: int, *, repeat: int, every_round: bool) -> None:
    for target in live:
        if not every_round and round_ >= max(3, round(repeat * target.page.repeat_share)):
            continue
        started = time.perf_counter()
        _get(target)
        target.times.append((time.perf_counter() - started) * 1000)
        if target.essential:
            started = time.perf_counter()
            _run_sql(target.essential)
            target.essential_times.append((time.perf_counter() - started) * 1000)
        if target.statements:
            started = time.perf_counter()
            _run_sql(target.statements)
            target.replay_times.append((time.perf_counter() - started) * 1000)
        if target.explained:
            target.server_times.append(server_ms(target.explained))


def result(target: Target) -> dict:
    page = target.page
    row = {"key": page.key, "title": page.title, "url_name": page.url_name, "persona": page.persona}
    if target.url is None:
        return {**row, "skipped": target.note}
    row.update(url=target.url, queries=target.queries, query_counts=target.query_counts, bytes=target.size,
               **summary(target.times))
    if target.essential_times:
        row["essential"] = summary(target.essential_times)
    if target.replay_times:
        row["replay"] = summary(target.replay_times)
    if target.server_times:
        row["server_sql"] = summary(target.server_times)
    if target.seq_scans is not None:
        row["seq_scans"] = target.seq_scans
    if target.blocks is not None:
        row["blocks"] = [list(pair) for pair in target.blocks]
    return row
