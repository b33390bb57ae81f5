"""Benchmark: the columnar path against the object path and the floor, at 10 000, 100 000 and
1 000 000 records, in one run.

For each size the national CSV of ``bench_audit`` (the same deterministic generator) is audited
through the command line as a user would (``velvoite audit FILE --format json -o out.json``),
once with the columnar path forced (``VELVOITE_COLUMNAR=always``) and once with the object path
(``never``), alternating, the fastest of ``--repeat`` runs each; beside them the floor (a bare
``csv.DictReader`` with each date parsed, measured in this run) and the peak memory of each audit.
It also says whether the two audits are byte-identical. ``make bench`` runs it; speed is measured
here, never asserted in tests.

    python bench/bench_columnar.py [--sizes 10000,100000,1000000] [--repeat 3] [--repeat-max 100000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_audit import AS_OF, DATA, best, data_name, floor, generate, run, velvoite  # noqa: E402

HERE = Path(__file__).parent


def write_results(lines: list[str], output: str) -> None:
    """End the table with the machine line, print it and write it to ``output``."""
    lines.append(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; as-of {AS_OF}.")
    text = "\n".join(lines) + "\n"
    print(text)
    Path(output).write_text(text, "utf-8")


def audit(path: Path, path_kind: str, out: Path) -> dict:
    os.environ["VELVOITE_COLUMNAR"] = path_kind
    try:
        return run(velvoite("--engine", "python", "audit", str(path), "--as-of", AS_OF, "--format", "json",
                            "-o", str(out)))
    finally:
        os.environ.pop("VELVOITE_COLUMNAR", None)


# bench_audit.read_once in a process of its own (importing bench_audit: stdlib only, about 0.01 s)
FLOOR = f"""
import sys; from pathlib import Path
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from bench_audit import read_once
read_once(Path(sys.argv[1]))
"""


def floor_run(path: Path, repeat: int = 3) -> tuple[float, float]:
    """The floor as a whole run, as the audits are measured: ``bench_audit.floor``'s loop in its own
    process, interpreter start-up included (about 0.02 s); the fastest wall and CPU time of ``repeat``."""
    runs = [run([sys.executable, "-c", FLOOR, str(path)]) for _ in range(repeat)]
    return min(r["wall"] for r in runs), min(r["cpu"] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repeat-max", type=int, default=100_000, help="largest size audited --repeat times")
    parser.add_argument("--output", default=str(HERE / "results-columnar.md"))
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    rows = []
    for n in [int(x) for x in args.sizes.split(",")]:
        path = DATA / data_name(n)
        if not path.exists():
            t = time.perf_counter()
            generate(n, path)
            print(f"generated {path.name} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        base, (whole, whole_cpu) = floor(path), floor_run(path)
        runs: dict[str, list[dict]] = {"always": [], "never": []}
        for _ in range(args.repeat if n <= args.repeat_max else 1):
            for kind in runs:  # alternating, so that a slow spell of the machine hits both
                runs[kind].append(audit(path, kind, DATA / f"out-{n}.{kind}.json"))
        frame, objects = best(runs["always"]), best(runs["never"])
        # CPU time, user + system (polars' threads too): what the code costs when the shared machine's
        # load makes wall times of short runs swing (the floor's by 2-3x); the least of the runs
        cpu = {kind: min(r["cpu"] for r in found) for kind, found in runs.items()}
        cpu["first"] = runs["always"][0]["cpu"]  # (the scaling compares first runs, as the wall times')
        same = frame["ok"] and objects["ok"] and \
            (DATA / f"out-{n}.always.json").read_bytes() == (DATA / f"out-{n}.never.json").read_bytes()
        rows.append((n, base, whole, frame, objects, same, whole_cpu, cpu))
        print(f"{n:>9,} floor {base:5.2f} s (a run {whole:5.2f} s)  columnar {frame['wall']:6.2f} s {frame['peak_mb']:6.0f} MB  "
              f"object {objects['wall']:6.2f} s {objects['peak_mb']:6.0f} MB  {'identical' if same else 'DIFFERENT'} "
              f"{frame['why']} {objects['why']}  CPU: floor run {whole_cpu:.2f} s columnar {cpu['always']:.2f} s "
              f"object {cpu['never']:.2f} s", file=sys.stderr)
    lines = ["The columnar path (`VELVOITE_COLUMNAR=always`) and the object path (`never`) audit the same "
             "national CSV through the command line (`--engine python`, JSON to a file), alternating, the fastest "
             f"of {args.repeat} runs each up to {args.repeat_max:,} records (one run above), peak memory the "
             "largest; the floor is a bare `csv.DictReader` with each date parsed, best of 3, in this run: in this "
             "process (floor) and as a run of its own, interpreter start-up included (floor run; the ratios are to "
             "the floor, the run's in brackets).", "",
             "| records | floor (s) | floor run (s) | columnar (s) | columnar / floor | peak MB | object path (s) "
             "| object / floor | peak MB | outputs |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for n, base, whole, frame, objects, same, _cpu, _cpus in rows:
        lines.append(f"| {n:,} | {base:.2f} | {whole:.2f} | {frame['wall']:.2f} | {frame['wall'] / base:.1f} "
                     f"({frame['wall'] / whole:.1f}) | "
                     f"{frame['peak_mb']:.0f} | {objects['wall']:.2f} | {objects['wall'] / base:.1f} ({objects['wall'] / whole:.1f}) | "
                     f"{objects['peak_mb']:.0f} | {'identical' if same else 'DIFFERENT'} {frame['why']} {objects['why']} |")
    lines += ["", "CPU time (user + system, the least of the runs), which the machine's load moves far less than "
              "wall time: the ratio to the floor as a run of its own.", "",
              "| records | floor run CPU (s) | columnar CPU (s) | columnar / floor run | object path CPU (s) | object / floor run |",
              "|---:|---:|---:|---:|---:|---:|"]
    for n, _base, _whole, _frame, _objects, _same, whole_cpu, cpu in rows:
        lines.append(f"| {n:,} | {whole_cpu:.2f} | {cpu['always']:.2f} | {cpu['always'] / whole_cpu:.1f} | "
                     f"{cpu['never']:.2f} | {cpu['never'] / whole_cpu:.1f} |")
    first = {row[0]: row[3].get("first", row[3]["wall"]) for row in rows}
    cpus = {row[0]: row[7]["first"] for row in rows}
    if 100_000 in first and 1_000_000 in first:
        lines.append("")
        lines.append(f"Scaling (columnar, the first run at each size): 100,000 to 1,000,000 records costs "
                     f"{first[1_000_000] / first[100_000]:.1f}x the time; its CPU time "
                     f"{cpus[1_000_000] / cpus[100_000]:.1f}x.")
    write_results(lines, args.output)


if __name__ == "__main__":
    main()
