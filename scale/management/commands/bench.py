"""manage.py bench: the benchmark of issues 7 and 19 (`make bench`).

Measures the small database (one unit, 100 participants; generated when empty) and the national
one (`make scale-data`), each in its own process (`bench_measure`); with `--scale2-db` also a
database of twice as many units (`make bench SCALE=2`), all of them measured in turns, round by
round (scale/bench/turns.py); and the access log at two sizes of a
unit's log in a database of its own (`--log-db`, generated when empty: two units whose logs hold
40 000 and 4 000 000 rows). Then writes docs/benchmarks/latest.json and latest.md with the budgets
and the goals of issue 19 checked, and adds the run's goals to goals.json (scale/bench/report.py).
"""

from __future__ import annotations

import json
import os
import subprocess  # nosec B404
import sys
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from scale.bench.pages import LOG_ROWS
from scale.bench.report import evaluate, goal_record, render_markdown
from scale.bench.turns import Turns

SMALL_SIZES = ["--units", "1", "--years", "1", "--per-year", "100"]
LOG_SIZES = ["--units", "2", "--years", "5", "--per-year", "100"]


def _database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    auth = db.get("USER") or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{host}/{name}"


class Command(BaseCommand):
    help = "Benchmark the key pages on the small and the national database; write docs/benchmarks/latest.{md,json}."

    def add_arguments(self, parser):
        parser.add_argument("--small-db", default="krami_scale_small")
        parser.add_argument("--national-db", default="krami_scale_national")
        parser.add_argument("--skip-national", action="store_true", help="Only the small database (quick check).")
        parser.add_argument("--scale2-db", help="Also this database of twice as many units (make scale-data SCALE=2).")
        parser.add_argument("--log-db", default="krami_scale_log",
                            help="The access log at two sizes of a unit's log (generated when empty).")
        parser.add_argument("--skip-log", action="store_true", help="Leave out the access log at two sizes.")
        parser.add_argument("--log-rows", default=",".join(str(n) for n in LOG_ROWS.values()),
                            help="Rows of the two units' logs in the log database (default %(default)s).")
        parser.add_argument("--repeat", type=int, default=50)
        parser.add_argument("--warmup", type=int, default=5)
        parser.add_argument("--out", type=Path, default=Path(settings.BASE_DIR) / "docs" / "benchmarks")
        parser.add_argument("--name", default="latest", help="Base name of the files written in --out.")
        parser.add_argument("--render-only", action="store_true",
                            help="Measure nothing: re-check and re-write the report from the existing JSON.")

    def _command(self, database: str, *args: str) -> tuple[list[str], dict]:
        env = {**os.environ, "DATABASE_URL": _database_url(database), "PYTHONWARNINGS": "ignore"}
        return [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args, "--settings=krami.settings_bench"], env

    def _manage(self, database: str, *args: str) -> None:
        command, env = self._command(database, *args)
        result = subprocess.run(command, env=env, check=False)  # nosec B603
        if result.returncode:
            raise CommandError(f"{' '.join(args[:1])} on {database} failed (exit {result.returncode})")

    def _measure_args(self, label: str, options, *, pages: str = "pages", every_round: bool = False) -> tuple[Path, list[str]]:
        path = options["out"] / f"{options['name']}-{label}.json"
        return path, ["bench_measure", "--label", label, "--repeat", str(options["repeat"]), "--warmup",
                      str(options["warmup"]), "--json", str(path), "--pages", pages, *(["--every-round"] if every_round else [])]

    @staticmethod
    def _read(path: Path) -> dict:
        data = json.loads(path.read_text())
        path.unlink()
        return data

    def _measure(self, label: str, database: str, options, *, pages: str = "pages", every_round: bool = False) -> dict:
        path, args = self._measure_args(label, options, pages=pages, every_round=every_round)
        self._manage(database, *args)
        return self._read(path)

    def _measure_in_turns(self, runs: list[tuple[str, str]], options, *, every_round: bool) -> dict[str, dict]:
        """Each (label, database) measured by its own process, round by round in turns
        (scale/bench/turns.py): the runs see the same minutes of the machine."""
        turns = options["out"] / f"{options['name']}-turns"
        Turns.start(turns)
        started = []
        for me, (label, database) in enumerate(runs):
            path, args = self._measure_args(label, options, every_round=every_round)
            command, env = self._command(database, *args, "--turns", str(turns), "--turn", str(me),
                                         "--players", str(len(runs)))
            started.append((label, database, path, subprocess.Popen(command, env=env)))  # nosec B603
        failed = [f"{label} on {database} (exit {process.returncode})"
                  for label, database, _path, process in started if process.wait()]
        turns.unlink(missing_ok=True)
        if failed:
            for _label, _database, path, _process in started:  # no half run left beside the report
                path.unlink(missing_ok=True)
            raise CommandError(f"bench_measure failed: {', '.join(failed)}")
        return {label: self._read(path) for label, _database, path, _process in started}

    def handle(self, *args, **options):
        out = options["out"]
        out.mkdir(parents=True, exist_ok=True)
        if options["render_only"]:
            report = json.loads((out / f"{options['name']}.json").read_text())
            runs = report["runs"]
        else:
            self.stdout.write(f"Small database {options['small_db']}: generating when empty")
            self._manage(options["small_db"], "generate_scale_data", *SMALL_SIZES, "--if-empty")
            # The month-end job, as in use: months that ended since the data was generated are closed.
            self._manage(options["small_db"], "generate_scale_data", "--close-months")
            together = [("small", options["small_db"])]
            if not options["skip_national"]:
                self._manage(options["national_db"], "generate_scale_data", "--close-months")
                together.append(("national", options["national_db"]))
                if options["scale2_db"]:
                    # Only unit 1's pages are compared at twice the units: its months are closed, the
                    # other 119 units' are left open (deciding them would be hours of the solver).
                    self._manage(options["scale2_db"], "generate_scale_data", "--close-months", "--close-units", "1")
                    together.append(("national_x2", options["scale2_db"]))
            # The databases compared with each other are measured in turns, round by round: one after
            # the other, the machine's load moved the same pages by 0.93-1.16 of each other (ten requests
            # of a PDF by 1.97-2.61). At twice the units every page runs in every round, the documents too.
            runs = self._measure_in_turns(together, options, every_round=bool(options["scale2_db"])) \
                if len(together) > 1 else {"small": self._measure("small", options["small_db"], options)}
            if not options["skip_log"]:
                self.stdout.write(f"Access-log database {options['log_db']}: generating when empty")
                # Its pages read the access log only, so its months are left open: closing five
                # years of two units, with the small-number protection decided month by month, was
                # three minutes of the CI machine for figures nobody reads here.
                self._manage(options["log_db"], "generate_scale_data", *LOG_SIZES, "--if-empty", "--leave-months-open",
                             "--access-log-rows", options["log_rows"])
                runs["log"] = self._measure("log", options["log_db"], options, pages="log")
            report = {
                "generated_at": timezone.now().strftime("%Y-%m-%d %H:%M UTC"),
                "commit": _commit(),
                "runs": runs,
            }
        report["evaluation"] = evaluate(runs.get("small"), runs.get("national"))
        loadtest = out / "loadtest.md"
        if loadtest.exists():
            report["load_test"] = f"See [loadtest.md](loadtest.md) (`make loadtest`), written {_mtime(loadtest)}."
        closed = out / "loadtest-closed.json"
        load_test = {"closed_loop": json.loads(closed.read_text())} if closed.exists() else None
        if closed.exists():
            report["load_test"] = (report.get("load_test", "") + f" Closed loop: [loadtest-closed.md](loadtest-closed.md) "
                                   f"(`make loadtest MODE=closed`), written {_mtime(closed)}.").strip()
        history_path = out / ("goals.json" if options["name"] == "latest" else f"{options['name']}-goals.json")
        history = json.loads(history_path.read_text()) if history_path.exists() else []
        if not options["render_only"]:
            history.append(goal_record(report, load_test))
            history_path.write_text(json.dumps(history, indent=2, ensure_ascii=False) + "\n")
        report["goals_history"] = history
        kept = {k: v for k, v in report.items() if k != "goals_history"}  # goals.json holds the history
        (out / f"{options['name']}.json").write_text(json.dumps(kept, indent=2, ensure_ascii=False) + "\n")
        (out / f"{options['name']}.md").write_text(render_markdown(report))
        self.stdout.write(f"Wrote {out / options['name']}.md and .json")


def _commit() -> str:
    try:
        git = ["git", "rev-parse", "--short", "HEAD"]
        done = subprocess.run(git, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR)  # nosec B603 B607
        return done.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def _mtime(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
