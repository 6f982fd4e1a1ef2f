"""manage.py bench_measure: measure the benchmark pages on the database in DATABASE_URL, write JSON.

Run by `manage.py bench` once per database, each in its own process (settings are per process).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from scale.bench.run import PAGE_SETS, measure_database
from scale.bench.turns import Turns


class Command(BaseCommand):
    help = "Measure the benchmark pages on this database (in-process test client); write the figures as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--label", required=True)
        parser.add_argument("--repeat", type=int, default=50)
        parser.add_argument("--warmup", type=int, default=5)
        parser.add_argument("--json", type=Path, required=True)
        parser.add_argument("--only", type=lambda v: set(v.split(",")), help="Only these page keys (and the baselines).")
        parser.add_argument("--every-round", action="store_true",
                            help="Every page in every round, the documents too (they run in a share of the rounds otherwise).")
        parser.add_argument("--turns", type=Path,
                            help="Take turns round by round with other processes through this file (scale/bench/turns.py).")
        parser.add_argument("--turn", type=int, default=0, help="This process's turn (0 goes first).")
        parser.add_argument("--players", type=int, default=2, help="How many processes take turns.")
        parser.add_argument("--pages", choices=sorted(PAGE_SETS), default="pages",
                            help="The key pages (default), or the access log at two sizes (the log database).")

    def handle(self, *args, **options):
        data = measure_database(label=options["label"], repeat=options["repeat"], warmup=options["warmup"],
                                pages=options["pages"], only=options["only"], every_round=options["every_round"],
                                turns=Turns(options["turns"], me=options["turn"], players=options["players"])
                                if options["turns"] else None)
        options["json"].parent.mkdir(parents=True, exist_ok=True)
        options["json"].write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        self.stdout.write(f"{options['label']}: measured in {data['seconds']} s")
