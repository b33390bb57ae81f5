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
    # nothing recorded, no record to point at: the rule's file in the installed packs, beside the organisation
    assert missing and all([set(loc) for loc in r["locations"]] == [{"physicalLocation", "logicalLocations"}]
                           and r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "PACKROOT"
                           for r in missing)


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
    path.write_text('- {id: "x & \'y\' $z §1", org: Joutsa, kind: annual_welfare_report, date: 2024-06-01, '
                    'body: lautakunta}\n', "utf-8")
    runs = [CliRunner().invoke(main, [*ARGS, str(path), "--org", "Joutsa"]).stdout for _ in range(2)]
    assert runs[0] == runs[1]
    log = json.loads(runs[0])
    assert not list(VALIDATOR.iter_errors(log))
    located = [r for r in log["runs"][0]["results"] if "x & 'y' $z §1" in r["properties"]["evidence"]]
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


EXAMPLE = ["--config", "examples/velvoite.toml", "audit", "examples/records", "--region", "hva-15",
           "--as-of", "2026-11-29", "--format", "sarif"]


def example(*args: str, lang: str = "en") -> dict:
    result = CliRunner().invoke(main, [*args, *EXAMPLE, "--lang", lang])
    assert result.exit_code == 0, result.output
    log = json.loads(result.stdout)
    assert not sorted(VALIDATOR.iter_errors(log), key=str)
    return log


def github_problems(log: dict) -> list[str]:
    """What GitHub code scanning's documented SARIF support asks of an uploaded file ("SARIF support
    for code scanning": the required properties and the upload limits), as a list of problems."""
    problems = []
    if log.get("version") != "2.1.0" or not log.get("$schema"):
        problems.append("the log names SARIF 2.1.0 and its schema")
    if not 1 <= len(log.get("runs", [])) <= 20:
        problems.append("1 to 20 runs")
    for run in log.get("runs", []):
        driver = run.get("tool", {}).get("driver", {})
        if not driver.get("name"):
            problems.append("tool.driver.name")
        rules = driver.get("rules", [])
        ids = [r.get("id") for r in rules]
        if len(set(ids)) != len(ids) or len(rules) > 25_000:
            problems.append("tool.driver.rules: unique ids, at most 25 000")
        for r in rules:
            if not (r.get("id") and r.get("shortDescription", {}).get("text")
                    and r.get("fullDescription", {}).get("text") and r.get("help", {}).get("text")):
                problems.append(f"rule {r.get('id')}: id, shortDescription.text, fullDescription.text, help.text")
            if len(r.get("properties", {}).get("tags", [])) > 20:
                problems.append(f"rule {r.get('id')}: at most 20 tags")
        results = run.get("results")
        if results is None or len(results) > 25_000:
            problems.append("run.results, at most 25 000")
        for i, result in enumerate(results or []):
            where = f"result {i} ({result.get('ruleId')})"
            if result.get("ruleId") not in ids:
                problems.append(f"{where}: ruleId names a rule of tool.driver.rules")
            elif "ruleIndex" in result and ids[result["ruleIndex"]] != result["ruleId"]:
                problems.append(f"{where}: ruleIndex points at its rule")
            if not result.get("message", {}).get("text"):
                problems.append(f"{where}: message.text")
            locations = result.get("locations", [])
            if not 1 <= len(locations) <= 10:
                problems.append(f"{where}: 1 to 10 locations")
            for loc in locations:
                physical = loc.get("physicalLocation", {})
                artifact = physical.get("artifactLocation", {})
                if not artifact.get("uri"):
                    problems.append(f"{where}: locations[].physicalLocation.artifactLocation.uri")
                elif artifact["uri"].startswith("file:") is False and ":" in artifact["uri"].split("/")[0]:
                    problems.append(f"{where}: a relative URI or a file: URI")
                if physical.get("region", {}).get("startLine", 0) < 1:
                    problems.append(f"{where}: region.startLine >= 1")
            if len(result.get("relatedLocations", [])) > 1000:
                problems.append(f"{where}: at most 1000 related locations")
            fingerprints = result.get("partialFingerprints", {})
            if not all(isinstance(v, str) for v in fingerprints.values()):
                problems.append(f"{where}: partialFingerprints are strings")
        for name, base in run.get("originalUriBaseIds", {}).items():
            if "uri" in base and not base["uri"].endswith("/"):
                problems.append(f"originalUriBaseIds.{name}: a folder URI ends with /")
    return problems


def test_the_github_check_finds_what_github_rejects():
    log = example()
    broken = json.loads(json.dumps(log))
    result = broken["runs"][0]["results"][0]
    result["locations"] = [{"logicalLocations": result["locations"][0]["logicalLocations"]}]
    result["message"] = {"text": ""}
    broken["runs"][0]["tool"]["driver"]["rules"][0].pop("help")
    problems = github_problems(broken)
    assert any("artifactLocation.uri" in p for p in problems) and any("message.text" in p for p in problems)
    assert any("help.text" in p for p in problems) and any("startLine" in p for p in problems)


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_every_result_of_the_example_audit_has_a_physical_location(lang):
    from velvoite.rules.pack import builtin_pack_dir

    log = example(lang=lang)
    run = log["runs"][0]
    assert github_problems(log) == []
    assert run["tool"]["driver"]["informationUri"].startswith("https://")
    results = run["results"]
    assert len(results) > 200 and {r["level"] for r in results} >= {"error", "warning", "none"}
    packroot = builtin_pack_dir().parent
    for result in results:
        assert all("physicalLocation" in loc and "logicalLocations" in loc for loc in result["locations"])
        physical = result["locations"][0]["physicalLocation"]
        artifact = physical["artifactLocation"]
        if artifact.get("uriBaseId") == "PACKROOT":  # no evidence in a file: the rule's own file
            assert not result["properties"]["evidence"] or not any(
                e.startswith("kunnat-") for e in result["properties"]["evidence"])
            rule_file = packroot / artifact["uri"]
            assert rule_file.is_file() and f"id: {result['ruleId']}\n" in rule_file.read_text("utf-8")
            assert physical["region"] == {"startLine": 1}
        else:
            assert Path(artifact["uri"]).is_file() and artifact["uri"].startswith("examples/records/")
    errors = [r for r in results if r["level"] == "error"]
    assert errors and all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "PACKROOT"
                          for r in errors)
    assert set(run["originalUriBaseIds"]) == {"PACKROOT"}


def test_a_rule_of_a_users_pack_points_at_its_file_as_given(tmp_path, monkeypatch):
    from velvoite.rules.pack import builtin_pack_dir

    monkeypatch.chdir(tmp_path)
    Path("pack").mkdir()
    text = (builtin_pack_dir() / "hyte-annual-report.yaml").read_text("utf-8")
    Path("pack/hyte-annual-report.yaml").write_text(text, "utf-8")  # replaces the built-in rule
    Path("records.yaml").write_text("- {id: a1, org: Joutsa, kind: annual_welfare_report, date: 2024-06-01, "
                                    "body: lautakunta}\n", "utf-8")
    result = CliRunner().invoke(main, ["--rules", "pack", "audit", "records.yaml", "--org", "Joutsa",
                                       "--as-of", "2025-12-31", "--format", "sarif"])
    log = json.loads(result.stdout)
    assert not list(VALIDATOR.iter_errors(log)) and github_problems(log) == []
    where = {r["ruleId"]: r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
             if not r["properties"]["evidence"]}
    assert where["hyte-annual-report"] == {"uri": "pack/hyte-annual-report.yaml"}
    assert where["hyte-welfare-report"] == {"uri": "hyte/hyte-welfare-report.yaml", "uriBaseId": "PACKROOT"}


def _finding(evidence: list[str], rule: str = "hyte-annual-report"):
    from types import SimpleNamespace
    import datetime as dt

    return SimpleNamespace(rule=rule, status="partial", org="kunta-179", org_name="Jyväskylä", period="2025",
                           explanation="Partial: …", evidence=evidence, missing=[], late=False,
                           deadline=dt.date(2025, 12, 31), severity="duty", legal_basis=[])


def test_evidence_beyond_ten_files_is_related_not_dropped():
    from velvoite.records.sources import Sources
    from velvoite.reports.sarif import _result

    evidence = [f"r{i}" for i in range(14)]
    sources = Sources(locate=True, lines={rid: ("records/a.csv", i + 2) for i, rid in enumerate(evidence)})
    result = _result(_finding(evidence), 0, sources, "en", (), ("records",))
    assert [loc["physicalLocation"]["region"]["startLine"] for loc in result["locations"]] == list(range(2, 12))
    assert [loc["physicalLocation"]["region"]["startLine"] for loc in result["relatedLocations"]] == [12, 13, 14, 15]
    assert [loc["id"] for loc in result["relatedLocations"]] == [1, 2, 3, 4]


def test_a_rule_whose_file_is_not_known_points_at_the_records_given():
    from velvoite.reports.sarif import _result

    result = _result(_finding([], rule="no-such-rule"), 0, None, "en", (), ("my records/2025",))
    assert result["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "my%20records/2025"}}
