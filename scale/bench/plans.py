"""Which statements of a page read other units' rows (issue 19): sequential scans over big tables.

A unit's page must not grow with other units' data, so none of its statements may read a table
that holds many units' case data from end to end. PostgreSQL's plan says so: a "Seq Scan" node on
such a table. The tables are those of the participants and their histories, intake, reporting and
privacy, and the access log with its partitions (`case_data_tables`): what grows with every unit's
work. The configuration every page may read whole (units, organisations, memberships, agreements
and their cost rows, users and permissions) is not among them. A table counts from `MIN_ROWS` rows
(the planner's estimate, pg_class.reltuples, after ANALYZE): below that, reading it whole is what
the planner should do. Used by `make bench` (the goals table) and by tests/scale/test_plans.py.

At the national size the planner's own choice is the measure: a unit's rows are a small part of a
big table, and a sequential scan is chosen only where the statement has no better way. On a small
database it is not: at sixty units of three years, the episodes filled some fifty pages, and
reading them all cost about what fetching one unit's sixty rows by index did, so the choice flipped
from one build to the next. `only_way=True` asks the question the small test means instead: the plan
with sequential scans, hash and merge joins and materialized inner sides priced out (`enable_seqscan`,
`enable_hashjoin`, `enable_mergejoin`, `enable_material` off), so that the planner looks up each
row's partners by index wherever an index allows it. A whole read of a big table then remains only
if the statement has no other way: a sequential scan, or an index scan with no condition on the
index (every row in the index's order). With only sequential scans priced out, a merge anti-join
over every unit's open episodes was one; with merge joins priced out too, on the data generated on
8 December 2026, a nested loop over the open episodes read once and kept (Materialize), where the
two queued applicants' lookups by index cost about the same (the queue's NOT EXISTS).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from django.apps import apps
from django.db import connection

MIN_ROWS = 1000
CASE_DATA_APPS = ("participants", "intake", "reporting", "privacy")
CASE_DATA_MODELS = ("krami.AccessLog", "krami.AuditEvent")


def case_data_tables() -> set[str]:
    """The tables of every unit's case data: the apps' of people and their histories, and the logs."""
    models = [m for app in CASE_DATA_APPS for m in apps.get_app_config(app).get_models()]
    models += [apps.get_model(label) for label in CASE_DATA_MODELS]
    return {m._meta.db_table for m in models if m._meta.managed and not m._meta.proxy}


def big_tables(min_rows: int = MIN_ROWS) -> set[str]:
    """The case-data tables (and the access log's partitions) with at least `min_rows` rows."""
    tables = case_data_tables()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') AND reltuples >= %s "
            "AND relnamespace = current_schema()::regnamespace",
            [min_rows],
        )
        return {name for (name,) in cursor.fetchall() if name in tables or name.startswith("krami_accesslog_")}


_PRICED_OUT = "SET enable_seqscan = off; SET enable_hashjoin = off; SET enable_mergejoin = off; SET enable_material = off"
_RESTORED = "RESET enable_seqscan; RESET enable_hashjoin; RESET enable_mergejoin; RESET enable_material"


def plan_of(sql: str, *, only_way: bool = False) -> dict:
    """PostgreSQL's plan for `sql` (a captured statement, its parameters already in it); with
    `only_way`, the plan with sequential scans and hash and merge joins priced out (the module's
    docstring)."""
    with connection.cursor() as cursor:
        if only_way:
            cursor.execute(_PRICED_OUT)
        try:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, None)
            plan = cursor.fetchone()[0]
        finally:
            if only_way:
                cursor.execute(_RESTORED)
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def _nodes(plan: dict) -> Iterator[dict]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


_INDEX_SCANS = ("Index Scan", "Index Only Scan")


def _reads_whole(node: dict, by_index: bool) -> bool:
    """A scan that reads every row of its table: sequential, or (`by_index`) by an index without a
    condition on it. On the planner's own plans (`make bench`, national) only the first counts, as
    since the check began: there an index walk without a condition is the planner's choice for an
    ordered LIMIT that stops early; with sequential scans priced out it may be a whole read instead."""
    if node["Node Type"] == "Seq Scan":
        return True
    if not by_index:
        return False
    if node["Node Type"] == "Bitmap Heap Scan":  # the condition is on the bitmap's index scans
        return not any("Index Cond" in child for child in _nodes(node) if child["Node Type"] == "Bitmap Index Scan")
    return node["Node Type"] in _INDEX_SCANS and "Index Cond" not in node


def seq_scans(plan: dict, tables: set[str], *, by_index: bool = False) -> list[str]:
    """The big tables `plan` reads whole (a sequential scan; with `by_index`, also an index scan
    with no condition)."""
    return [node["Relation Name"] for node in _nodes(plan) if _reads_whole(node, by_index) and node.get("Relation Name") in tables]


def explainable(statements: Iterable[str]) -> list[str]:
    """The reads of a page's captured statements (its writes are not what reads other units' rows)."""
    return [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]


def scans_of_big_tables(statements: Iterable[str], tables: set[str] | None = None, *,
                        only_way: bool = False) -> list[tuple[str, str]]:
    """(table, statement) for every whole read of a big table in `statements`' plans."""
    tables = big_tables() if tables is None else tables
    found = []
    for sql in explainable(statements):
        found += [(table, sql) for table in seq_scans(plan_of(sql, only_way=only_way), tables, by_index=only_way)]
    return found


# The table a statement reads first: its first column's, else its first FROM's (a subquery in the
# select list comes before the statement's own FROM: the case page's record asks EXISTS of sections).
_FIRST_TABLE = re.compile(r'^SELECT (?:DISTINCT )?"(\w+)"\.|FROM "?(\w+)')


def first_table(sql: str) -> str:
    found = _FIRST_TABLE.search(sql)
    return (found.group(1) or found.group(2)) if found else ""


def blocks_read(statements: Iterable[str]) -> list[tuple[str, int]]:
    """(first table, shared blocks the statement touched) for each read of `statements`, from
    EXPLAIN (ANALYZE, BUFFERS): the pages of tables and indexes the statement reads, whatever the
    machine's speed. A statement of a unit's page that reads twice the blocks at twice the units
    reads other units' rows, even where no plan node is a whole read (a window through a date index)."""
    result = []
    with connection.cursor() as cursor:
        for sql in explainable(statements):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, None)
            plan = cursor.fetchone()[0]
            top = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
            result.append((first_table(sql), top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)))
    return result
