"""manage.py generate_scale_data: a PostgreSQL database full of realistic invented data (issue 7)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from participants.models import Participant
from scale.accesslog import top_up_access_log
from scale.closing import close_ended_months
from scale.dbadmin import ensure_database
from scale.generate import Sizes, first_units, generate, refuse_non_empty


class Command(BaseCommand):
    help = (
        "Fill the PostgreSQL database in DATABASE_URL with invented data: by default 60 units x 10 years, "
        "about 60 000 participants with their histories and a million access-log rows. Creates and "
        "migrates the database when needed. Run with --settings=krami.settings_bench."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Share of the 60 units (at least one unit).")
        parser.add_argument("--units", type=int, help="Number of units (overrides --scale).")
        parser.add_argument("--years", type=int, help="Years of history (default 10).")
        parser.add_argument("--per-year", type=int, help="Participants registered per unit and year (default 100).")
        parser.add_argument("--access-log-per-participant", type=float, help="Access-log rows per participant (~17).")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--today", type=date.fromisoformat, help="The day the data ends (default: today).")
        parser.add_argument("--fresh", action="store_true", help="Drop and re-create the database first (*scale*/*bench* names only).")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the database already has participants.")
        parser.add_argument("--report", type=Path, help="Write row counts and timings here as JSON.")
        parser.add_argument("--access-log-rows", type=lambda v: [int(n) for n in v.split(",")],
                            help="Rows the access log of unit 1, 2, … should hold, e.g. 40000,4000000 (topped up, "
                                 "also on a database generated before).")
        parser.add_argument("--leave-months-open", action="store_true",
                            help="Do not close the ended months (no month snapshots: faster, for plan checks).")
        parser.add_argument("--close-units", type=int,
                            help="Close the months of only the first N units (a database measured only on unit 1's pages).")
        parser.add_argument("--close-months", action="store_true",
                            help="Generate nothing: close the months that ended since the data was generated (the month-end job).")

    def handle(self, *args, **options):
        created = ensure_database(fresh=options["fresh"])
        self.stdout.write(f"Database {connection.settings_dict['NAME']}{' (created)' if created else ''}: migrating")
        call_command("migrate", verbosity=0, interactive=False)
        if options["close_months"]:
            written = close_ended_months(today=options["today"] or timezone.localdate(), log=self.stdout.write,
                                         unit_ids=first_units(options["close_units"]))
            self.stdout.write(f"{written} month snapshots written.")
            return
        if options["if_empty"] and Participant.objects.exists():
            self.stdout.write("It already has participants: nothing to generate.")
            self._top_up(options)
            return
        refuse_non_empty()
        sizes = Sizes.scaled(
            options["scale"], units=options["units"], years=options["years"], per_year=options["per_year"],
            access_log_per_participant=options["access_log_per_participant"],
        )
        today = options["today"] or timezone.localdate()
        self.stdout.write(f"Generating {sizes} up to {today} (seed {options['seed']})")
        summary = generate(sizes=sizes, seed=options["seed"], today=today, log=self.stdout.write,
                           close_months=not options["leave_months_open"], close_units=options["close_units"])
        summary["database"] = connection.settings_dict["NAME"]
        rows = summary["rows"]
        self.stdout.write(
            f"Done in {summary['seconds_total']} s: {rows['Participant']} participants, "
            f"{rows['AccessLog']} access-log rows, {sum(rows.values())} rows in all."
        )
        if options["report"]:
            options["report"].parent.mkdir(parents=True, exist_ok=True)
            options["report"].write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        self._top_up(options)

    def _top_up(self, options) -> None:
        if not options["access_log_rows"]:
            return
        wanted = dict(enumerate(options["access_log_rows"], start=1))
        added = top_up_access_log(rows_by_unit=wanted, today=options["today"] or timezone.localdate(),
                                  seed=options["seed"], log=self.stdout.write)
        if added:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE krami_accesslog")
