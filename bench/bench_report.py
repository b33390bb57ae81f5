"""Benchmark: the national gap report on generated data for every municipality and county.

Uses the deterministic generator of bench_audit.py; runs `velvoite report --national` once per
format and engine, and prints wall time and output size (not part of `make test`).

    python bench/bench_report.py [--records 50000] [--engines python,durable]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from bench_audit import data_name, generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--engines", default="python,durable")
    parser.add_argument("--formats", default="html,xlsx,json,md,csv")
    args = parser.parse_args()
    data = HERE / "data"
    data.mkdir(exist_ok=True)
    source = data / data_name(args.records)
    if not source.exists():
        generate(args.records, source)
    print(f"national report, {args.records} generated records (all 308 municipalities and 21 counties)")
    print(f"{'engine':<8} {'format':<6} {'seconds':>8} {'size':>12}")
    for engine in args.engines.split(","):
        for fmt in args.formats.split(","):
            out = data / f"national-{engine}.{fmt}"
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "velvoite.cli", "--engine", engine, "report", str(source),
                            "--national", "--as-of", "2026-11-29", "--lang", "fi", "-o", str(out)], check=True)
            took = time.perf_counter() - t0
            print(f"{engine:<8} {fmt:<6} {took:>8.2f} {out.stat().st_size:>12,}")


if __name__ == "__main__":
    main()
