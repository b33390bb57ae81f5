"""Benchmark: the database workspace under load (issue 29), three ways in the same run: the audits
and reports computed by two processes of their own (``pool``, web/compute.py: ``velvoite serve``'s
default), in the server's own interpreter with the records kept and updated (``kept``), and on the
path that reads every record again after a write and audits them all each time (``reload``:
``State.reload_all``, the code before issue 29).

On the generated national data of bench_audit.py stored in a workspace (10 000 and 100 000 records
by default; the workspaces are kept in bench/data):

* first request: the records read and validated in full (both paths once);
* a cached feed and a records page (``/calendar/ORG.ics``, ``/api/records?org=``) with 1, 4 and 16
  clients while four region audits run (the gap reports of four counties, over and over): p95;
* an organisation's audit and a region's after a write of one of its records (the first audit
  after the write), computed on records already current (another language: nothing to apply),
  and asked again (kept: the audit kept) -- p50 of five writes each.

Writes bench/results-workspace.md. Speed is measured here, never asserted in tests.

    python bench/bench_workspace.py [--sizes 10000,100000] [--seconds 6] [--modes reload,kept,pool]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from bench_audit import DATA, data_name, generate, velvoite  # noqa: E402

PASSWORD = "bench-salasana-2026"
USERS = {"admin": ("admin@bench.fi", "admin", None), "editor": ("editori@bench.fi", "editor", "kunta-179")}
ORG, REGION = "kunta-179", "hva-15"
AUDITED = ("hva-01", "hva-02", "hva-03", "hva-04")  # the four region audits that run meanwhile


def workspace(records: int) -> Path:
    """A workspace of ``records`` generated records and the two users, made once and kept."""
    folder = DATA / f"workspace-{records}"
    if (folder / "workspace.toml").exists():
        return folder
    source = DATA / data_name(records)
    if not source.exists():
        generate(records, source)
    for args in (("db", "init", str(folder)), ("db", "import", str(folder), str(source))):
        subprocess.run(velvoite(*args), check=True, capture_output=True)
    for email, role, org in USERS.values():
        subprocess.run(velvoite("users", "add", str(folder), email, "--role", role, *(["--org", org] if org else []),
                                "--password-stdin"), input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    toml = folder / "workspace.toml"
    toml.write_text(toml.read_text("utf-8") + "\n[feeds]\npublic = true\n", "utf-8")
    return folder


class Client:
    """One keep-alive connection, logged in as ``who`` (or not)."""

    def __init__(self, port: int, who: str | None = None, like: "Client | None" = None):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
        self.cookies: dict[str, str] = dict(like.cookies) if like else {}
        self.csrf = like.csrf if like else ""
        if who:
            status, body = self.call("POST", "/api/login", {"username": USERS[who][0], "password": PASSWORD})
            assert status == 200, body
            self.csrf = json.loads(body)["csrf_token"]

    def another(self) -> "Client":
        """A connection of its own in the same session (logins are throttled)."""
        return Client(self.conn.port, like=self)

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = {"Host": "127.0.0.1", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers.update({"Content-Type": "application/json", "X-CSRFToken": self.csrf})
        try:
            self.conn.request(method, path, data, headers)
            resp = self.conn.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):  # an idle connection closed
            self.conn.close()
            self.conn.request(method, path, data, headers)
            resp = self.conn.getresponse()
        answer = resp.read()
        for name, value in resp.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        return resp.status, answer

    def timed(self, method: str, path: str, body: dict | None = None) -> float:
        t0 = time.perf_counter()
        status, answer = self.call(method, path, body)
        assert status in (200, 201), (path, status, answer[:300])
        return time.perf_counter() - t0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def start(folder: Path, mode: str) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen([sys.executable, str(HERE / "workspace_server.py"), str(folder), mode],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return proc, int(proc.stdout.readline())


def under_audits(admin: Client, clients: int, seconds: float, audited: tuple = AUDITED) -> dict:
    """Feed and records page latencies of ``clients`` clients while four region audits run (the
    ``audited`` regions' reports; none: the clients alone, what the server's interpreter answers
    without audits)."""
    stop = threading.Event()
    audits: list[float] = []

    def audit(county: str) -> None:
        c = admin.another()
        while not stop.is_set():
            audits.append(c.timed("GET", f"/report/?region={county}&lang=fi"))

    feeds: list[float] = []
    pages: list[float] = []

    def reader() -> None:
        c = admin.another()
        while not stop.is_set():
            feeds.append(c.timed("GET", f"/calendar/{ORG}.ics?lang=fi"))
            pages.append(c.timed("GET", f"/api/records?org={ORG}"))

    admin.timed("GET", f"/calendar/{ORG}.ics?lang=fi")  # the feed computed once: the clients ask a cached one
    threads = [threading.Thread(target=audit, args=(c,)) for c in audited]
    threads += [threading.Thread(target=reader) for _ in range(clients)]
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    return {"feed p95": pct(feeds, .95), "records page p95": pct(pages, .95), "feed p50": pct(feeds, .5),
            "records page p50": pct(pages, .5), "answers": len(feeds) + len(pages), "region audits done": len(audits)}


def after_writes(editor: Client, reader: Client, path: str, rounds: int = 5) -> dict:
    """The audit at ``path`` (?org= or ?region=) after a write of one of its records, computed on
    current records (another language), and asked again: p50 of ``rounds`` writes."""
    status, answer = editor.call("POST", "/api/records", {"id": "bench-write", "org": ORG, "body": "kaupunginvaltuusto",
                                                           "kind": "annual_welfare_report", "date": "2026-01-15"})
    assert status in (201, 409), answer  # (made by an earlier round or run)
    first, computed, again = [], [], []
    for n in range(rounds):
        editor.timed("PUT", "/api/records/bench-write", {"org": ORG, "kind": "annual_welfare_report",
                                                          "date": f"2026-0{2 + n % 8}-15", "body": "kaupunginvaltuusto"})
        first.append(reader.timed("GET", f"{path}&lang=en"))
        computed.append(reader.timed("GET", f"{path}&lang=fi"))
        again.append(reader.timed("GET", f"{path}&lang=en"))
    return {"first after a write": pct(first, .5), "computed (records current)": pct(computed, .5),
            "asked again": pct(again, .5)}


MODES = {"reload": "reload all (before)", "kept": "kept, in the server", "pool": "compute processes (now)"}


def measure(records: int, seconds: float, modes: tuple[str, ...]) -> list[str]:
    folder = workspace(records)
    results: dict[str, dict] = {}
    for mode in modes:
        proc, port = start(folder, mode)
        try:
            out: dict = {}
            admin, editor = Client(port, "admin"), Client(port, "editor")
            out["first request (every record read)"] = admin.timed("GET", f"/api/audit?org={ORG}&lang=fi")
            for clients in (1, 4, 16):
                for key, value in under_audits(admin, clients, seconds).items():
                    out[f"{clients} clients: {key}"] = value
            for clients in (1, 16):
                for key, value in under_audits(admin, clients, seconds, ()).items():
                    if "p95" in key:
                        out[f"{clients} clients, no audits: {key}"] = value
            for label, path in (("organisation audit", f"/api/audit?org={ORG}"),
                                ("region audit", f"/api/audit?region={REGION}")):
                for key, value in after_writes(editor, admin, path).items():
                    out[f"{label}: {key}"] = value
            results[mode] = out
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    load = os.getloadavg()
    now = modes[-1]
    lines = [f"## {records:,} stored records", "",
             "| measure | " + " | ".join(MODES[m] for m in modes) + " | " + " | ".join(
                 f"{m} / {now}" for m in modes[:-1]) + " |", "|---|" + "---:|" * (2 * len(modes) - 1)]
    for key, first in results[modes[0]].items():
        values = [results[m][key] for m in modes]
        if isinstance(first, int):
            lines.append(f"| {key} | " + " | ".join(map(str, values)) + " |" + " |" * (len(modes) - 1))
        else:
            lines.append(f"| {key} (ms) | " + " | ".join(f"{v * 1000:.1f}" for v in values) + " | " + " | ".join(
                f"{v / values[-1]:.1f}x" for v in values[:-1]) + " |")
    for mode in modes[1:]:
        for label in ("organisation audit", "region audit"):
            ratio = results[mode][f"{label}: first after a write"] / results[mode][f"{label}: computed (records current)"]
            lines.append(f"\n{label}, {MODES[mode]}: the first audit after a write is {ratio:.2f}x the audit computed "
                         f"on current records.")
    lines.append(f"\nThe machine's load average (1, 5, 15 min) after this size: {load[0]:.1f}, {load[1]:.1f}, "
                 f"{load[2]:.1f} (other engineers' work shares its {os.cpu_count()} cores).")
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--modes", default="reload,kept,pool")
    args = parser.parse_args()
    modes = tuple(args.modes.split(","))
    DATA.mkdir(exist_ok=True)
    lines = ["# The database workspace under load: audits in processes of their own, records kept, or read again",
             "", f"Four region audits ({', '.join(AUDITED)}: their gap reports, over and over) run while the clients "
             f"ask a cached feed and a records page of {ORG}; writes are a record of {ORG} changed through the API. "
             "No path holds a language lock (speaking(), gone with issue 29). reload and kept: the clients share "
             "the server's interpreter with the audits; compute processes: the audits and reports run in two "
             "processes of their own (web/compute.py), the clients' requests in the server's. p95 and p50 are of "
             f"every answer in {args.seconds:g} s.", ""]
    for records in (int(x) for x in args.sizes.split(",")):
        lines += measure(records, args.seconds, modes)
    lines += [f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}."]
    text = "\n".join(lines) + "\n"
    print(text)
    (HERE / "results-workspace.md").write_text(text, "utf-8")


if __name__ == "__main__":
    main()
