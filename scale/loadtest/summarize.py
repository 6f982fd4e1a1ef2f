"""Turn locust's CSV statistics into docs/benchmarks/loadtest.md with the issue 7 load budgets checked.

Plain Python (no Django): `make loadtest` runs it after locust. Budget under load: no errors, and
the 95th percentile of each key page within twice its budget (2 × 120 ms).

`--closed` (issue 19, `make loadtest MODE=closed`): the closed loop's two runs, the framework floor
and the case-work mix, as pages served per second on the same workers and their ratio (the goal:
the case-work mix at least 20 % of the floor) -> docs/benchmarks/loadtest-closed.md and .json.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

P95_BUDGET_MS = 120
KEY_PAGES = ["participant list (filtered)", "participant detail", "priority queue", "home"]


def summarize(prefix: Path, *, users: int, minutes: float, load: str, started: str) -> tuple[str, dict]:
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", newline="")))
    by_name = {r["Name"]: r for r in rows}
    total = by_name.get("Aggregated", {})
    failures = int(total.get("Failure Count", 0) or 0)
    lines = [
        "# Load test: case workers on the national database",
        "",
        f"`make loadtest`, started {started}: locust (own virtualenv) with {users} users for {minutes:g} min, "
        "1–3 s between pages, against gunicorn with 2 workers on loopback (krami.settings_bench, "
        "national database). Every user is a different case worker; logins are not part of the budgets.",
        f"Load average (1/5/15 min) at the end: {load}. Locust and PostgreSQL share the machine's CPUs with gunicorn.",
        "",
        "| Request | Count | Failures | Median ms | p95 ms | p99 ms | Max ms | Requests/s | p95 within 2 × 120 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    results = {"users": users, "minutes": minutes, "failures": failures, "pages": {}}
    ok = failures == 0
    for name in [*KEY_PAGES, *sorted(n for n in by_name if n not in KEY_PAGES and n != "Aggregated"), "Aggregated"]:
        r = by_name.get(name)
        if not r:
            continue
        p95 = float(r["95%"] or 0)
        within = ""
        if name in KEY_PAGES:
            met = p95 <= 2 * P95_BUDGET_MS
            ok &= met
            within = "yes" if met else "**no**"
        results["pages"][name] = {"count": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                                  "median_ms": float(r["Median Response Time"] or 0), "p95_ms": p95}
        lines.append(
            f"| {name} | {r['Request Count']} | {r['Failure Count']} | {float(r['Median Response Time'] or 0):.0f} | "
            f"{p95:.0f} | {float(r['99%'] or 0):.0f} | {float(r['Max Response Time'] or 0):.0f} | "
            f"{float(r['Requests/s'] or 0):.1f} | {within} |"
        )
    results["budgets_met"] = ok
    offered = users / 2.0  # each user waits 1-3 s (mean 2 s) between pages
    served = float(total.get("Requests/s", 0) or 0)
    results.update(offered_per_s=offered, served_per_s=served)
    lines += ["", f"Errors: {failures}. Budgets under load {'met' if ok else '**not met**'}.",
              "", f"Offered load about {offered:.0f} requests/s (users / 2 s mean pause); served {served:.1f}/s."]
    if served < 0.8 * offered:
        lines.append("The server was saturated: the times above are mostly waiting in gunicorn's queue, "
                     "i.e. CPU capacity per request on this machine, not slow single requests.")
    return "\n".join(lines) + "\n", results


CAPACITY_GOAL = 0.20  # the case-work mix's pages/s as a share of the framework floor's (issue 19)
NOT_PAGES = {"login", "login form", "intake overview", "Aggregated"}  # each user's start, not the mix


def _pages_per_second(prefix: Path) -> tuple[float, dict]:
    """Pages served per second once every user has logged in: from locust's history (cumulative
    counts second by second), the rate between the moment the users' starting requests (login,
    first overview) are all done and the end. Logins hash a password and take seconds on a busy
    machine: counted over the whole run they would lower the rate of whichever mix ran."""
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", newline="")))
    pages = {r["Name"]: r for r in rows if r["Name"] not in NOT_PAGES}
    starting = sum(int(r["Request Count"] or 0) for r in rows if r["Name"] in NOT_PAGES and r["Name"] != "Aggregated")
    history = [(int(r["Timestamp"]), int(r["Total Request Count"])) for r in csv.DictReader(open(f"{prefix}_stats_history.csv",
               newline="")) if r["Name"] == "Aggregated"]
    begun = next(((t, n) for t, n in history if n >= starting), None)
    if begun is None or history[-1][0] <= begun[0]:
        return 0.0, pages
    return (history[-1][1] - begun[1]) / (history[-1][0] - begun[0]), pages


def summarize_closed(floor: Path, casework: Path, *, users: int, seconds: float, load: str, started: str) -> tuple[str, dict]:
    floor_rate, floor_pages = _pages_per_second(floor)
    work_rate, work_pages = _pages_per_second(casework)
    share = work_rate / floor_rate if floor_rate else 0.0
    failures = sum(int(r["Failure Count"] or 0) for r in [*floor_pages.values(), *work_pages.values()])
    met = share >= CAPACITY_GOAL and failures == 0
    lines = [
        "# Load test, closed loop: capacity of the case-work mix against the framework floor",
        "",
        f"`make loadtest MODE=closed`, started {started}: {users} users without pauses, {seconds:g} s for each mix, "
        "against gunicorn with 2 workers on loopback (krami.settings_bench, national database). First every user asks "
        "for the framework floor (`/bench/floor/`), then for the case-work mix of `make loadtest` (filtered list, "
        "a participant, the queue, home: 4 : 4 : 2 : 1). Logins and each user's first intake overview are not counted.",
        f"Load average (1/5/15 min) at the end: {load}. Locust and PostgreSQL share the machine's CPUs with gunicorn.",
        "",
        "| Request | Count | Failures | Median ms | p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in [*floor_pages.values(), *work_pages.values()]:
        lines.append(f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {float(r['Median Response Time'] or 0):.0f} | "
                     f"{float(r['95%'] or 0):.0f} |")
    lines += ["", "Pages/s are counted from the moment every user has logged in to the end of each run.",
              f"Framework floor: {floor_rate:.1f} pages/s. Case-work mix: {work_rate:.1f} pages/s: "
              f"{share:.0%} of the floor (goal at least {CAPACITY_GOAL:.0%}): {'met' if met else '**missed**'}.",
              f"Failures: {failures}."]
    data = {"users": users, "seconds": seconds, "started": started, "load": load, "floor_per_s": round(floor_rate, 2),
            "casework_per_s": round(work_rate, 2), "share_of_floor": round(share, 3), "failures": failures, "met": met}
    return "\n".join(lines) + "\n", data


if __name__ == "__main__" and sys.argv[1] == "--closed":
    floor, casework, out, users, seconds, load, started = sys.argv[2:9]
    text, data = summarize_closed(Path(floor), Path(casework), users=int(users), seconds=float(seconds), load=load, started=started)
    Path(out).write_text(text)
    Path(out).with_suffix(".json").write_text(json.dumps(data, indent=2) + "\n")
    print(text)
elif __name__ == "__main__":
    prefix, out, users, minutes, load, started = sys.argv[1:7]
    text, data = summarize(Path(prefix), users=int(users), minutes=float(minutes), load=load, started=started)
    Path(out).write_text(text)
    Path(out).with_suffix(".json").write_text(json.dumps(data, indent=2) + "\n")
    print(text)
