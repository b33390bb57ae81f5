"""Runs every ``<rule>.cases.yaml`` beside the built-in rules, on every installed engine."""

from __future__ import annotations

import pytest

from velvoite.registry import load_registry
from velvoite.rules import builtin_rules
from velvoite.rules.cases import case_file_for, load_cases, run_case
from velvoite.rules.pack import builtin_pack_dir, rule_files

RULE_FILES = rule_files(builtin_pack_dir())
CASES = [(path.stem, case) for path in RULE_FILES if case_file_for(path).exists()
         for case in load_cases(case_file_for(path)).cases]


def test_every_rule_has_cases_covering_each_status():
    for path in RULE_FILES:
        cases_path = case_file_for(path)
        assert cases_path.exists(), f"{path.name} has no {cases_path.name}"
        case_file = load_cases(cases_path)
        assert case_file.rule == path.stem
        statuses = {e.status for c in case_file.cases for e in c.expect}
        assert {"met", "partial", "missing", "due"} <= statuses, f"{path.stem} lacks cases for {statuses}"


def test_every_rule_has_a_case_for_aland():
    for path in RULE_FILES:
        names = [c.name for c in load_cases(case_file_for(path)).cases]
        assert any("aland" in n for n in names), path.stem


@pytest.mark.parametrize("rule_id,case", CASES, ids=[f"{r}::{c.name}" for r, c in CASES])
def test_case(rule_id, case, engine):
    """The runner ``velvoite test`` uses, on every installed engine."""
    problems = run_case(builtin_rules()[rule_id], case, load_registry(), engine)
    assert not problems, "\n".join(problems)
