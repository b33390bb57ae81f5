"""The run context (``velvoite.system``): one object holds the registry, the chosen packs and their
vocabulary, the engine, the waivers, the audit's first day and the clock, built from the command
line's options; its audit is ``run_audit`` with exactly the parameters the callers assembled."""

from __future__ import annotations

import datetime as dt
import json

from velvoite.commands.common import AUDIT_START, Settings
from velvoite.engine.audit import run_audit
from velvoite.engine.scope import given_scope
from velvoite.records import kinds
from velvoite.reports import json_out
from velvoite.system import System

RECORDS = ["examples/records"]
DAY = dt.date(2025, 6, 30)


def _json(audit) -> dict:
    return json.loads(json_out.render(audit, "en"))


def test_the_system_audits_as_run_audit_with_the_callers_parameters():
    settings = Settings(None, "examples/velvoite.toml", (), ())
    system = System.of(settings, lambda: DAY)
    chosen = given_scope(system.registry, ("Jyväskylä",), None)
    records = system.load_records(RECORDS, chosen)
    assert records and system.audit_start == AUDIT_START == dt.date(2023, 1, 1)
    assert system.vocabulary is kinds.vocabulary() and "hyte_negotiation" in system.vocabulary.kinds
    by_hand = run_audit(records, settings.registry, settings.rules_for(("advice",)), chosen, DAY, AUDIT_START,
                        engine=settings.engine, lang="fi", waivers=settings.waivers)
    assert _json(system.audit(records, chosen, include=("advice",), lang="fi")) == _json(by_hand)  # the clock's day
    earlier = system.audit(records, chosen, dt.date(2024, 12, 31), start=dt.date(2024, 1, 1), lang="fi")
    assert earlier.as_of == dt.date(2024, 12, 31) and earlier.start == dt.date(2024, 1, 1)
    assert all(f.severity == "duty" for f in earlier.findings)  # advice only when included


def test_the_command_line_builds_one_system_and_reads_nothing_before_it_is_asked(tmp_path):
    settings = Settings(None, None, (str(tmp_path / "no-such-pack"),), ())
    system = settings.system
    assert system is settings.system and system.audit_start == AUDIT_START
    assert "_rules" in vars(system) and "rules" not in vars(system)  # the packs are read on first use
