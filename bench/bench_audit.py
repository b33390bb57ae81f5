"""Benchmark: audit every organisation of the registry with generated national data.

Deterministic generator (seeded): all municipalities and counties, records over 2023-2026, a
realistic mix of kinds. Measures, per engine, the wall time of load + validate and of the full
audit (JSON written to a file), and the peak memory of the process. Prints a table and writes it
to bench/results.md. Not part of `make test`: speed is measured, not asserted.

    python bench/bench_audit.py [--records 50000] [--engines durable,python]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
KINDS = ["hyte_negotiation", "cooperation_negotiation", "annual_welfare_report", "welfare_report_and_plan",
         "responsible_party_designation", "strategy_approval"]
WEIGHTS = [2, 1, 4, 2, 1, 1]
BODIES = ["valtuusto", "kunnanhallitus", "sivistyslautakunta", "aluevaltuusto", ""]


def generate(n: int, path: Path) -> None:
    """n records as one CSV file, the same for the same n."""
    from velvoite.registry import load_registry

    reg = load_registry()
    rnd = random.Random(n)
    orgs = [o for o in reg.orgs.values() if o.kind in ("municipality", "county") and "aland" not in o.tags]
    start = dt.date(2023, 1, 1).toordinal()
    cols = ["id", "org", "kind", "date", "body", "participants", "published_url", "delivered_to",
            "responsible", "hyte_goals"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        for i in range(n):
            org = rnd.choice(orgs)
            day = dt.date.fromordinal(start + rnd.randrange(4 * 365))
            if not org.exists_on(day):
                day = org.valid_until
            kind = rnd.choices(KINDS, WEIGHTS)[0]
            participants = ""
            if kind.endswith("negotiation") and rnd.random() < 0.9:
                county = org.id if org.kind == "county" else org.county
                pool = reg.members(county, day, day) + [county] if county else ["hus"]
                participants = ";".join(sorted(set(rnd.sample(pool, min(len(pool), rnd.randint(1, 6)))) - {org.id}))
            w.writerow([f"b{i}", org.id, kind, day.isoformat(), rnd.choice(BODIES), participants,
                        "https://example.invalid/r" if rnd.random() < 0.7 else "",
                        (org.county or "") if rnd.random() < 0.7 else "",
                        "koordinaattori" if rnd.random() < 0.8 else "",
                        rnd.choice(["true", "false", ""])])


def measure(path: Path, engine: str, as_of: dt.date) -> dict:
    """Run in a fresh process so that peak memory is this run's alone."""
    code = f"""
import datetime as dt, json, resource, time
t0 = time.perf_counter()
from velvoite.registry import load_registry
from velvoite.records import load_records
from velvoite.rules import builtin_rules
from velvoite.engine import run_audit
from velvoite.reports import render
from velvoite.output import write_atomic
reg = load_registry(); rules = builtin_rules()
t1 = time.perf_counter()
records = load_records([{str(path)!r}], reg)
t2 = time.perf_counter()
orgs = [o for o in reg.orgs.values() if o.kind in ("municipality", "county")]
audit = run_audit(records, reg, rules, orgs, dt.date.fromisoformat({as_of.isoformat()!r}), dt.date(2023, 1, 1), engine={engine!r})
write_atomic({str(path.with_suffix(f'.{engine}.json'))!r}, render("json", audit))
t3 = time.perf_counter()
print(json.dumps({{"load": t2 - t1, "audit": t3 - t2, "total": t3 - t0, "findings": len(audit.findings),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", default="50000", help="comma-separated sizes")
    parser.add_argument("--engines", default="durable,python")
    parser.add_argument("--as-of", default="2026-11-29")
    args = parser.parse_args()
    data = HERE / "data"
    data.mkdir(exist_ok=True)
    rows = []
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "velvoite.cli", "--help"], check=True, capture_output=True)
    help_time = time.perf_counter() - t
    for n in [int(x) for x in args.records.split(",")]:
        path = data / f"national-{n}.csv"
        if not path.exists():
            generate(n, path)
        for engine in args.engines.split(","):
            r = measure(path, engine, dt.date.fromisoformat(args.as_of))
            rows.append((n, engine, r))
    lines = ["| records | engine | load + validate (s) | match + classify + JSON (s) | total (s) | findings | peak MB |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for n, engine, r in rows:
        lines.append(f"| {n:,} | {engine} | {r['load']:.2f} | {r['audit']:.2f} | {r['total']:.2f} | "
                     f"{r['findings']:,} | {r['peak_mb']:.0f} |")
    lines.append("")
    lines.append(f"`velvoite --help` start-up: {help_time:.2f} s. Machine: {resource.getpagesize() and ''}"
                 f"2 cores; Python {sys.version.split()[0]}.")
    text = "\n".join(lines) + "\n"
    print(text)
    (HERE / "results.md").write_text(text, "utf-8")


if __name__ == "__main__":
    main()
