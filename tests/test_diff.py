"""velvoite diff: two audit JSON files, or the same records as of two dates."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from velvoite.cli import main

BASE = ["--config", "examples/velvoite.toml"]


def run(*args):
    return CliRunner().invoke(main, [*BASE, *args])


@pytest.fixture(scope="module")
def audits(tmp_path_factory):
    folder = tmp_path_factory.mktemp("audits")
    out = []
    for day in ("2025-06-30", "2025-12-31"):
        path = folder / f"audit-{day}.json"
        assert run("audit", "examples/records", "--region", "hva-15", "--as-of", day, "--format", "json",
                   "-o", str(path)).exit_code in (0, 1)
        out.append(path)
    return out


def test_json_files_and_record_dates_give_the_same_changes(audits):
    from_files = json.loads(run("diff", *map(str, audits), "--format", "json").stdout)
    from_records = json.loads(run("diff", "examples/records", "--region", "hva-15", "--from-date", "2025-06-30",
                                  "--to-date", "2025-12-31", "--format", "json").stdout)
    assert from_files == from_records
    old, new = (json.loads(p.read_text("utf-8")) for p in audits)
    before = {(f["org"], f["rule"], f["period"]): f for f in old["findings"]}
    after = {(f["org"], f["rule"], f["period"]): f for f in new["findings"]}
    # exactly the findings whose status, late flag or evidence differ, or that exist on one side only
    expected = {k for k in before.keys() | after.keys()
                if k not in before or k not in after
                or (before[k]["status"], before[k]["late"], sorted(before[k]["evidence"]))
                != (after[k]["status"], after[k]["late"], sorted(after[k]["evidence"]))}
    assert {(c["org"], c["rule"], c["period"]) for c in from_files["changes"]} == expected
    report = {(c["org"], c["rule"], c["period"]): c for c in from_files["changes"]}
    c = report[("hva-15", "hyte-annual-report", "2025")]
    assert (c["from"], c["to"], c["change"], c["evidence_added"]) == ("due", "met", "better", ["hva15-raportti-2025"])
    assert from_files["summary"]["worse"] == sum(1 for c in from_files["changes"] if c["change"] == "worse") > 0
    jsonschema.validate(from_files, json.loads(run("schema", "diff").stdout))


def test_fail_on_worse_and_the_other_formats(audits):
    old, new = map(str, audits)
    assert run("diff", old, new, "--fail-on-worse").exit_code == 1
    assert run("diff", new, new, "--fail-on-worse").exit_code == 0
    assert run("diff", new, new).output.strip() == "no changes"
    md = run("diff", old, new, "--format", "md").output
    assert md.startswith("# Changes from 2025-06-30 to 2025-12-31") and "| Keski-Suomen hyvinvointialue |" in md
    csv = run("diff", old, new, "--format", "csv").output
    assert csv.splitlines()[0].lstrip("\ufeff").startswith("org,org_name,rule,period,change,from,to")


def test_not_an_audit_file_is_a_located_error(tmp_path, audits):
    bad = tmp_path / "bad.json"
    bad.write_text('{"as_of": "2025-01-01",\n "findings": 3}\n', "utf-8")
    result = run("diff", str(bad), str(audits[0]))
    assert result.exit_code == 2 and f"{bad}:1: findings: not an audit JSON file" in result.output
    bad.write_text("{not json", "utf-8")
    result = run("diff", str(bad), str(audits[0]))
    assert result.exit_code == 2 and f"{bad}:1: not an audit JSON file" in result.output
    assert "Traceback" not in result.output
    assert run("diff", str(audits[0])).exit_code == 2  # one file alone: usage
    assert run("diff", "examples/records", "--from-date", "2025-12-31", "--to-date", "2025-01-01").exit_code == 2


def test_a_report_since_an_earlier_audit_lists_and_marks_the_changes(audits):
    old = str(audits[0])
    args = ["report", "examples/records", "--region", "hva-15", "--as-of", "2025-12-31", "--since", old]
    data = json.loads(run(*args, "--format", "json").stdout)
    diff = json.loads(run("diff", old, str(audits[1]), "--format", "json").stdout)
    assert data["since"] == "2025-06-30"
    # a change of evidence alone is quiet: listed by diff, not in the report
    assert [(c["org"], c["rule"], c["period"]) for c in data["changes"]] == \
        [(c["org"], c["rule"], c["period"]) for c in diff["changes"] if c["change"] != "evidence"]
    marked = {(row["id"], col["rule"], col["period"]) for row in data["rows"]
              for cell, col in zip(row["cells"], data["columns"]) if cell and cell["changed"]}
    shown = {(row["id"], col["rule"], col["period"]) for row in data["rows"]
             for cell, col in zip(row["cells"], data["columns"]) if cell}
    assert marked == {(c["org"], c["rule"], c["period"]) for c in diff["changes"] if c["change"] != "evidence"} \
        & shown and marked
    html = run(*args, "--lang", "fi", "--format", "html").output
    assert 'id="h-changes"' in html and "Muutokset edellisestä tarkastuksesta (30.6.2025)" in html and "Δ" in html
    md = run(*args, "--lang", "fi", "--format", "md").output
    assert "## Muutokset edellisestä tarkastuksesta (30.6.2025)" in md


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_report_since_names_each_change_by_its_duty_title(audits, lang):
    """Issue 25: the changes of report --since name each duty by its title in the reader's language,
    in the memo and the HTML (and so the PDF); the JSON keeps the rule ids and gains no key."""
    from html import unescape

    from velvoite.rules import builtin_rules

    rules = builtin_rules()
    args = ["report", "examples/records", "--region", "hva-15", "--as-of", "2025-12-31", "--since", str(audits[0]),
            "--lang", lang]
    changes = json.loads(run(*args, "--format", "json").stdout)["changes"]
    assert changes and all(set(c) == {"org", "org_name", "rule", "period", "from_", "to", "late_from", "late_to",
                                      "evidence_added", "evidence_removed", "change"} for c in changes)
    md = run(*args, "--format", "md").stdout
    listed = md.split("\n## ")[[i for i, part in enumerate(md.split("\n## ")) if part.startswith(
        {"fi": "Muutokset", "sv": "Ändringar", "en": "Changes"}[lang])][0]]
    html = run(*args, "--format", "html").stdout
    items = unescape(html.split('id="h-changes"')[1].split("</section>")[0])
    for c in changes:
        title = rules[c["rule"]].title.get(lang)
        assert f"{c['org_name']}: {title}," in listed and f"{c['org_name']}: {title}," in items, (c["rule"], lang)
    assert not {c["rule"] for c in changes} & set(listed.replace(":", " ").replace(",", " ").split())
    assert not any(f": {c['rule']}," in items for c in changes)


def test_junit_output_is_read_by_a_junit_consumer(tmp_path):
    from junitparser import Failure, JUnitXml, Skipped

    cfg = tmp_path / "velvoite.toml"
    cfg.write_text('[[waivers]]\nrule = "hyte-annual-report"\norg = "Jyväskylä"\nperiod = "2025"\n'
                   'reason = "<script>& ]]>"\nreference = "Kh"\n', "utf-8")  # (a control character is refused at the door)
    args = ["--config", str(cfg), "audit", "examples/records", "--region", "hva-15", "--as-of", "2026-11-29"]
    out = tmp_path / "audit.xml"
    assert CliRunner().invoke(main, [*args, "--format", "junit", "-o", str(out)]).exit_code == 0
    findings = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).stdout)["findings"]
    xml = JUnitXml.fromfile(str(out))
    cases = [(suite.name, case) for suite in xml for case in suite]
    assert len(cases) == len(findings) == xml.tests
    failed = {(c.classname, c.name) for _, c in cases if any(isinstance(r, Failure) for r in c.result)}
    assert failed == {(f["org"], f"{f['rule']} {f['period']}") for f in findings if f["status"] in ("missing", "partial")}
    skipped = {(c.classname, c.name) for _, c in cases if any(isinstance(r, Skipped) for r in c.result)}
    assert ("kunta-179", "hyte-annual-report 2025") in skipped
    assert xml.failures == len(failed) and "<script>" not in out.read_text("utf-8")


def test_a_national_report_since_marks_the_county_of_a_changed_municipality(tmp_path):
    old = tmp_path / "old.json"
    assert run("audit", "examples/records", "--as-of", "2025-06-30", "--format", "json", "-o", str(old)).exit_code in (0, 1)
    data = json.loads(run("report", "examples/records", "--national", "--as-of", "2025-12-31", "--since", str(old),
                          "--format", "json").stdout)
    covered = {f["org"] for f in json.loads(old.read_text("utf-8"))["findings"]}
    assert data["changes"] and {c["org"] for c in data["changes"]} <= covered  # only what the old audit covered
    from velvoite.registry import load_registry

    orgs = load_registry().orgs
    expected = {(orgs[c["org"]].county or c["org"], c["rule"], c["period"]) for c in data["changes"]}
    marked = {(row["id"], col["rule"], col["period"]) for row in data["rows"]
              for cell, col in zip(row["cells"], data["columns"]) if cell and cell["changed"]}
    shown = {(row["id"], col["rule"], col["period"]) for row in data["rows"]
             for cell, col in zip(row["cells"], data["columns"]) if cell}
    assert marked == expected & shown and marked
