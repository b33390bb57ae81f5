"""Writes the malformed audit JSON files given back to velvoite (``velvoite diff OLD NEW``, ``report
--since OLD``), each an attack or a mistake that was read wrong, and cases.yaml with the message each
must give. The line expected is found here by a plain text search for the offending text, not by
velvoite's scanner.

    python tests/data/make_invalid_audit_json.py
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import yaml

OUT = Path(__file__).parent / "invalid_audit_json"

FINDING = {
    "rule": "hyte-annual-report", "org": "kunta-179", "org_name": "Jyväskylä", "period": "2025",
    "start": "2025-01-01", "end": "2025-12-31", "deadline": "2025-12-31", "recommended_by": None,
    "status": "due", "severity": "duty", "late": False, "evidence": ["jkl-raportti-2025"], "missing": [],
    "explanation": "Due: not yet done.",
    "legal_basis": [{"act": "1326/2010", "section": "12", "subsection": "1",
                     "url": "https://finlex.fi/fi/lainsaadanto/2010/1326#sec_12"}],
}
AUDIT = {"schema_version": "1.0", "velvoite": "0.1.0", "as_of": "2025-06-30", "from": "2023-01-01",
         "engine": "python", "findings": [FINDING, {**FINDING, "rule": "hyte-welfare-plan", "period": "2021-2025"}],
         "summary": {"met": 0, "partial": 0, "missing": 0, "due": 2, "upcoming": 0, "waived": 0}}


def text(audit: dict) -> str:
    return json.dumps(audit, ensure_ascii=False, indent=2) + "\n"


def changed(edit) -> str:
    audit = copy.deepcopy(AUDIT)
    edit(audit)
    return text(audit)


def line_of(content: str, marker: str, nth: int = 1) -> int:
    at = -1
    for _ in range(nth):
        at = content.index(marker, at + 1)
    return content.count("\n", 0, at) + 1


def item_line(content: str, nth: int) -> int:
    """The line where the nth finding's object begins (json.dumps indent=2 puts it at four spaces)."""
    return line_of(content, "\n    {\n", nth) + 1


def finding(index: int, **values):
    return lambda a: a["findings"][index].update(values)


CASES: dict[str, tuple[str | bytes, int | None, str | None, str]] = {}


def case(name: str, content: str | bytes, marker: str | None, field: str | None, expected: str, nth: int = 1):
    line = line_of(content, marker, nth) if isinstance(content, str) and marker else None
    CASES[name] = (content, line, field, expected)


def build() -> None:
    case("org_null.json", changed(finding(1, org=None)), '"org": null', "findings[1].org", "expected text (got None)")
    case("org_name_number.json", changed(finding(0, org_name=179)), '"org_name": 179', "findings[0].org_name",
         "expected text (got 179)")
    case("rule_list.json", changed(finding(0, rule=["hyte-annual-report"])), '"rule": [', "findings[0].rule",
         "expected text (got ['hyte-annual-report'])")
    case("period_number.json", changed(finding(1, period=2025)), '"period": 2025', "findings[1].period",
         "expected text (got 2025)")
    case("as_of_not_a_date.json", changed(lambda a: a.update(as_of="last June")), '"as_of"', "as_of",
         "expected a date (YYYY-MM-DD) (got 'last June')")
    case("as_of_number.json", changed(lambda a: a.update(as_of=20250630)), '"as_of"', "as_of",
         "expected a date (YYYY-MM-DD) (got 20250630)")
    case("as_of_date_time.json", changed(lambda a: a.update(as_of="2025-06-30T00:00:00")), '"as_of"', "as_of",
         "expected a date (YYYY-MM-DD)")
    case("deadline_30_february.json", changed(finding(0, deadline="2025-02-30")), '"deadline"',
         "findings[0].deadline", "expected a date (YYYY-MM-DD) (got '2025-02-30')")
    nan = changed(finding(1, late="@NAN@")).replace('"@NAN@"', "NaN")
    case("late_nan.json", nan, "NaN", "findings[1].late", "NaN is not a number JSON allows")
    inf = changed(lambda a: a["summary"].update(due="@INF@")).replace('"@INF@"', "-Infinity")
    case("summary_infinity.json", inf, "-Infinity", "summary.due", "-Infinity is not a number JSON allows")
    case("deep_nesting.json", "[" * 100_000, "[", "[0]" * 9, "nested deeper than 8 levels")
    deep = changed(finding(0, evidence="@DEEP@")).replace('"@DEEP@"', "[" * 20 + "]" * 20)
    case("deep_nesting_in_evidence.json", deep, '"evidence"', "findings[0].evidence" + "[0]" * 6,
         "nested deeper than 8 levels")
    surrogate = changed(finding(0, org_name="@S@")).replace("@S@", "Jyv\\ud800skyl\\u00e4")
    case("lone_surrogate.json", surrogate, "\\ud800", "findings[0].org_name", "\\ud800 is half of a UTF-16 surrogate")
    case("evidence_text.json", changed(finding(0, evidence="abc")), '"evidence": "abc"', "findings[0].evidence",
         "expected a list (got 'abc')")
    case("late_no.json", changed(finding(1, late="no")), '"late": "no"', "findings[1].late",
         "expected true or false (got 'no')")
    case("late_zero.json", changed(finding(0, late=0)), '"late": 0', "findings[0].late",
         "expected true or false (got 0)")
    twice = changed(lambda a: a["findings"].append(copy.deepcopy(a["findings"][0])))
    CASES["duplicate_finding.json"] = (twice, item_line(twice, 3), "findings[2]",
                                       f"the same finding (org, rule, period) as findings[0] on line {item_line(twice, 1)}")
    case("unknown_schema_version.json", changed(lambda a: a.update(schema_version="2.0")), '"schema_version"',
         "schema_version", "version '2.0' of the audit JSON is not one this velvoite reads (1.0")
    case("schema_version_number.json", changed(lambda a: a.update(schema_version=1.0)), '"schema_version"',
         "schema_version", "version 1.0 of the audit JSON is not one this velvoite reads (1.0")
    no_version = changed(lambda a: a.pop("schema_version"))
    case("no_schema_version.json", no_version, "{", "schema_version", "required field is missing")
    key_twice = changed(finding(0)).replace('"status": "due",', '"status": "due",\n      "status": "met",', 1)
    first = line_of(key_twice, '"status": "due"')
    case("duplicate_key.json", key_twice, '"status": "met"', "findings[0].status",
         f"key given twice (first on line {first})")
    typo = changed(finding(0)).replace('"status"', '"stauts"', 1)
    case("misspelt_field.json", typo, '"stauts"', "findings[0].stauts", "(did you mean 'status'?)")
    missing = changed(lambda a: a["findings"][1].pop("status"))
    CASES["finding_without_status.json"] = (missing, item_line(missing, 2), "findings[1].status",
                                            "required field is missing")
    case("status_unknown.json", changed(finding(0, status="fine")), '"status": "fine"', "findings[0].status",
         "'fine' is not one of")
    case("summary_true.json", changed(lambda a: a["summary"].update(met=True)), '"met": true', "summary.met",
         "expected a whole number (got True)")
    case("summary_huge_number.json", changed(lambda a: a["summary"].update(met="@N@")).replace('"@N@"', "9" * 5000),
         '"met": 999', "summary.met", "expected a whole number")
    case("citation_as_text.json", changed(finding(0, legal_basis=["1326/2010 § 12"])), '"1326/2010',
         "findings[0].legal_basis[0]", "expected a table of keys and values")
    latin = text(AUDIT).encode("latin-1")
    CASES["not_utf8.json"] = (latin, text(AUDIT).count("\n", 0, text(AUDIT).index("Jyv")) + 1, None, "not UTF-8 text")
    case("empty.json", "", None, None, "the file is empty")
    case("only_spaces.json", "  \n\n ", None, None, "the file is empty")
    case("top_level_array.json", "[" + text(AUDIT) + "]", "[", None, "expected an object with schema_version")
    case("top_level_null.json", "null\n", "null", None, "expected an object with schema_version")
    case("not_json.json", "{not json\n", "{", None, "JSON parsing stopped here")
    case("trailing_garbage.json", text(AUDIT) + "}\n", "}\n", None, "JSON parsing stopped here", nth=1)
    CASES["trailing_garbage.json"] = (CASES["trailing_garbage.json"][0], text(AUDIT).count("\n") + 1, None,
                                      "JSON parsing stopped here")


def main() -> None:
    build()
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.json"):
        if old.is_file():
            old.unlink()
    expect = {}
    for name, (content, line, field, expected) in CASES.items():
        path = OUT / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
        expect[name] = {"line": line, "field": field, "text": expected}
    folder = OUT / "folder.json"  # a folder named like an audit file
    folder.mkdir(exist_ok=True)
    (folder / "README").write_text("A folder named folder.json: velvoite diff must refuse it in one line.\n", "utf-8")
    expect["folder.json"] = {"line": None, "field": None, "text": "a folder, not an audit JSON file"}
    head = "# Written by tests/data/make_invalid_audit_json.py: each file, where its one-line message points.\n"
    (OUT / "cases.yaml").write_text(head + yaml.safe_dump(expect, allow_unicode=True, sort_keys=True, width=200),
                                    "utf-8")


if __name__ == "__main__":
    main()
