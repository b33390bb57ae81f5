"""``velvoite audit --format junit`` read back by junitparser: a failure's and a skip's ``message``
(the one line a CI dashboard lists) is the finding's status and explanation, on one line, escaped."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from junitparser import Failure, JUnitXml, Skipped

from velvoite.cli import main

ARGS = ["audit", "examples/records", "--region", "hva-15", "--as-of", "2026-11-29"]
STATUS = {"en": {"missing": "Missing", "partial": "Partial", "waived": "Waived"},
          "fi": {"missing": "Puuttuu", "partial": "Osittain"}, "sv": {"missing": "Saknas", "partial": "Delvis"}}


def read_back(tmp_path, lang: str = "en", *config: str) -> tuple[list, list[dict]]:
    out = tmp_path / "audit.xml"
    args = [*config, *ARGS, "--lang", lang]
    result = CliRunner().invoke(main, [*args, "--format", "junit", "-o", str(out)])
    assert result.exit_code == 0, result.output
    findings = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).stdout)["findings"]
    cases = [case for suite in JUnitXml.fromfile(str(out)) for case in suite]
    return cases, findings


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_a_failures_message_is_its_status_and_explanation_on_one_line(tmp_path, lang):
    cases, findings = read_back(tmp_path, lang)
    explained = {(f["org"], f"{f['rule']} {f['period']}"): f for f in findings}
    failures = [(case, r) for case in cases for r in case.result if isinstance(r, Failure)]
    assert {r.type for _, r in failures} == {"missing", "partial"}
    for case, failure in failures:
        finding = explained[(case.classname, case.name)]
        assert failure.message == " ".join(finding["explanation"].split())
        assert failure.message.startswith(STATUS[lang][finding["status"]] + ":")
        assert "\n" not in failure.message and len(failure.message) > len(STATUS[lang][finding["status"]]) + 10
        assert failure.text.startswith(finding["explanation"])  # the element keeps the whole text and the law


def test_a_skips_message_carries_the_waivers_reason_escaped(tmp_path):
    cfg = tmp_path / "velvoite.toml"
    cfg.write_text('[[waivers]]\nrule = "hyte-annual-report"\norg = "Jyväskylä"\nperiod = "2025"\n'
                   'reason = "<script>& \\"]]> kokous  peruttiin"\nreference = "Kh 3.2.2025 § 14"\n', "utf-8")
    cases, _ = read_back(tmp_path, "en", "--config", str(cfg))
    case = next(c for c in cases if (c.classname, c.name) == ("kunta-179", "hyte-annual-report 2025"))
    skipped = next(r for r in case.result if isinstance(r, Skipped))
    assert skipped.message.startswith("Waived") and "Kh 3.2.2025 § 14" in skipped.message
    assert '<script>& "]]> kokous peruttiin' in skipped.message and "\n" not in skipped.message
    assert "<script>" not in (tmp_path / "audit.xml").read_text("utf-8")


def test_a_message_without_its_status_in_front_gets_it():
    from types import SimpleNamespace

    from velvoite.reports.junit import message

    finding = SimpleNamespace(status="missing", late=False, explanation="no record\r\nin 2025\x01")
    assert message(finding, "en") == "missing: no record in 2025\\x01"
    finding.explanation = "Missing: no record"
    assert message(finding, "en") == "Missing: no record"
