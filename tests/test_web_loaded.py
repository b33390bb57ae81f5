"""The workspace that updates instead of reloading (issue 29): after every kind of write the kept
records and audits of a server worker (web.loaded) are those a full read of every stored record
gives, and two workers on one database see each other's writes without reading everything again.
Each worker is a process of its own (tests/workspace_worker.py): Django serves one workspace per
process, and the session's workspace (the ws fixture) must stay as it is."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")

from tests.web_helpers import EX, velvoite  # noqa: E402


@pytest.fixture
def workspace(tmp_path):
    folder = tmp_path / "ws"
    for args in (("db", "init", str(folder)), ("db", "import", str(folder), EX)):
        done = velvoite(*args)
        assert done.returncode == 0, done.stderr
    return str(folder)


def test_after_every_kind_of_write_the_kept_audits_are_those_of_a_full_read(workspace):
    done = subprocess.run([sys.executable, "-m", "tests.workspace_worker", workspace, "random", "29", "45"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result["done"]) == {"add", "edit", "remove", "undo", "import", "confirm", "county"}, result
    assert result["differences"] == []
    assert result["full_loads"] == 1  # read once; every write after it applied, not read again


class Worker:
    def __init__(self, folder: str):
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.workspace_worker", folder, "serve"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, *command) -> dict:
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


REPORT = {"id": "kaj-raportti-2025", "org": "kunta-205", "kind": "annual_welfare_report", "date": "2025-06-16",
          "body": "kaupunginvaltuusto"}


def test_two_workers_on_one_database_see_each_others_writes(workspace):
    a, b = Worker(workspace), Worker(workspace)
    try:
        before = a.ask("audit", "kunta-205")
        assert b.ask("audit", "kunta-205")["findings"] == before["findings"]
        assert b.ask("put", REPORT) == {"action": "create"}
        after = a.ask("audit", "kunta-205")
        assert after["findings"] != before["findings"]  # b's record, seen by a
        assert any("kaj-raportti-2025" in json.dumps(f) for f in after["findings"])
        assert after == b.ask("audit", "kunta-205")
        assert a.ask("remove", "kaj-raportti-2025") == {"removed": True}
        assert b.ask("audit", "kunta-205") == before  # a's removal, seen by b
        assert a.ask("audit", "kunta-205")["full_loads"] == 1  # each read everything once, then applied the writes
    finally:
        a.close()
        b.close()
