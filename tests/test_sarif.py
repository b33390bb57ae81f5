"""``velvoite audit --format sarif``: valid against the official SARIF 2.1.0 schema (vendored in
tests/vendor), one result per finding that is not met, levels from the status, the evidence's file
and line as locations, waivers as suppressions, deterministic and escaped as JSON."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from velvoite.cli import main
from velvoite.reports.sarif import uri

SCHEMA_FILE = Path(__file__).parent / "vendor" / "sarif-schema-2.1.0.json"
VALIDATOR = jsonschema.Draft4Validator(json.loads(SCHEMA_FILE.read_text("utf-8")))
ARGS = ["audit", "examples/records", "--as-of", "2025-12-31", "--format", "sarif"]


def sarif(*args: str) -> dict:
    result = CliRunner().invoke(main, [*ARGS, *args])
    assert result.exit_code == 0, result.output
    log = json.loads(result.stdout)
    errors = sorted(VALIDATOR.iter_errors(log), key=str)
    assert not errors, errors[0]
    return log


def audit_json(*args: str) -> list[dict]:
    result = CliRunner().invoke(main, [*ARGS[:-1], "json", *args])
    return json.loads(result.stdout)["findings"]


def test_the_vendored_schema_is_the_official_one():
    assert hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest() == \
        "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


def test_one_result_per_finding_that_is_not_met_with_the_level_of_its_status():
    log = sarif()
    results = log["runs"][0]["results"]
    findings = audit_json()
    not_met = [f for f in findings if f["status"] != "met"]
    assert len(results) == len(not_met) > 0
    expected = {"missing": ("fail", "error"), "partial": ("fail", "warning"), "due": ("open", "none"),
                "upcoming": ("open", "none")}
    for result, finding in zip(results, not_met):
        assert result["ruleId"] == finding["rule"] and result["properties"]["org"] == finding["org"]
        assert (result["kind"], result["level"]) == expected[finding["status"]]
        assert result["partialFingerprints"]["velvoite/obligation/v1"] == \
            f"{finding['org']}/{finding['rule']}/{finding['period']}"
        assert {loc["logicalLocations"][0]["fullyQualifiedName"] for loc in result["locations"]} == {finding["org"]}
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({f["rule"] for f in findings})
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_rule_metadata_carries_the_title_and_the_legal_basis_in_the_language():
    rules = {r["id"]: r for r in sarif("--lang", "fi")["runs"][0]["tool"]["driver"]["rules"]}
    report = rules["hyte-annual-report"]
    assert report["helpUri"].startswith("https://finlex.fi/fi/lainsaadanto/2021/612")
    assert "612/2021 6 § 3 mom." in report["help"]["text"]
    assert report["shortDescription"]["text"] and report["properties"]["tags"] == ["duty", "hyte"]


def test_evidence_read_from_a_file_is_located_at_its_line():
    results = sarif()["runs"][0]["results"]
    partial = next(r for r in results if r["properties"]["evidence"] == ["kunnat-2023-2026.csv#4"])
    region = partial["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "examples/records/kunnat-2023-2026.csv"
    lines = Path("examples/records/kunnat-2023-2026.csv").read_text("utf-8").splitlines()
    assert region["region"]["startLine"] == 4 and "Hankasalmi" in lines[3]  # the id names the row it is on
    yaml = next(r for r in results if r["properties"]["evidence"] == ["hva15-hyte-neuvottelu-2025"])
    where = yaml["locations"][0]["physicalLocation"]
    text = Path(where["artifactLocation"]["uri"]).read_text("utf-8").splitlines()
    assert "hva15-hyte-neuvottelu-2025" in text[where["region"]["startLine"] - 1]
    missing = [r for r in results if r["properties"]["status"] == "missing"]
    # nothing recorded, no file to point at: the organisation only
    assert missing and all([set(loc) for loc in r["locations"]] == [{"logicalLocations"}] for r in missing)


def test_a_waived_finding_is_a_suppressed_result(tmp_path):
    cfg = tmp_path / "velvoite.toml"
    cfg.write_text('[[waivers]]\nrule = "hyte-annual-report"\norg = "Joutsa"\nperiod = "2024"\n'
                   'reason = "kokous peruttiin"\nreference = "Kh 3.2.2025 § 14"\n', "utf-8")
    result = CliRunner().invoke(main, ["--config", str(cfg), *ARGS, "--org", "Joutsa"])
    log = json.loads(result.stdout)
    assert not list(VALIDATOR.iter_errors(log))
    waived = [r for r in log["runs"][0]["results"] if r["properties"]["status"] == "waived"]
    assert len(waived) == 1 and waived[0]["level"] == "note"
    assert waived[0]["suppressions"][0]["kind"] == "external" and "Kh 3.2.2025 § 14" in \
        waived[0]["suppressions"][0]["justification"]


def test_advice_is_review_never_a_failure():
    results = sarif("--include", "advice")["runs"][0]["results"]
    advice = [r for r in results if r["properties"]["status"] == "not_evidenced"]
    assert advice and {(r["kind"], r["level"]) for r in advice} == {("review", "none")}


def test_sarif_is_deterministic_and_record_text_stays_text(tmp_path):
    path = tmp_path / "odd dir ä" / "r.yaml"
    path.parent.mkdir()
    path.write_text('- {id: "x</script>\\"", org: Joutsa, kind: annual_welfare_report, date: 2024-06-01, '
                    'body: lautakunta}\n', "utf-8")
    runs = [CliRunner().invoke(main, [*ARGS, str(path), "--org", "Joutsa"]).stdout for _ in range(2)]
    assert runs[0] == runs[1]
    log = json.loads(runs[0])
    assert not list(VALIDATOR.iter_errors(log))
    located = [r for r in log["runs"][0]["results"] if 'x</script>"' in r["properties"]["evidence"]]
    assert located and located[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        path.as_uri()
    assert "%20" in path.as_uri() and "%C3%A4" in path.as_uri()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\\\x00"), min_size=1,
                        max_size=8), min_size=1, max_size=4))
def test_relative_paths_become_relative_uri_references(parts):
    from urllib.parse import unquote, urlsplit

    text = "/".join(parts)
    if any(p in (".", "..") for p in parts):
        return
    made = uri(text)
    split = urlsplit(made)
    assert not split.scheme and not split.netloc and not split.query and not split.fragment
    assert unquote(made) == "/".join(Path(text).parts)


@pytest.mark.parametrize("status,level", [("missing", "error")])
def test_fail_on_still_decides_the_exit_status_with_sarif(status, level):
    result = CliRunner().invoke(main, [*ARGS, "--fail-on", status])
    assert result.exit_code == 1 and json.loads(result.stdout)["runs"][0]["results"]
