"""PostgreSQL only: the database itself refuses two agreements of a unit in force on the same day.

The services check this too (with the unit row locked); the exclusion constraint is the last
line of defence. btree_gist lets the unit id take part in a GiST index (a trusted extension
since PostgreSQL 13: the database owner may create it). SQLite relies on the service check.

Run by the migrations (0002_one_agreement_in_force_per_day and the squashed 0001_squashed_0005).
"""

IN_FORCE = "('active', 'terminated', 'ended')"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        "ALTER TABLE agreements_agreement ADD CONSTRAINT agreement_one_in_force_per_day EXCLUDE USING gist "
        "(unit_id WITH =, daterange(period_start, COALESCE(ended_on, period_end), '[]') WITH &&) "
        f"WHERE (status IN {IN_FORCE})"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE agreements_agreement DROP CONSTRAINT IF EXISTS agreement_one_in_force_per_day")
