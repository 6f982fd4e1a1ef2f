"""Turn locust's CSV statistics into docs/benchmarks/loadtest.md with the issue 7 load budgets checked.

Plain Python (no Django): `make loadtest` runs it after locust. Budget under load: no errors, and
the 95th percentile of each key page within twice its budget (2 × 120 ms).
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


if __name__ == "__main__":
    prefix, out, users, minutes, load, started = sys.argv[1:7]
    text, data = summarize(Path(prefix), users=int(users), minutes=float(minutes), load=load, started=started)
    Path(out).write_text(text)
    Path(out).with_suffix(".json").write_text(json.dumps(data, indent=2) + "\n")
    print(text)
