"""velvoite audit keeps Python's cyclic collector away from what it builds (velvoite.gcpause):
the whole run, from its imports and packs through loading (the records frozen) to the audit and its
rendering, runs with the collector paused; it runs again afterwards (issue 31: 0.1-0.15 s CPU of a
100 000-record audit went to collections that found nothing). That the findings are frozen once
written is tested in test_startup.py."""

from __future__ import annotations

import gc
from pathlib import Path

from click.testing import CliRunner

from velvoite import gcpause
from velvoite.cli import main
from velvoite.commands import common
from velvoite.system import System

ROOT = Path(__file__).parent.parent


def test_the_audit_runs_with_the_collector_paused_and_the_records_frozen(monkeypatch, tmp_path):
    seen: dict = {}
    load, audit, freeze = common.Settings.records, System.audit, gcpause.freeze

    def records(self, *args, **kwargs):
        found = load(self, *args, **kwargs)
        seen["after loading"] = gc.isenabled()
        return found

    def audited(self, *args, **kwargs):
        seen["auditing"] = gc.isenabled()
        return audit(self, *args, **kwargs)

    def frozen():
        seen["frozen with the collector"] = gc.isenabled()
        freeze()

    monkeypatch.setattr(common.Settings, "records", records)
    monkeypatch.setattr(System, "audit", audited)
    monkeypatch.setattr(gcpause, "freeze", frozen)
    assert gc.isenabled()
    result = CliRunner().invoke(main, ["--config", str(ROOT / "examples/velvoite.toml"), "audit",
                                       str(ROOT / "examples/records"), "--region", "hva-15", "--as-of", "2026-11-29",
                                       "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 0, result.output
    assert seen == {"frozen with the collector": False, "after loading": False, "auditing": False}
    assert gc.isenabled()  # and running again once the output is written
    gc.unfreeze()
