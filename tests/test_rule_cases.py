"""Runs every ``<rule>.cases.yaml`` beside the built-in rules, on every installed engine."""

from __future__ import annotations

import pytest

from velvoite.engine import run_audit
from velvoite.records import records_from_mappings
from velvoite.registry import load_registry
from velvoite.rules import builtin_rules
from velvoite.rules.cases import case_file_for, cite, load_cases
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
    registry = load_registry()
    rules = builtin_rules()
    records = records_from_mappings(case.records, f"{rule_id}.cases.yaml:{case.name}", registry)
    orgs = [registry.resolve(ref) for ref in case.orgs] or [registry.orgs[r.org] for r in records]
    orgs = list({o.id: o for o in orgs}.values())
    audit = run_audit(records, registry, {rule_id: rules[rule_id]}, orgs, case.as_of, case.from_, engine=engine)
    got = {(f.org, f.period): f for f in audit.findings}
    for exp in case.expect:
        org = registry.resolve(exp.org).id
        assert (org, exp.period) in got, f"no finding for {org} {exp.period}; got {sorted(got)}"
        f = got[(org, exp.period)]
        assert f.status == exp.status, f"{org} {exp.period}: {f.status} ({f.explanation})"
        for field in ("evidence", "missing", "deadline", "recommended_by"):
            want = getattr(exp, field)
            if want is not None:
                assert getattr(f, field) == want, f"{field}: {getattr(f, field)!r} != {want!r}"
        if exp.legal_basis is not None:
            assert [cite(b) for b in f.legal_basis] == exp.legal_basis
        assert f.legal_basis, "every finding cites its legal basis"
    if case.exact:
        wanted = {(registry.resolve(e.org).id, e.period) for e in case.expect}
        assert set(got) == wanted, f"unexpected findings {sorted(set(got) - wanted)}"
