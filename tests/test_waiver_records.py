"""Waivers kept as records (``kind: waiver`` / ``poikkeus`` / ``undantag``) beside the evidence:
the same effect as velvoite.toml's [[waivers]], the same checks, errors at the record's file,
line and field, and the same waiver in both places is an error naming both."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from velvoite.cli import main

WAIVER = """- id: kokous-peruttu
  org: Joutsa
  kind: {kind}
  date: 2025-02-03
  rule: {rule}
  period: "{period}"
  reason: valtuuston kokous peruttiin
  reference: Kunnanhallitus 3.2.2025 § 14
{extra}"""


def audit(*args):
    return CliRunner().invoke(main, ["audit", "examples/records", *args, "--org", "Joutsa", "--as-of", "2025-12-31",
                                     "--format", "json"])


def write(tmp_path, name="poikkeukset.yaml", kind="poikkeus", rule="hyte-annual-report", period="2024", extra=""):
    path = tmp_path / name
    path.write_text(WAIVER.format(kind=kind, rule=rule, period=period, extra=extra), "utf-8")
    return path


def statuses(result, rule="hyte-annual-report"):
    assert result.exit_code == 0, result.output
    return {f["period"]: f["status"] for f in json.loads(result.stdout)["findings"] if f["rule"] == rule}


def test_without_the_waiver_the_year_is_missing():
    assert statuses(audit())["2024"] == "missing"


@pytest.mark.parametrize("kind", ["waiver", "poikkeus", "undantag"])
def test_a_waiver_record_waives_the_obligation(tmp_path, kind):
    result = audit(str(write(tmp_path, kind=kind)))
    found = statuses(result)
    assert found["2024"] == "waived" and found["2023"] == statuses(audit())["2023"] == "partial"
    explanation = next(f["explanation"] for f in json.loads(result.stdout)["findings"]
                       if f["rule"] == "hyte-annual-report" and f["period"] == "2024")
    assert "Kunnanhallitus 3.2.2025 § 14" in explanation


@pytest.mark.parametrize("expires,status", [("2025-12-31", "waived"), ("2025-12-30", "missing")])
def test_a_waiver_record_expires(tmp_path, expires, status):
    assert statuses(audit(str(write(tmp_path, extra=f"  expires: {expires}\n"))))["2024"] == status


def test_a_waiver_record_in_a_csv_with_finnish_dates(tmp_path):
    path = tmp_path / "poikkeukset.csv"
    path.write_text("org,kind,date,rule,period,reason,reference,expires\n"
                    "Joutsa,poikkeus,3.2.2025,hyte-annual-report,2024,kokous peruttiin,Kh 3.2.2025 § 14,31.12.2026\n",
                    "utf-8")
    assert statuses(audit(str(path)))["2024"] == "waived"


@pytest.mark.parametrize("rule,period,line,field,words", [
    ("hyte-anual-report", "2024", 5, "rule", "did you mean 'hyte-annual-report'"),
    ("hyte-annual-report", "24", 6, "period", "has no period '24'"),
])
def test_a_waiver_record_that_matches_nothing_is_an_error_at_its_field(tmp_path, rule, period, line, field, words):
    path = write(tmp_path, rule=rule, period=period)
    result = audit(str(path))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{path}:{line}: {field}: " in result.output and words in result.output


def test_a_waiver_record_without_a_reason_is_an_error(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("- {org: Joutsa, kind: waiver, date: 2025-02-03, rule: hyte-annual-report, period: '2024',"
                    " reference: Kh 1/2025}\n", "utf-8")
    result = audit(str(path))
    assert result.exit_code == 2 and f"{path}:1: reason: a waiver needs reason" in result.output


def test_the_same_waiver_in_the_config_and_a_record_is_an_error_naming_both(tmp_path):
    path = write(tmp_path)
    cfg = tmp_path / "velvoite.toml"
    cfg.write_text('[[waivers]]\nrule = "hyte-annual-report"\norg = "Joutsa"\nperiod = "2024"\n'
                   'reason = "r"\nreference = "Kh 1/2025"\n', "utf-8")
    result = CliRunner().invoke(main, ["--config", str(cfg), "audit", "examples/records", str(path), "--org", "Joutsa",
                                       "--as-of", "2025-12-31"])
    assert result.exit_code == 2 and "waived twice" in result.output
    assert f"{path}:1:" in result.output and f"{cfg}:2" in result.output


def test_a_waiver_field_on_another_kind_is_named(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("- {org: Joutsa, kind: annual_welfare_report, date: 2024-06-01, body: valtuusto, reason: x}\n",
                    "utf-8")
    result = audit(str(path))
    assert result.exit_code == 2 and f"{path}:1: reason: a record of kind annual_welfare_report does not carry reason" \
        in result.output


def test_the_calendar_and_the_report_see_waiver_records(tmp_path):
    path = str(write(tmp_path, period="2025"))
    report = json.loads(CliRunner().invoke(main, ["report", "examples/records", path, "--region", "hva-15", "--as-of",
                                                  "2025-12-31", "--format", "json"]).stdout)
    assert "waived" in json.dumps(report)
    ics = CliRunner().invoke(main, ["calendar", "examples/records", path, "--org", "Joutsa", "--as-of", "2025-06-30",
                                    "--include-met"]).output
    plain = CliRunner().invoke(main, ["calendar", "examples/records", "--org", "Joutsa", "--as-of", "2025-06-30",
                                      "--include-met"]).output
    assert ics != plain


def test_validate_checks_waiver_records_against_the_rules(tmp_path):
    good = CliRunner().invoke(main, ["validate", str(write(tmp_path))])
    assert good.exit_code == 0 and "1 record OK (1 waiver)" in good.output
    bad = write(tmp_path, name="bad.yaml", rule="hyte-anual-report")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2 and f"{bad}:5: rule: unknown rule 'hyte-anual-report'" in result.output


@pytest.mark.parametrize("as_of,status", [("2025-02-02", "missing"), ("2025-02-03", "waived"),
                                          ("2025-12-31", "waived")])
def test_a_waiver_counts_from_its_own_date(tmp_path, as_of, status):
    """Everything is as of its date (DOMAIN § 8): a waiver granted on 3.2.2025 excuses nothing as of
    an earlier day, as a record dated after the as-of date is not read."""
    result = CliRunner().invoke(main, ["audit", "examples/records", str(write(tmp_path)), "--org", "Joutsa",
                                       "--as-of", as_of, "--format", "json", "--allow-future"])
    assert statuses(result)["2024"] == status


def test_a_waiver_granted_after_it_expires_is_refused(tmp_path):
    result = audit(str(write(tmp_path, extra="  expires: 2025-01-31\n")))
    assert result.exit_code == 2
    assert "poikkeukset.yaml:" in result.output and "expires" in result.output
    assert "before the waiver was granted (2025-02-03)" in result.output
