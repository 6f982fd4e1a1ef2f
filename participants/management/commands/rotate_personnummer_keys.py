"""Re-encrypt every stored personnummer with the first key in PERSONNUMMER_KEYS.

Key rotation (docs/security.md): put the new key first in PERSONNUMMER_KEYS, keep the old key
after it, run this command, then remove the old key. The look-up hash key is separate and is
not rotated by this command (rotating it means recomputing every hash from the decrypted
number: `--rehash`, with PERSONNUMMER_HASH_KEY already set to the new key).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from participants import personnummer
from participants.models import Participant


class Command(BaseCommand):
    help = "Re-encrypt all personnummer with the current key (and optionally recompute look-up hashes)."

    def add_arguments(self, parser):
        parser.add_argument("--rehash", action="store_true", help="Also recompute the keyed look-up hashes.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, rehash=False, batch_size=500, **options):
        done = 0
        ids = list(Participant.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            with transaction.atomic():
                batch = list(Participant.objects.select_for_update().filter(pk__in=ids[start : start + batch_size]))
                for p in batch:
                    p.personnummer_encrypted = personnummer.rotate(p.personnummer_encrypted)
                    if rehash:
                        p.personnummer_hash = personnummer.lookup_hash(personnummer.decrypt(p.personnummer_encrypted))
                Participant.objects.bulk_update(batch, ["personnummer_encrypted", "personnummer_hash"])
            done += len(batch)
        self.stdout.write(f"Re-encrypted {done} personnummer{' and recomputed their hashes' if rehash else ''}.")
