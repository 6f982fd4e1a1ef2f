"""Append-only models: rows can be added, never changed; removed only after the retention period.

The application refuses updates and deletes here (model and queryset guards); the database
refuses them as well through triggers (see `append_only_triggers`), so that neither a bug nor a
`QuerySet.update()` nor the Django admin can alter the log.
"""

from django.conf import settings
from django.db import models
from django.db.migrations.operations.base import Operation


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an append-only row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be changed.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be deleted.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows cannot be deleted.")


class AppendOnlyTriggers(Operation):
    """Migration operation: database triggers that refuse UPDATE always and, on PostgreSQL,
    DELETE of rows younger than the retention period (KRAMI_ACCESS_LOG_RETENTION_YEARS).

    SQLite (the laptop database) gets the UPDATE trigger only: Django empties tables between
    transactional tests with DELETE there. TRUNCATE (PostgreSQL) needs table ownership, which
    the production database role should not have (README, "Production").
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str, time_column: str = "at"):
        self.table = table
        self.time_column = time_column

    def state_forwards(self, app_label, state):
        pass

    def _years(self) -> int:
        return int(settings.KRAMI_ACCESS_LOG_RETENTION_YEARS)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        t, col, years = self.table, self.time_column, self._years()
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"""
                CREATE OR REPLACE FUNCTION {t}_append_only() RETURNS trigger AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' THEN
                        RAISE EXCEPTION '{t} is append-only: rows cannot be changed';
                    END IF;
                    IF OLD.{col} > now() - interval '{years} years' THEN
                        RAISE EXCEPTION '{t} is append-only: rows younger than {years} years cannot be deleted';
                    END IF;
                    RETURN OLD;
                END;
                $$ LANGUAGE plpgsql;
                """
            )
            schema_editor.execute(
                f"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} "
                f"FOR EACH ROW EXECUTE FUNCTION {t}_append_only();"
            )
        elif schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {t}_no_update BEFORE UPDATE ON {t} "
                f"BEGIN SELECT RAISE(ABORT, '{t} is append-only: rows cannot be changed'); END;"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        t = self.table
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {t}_append_only ON {t};")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {t}_append_only();")
        elif schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {t}_no_update;")

    def describe(self):
        return f"Append-only triggers on {self.table}"


class SQLiteTriggerAgain(Operation):
    """Migration operation: the SQLite append-only trigger of `table` made again when missing.

    SQLite alters a column by making the table anew, which drops its triggers: a migration that
    alters an append-only table's fields puts this operation before and after those changes (so
    that both directions end with the trigger in place). Nothing on other databases.
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str):
        self.table = table

    def state_forwards(self, app_label, state):
        pass

    def _ensure(self, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            t = self.table
            schema_editor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {t}_no_update BEFORE UPDATE ON {t} "
                f"BEGIN SELECT RAISE(ABORT, '{t} is append-only: rows cannot be changed'); END;"
            )

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._ensure(schema_editor)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._ensure(schema_editor)

    def describe(self):
        return f"The SQLite append-only trigger of {self.table}, made again when missing"
