"""Benchmark: what a user waits for beyond the audit, against a floor measured in the same run.

On the generated national data of bench_audit.py (100 000 records by default):

* floor: a bare ``csv.DictReader`` over the same file with each date parsed (the least any tool
  reading it must do), minimum of 3 runs;
* ``velvoite audit FILE`` (python engine), a one-region ``velvoite calendar`` and the national
  HTML report, each as a user runs it (wall time, peak memory, output size), as ratios to the floor;
* ``velvoite serve FILE``: the first request of a feed, cached requests one after another (p50,
  p95), a ``304`` for a known ETag, an unknown organisation's ``404``, and 8 clients at once.

Writes bench/results-serve.md. Speed is measured here, never asserted in tests.

    python bench/bench_serve.py [--sizes 100000,1000000]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from bench_audit import AS_OF, DATA, data_name, floor, generate, run, velvoite  # noqa: E402


def get(port: int, path: str, **headers) -> tuple[int, float]:
    t0 = time.perf_counter()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=600) as resp:
            resp.read()
            status = resp.status
    except urllib.error.HTTPError as err:
        err.read()
        status = err.code
    return status, time.perf_counter() - t0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def serve(path: Path) -> dict:
    proc = subprocess.Popen(velvoite("--engine", "python", "serve", str(path), "--port", "0", "--quiet"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        t0 = time.perf_counter()
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", proc.stderr.readline()).group(1))
        started = time.perf_counter() - t0
        feed = "/calendar/region/hva-15.ics"
        first = get(port, feed)[1]
        cached = [get(port, feed)[1] for _ in range(30)]
        req = urllib.request.Request(f"http://127.0.0.1:{port}{feed}")
        with urllib.request.urlopen(req) as resp:
            etag = resp.headers["ETag"]
        not_modified = [get(port, feed, **{"If-None-Match": etag}) for _ in range(30)]
        assert all(s == 304 for s, _ in not_modified)
        missing = [get(port, "/calendar/Jyvaskyla-typo.ics")[1] for _ in range(10)]
        others = [f"/calendar/region/hva-{n:02d}.ics" for n in range(1, 9)]
        for p in others:  # each client's own feed, computed once (as hourly polling would find it)
            get(port, p)
        t0 = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            parallel = list(pool.map(lambda p: [get(port, p)[1] for _ in range(10)], others))
        wall = time.perf_counter() - t0
        flat = [x for xs in parallel for x in xs]
        return {"start": started, "first": first, "p50": pct(cached, .5), "p95": pct(cached, .95),
                "304": pct([t for _, t in not_modified], .5), "404": pct(missing, .5),
                "8 clients p95": pct(flat, .95), "8 clients wall": wall}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def measure(records: int) -> list[str]:
    path = DATA / data_name(records)
    if not path.exists():
        generate(records, path)
    base = floor(path)
    out = DATA / "serve-out"
    out.mkdir(exist_ok=True)
    runs = {
        "audit (all organisations, JSON)": velvoite("--engine", "python", "audit", str(path), "--as-of", AS_OF,
                                                     "--format", "json", "-o", str(out / "audit.json")),
        "calendar of one region (hva-15)": velvoite("calendar", str(path), "--region", "hva-15", "--as-of", AS_OF,
                                                     "-o", str(out / "region.ics")),
        "national report (HTML, one file)": velvoite("report", str(path), "--national", "--as-of", AS_OF,
                                                      "-o", str(out / "national.html")),
        "national report (HTML, index + county pages)": velvoite("report", str(path), "--national", "--as-of", AS_OF,
                                                                  "-o", str(out / "national") + "/"),
    }
    lines = [f"## {records:,} records", "",
             f"Floor (bare csv.DictReader + date parse of the same file, best of 3, this run): {base:.2f} s.", "",
             "| command | wall (s) | / floor | peak MB | output |", "|---|---:|---:|---:|---:|"]
    for name, cmd in runs.items():
        result = run(cmd)
        target = Path(cmd[cmd.index("-o") + 1])
        if target.is_dir():
            size = f"{max(p.stat().st_size for p in target.iterdir()) / 1e6:.2f} MB largest page"
        else:
            size = f"{target.stat().st_size / 1e6:.1f} MB" if target.exists() else "-"
        wall = f"{result['wall']:.2f}" if result["ok"] else result.get("why", "failed")
        lines.append(f"| {name} | {wall} | {result['wall'] / base:.1f} | {result['peak_mb']:.0f} | {size} |")
    s = serve(path)
    lines += ["", "`velvoite serve` (python engine), the region feed of hva-15:", "",
              "| measure | ms |", "|---|---:|"]
    lines += [f"| {k} | {v * 1000:.1f} |" for k, v in s.items()]
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    lines = ["# Beyond the audit: a region's calendar, the national report, the feed server", ""]
    for records in (int(x) for x in args.sizes.split(",")):
        lines += measure(records)
    lines += [f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; as-of {AS_OF}."]
    text = "\n".join(lines) + "\n"
    print(text)
    (HERE / "results-serve.md").write_text(text, "utf-8")


if __name__ == "__main__":
    main()
