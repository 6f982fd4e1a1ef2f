"""Load the demo units, staff and participants (idempotent). Prints the demo logins."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from krami import demo


class Command(BaseCommand):
    help = "Load demo data: Krami Stockholm and Krami Trollhättan Vänersborg with invented staff and participants."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        ctx = demo.DemoContext(stdout=self.stdout)
        with transaction.atomic():
            for _order, name, func in demo.steps():
                func(ctx)
                self.stdout.write(f"  seeded: {name}")
        if connection.vendor == "postgresql":
            # Fresh statistics after a bulk load: with the tables' old "empty" estimates the
            # planner picks nested loops that take minutes on a few thousand rows.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if not options["quiet_logins"]:
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {demo.DEMO_PASSWORD})"))
            width = max(len(u) for u, _ in ctx.logins)
            for username, description in ctx.logins:
                self.stdout.write(f"  {username.ljust(width)}  {description}")
