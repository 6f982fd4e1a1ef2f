"""Send the daily "Att göra" digest: `manage.py send_digest` (nightly, e.g. 06:00; safe to run again;
one run at a time, krami/scheduled.py). Counts and a link only (intake/services/digest.py)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from intake.services.digest import digest_send
from krami.scheduled import AlreadyRunning, exclusive


class Command(BaseCommand):
    help = "E-mail each opted-in case worker the number of things due on their cases, with a link."

    def add_arguments(self, parser):
        parser.add_argument("--on", type=date.fromisoformat, help="Send as on this date (YYYY-MM-DD).")

    def handle(self, *args, on=None, **options):
        try:
            with exclusive("digest"):
                run = digest_send(on=on or timezone.localdate(), base_url=settings.KRAMI_BASE_URL)
        except AlreadyRunning:
            self.stdout.write("Another run of send_digest is already under way; this run did nothing.")
            return
        self.stdout.write(f"{len(run.sent)} digest e-mail(s) sent, {run.skipped} already sent today.")
