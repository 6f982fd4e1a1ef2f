"""The squashed migrations (issue 20, docs/architecture.md "Migrations") give a new database what
replaying the migrations as written gives, and every append-only table its database trigger."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

from krami.appendonly import AppendOnlyTriggers
from krami.partitions import PartitionByMonth

APPS = ("krami", "participants", "intake", "agreements", "reporting", "privacy")
# The written migrations' data fixes: they rewrite rows an older version wrote, and a new database
# has none, so the squashed migrations leave them out (their headers say so).
DATA_FIXES = {"split_consents", "programme_owners", "date_the_registrations", "read_open_imports", "bookings_from_the_future"}


def _loader(*, squashed: bool) -> MigrationLoader:
    return MigrationLoader(None, ignore_no_migrations=True, replace_migrations=squashed)


def _plan(loader: MigrationLoader) -> list:
    """Every migration of the project's apps in the order a new database applies them."""
    leaves = [node for node in loader.graph.leaf_nodes() if node[0] in APPS]
    seen, plan = set(), []
    for leaf in leaves:
        for node in loader.graph.forwards_plan(leaf):
            if node not in seen and node[0] in APPS:
                seen.add(node)
                plan.append(loader.graph.nodes[node])
    return plan


def _comparable(model_state) -> tuple:
    options = dict(model_state.options)
    for name in ("indexes", "constraints"):  # the same set whichever migration added each
        options[name] = sorted((o.deconstruct() for o in options.get(name, [])), key=lambda d: d[2]["name"])
    fields = {name: field.deconstruct()[1:] for name, field in model_state.fields.items()}
    managers = [(name, manager.deconstruct()) for name, manager in model_state.managers]
    return fields, options, [b if isinstance(b, str) else b.__name__ for b in model_state.bases], managers


def _models(loader: MigrationLoader) -> dict:
    state = loader.project_state([node for node in loader.graph.leaf_nodes() if node[0] in APPS])
    return {key: _comparable(model) for key, model in state.models.items() if key[0] in APPS}


def _database_work(loader: MigrationLoader) -> dict[str, set]:
    """What the migrations do to the database beyond the models' tables."""
    work: dict[str, set] = {"triggers": set(), "partitions": set(), "python": set()}
    for migration in _plan(loader):
        for operation in migration.operations:
            if isinstance(operation, AppendOnlyTriggers):
                work["triggers"].add((operation.table, operation.time_column))
            elif isinstance(operation, PartitionByMonth):
                work["partitions"].add(migration.app_label)
            elif isinstance(operation, RunPython):
                work["python"].add(operation.code.__name__)
    return work


def test_a_new_database_is_migrated_by_one_squashed_migration_per_app():
    plan = _plan(_loader(squashed=True))
    assert {m.app_label for m in plan} == set(APPS)
    squashed = [m for m in plan if m.replaces]
    assert sorted(m.app_label for m in squashed) == sorted(APPS)
    written = _plan(_loader(squashed=False))
    assert len(written) > len(plan)
    # Every written migration is replaced: one left out would be skipped by a new database.
    assert {(m.app_label, m.name) for m in written} <= {tuple(r) for m in squashed for r in m.replaces} | {
        (m.app_label, m.name) for m in plan}


def test_the_squashed_migrations_reach_the_models_the_written_ones_reach():
    written, squashed = _models(_loader(squashed=False)), _models(_loader(squashed=True))
    assert set(written) == set(squashed)
    different = [key for key in written if written[key] != squashed[key]]
    assert not different, f"the squashed migrations differ from the written ones for {different}"


def test_the_squashed_migrations_do_the_written_ones_database_work():
    written, squashed = _database_work(_loader(squashed=False)), _database_work(_loader(squashed=True))
    assert squashed["triggers"] == written["triggers"]
    assert squashed["partitions"] == written["partitions"] == {"krami"}
    assert squashed["python"] == written["python"] - DATA_FIXES
    assert DATA_FIXES <= written["python"]  # a name here that no migration has is a mistake in this test


@pytest.mark.django_db
def test_every_append_only_table_has_its_trigger_in_the_database():
    """Both kinds of database: on SQLite the written migrations lost privacy_logreview's trigger (an
    altered field makes the table anew there); privacy 0007 makes it again."""
    tables = sorted({table for table, _column in _database_work(_loader(squashed=True))["triggers"]})
    assert len(tables) == 5
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname = %s AND NOT tgisinternal",
                               [table, f"{table}_append_only"])
            else:
                cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND name = %s",
                               [table, f"{table}_no_update"])
            assert cursor.fetchone()[0] == 1, f"{table} has no append-only trigger"

