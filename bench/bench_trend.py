"""Benchmark: a national report's quarterly trend over three years (``report --trend quarterly``)
against one audit and against the plain report, on the generated national data of bench_audit.py.

The trend audits the records as of twelve or thirteen quarter ends; the records are read once and
their facts and evidence index made once (``engine.audit.Grounds``), so the goal (issue 33) is under
3x one audit, not 12x. Each command runs as a user would, in its own process; the fastest of
``--repeat`` runs counts. Prints a table and writes it to bench/results-trend.md.

    python bench/bench_trend.py [--records 100000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from bench_audit import AS_OF, DATA, best, data_name, generate, run, velvoite  # noqa: E402

FROM = "2023-12-01"  # three years of quarters to the as-of date: 31.12.2023 ... 30.9.2026, 29.11.2026


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--engine", default="python")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    source = DATA / data_name(args.records)
    if not source.exists():
        generate(args.records, source)
    base = ["--engine", args.engine]
    commands = {
        "audit (one as-of date)": velvoite(*base, "audit", str(source), "--as-of", AS_OF, "--format", "json",
                                           "-o", str(DATA / "trend-audit.json")),
        "report --national": velvoite(*base, "report", str(source), "--national", "--as-of", AS_OF, "--from", FROM,
                                      "--format", "json", "-o", str(DATA / "trend-plain.json")),
        "report --national --trend quarterly": velvoite(*base, "report", str(source), "--national", "--as-of", AS_OF,
                                                        "--from", FROM, "--trend", "quarterly", "--format", "json",
                                                        "-o", str(DATA / "trend-quarterly.json")),
    }
    measured = {name: best([run(cmd) for _ in range(args.repeat)]) for name, cmd in commands.items()}
    audit, plain = measured["audit (one as-of date)"], measured["report --national"]
    lines = [f"# report --trend, {args.records:,} generated records ({args.engine} engine, best of {args.repeat})", "",
             "| command | seconds | peak MB | / one audit | / plain report |", "|---|--:|--:|--:|--:|"]
    for name, r in measured.items():
        if not r["ok"]:
            lines.append(f"| {name} | failed: {r['why']} | | | |")
            continue
        lines.append(f"| {name} | {r['wall']:.2f} | {r['peak_mb']:.0f} | {r['wall'] / audit['wall']:.2f}x | "
                     f"{r['wall'] / plain['wall']:.2f}x |")
    lines += ["", f"The trend: the quarter ends from {FROM} to {AS_OF} (13 points), goal under 3x one audit."]
    text = "\n".join(lines) + "\n"
    print(text)
    (HERE / "results-trend.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
