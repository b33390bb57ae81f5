"""Benchmark: a national record set as an XLSX workbook and as an ODS spreadsheet, read and audited
through the columnar path (velvoite.columnar.sheets) against the object path (records.xlsx, .ods).

The rows are ``bench_audit``'s national CSV (the same deterministic generator), dates as date
cells, written once into bench/data (openpyxl's writer: inline strings; tests/odsfile.py: as
LibreOffice writes a sheet). For each size and format: the loading alone in this process (CPU
seconds of ``load_records``, the fastest of ``--repeat``; the records compared equal) and the audit
through the command line as a user runs it (``velvoite audit FILE --format json -o out.json``,
``VELVOITE_COLUMNAR=always`` against ``never``, alternating, the fastest of ``--repeat`` wall
times and CPU seconds, peak memory; the outputs compared byte for byte). Not part of ``make bench``;
the table goes to bench/results-sheets.md.

    python bench/bench_sheets.py [--sizes 10000,100000] [--formats xlsx,ods] [--repeat 2]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # odsfile: the tests' ODS writer

from bench_audit import DATA, best, data_name, generate  # noqa: E402
from bench_columnar import audit, write_results  # noqa: E402 (audit: through the CLI, VELVOITE_COLUMNAR set)


def sheet_rows(path: Path):
    with path.open(newline="", encoding="utf-8") as fh:
        rows = csv.reader(fh)
        yield next(rows)
        for row in rows:
            yield [dt.date.fromisoformat(c) if i == 3 else (c or None) for i, c in enumerate(row)]


def write_sheet(source: Path, out: Path) -> None:
    if out.suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Kirjaukset")
        for row in sheet_rows(source):
            sheet.append(row)
        book.save(out)
        return
    from odsfile import ods, table

    out.write_bytes(ods(table("Kirjaukset", list(sheet_rows(source)))))


def load_cpu(path: Path, mode: str, repeat: int):
    """(fastest CPU seconds of load_records, the records) with VELVOITE_COLUMNAR=mode."""
    from velvoite.records import load_records
    from velvoite.registry import load_registry

    registry = load_registry()
    os.environ["VELVOITE_COLUMNAR"] = mode
    fastest, records = float("inf"), None
    try:
        for _ in range(repeat):
            t0 = time.process_time()
            records = load_records([path], registry)
            fastest = min(fastest, time.process_time() - t0)
    finally:
        os.environ.pop("VELVOITE_COLUMNAR", None)
    return fastest, [(r, r.data, r.derived_id) for r in records]


def audited(path: Path, mode: str, out: Path) -> dict:
    """``bench_columnar.audit`` with the run's CPU seconds (user + system, from the children's usage)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    found = audit(path, mode, out)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {**found, "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--formats", default="xlsx,ods")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--output", default=str(HERE / "results-sheets.md"))
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    lines = ["bench_audit's national rows as a workbook (openpyxl, inline strings) and an ODS spreadsheet, dates as "
             "date cells. Loading: CPU seconds of `load_records` in this process, the fastest of "
             f"{args.repeat}, through the columnar path (`VELVOITE_COLUMNAR=always`) and the object path (`never`); "
             "the audit: `velvoite audit FILE --format json -o FILE` as a run of its own, the fastest wall time "
             f"and CPU seconds (user + system) of {args.repeat} alternating runs, peak memory the largest.", "",
             "| records | format | file (MB) | load columnar (CPU s) | load object (CPU s) | same records "
             "| audit columnar (s, CPU s) | MB | audit object (s, CPU s) | MB | outputs |",
             "|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---|"]
    for n in [int(x) for x in args.sizes.split(",")]:
        source = DATA / data_name(n)
        if not source.exists():
            generate(n, source)
        for fmt in args.formats.split(","):
            path = DATA / data_name(n, f".{fmt}")
            if not path.exists():
                t0 = time.perf_counter()
                write_sheet(source, path)
                print(f"wrote {path.name} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
            (cpu_c, recs_c), (cpu_o, recs_o) = load_cpu(path, "always", args.repeat), load_cpu(path, "never", args.repeat)
            runs: dict[str, list[dict]] = {"always": [], "never": []}
            for _ in range(args.repeat):
                for mode in runs:
                    runs[mode].append(audited(path, mode, DATA / f"out-{n}-{fmt}.{mode}.json"))
            frame, objects = best(runs["always"]), best(runs["never"])
            cpu = {mode: min(r["cpu"] for r in found) for mode, found in runs.items()}
            same = frame["ok"] and objects["ok"] and (DATA / f"out-{n}-{fmt}.always.json").read_bytes() == \
                (DATA / f"out-{n}-{fmt}.never.json").read_bytes()
            line = (f"| {n:,} | {fmt} | {path.stat().st_size / 2**20:.1f} | {cpu_c:.2f} | {cpu_o:.2f} | "
                    f"{'yes' if recs_c == recs_o else 'NO'} | {frame['wall']:.2f}, {cpu['always']:.2f} | {frame['peak_mb']:.0f} | "
                    f"{objects['wall']:.2f}, {cpu['never']:.2f} | {objects['peak_mb']:.0f} | {'identical' if same else 'DIFFERENT'} "
                    f"{frame['why']} {objects['why']} |")
            print(line, file=sys.stderr)
            lines.append(line)
    write_results(lines, args.output)


if __name__ == "__main__":
    main()
