"""Put planned phase changes into effect on their day: `manage.py apply_planned_phases` (nightly, just
after midnight; safe to run again; one run at a time, krami/scheduled.py).

A praktik, a job, studies or a group start entered for a coming date moves the participant's phase
on that date (participants/services/phase.py). Services that lock the participant do it themselves;
this job keeps lists, counts and the home page right for everyone else.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand

from krami.scheduled import AlreadyRunning, exclusive
from participants.services.phase import phases_apply_due


class Command(BaseCommand):
    help = "Put the planned phase changes dated today or earlier into effect."

    def add_arguments(self, parser):
        parser.add_argument("--on", type=date.fromisoformat, help="Run as on this date (YYYY-MM-DD).")

    def handle(self, *args, on=None, **options):
        try:
            with exclusive("apply_planned_phases"):
                applied = phases_apply_due(on=on)
        except AlreadyRunning:
            self.stdout.write("Another run of apply_planned_phases is already under way; this run did nothing.")
            return
        self.stdout.write(f"{applied} planned phase change(s) put into effect.")
