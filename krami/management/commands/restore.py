"""`manage.py restore FILE --yes`: replace the configured database with a backup, all or nothing.
`manage.py restore FILE --verify`: prove a backup good without touching the configured database.

Both check the file before anything else (krami/backup.py). `--verify` is scheduled after each
night's backup (docs/operations.md): one run at a time (krami/scheduled.py), and it changes nothing
but its own scratch database, so running it again is harmless. A failure is printed in Swedish and
English, with pg_restore's own words, and ends with exit status 1, never a traceback.
"""

from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from krami import backup
from krami.scheduled import AlreadyRunning, exclusive


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` (or, with --verify, check it against its manifest)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--verify", action="store_true", help="Restore into a scratch database and compare with the manifest.")
        parser.add_argument("--yes", action="store_true", help="Replace the configured database without asking.")

    def handle(self, *args, file: Path, verify=False, yes=False, **options):
        headline = _("The verification failed: %(reason)s") if verify else _("The restore was stopped: %(reason)s")
        try:
            if verify:
                with exclusive("verify-backup"):
                    self._verify(file)
            else:
                self._restore(file, yes=yes)
        except AlreadyRunning:
            self.stdout.write("Another run of verify-backup is already under way; this run did nothing.")
            return
        except psycopg2.Error as exc:
            raise CommandError(backup.bilingual(headline, backup.unreachable(exc))) from None
        except backup.BackupError as exc:
            raise CommandError(backup.bilingual(headline, exc)) from None

    def _verify(self, file: Path) -> None:
        manifest, restored = backup.verify(file)
        rows = sum(count for count, _digest in restored.values())
        self.stdout.write(self.style.SUCCESS(
            f"Backup verified: {len(manifest.tables)} tables, {rows} rows identical to the manifest "
            f"taken with the dump ({manifest.created_at})."
        ))

    def _restore(self, file: Path, *, yes: bool) -> None:
        name = settings.DATABASES["default"]["NAME"]
        if not yes:
            raise CommandError(f"This replaces the data in {name}. Run again with --yes to confirm.")
        manifest = backup.restore(file, database=name)
        made = f" (backup of {manifest.created_at})" if manifest else " (a backup without a manifest)"
        self.stdout.write(self.style.SUCCESS(
            f"Restored {file}{made} into {name}. Sessions and lock-outs were emptied: everyone logs in again."
        ))
