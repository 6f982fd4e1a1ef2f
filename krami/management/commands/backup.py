"""`manage.py backup [--output FILE]`: a pg_dump backup and its manifest, from one snapshot.

Nightly (docs/operations.md). One run at a time on however many machines the timer fires
(krami/scheduled.py): a second run started meanwhile does nothing and says so. Running it again
later writes another complete backup; a file is only ever replaced by a complete one (written
beside it, then renamed).
"""

from datetime import datetime
from pathlib import Path

import psycopg2
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from krami import backup
from krami.scheduled import AlreadyRunning, exclusive


class Command(BaseCommand):
    help = "Back up the PostgreSQL database (pg_dump custom format) with a manifest of every table's fingerprint."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="File to write (default: backups/krami-<timestamp>.dump).")

    def handle(self, *args, output=None, **options):
        if output is None:
            output = Path("backups") / f"krami-{datetime.now():%Y%m%d-%H%M%S}.dump"
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            with exclusive("backup"):
                backup.dump(output)
                manifest = backup.read_manifest(output)
        except AlreadyRunning:
            self.stdout.write("Another run of backup is already under way; this run did nothing.")
            return
        except psycopg2.Error as exc:
            raise CommandError(backup.bilingual(_("The backup failed: %(reason)s"), backup.unreachable(exc))) from None
        except backup.BackupError as exc:
            raise CommandError(backup.bilingual(_("The backup failed: %(reason)s"), exc)) from None
        rows = sum(count for count, _digest in manifest.tables.values())
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {output} ({output.stat().st_size} bytes) with its manifest "
            f"{backup.manifest_path(output).name}: {len(manifest.tables)} tables, {rows} rows."
        ))
