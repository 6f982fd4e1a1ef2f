"""The month-end job: `manage.py month_end` (monthly, or nightly: running it again changes nothing;
one run at a time, krami/scheduled.py).

On PostgreSQL it prepares the access log's partitions for the current month and the two after it,
and drops the partitions whose whole month is older than the retention period (five years): the
log's five-year rule, a month at a time (krami/partitions.py). On SQLite, whose log is a plain
table, it deletes the rows older than the retention period.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from krami import partitions
from krami.scheduled import AlreadyRunning, exclusive


class Command(BaseCommand):
    help = "Prepare the access log's partitions for the coming months and drop those older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--on", type=date.fromisoformat, help="Run as on this date (YYYY-MM-DD).")
        parser.add_argument("--months", type=int, default=partitions.MONTHS_AHEAD,
                            help="Months prepared, the current one included (default %(default)s).")

    def handle(self, *args, on=None, months=partitions.MONTHS_AHEAD, **options):
        try:
            with exclusive("month_end"), transaction.atomic():
                self._run(on or timezone.localdate(), months)
        except AlreadyRunning:
            self.stdout.write("Another run of month_end is already under way; this run did nothing.")

    def _run(self, on: date, months: int) -> None:
        if not partitions.is_partitioned():
            removed = partitions.delete_expired_rows_sqlite() if connection.vendor == "sqlite" else 0
            self.stdout.write(f"The access log is a plain table: {removed} row(s) older than the retention period removed.")
            return
        made = partitions.prepare_ahead(on=on, months=months)
        dropped = partitions.drop_expired()
        self.stdout.write(
            f"Access log: {made} month partition(s) created ahead, {len(dropped)} older than the retention period "
            f"dropped{': ' + ', '.join(dropped) if dropped else ''}."
        )
