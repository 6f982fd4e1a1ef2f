"""`manage.py backup [--output FILE]`: a pg_dump custom-format backup of the database."""

from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand

from krami import backup


class Command(BaseCommand):
    help = "Back up the PostgreSQL database (pg_dump custom format)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="File to write (default: backups/krami-<timestamp>.dump).")

    def handle(self, *args, output=None, **options):
        if output is None:
            output = Path("backups") / f"krami-{datetime.now():%Y%m%d-%H%M%S}.dump"
        output.parent.mkdir(parents=True, exist_ok=True)
        backup.dump(output)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output} ({output.stat().st_size} bytes)"))
