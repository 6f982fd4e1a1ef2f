"""`manage.py backup [--output FILE]`: a pg_dump backup and its manifest, from one snapshot."""

from datetime import datetime
from pathlib import Path

import psycopg2
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from krami import backup


class Command(BaseCommand):
    help = "Back up the PostgreSQL database (pg_dump custom format) with a manifest of every table's fingerprint."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="File to write (default: backups/krami-<timestamp>.dump).")

    def handle(self, *args, output=None, **options):
        if output is None:
            output = Path("backups") / f"krami-{datetime.now():%Y%m%d-%H%M%S}.dump"
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            backup.dump(output)
            manifest = backup.read_manifest(output)
        except psycopg2.Error as exc:
            raise CommandError(backup.bilingual(_("The backup failed: %(reason)s"), backup.unreachable(exc))) from None
        except backup.BackupError as exc:
            raise CommandError(backup.bilingual(_("The backup failed: %(reason)s"), exc)) from None
        rows = sum(count for count, _digest in manifest.tables.values())
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {output} ({output.stat().st_size} bytes) with its manifest "
            f"{backup.manifest_path(output).name}: {len(manifest.tables)} tables, {rows} rows."
        ))
