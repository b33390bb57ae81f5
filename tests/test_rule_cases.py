"""Runs every ``<rule>.cases.yaml`` beside the built-in rules, on every installed engine."""

from __future__ import annotations

import pytest

from velvoite.registry import load_registry
from velvoite.rules import builtin_rules
from velvoite.rules.cases import case_file_for, load_cases, run_case
from velvoite.rules.pack import builtin_pack_dir, builtin_pack_dirs, rule_files

RULE_FILES = [path for folder in builtin_pack_dirs() for path in rule_files(folder)]
CASES = [(path.stem, case) for path in RULE_FILES if case_file_for(path).exists()
         for case in load_cases(case_file_for(path)).cases]


def test_every_rule_has_cases_covering_each_status():
    for path in RULE_FILES:
        cases_path = case_file_for(path)
        assert cases_path.exists(), f"{path.name} has no {cases_path.name}"
        case_file = load_cases(cases_path)
        assert case_file.rule == path.stem
        statuses = {e.status for c in case_file.cases for e in c.expect}
        from velvoite.commands.rule_tests import producible

        wanted = producible(builtin_rules()[path.stem])  # advice: met, not_evidenced; no partial without a test
        assert wanted <= statuses, f"{path.stem} lacks cases for {wanted - statuses}"


def test_every_rule_has_a_case_for_aland():
    for path in RULE_FILES:
        names = [c.name for c in load_cases(case_file_for(path)).cases]
        assert any("aland" in n for n in names), path.stem


@pytest.mark.parametrize("rule_id,case", CASES, ids=[f"{r}::{c.name}" for r, c in CASES])
def test_case(rule_id, case, engine):
    """The runner ``velvoite test`` uses, on every installed engine."""
    problems = run_case(builtin_rules()[rule_id], case, load_registry(), engine)
    assert not problems, "\n".join(problems)


def _user_pack(tmp_path, rule_id: str = "local-annual-report", cases: str | None = None):
    pack = tmp_path / "pack"
    pack.mkdir(parents=True)
    text = (builtin_pack_dir() / "hyte-annual-report.yaml").read_text("utf-8")
    (pack / f"{rule_id}.yaml").write_text(text.replace("id: hyte-annual-report", "id: local-annual-report"), "utf-8")
    if cases is not None:
        (pack / f"{rule_id}.cases.yaml").write_text(cases, "utf-8")
    return pack


CASE = """rule: local-annual-report
cases:
  - name: met_by_the_council
    as_of: 2024-12-31
    from: 2024-01-01
    orgs: [kunta-179]
    records:
      - {{id: r1, org: kunta-179, kind: annual_welfare_report, date: 2024-06-12, body: valtuusto}}
    expect:
      - {{org: kunta-179, period: "2024", status: {status}}}
"""


def test_velvoite_test_runs_the_built_in_cases():
    from click.testing import CliRunner

    from velvoite.cli import main

    result = CliRunner().invoke(main, ["--engine", "python", "test"])
    assert result.exit_code == 0, result.output
    assert f"{len(CASES)} passed" in result.output and "FAILED" not in result.output


def test_velvoite_test_on_a_user_pack(tmp_path):
    from click.testing import CliRunner

    from velvoite.cli import main

    ok = _user_pack(tmp_path / "ok", cases=CASE.format(status="met"))
    result = CliRunner().invoke(main, ["--engine", "python", "test", str(ok)])
    assert result.exit_code == 0 and "1 passed" in result.output, result.output
    assert "note: local-annual-report: no case for due, missing, partial" in result.output

    bad = _user_pack(tmp_path / "bad", cases=CASE.format(status="missing"))
    result = CliRunner().invoke(main, ["--engine", "python", "test", str(bad)])
    assert result.exit_code == 1, result.output
    assert "FAILED local-annual-report::met_by_the_council [python]: kunta-179 2024: status met, expected missing" \
        in result.output and "0 passed, 1 failed" in result.output

    none = _user_pack(tmp_path / "none")
    result = CliRunner().invoke(main, ["--engine", "python", "test", str(none)])
    assert result.exit_code == 1 and "local-annual-report: no cases" in result.output


def test_a_rule_whose_id_is_not_its_file_name_is_a_malformed_pack(tmp_path):
    from click.testing import CliRunner

    from velvoite.cli import main

    pack = _user_pack(tmp_path, rule_id="other-name")
    result = CliRunner().invoke(main, ["test", str(pack)])
    assert result.exit_code == 2
    assert f"{pack / 'other-name.yaml'}:1: id: the rule's id 'local-annual-report' differs from its file name" \
        in result.output


def test_citation_links_come_from_the_pack_manifest():
    from velvoite.rules.manifest import load_manifest

    citation = load_manifest(builtin_pack_dir()).citation
    assert citation.link("612/2021", "7", "4", "fi") == "https://finlex.fi/fi/lainsaadanto/2021/612#chp_1__sec_7__subsec_4"
    assert citation.link("612/2021", "7 §", "5", "sv") == "https://finlex.fi/sv/lagstiftning/2021/612#chp_1__sec_7__subsec_5"
    assert citation.link("410/2015", "37", None, "en") == "https://finlex.fi/fi/lainsaadanto/2015/410#chp_7__sec_37"
    # an act whose chapters are not listed gets no anchor rather than a wrong one
    assert citation.link("616/2021", "1", "3", "fi") == "https://finlex.fi/fi/lainsaadanto/2021/616#chp_1__sec_1__subsec_3"
    assert citation.link("618/2021", "15", "1", "fi") == "https://finlex.fi/fi/lainsaadanto/2021/618"
    for rule in builtin_rules().values():
        # the law links to Finlex; Kuntaliitto's advice (not an act) to its publisher
        site = "https://finlex.fi/" if rule.severity != "advice" else "https://www.kuntaliitto.fi/"
        for basis in rule.legal_basis:
            assert set(basis.urls) == {"fi", "sv", "en"} and all(u.startswith(site) for u in basis.urls.values())


def test_a_pack_manifest_error_names_file_line_and_field(tmp_path):
    from click.testing import CliRunner

    from velvoite.cli import main

    pack = _user_pack(tmp_path)
    (pack / "pack.yaml").write_text("id: local\ntitle: {fi: a, sv: b, en: c}\ncitation:\n"
                                    "  url: {fi: 'https://finlex.fi/{year}/{number}'}\n", "utf-8")
    result = CliRunner().invoke(main, ["--rules", str(pack), "rules"])
    assert result.exit_code == 2
    assert f"{pack / 'pack.yaml'}:4: citation.url: " in result.output and "missing: sv, en" in result.output


def test_a_user_pack_with_its_own_kind_works_end_to_end(tmp_path):
    """examples/packs/nuorisovaltuusto adds a kind, a field and a rule without touching the package:
    validate, audit, report, calendar, template, schema and velvoite test all know them."""
    import json

    from click.testing import CliRunner

    from velvoite.cli import main

    pack, records = "examples/packs/nuorisovaltuusto", "examples/packs/nuorisovaltuusto-records.yaml"

    def run(*args):
        return CliRunner().invoke(main, ["--engine", "python", "--rules", pack, *args])

    assert run("validate", records).output.endswith("2 records OK\n")
    audit = json.loads(run("audit", "examples/records", records, "--region", "hva-15", "--as-of", "2025-06-01",
                           "--format", "json").stdout)
    found = {f["org"]: f for f in audit["findings"] if f["rule"] == "example-youth-council"}
    assert (found["kunta-179"]["status"], found["kunta-179"]["evidence"]) == ("met", ["jkl-nuva-2025"])
    assert found["kunta-182"]["status"] == "partial"  # Jämsä: no operating conditions recorded
    assert found["kunta-179"]["legal_basis"][0]["url"] == \
        "https://finlex.fi/fi/lainsaadanto/2015/410#chp_5__sec_26__subsec_1"
    report = run("report", "examples/records", records, "--region", "hva-15", "--as-of", "2025-06-01",
                 "--lang", "fi", "--format", "md").output
    assert "Nuorisovaltuusto asetettuna" in report and "2015/410#chp_5__sec_26__subsec_1" in report
    assert run("calendar", "examples/records", "--org", "Jämsä", "--as-of", "2017-06-01", "--until", "2017-12-31",
               "-o", str(tmp_path / "c.ics")).exit_code == 0
    assert "example-youth-council" in (tmp_path / "c.ics").read_text("utf-8")
    template = run("template", "--region", "hva-15", "--from", "2017-01-01", "--until", "2017-12-31", "--format", "csv").output
    assert "youth_council_decision" in template and "resources" in template.splitlines()[0]
    schema = run("schema").output
    assert "youth_council_decision" in schema and '"resources"' in schema
    assert run("test", pack).exit_code == 0
    # without the pack the kind is unknown
    bare = CliRunner().invoke(main, ["validate", records])
    assert bare.exit_code == 2 and "unknown kind 'youth_council_decision'" in bare.output


CODED = """rule: rescue-service-level-decision
cases:
  - name: a_county_named_by_its_code_and_an_id_of_digits
    as_of: 2024-06-01
    orgs: [05]
    records:
      - {id: 0123, org: 05, kind: rescue_service_level_decision, date: 2023-11-20, body: aluevaltuusto,
         valid_until: 2027-12-31, reference: 00017}
    expect:
      - {org: hva-05, period: standing, status: met, evidence: ["0123"]}
"""


def test_a_case_file_reads_its_records_as_a_record_file_does(tmp_path):
    """``05`` is Varsinais-Suomi's code and ``0123`` an id: text, as in a record file, where YAML's own
    way (octal integers) would make them 5 and 83 in silence."""
    import datetime as dt
    import shutil
    from pathlib import Path

    from click.testing import CliRunner

    from velvoite.cli import main
    from velvoite.rules.cases import load_cases

    source = Path(__file__).resolve().parent.parent / "velvoite" / "rules" / "pelastus"
    pack = tmp_path / "pelastus-coded"
    pack.mkdir()
    (pack / "pack.yaml").write_text((source / "pack.yaml").read_text("utf-8").replace("id: pelastus", "id: pelastus-coded"),
                                    "utf-8")
    shutil.copy(source / "rescue-service-level-decision.yaml", pack)
    shutil.copy(source / "law.lock.toml", pack)
    cases = pack / "rescue-service-level-decision.cases.yaml"
    cases.write_text(CODED, "utf-8")
    case = load_cases(cases).cases[0]
    assert case.orgs == ["05"] and case.as_of == dt.date(2024, 6, 1)
    assert case.records[0] == {"id": "0123", "org": "05", "kind": "rescue_service_level_decision",
                               "date": "2023-11-20", "body": "aluevaltuusto", "valid_until": "2027-12-31",
                               "reference": "00017"}
    result = CliRunner().invoke(main, ["--engine", "python", "test", str(pack)])
    assert result.exit_code == 0 and "1 passed" in result.output, result.output
