"""`manage.py restore FILE [--verify]`: restore a backup into the configured database.

`--verify` restores into a scratch database instead and compares every table's row count and
checksum with the configured database: the way to prove a fresh backup is good.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from krami import backup


class Command(BaseCommand):
    help = "Restore a pg_dump backup (or, with --verify, check it against the live database)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--verify", action="store_true", help="Restore into a scratch database and compare.")
        parser.add_argument("--yes", action="store_true", help="Replace the configured database without asking.")

    def handle(self, *args, file: Path, verify=False, yes=False, **options):
        if not file.exists():
            raise CommandError(f"{file} does not exist.")
        name = settings.DATABASES["default"]["NAME"]
        if verify:
            scratch = f"{name}_restore_check"
            backup.create_database(scratch)
            try:
                backup.restore(file, database=scratch)
                live, restored = backup.fingerprints(name), backup.fingerprints(scratch)
            finally:
                backup.drop_database(scratch)
            differences = sorted(t for t in set(live) | set(restored) if live.get(t) != restored.get(t))
            rows = sum(count for count, _digest in restored.values())
            if differences:
                raise CommandError(f"The backup differs from the database in: {', '.join(differences)}")
            self.stdout.write(self.style.SUCCESS(f"Backup verified: {len(restored)} tables, {rows} rows identical."))
            return
        if not yes:
            raise CommandError(f"This replaces the data in {name}. Run again with --yes to confirm.")
        backup.restore(file, database=name)
        self.stdout.write(self.style.SUCCESS(f"Restored {file} into {name}."))
