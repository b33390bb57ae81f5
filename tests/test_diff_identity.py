"""velvoite diff names a record without an id by what it says, not by its file and row: adding a
record at the top of a file, renaming the file or moving records changes no other line of the diff
(issue 25: one record added gave 37 "changes" whose status did not change; a rename gave 71)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from velvoite.cli import main

BASE = ["--config", "examples/velvoite.toml"]
CSV = "kunnat-2023-2026.csv"  # the example's records without ids (named FILE#ROW)
SCOPE = ["--region", "hva-15"]
OUTSIDE = "Helsinki,annual_welfare_report,17.5.2023,kaupunginvaltuusto,,,,,,,,,,\n"  # not in hva-15


def run(*args) -> str:
    result = CliRunner().invoke(main, [*BASE, *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def records(folder: Path, variant: str) -> Path:
    """The example records as given (``same``), with a record added at the top of the CSV file
    (``added``), the CSV renamed (``renamed``), or its rows split over two files (``moved``)."""
    shutil.copytree("examples/records", folder)
    csv = folder / CSV
    head, *rows = csv.read_text("utf-8").splitlines(keepends=True)
    if variant == "added":
        csv.write_text(head + OUTSIDE + "".join(rows), "utf-8")
    elif variant == "renamed":
        csv.rename(folder / "kuntien-kirjaukset.csv")
    elif variant == "moved":
        csv.write_text(head + "".join(rows[1::2]), "utf-8")
        (folder / "siirretyt.csv").write_text(head + "".join(rows[0::2]), "utf-8")
    return folder


@pytest.fixture(scope="module")
def audits(tmp_path_factory):
    """The audit of 30.6.2025 from the records as given, and of 31.12.2025 from each variant."""
    base = tmp_path_factory.mktemp("identity")
    out = {}
    for variant in ("same", "added", "renamed", "moved"):
        folder = records(base / variant, variant)
        for day in ("2025-06-30", "2025-12-31"):
            path = base / f"{variant}-{day}.json"
            run("audit", str(folder), *SCOPE, "--as-of", day, "--format", "json", "-o", str(path))
            out[variant, day] = path
    out["folders"] = {v: base / v for v in ("same", "added", "renamed", "moved")}
    return out


def test_the_derived_ids_did_shift(audits):
    """The variants do rename the records without ids (else the tests below prove nothing)."""
    def evidence(path):
        return {e for f in json.loads(path.read_text("utf-8"))["findings"] for e in f["evidence"]}

    same = evidence(audits["same", "2025-12-31"])
    for variant in ("added", "renamed", "moved"):
        assert evidence(audits[variant, "2025-12-31"]) != same, variant
    keys = [f["evidence_keys"] for f in json.loads(audits["same", "2025-12-31"].read_text("utf-8"))["findings"]]
    assert any(k.startswith("content/") for ks in keys for k in ks)  # records without an id
    assert any(k == "hva15-raportti-2025" for ks in keys for k in ks)  # a record's own id stays its identity


@pytest.mark.parametrize("variant", ["added", "renamed", "moved"])
@pytest.mark.parametrize("fmt", ["table", "md"])
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_json_files_diff_is_the_same_line_for_line(audits, variant, fmt, lang):
    old = str(audits["same", "2025-06-30"])
    expected = run("diff", old, str(audits["same", "2025-12-31"]), "--format", fmt, "--lang", lang)
    assert run("diff", old, str(audits[variant, "2025-12-31"]), "--format", fmt, "--lang", lang) == expected


@pytest.mark.parametrize("variant", ["added", "renamed", "moved"])
def test_json_files_diff_has_the_same_changes(audits, variant):
    def changes(new):
        data = json.loads(run("diff", str(audits["same", "2025-06-30"]), str(new), "--format", "json"))
        return [(c["org"], c["rule"], c["period"], c["from"], c["to"], c["change"], len(c["evidence_added"]),
                 len(c["evidence_removed"])) for c in data["changes"]], data["summary"]

    expected = changes(audits["same", "2025-12-31"])
    assert changes(audits[variant, "2025-12-31"]) == expected
    assert not any(c[5] == "evidence" and c[3] != c[4] for c in expected[0])


@pytest.mark.parametrize("variant", ["added", "renamed", "moved"])
def test_record_dates_diff_is_the_same_line_for_line(audits, variant):
    def diff(folder, fmt):
        return run("diff", str(folder), *SCOPE, "--from-date", "2025-06-30", "--to-date", "2025-12-31",
                   "--format", fmt, "--lang", "fi")

    for fmt in ("table", "md"):
        assert diff(audits["folders"][variant], fmt) == diff(audits["folders"]["same"], fmt)


@pytest.mark.parametrize("variant", ["added", "renamed", "moved"])
def test_a_report_since_lists_the_same_changes(audits, variant):
    def changes(folder):
        out = run("report", str(folder), *SCOPE, "--as-of", "2025-12-31", "--since",
                  str(audits["same", "2025-06-30"]), "--format", "json", "--lang", "fi")
        return [{**c, "evidence_added": len(c["evidence_added"]), "evidence_removed": len(c["evidence_removed"])}
                for c in json.loads(out)["changes"]]  # (records without an id are named by their new row)

    expected = changes(audits["folders"]["same"])
    assert changes(audits["folders"][variant]) == expected
    assert expected and all(c["from_"] != c["to"] or c["late_from"] != c["late_to"] for c in expected)  # no "täyttyy → täyttyy"


def test_evidence_alone_is_a_quiet_category_of_its_own(tmp_path, audits):
    """Another record of evidence for a finding whose status stays: change "evidence", listed apart
    from the changes of status, and not in a report since the earlier audit."""
    old = audits["same", "2025-12-31"]
    data = json.loads(old.read_text("utf-8"))
    met = next(f for f in data["findings"] if f["status"] == "met" and f["evidence"])
    met["evidence"] = [*met["evidence"], "muistio-7"]
    met["evidence_keys"] = [*met["evidence_keys"], "muistio-7"]
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data), "utf-8")
    result = json.loads(run("diff", str(old), str(changed), "--format", "json"))
    assert [(c["rule"], c["change"], c["evidence_added"]) for c in result["changes"]] == \
        [(met["rule"], "evidence", ["muistio-7"])]
    assert result["summary"]["evidence"] == 1 and result["summary"]["changed"] == 0
    fi = run("diff", str(old), str(changed), "--lang", "fi")
    assert "Näyttö muuttui, tila ennallaan:" in fi and "1 kirjaus lisätty" in fi and "näyttö muuttui 1" in fi
    assert met["rule"] not in fi and "-" * 3 not in fi  # the duty by its title


def test_audits_before_1_2_are_compared_by_id(audits, tmp_path):
    """An audit JSON 1.1 has no evidence_keys: both are then compared by the ids they name."""
    old = json.loads(audits["same", "2025-06-30"].read_text("utf-8"))
    for f in old["findings"]:
        del f["evidence_keys"]
    older = tmp_path / "old-1.1.json"
    older.write_text(json.dumps({**old, "schema_version": "1.1"}), "utf-8")
    new = str(audits["same", "2025-12-31"])
    assert run("diff", str(older), new, "--format", "json") == run(
        "diff", str(audits["same", "2025-06-30"]), new, "--format", "json")


def test_the_diff_speaks_the_language(audits):
    old, new = str(audits["same", "2025-06-30"]), str(audits["same", "2025-12-31"])
    fi = run("diff", old, new, "--lang", "fi")
    assert "heikentynyt" in fi and "avoinna → osittain" in fi and "Vuosittainen hyvinvointiraportointi" in fi
    assert "hyte-annual-report" not in fi and " -> " not in fi and "worse" not in fi
    from velvoite.messages import period_text

    assert f"{period_text('2021-09-21/2025-09-20', 'fi')}: avoinna → puuttuu" in fi  # periods as people write them
    sv = run("diff", old, new, "--lang", "sv", "--format", "md")
    assert sv.startswith("# Ändringar från 30.6.2025 till 31.12.2025") and "| försämrad |" in sv
    assert "öppen | delvis" in sv and "hyte-annual-report" not in sv
    en = run("diff", old, new, "--lang", "en")
    assert "worse" in en and "due → partial" in en
