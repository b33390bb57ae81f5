"""An audit JSON file given back to velvoite (``diff OLD NEW``, ``report --since OLD``) is read at one
strict boundary: every malformed or hostile file is refused in one line naming file, line and JSON
path, exit status 2, no traceback, nothing written (files: tests/data/make_invalid_audit_json.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from velvoite.cli import main

INVALID = Path(__file__).parent / "data" / "invalid_audit_json"
EXPECT = yaml.safe_load((INVALID / "cases.yaml").read_text("utf-8"))


def test_every_file_has_an_expectation():
    assert {p.name for p in INVALID.iterdir() if p.name != "cases.yaml"} == set(EXPECT)


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_a_malformed_audit_json_is_refused_at_its_line_and_field(name, tmp_path):
    want, case = EXPECT[name], INVALID / name
    out = tmp_path / "diff.json"
    result = CliRunner().invoke(main, ["diff", str(case), str(case), "--format", "json", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    assert len(lines) == 1 and len(lines[0]) < 400, result.output[:500]
    where = f"{case}:{want['line']}: " if want["line"] else f"{case}: "
    if want["field"]:
        where += f"{want['field']}: "
    assert where in lines[0], lines[0]
    assert want["text"] in lines[0], lines[0]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("lang, words", [("fi", "odotettiin true tai false"), ("sv", "förväntade true eller false")])
def test_the_message_is_in_the_users_language(lang, words):
    case = INVALID / "late_no.json"
    result = CliRunner().invoke(main, ["diff", str(case), str(case)], env={"LC_ALL": f"{lang}_FI.UTF-8"})
    assert result.exit_code == 2 and f"{case}:{EXPECT['late_no.json']['line']}: findings[1].late: " in result.output
    assert words in result.output, result.output


def test_unknown_version_message_is_translated():
    case = INVALID / "unknown_schema_version.json"
    result = CliRunner().invoke(main, ["diff", str(case), str(case)], env={"LC_ALL": "fi_FI.UTF-8"})
    assert result.exit_code == 2 and "schema_version: " in result.output and "1.0" in result.output
    assert "is not one this velvoite reads" not in result.output  # Finnish, not English


def test_report_since_reads_through_the_same_boundary(tmp_path):
    out = tmp_path / "report.html"
    for name in ("late_no.json", "duplicate_finding.json", "unknown_schema_version.json", "lone_surrogate.json"):
        case = INVALID / name
        result = CliRunner().invoke(main, ["--config", "examples/velvoite.toml", "report", "examples/records",
                                           "--region", "hva-15", "--as-of", "2025-12-31", "--since", str(case),
                                           "-o", str(out)])
        want = EXPECT[name]
        assert result.exit_code == 2 and len(result.output.splitlines()) == 1, result.output
        assert f"{case}:{want['line']}: {want['field']}: {want['text']}" in result.output
        assert not out.exists()


def test_a_real_audit_reads_back_and_a_bom_is_accepted(tmp_path):
    """What velvoite audit writes passes the boundary unchanged (also with a BOM an editor added)."""
    path = tmp_path / "audit.json"
    args = ["--config", "examples/velvoite.toml", "audit", "examples/records", "--region", "hva-15",
            "--as-of", "2025-12-31", "--include", "advice,incentive", "--format", "json", "-o", str(path)]
    assert CliRunner().invoke(main, args).exit_code in (0, 1)
    from velvoite.reports.audit_json import read_audit

    assert read_audit(str(path)) == json.loads(path.read_text("utf-8"))
    data = json.loads(path.read_text("utf-8"))
    data["findings"][0]["org_name"] = "Jyväskylä 🎉"  # a whole surrogate pair, as json.dumps escapes it
    emoji = tmp_path / "emoji.json"
    emoji.write_text(json.dumps(data, indent=2), "utf-8")
    assert "\\ud83c\\udf89" in emoji.read_text("utf-8") and read_audit(str(emoji)) == data
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = CliRunner().invoke(main, ["diff", str(path), str(bom)])
    assert result.exit_code == 0 and result.output.strip() == "no changes"


def test_the_reader_types_every_field_of_the_contract():
    """The reader's models hold exactly the fields of the audit contract (AuditOutput, Finding, Citation)."""
    from velvoite.engine.finding import Citation, Finding
    from velvoite.reports.audit_json import AuditIn, CitationIn, FindingIn
    from velvoite.schemas import AuditOutput

    for reader, contract in ((AuditIn, AuditOutput), (FindingIn, Finding), (CitationIn, Citation)):
        assert list(reader.model_fields) == list(contract.model_fields)
        assert {n: f.is_required() for n, f in reader.model_fields.items()} == \
            {n: f.is_required() for n, f in contract.model_fields.items()}


def test_the_reader_takes_what_the_published_schema_describes():
    """The strict reader and ``velvoite schema audit`` (docs/schemas/) agree on fields and requirements."""
    from velvoite.reports.audit_json import AuditIn
    from velvoite.schemas import schema_of

    published, reader = schema_of("audit"), AuditIn.model_json_schema(by_alias=True)
    assert set(reader["properties"]) == set(published["properties"])
    assert set(reader["required"]) == set(published["required"])
    finding, published_finding = reader["$defs"]["FindingIn"], published["$defs"]["Finding"]
    assert set(finding["properties"]) == set(published_finding["properties"])
    assert set(finding["required"]) == set(published_finding["required"])
