"""The workspace's audits and reports in compute processes of their own (issue 29, web/compute.py):
the same answers as the server's own interpreter, writes seen through the data version, a process
killed mid-request answered 503 in the request's language and replaced, the time limit and the
queue bound, and no process left behind when the server ends."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")

from tests.test_web_server import EMAIL, Browserless, free_port, start, workspace  # noqa: E402
from tests.web_helpers import EX, PASSWORD, velvoite  # noqa: E402
from tests.workspace_compute import ASKED, _alive  # noqa: E402

BUSY = {"fi": "laskenta keskeytyi: yritä uudelleen", "sv": "beräkningen avbröts: försök igen"}


@pytest.fixture(scope="module")
def examples_workspace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compute") / "ws"
    workspace(folder)
    done = velvoite("db", "import", str(folder), EX)
    assert done.returncode == 0, done.stderr
    return folder


def test_the_pool_answers_as_the_server_itself_and_keeps_up(examples_workspace):
    """Each request answered by a compute process equals the server's own computation (audit JSON,
    the audit page's findings, the report with and without a trend, the nation's); a write is seen
    by the next audit; a process killed mid-request is answered "failed" and the next request is
    answered by its replacement, as is the request after one killed while free; over the time limit or the queue bound, "busy"; nothing alive after
    ``close``."""
    done = subprocess.run([sys.executable, "-m", "tests.workspace_compute", str(examples_workspace)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["equal"] == {" ".join(map(str, asked)): True for asked in ASKED}
    assert out["after a write"] == {"changed": True, "equal": True}
    assert out["after another write"] is True
    assert out["killed mid-request"] == "failed" and out["next after the kill"] is True and out["replaced"] is True
    assert out["killed while free, next"] is True
    assert out["over the time limit"] == "busy" and out["timed out process gone"] is True
    assert out["over the queue bound"] == "busy" and out["next after the time limit"] is True
    assert out["alive after close"] == []


def _computing(server: int) -> list[int]:
    """The compute processes of the server ``server`` (its children started by "spawn")."""
    found = []
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/stat") as fh:
                parent = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                command = fh.read()
        except (OSError, ValueError):
            continue
        if parent == server and b"spawn_main" in command:
            found.append(int(pid))
    return found


def _killed_under(client: Browserless, server: int, path: str):
    """``path`` asked while the server's one compute process is stopped, then killed."""
    [pid] = _computing(server)
    os.kill(pid, signal.SIGSTOP)
    answer: list = []
    asking = threading.Thread(target=lambda: answer.append(_get(client, path)))
    asking.start()
    time.sleep(1.0)  # (the request is in the process's pipe)
    os.kill(pid, signal.SIGKILL)
    asking.join(60)
    return answer[0]


def _get(client: Browserless, path: str):
    import urllib.error
    import urllib.request

    try:
        with client.opener.open(urllib.request.Request(client.base + path), timeout=60) as got:
            return got.status, got.headers.get("Content-Type"), got.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read().decode()


def _serve(folder, processes: int):
    toml = folder / "workspace.toml"
    text = toml.read_text("utf-8").split("\n[server]")[0]
    toml.write_text(text + f"\n[server]\ncompute_processes = {processes}\n", "utf-8")
    port = free_port()
    proc = start(folder, port)
    client = Browserless(f"http://127.0.0.1:{port}")
    status, body, _headers = client.send("POST", "/api/login", {"username": EMAIL, "password": PASSWORD})
    assert status == 200, body
    return proc, client


def _gone(pids: list[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while any(map(_alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(map(_alive, pids))


def test_velvoite_serve_answers_503_when_its_process_dies_and_ends_them_with_it(examples_workspace):
    proc, client = _serve(examples_workspace, 1)
    try:
        status, kind, body = _get(client, "/api/audit?org=kunta-179&lang=fi")
        assert status == 200 and kind.startswith("application/json") and json.loads(body)["findings"]
        status, kind, body = _killed_under(client, proc.pid, "/api/audit?org=kunta-179&lang=sv")
        assert (status, kind, json.loads(body)) == (503, "application/json", {"error": BUSY["sv"], "code": "unavailable"})
        status, _kind, again = _get(client, "/api/audit?org=kunta-179&lang=sv")  # answered by the new process
        assert status == 200 and json.loads(again)["findings"]
        status, kind, body = _killed_under(client, proc.pid, "/audit/?org=kunta-179&lang=fi")
        assert (status, kind, body) == (503, "text/plain; charset=utf-8", BUSY["fi"])
        assert _get(client, "/audit/?org=kunta-179&lang=fi")[0] == 200
        computing = _computing(proc.pid)
        assert len(computing) == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    assert _gone(computing), "a compute process outlived its server"


def test_a_server_killed_outright_leaves_no_compute_process(examples_workspace):
    proc, client = _serve(examples_workspace, 2)
    try:
        assert _get(client, "/api/audit?org=kunta-179&lang=en")[0] == 200
        computing = _computing(proc.pid)
        assert len(computing) == 2
    finally:
        proc.kill()
        proc.wait(30)
    assert _gone(computing), "a compute process outlived its server"
