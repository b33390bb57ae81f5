"""Standing (DOMAIN § 8): a record counts for a participant when the organiser and the participant
are the two sides of the duty (a municipality and its own county; HUS with Helsinki or an Uusimaa
county), or when the participant confirmed it; otherwise the finding names it as unconfirmed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from click.testing import CliRunner

from velvoite.cli import main
from velvoite.engine import run_audit
from velvoite.engine.standing import sides
from velvoite.records import records_from_mappings
from velvoite.registry import load_registry
from velvoite.rules import load_rules

REGISTRY = load_registry()
RULES = load_rules()
AS_OF = dt.date(2025, 1, 1)


@pytest.mark.parametrize("a,b,expected", [
    ("kunta-179", "hva-15", True),   # Jyväskylä and its own county
    ("hva-15", "kunta-179", True),
    ("kunta-179", "hva-20", False),  # another county
    ("kunta-179", "kunta-500", False),  # a neighbour in the same county
    ("kunta-179", "kunta-205", False),
    ("hus", "kunta-091", True),      # HUS and Helsinki (612/2021 § 6(5))
    ("hva-01", "hus", True),         # HUS and an Uusimaa county (§ 7(5))
    ("hus", "hva-15", False),
    ("hus", "kunta-049", False),     # an Uusimaa municipality is not a side of HUS's negotiations
    ("kunta-205", "kunta-205", True),
])
def test_the_two_sides_of_a_duty(a, b, expected):
    assert sides(REGISTRY.orgs[a], REGISTRY.orgs[b]) is expected


JYVASKYLA_LISTS_KAJAANI = {"id": "r1", "org": "Jyväskylä", "kind": "hyte_negotiation", "date": "2024-10-01",
                           "participants": ["Kajaani", "Kainuu"]}


def findings(records, orgs, lang="en"):
    recs = records_from_mappings(records, "test", REGISTRY)
    return run_audit(recs, REGISTRY, RULES, [REGISTRY.lookup(o) for o in orgs], AS_OF, dt.date(2024, 1, 1),
                     lang=lang).findings


def one(found, org, rule, period="2024"):
    return next(f for f in found if f.org == org and f.rule == rule and f.period == period)


def test_a_foreign_record_is_named_as_unconfirmed_evidence(engine):
    """On every engine that loads here (conftest.ENGINES: durable-rules builds on 3.13 but does not load)."""
    recs = records_from_mappings([JYVASKYLA_LISTS_KAJAANI], "test", REGISTRY)
    found = run_audit(recs, REGISTRY, RULES, [REGISTRY.orgs["kunta-205"], REGISTRY.orgs["hva-20"]], AS_OF,
                      dt.date(2024, 1, 1), engine=engine).findings
    kajaani = one(found, "kunta-205", "hyte-negotiation-participation")
    assert kajaani.status == "missing" and kajaani.evidence == [] and kajaani.unconfirmed == ["r1"]
    assert ("Record r1 organised by Jyväskylä lists Kajaani as a participant, but Kajaani has not confirmed it."
            in kajaani.explanation)
    kainuu = one(found, "hva-20", "hyte-annual-negotiation")
    assert kainuu.status == "missing" and kainuu.unconfirmed == ["r1"]


def test_unconfirmed_evidence_in_finnish_and_swedish():
    fi = one(findings([JYVASKYLA_LISTS_KAJAANI], ["Kajaani"], "fi"), "kunta-205", "hyte-negotiation-participation")
    sv = one(findings([JYVASKYLA_LISTS_KAJAANI], ["Kajaani"], "sv"), "kunta-205", "hyte-negotiation-participation")
    assert "r1" in fi.explanation and "Jyväskylä" in fi.explanation and "Kajaani" in fi.explanation
    assert "r1" in sv.explanation and "Jyväskylä" in sv.explanation and "Kajana" in sv.explanation
    assert "has not confirmed" not in fi.explanation + sv.explanation
    assert "ei ole vahvistanut" in fi.explanation and "inte bekräftat" in sv.explanation


def test_a_confirmed_record_counts_and_is_no_longer_named():
    record = records_from_mappings([JYVASKYLA_LISTS_KAJAANI], "test", REGISTRY)[0]
    object.__setattr__(record, "confirmed_by", ("kunta-205",))  # as the workspace's loader sets it
    found = run_audit([record], REGISTRY, RULES, [REGISTRY.orgs["kunta-205"]], AS_OF, dt.date(2024, 1, 1)).findings
    kajaani = one(found, "kunta-205", "hyte-negotiation-participation")
    assert kajaani.status == "met" and kajaani.evidence == ["r1"] and kajaani.unconfirmed == []


def test_a_met_finding_names_no_unconfirmed_evidence():
    own = {"id": "r2", "org": "Kajaani", "kind": "hyte_negotiation", "date": "2024-10-02", "participants": ["Kainuu"]}
    kajaani = one(findings([JYVASKYLA_LISTS_KAJAANI, own], ["Kajaani"]), "kunta-205", "hyte-negotiation-participation")
    assert kajaani.status == "met" and kajaani.unconfirmed == [] and "r1" not in kajaani.explanation


def test_the_county_cover_counts_only_parties_the_record_stands_for():
    """Jyväskylä's negotiation with its county and Muurame: the county's cover counts Jyväskylä
    (the other side) but not Muurame, whose presence only Jyväskylä asserts."""
    members = REGISTRY.members("hva-15")
    by_county = {"id": "c1", "org": "hva-15", "kind": "hyte_negotiation", "date": "2024-09-01",
                 "participants": [m for m in members if m not in ("kunta-179", "kunta-500")]}
    by_jyvaskyla = {"id": "j1", "org": "kunta-179", "kind": "hyte_negotiation", "date": "2024-10-01",
                    "participants": ["hva-15", "kunta-500"]}
    county = one(findings([by_county, by_jyvaskyla], ["hva-15"]), "hva-15", "hyte-annual-negotiation")
    assert county.status == "partial" and county.missing == ["kunta-500"]


def test_the_audit_json_carries_unconfirmed_evidence(tmp_path):
    path = tmp_path / "jkl.yaml"
    path.write_text("- {id: r1, org: Jyväskylä, kind: hyte_negotiation, date: 2024-10-01, "
                    "participants: [Kajaani, Kainuu]}\n", "utf-8")
    result = CliRunner().invoke(main, ["audit", str(path), "--org", "Kajaani", "--as-of", "2025-01-01",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == "1.3"
    found = {(f["rule"], f["period"]): f for f in data["findings"]}
    assert found[("hyte-negotiation-participation", "2024")]["unconfirmed"] == ["r1"]
    assert found[("hyte-negotiation-participation", "2024")]["status"] == "missing"


def test_confirmed_by_is_never_read_from_a_file(tmp_path):
    path = tmp_path / "jkl.yaml"
    path.write_text("- {id: r1, org: Jyväskylä, kind: hyte_negotiation, date: 2024-10-01, "
                    "participants: [Kajaani], confirmed_by: [Kajaani]}\n", "utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "confirmed_by" in result.output and "Traceback" not in result.output


def test_records_compare_with_their_confirmations():
    record = records_from_mappings([JYVASKYLA_LISTS_KAJAANI], "test", REGISTRY)[0]
    assert record.confirmed_by == () and "confirmed_by" not in {f.name for f in dataclasses.fields(record)
                                                                 if f.init}
