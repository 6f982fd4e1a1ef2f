"""Run retention (gallring) for today: `manage.py gallra` (nightly; safe to run again; one run at a time,
krami/scheduled.py).

Exit status 1 when some participant could not be handled: the others were, the failures are in
the log and on the coordinators' home page (privacy/home.py), and the next run tries again.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from krami.scheduled import AlreadyRunning, exclusive
from privacy.services.retention import due_for_gallring, run_gallring


class Command(BaseCommand):
    help = "Remove or anonymise personal data whose retention time after the last exit has run out."

    def add_arguments(self, parser):
        parser.add_argument("--on", type=date.fromisoformat, help="Run as on this date (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="Only count what is due.")

    def handle(self, *args, on=None, dry_run=False, **options):
        if dry_run:
            due = due_for_gallring(on=on or date.today())
            self.stdout.write(f"{len(due)} item(s) due for gallring.")
            return
        try:
            with exclusive("gallra"):
                result = run_gallring(on=on)
        except AlreadyRunning:
            self.stdout.write("Another run of gallra is already under way; this run did nothing.")
            return
        self.stdout.write(f"{len(result.records)} gallring record(s) written.")
        if result.failures:
            references = ", ".join(f["participant_reference"] for f in result.failures)
            raise CommandError(
                f"Gallring failed for {len(result.failures)} participant(s): {references}. The others were handled; "
                "nothing of these was changed. The next run tries them again (see the log for the kind of error)."
            )
