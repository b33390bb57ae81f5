"""Every malformed input: exit status 2, a one-line message naming file, line and field, no
traceback, and no output file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from velvoite.cli import main

INVALID = Path(__file__).parent / "data" / "invalid"
EXPECTATIONS = ("cases.yaml", "generated.yaml")  # by hand; by make_invalid_more.py
EXPECT = {k: v for name in EXPECTATIONS for k, v in yaml.safe_load((INVALID / name).read_text("utf-8")).items()}


def test_every_invalid_file_has_an_expectation():
    files = {p.name for p in INVALID.iterdir() if p.name not in EXPECTATIONS}
    assert files == set(EXPECT)
    assert len(files) >= 150


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_invalid_file_is_rejected_with_location(name, tmp_path):
    want = EXPECT[name]
    out = tmp_path / "audit.json"
    # no --org: a scoped run passes over rows of other organisations (records.within), and these
    # files test the reading of every row
    result = CliRunner().invoke(main, ["audit", str(INVALID / name),
                                       "--as-of", "2026-01-01", "--format", "json", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    first = lines[0]
    where = f"{INVALID / name}:{want['line']}: " if want["line"] else f"{INVALID / name}: "
    if want["field"]:
        where += f"{want['field']}: "
    assert where in first, first
    assert want["text"] in first, first
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_10_mb_single_line(tmp_path):
    """A CSV cell of 10 MB (a file saved wrong, or an attack) is refused at its line, quickly."""
    big = tmp_path / "one_line.csv"
    big.write_text("org,kind,date\nkunta-179,strategy_approval," + "1" * 10_000_000 + "\n", encoding="utf-8")
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["audit", str(big), "--org", "kunta-179", "--format", "json", "-o", str(out)])
    assert result.exit_code == 2 and len(result.output.splitlines()) == 1, result.output[:300]
    assert f"{big}:2: " in result.output and "field larger than field limit" in result.output
    assert len(result.output) < 300 and not out.exists()


def test_a_10_mb_yaml_value_is_not_echoed(tmp_path):
    big = tmp_path / "one_line.yaml"
    big.write_text("- {org: kunta-179, kind: strategy_approval, date: '" + "9" * 10_000_000 + "'}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(big)])
    assert result.exit_code == 2 and f"{big}:1: date: " in result.output and len(result.output) < 300


def test_all_errors_of_a_file_are_reported_at_once(tmp_path):
    f = tmp_path / "many.yaml"
    f.write_text("- {org: kunta-179, kind: nope, date: 2024-01-01}\n"
                 "- {org: kunta-179, kind: strategy_approval, date: 2024-02-30}\n"
                 "- {org: Nowhere, kind: strategy_approval, date: 2024-01-01}\n", "utf-8")
    result = CliRunner().invoke(main, ["validate", str(f)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert [re.search(r"many\.yaml:(\d+): ", ln).group(1) for ln in lines] == ["1", "2", "3"]


def test_unknown_organisation_on_the_command_line(tmp_path):
    result = CliRunner().invoke(main, ["audit", "examples/records", "--org", "Jyvaskyla", "--as-of", "2026-01-01"])
    assert result.exit_code == 2
    assert "did you mean 'Jyväskylä'?" in result.output


def test_bad_as_of_date_is_a_usage_error():
    result = CliRunner().invoke(main, ["audit", "examples/records", "--as-of", "2026-02-30"])
    assert result.exit_code == 2
    assert "not a real date" in result.output


@pytest.mark.parametrize("args", [["audit", "examples/records", "--as-of", "9999-12-01"],
                                  ["audit", "examples/records", "--as-of", "1899-01-01"],
                                  ["calendar", "examples/records", "--org", "Joutsa", "--until", "2100-01-01"],
                                  ["diff", "examples/records", "--from-date", "2025-01-01", "--to-date", "3000-01-01"]])
def test_a_date_beyond_what_records_may_have_is_a_usage_error(args):
    """A year 9999 as-of date overflowed in the periods' arithmetic (a traceback)."""
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "is outside the days velvoite checks (2000-01-01 to 2099-12-31)" in result.output


def test_a_calendar_before_the_first_council_term_asks_for_until():
    """No term contains the day, so the default --until (the end of the current term) is not known."""
    result = CliRunner().invoke(main, ["calendar", "examples/records", "--org", "Joutsa", "--as-of", "2008-03-01"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "no council term known for 2008-03-01" in result.output and "give --until" in result.output
    result = CliRunner().invoke(main, ["calendar", "examples/records", "--org", "Joutsa", "--as-of", "2008-03-01",
                                       "--until", "2008-12-31"])
    assert result.exit_code == 0, result.output


def test_missing_path():
    result = CliRunner().invoke(main, ["validate", "does/not/exist"])
    assert result.exit_code == 2
    assert "does/not/exist: no such file or folder" in result.output


def test_region_must_be_a_county():
    result = CliRunner().invoke(main, ["orgs", "--region", "kunta-179"])
    assert result.exit_code == 2
    assert "not a region" in result.output


def test_alias_limit_counts_only_what_aliases_add(tmp_path, monkeypatch):
    """A large file without aliases is fine; the limit is on what aliases would copy out."""
    from velvoite.records import yaml_lines

    monkeypatch.setattr(yaml_lines, "MAX_EXPANDED", 50)
    plain = tmp_path / "plain.yaml"
    plain.write_text("".join(f"- {{org: kunta-179, kind: strategy_approval, date: 2024-01-{d:02d}}}\n"
                             for d in range(1, 29)), encoding="utf-8")  # 28 records, 197 values
    assert CliRunner().invoke(main, ["validate", str(plain)]).exit_code == 0
    shared = tmp_path / "shared.yaml"
    shared.write_text("- &r {org: kunta-179, kind: strategy_approval, date: 2024-01-01, id: a}\n"
                      "- {<<: *r, id: b}\n- {<<: *r, id: c}\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["validate", str(shared)]).exit_code == 0
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("- {org: kunta-179, kind: strategy_approval, date: 2024-01-01, notes: &a [x, x, x, x, x, x, x, x]}\n"
                    "- {org: kunta-179, kind: strategy_approval, date: 2024-01-01, notes: &b [*a, *a, *a, *a, *a, *a, *a, *a]}\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bomb)])
    assert result.exit_code == 2 and "bomb.yaml:2: aliases expand to more than 50 values" in result.output


def test_a_key_with_a_line_break_stays_on_one_line(tmp_path):
    bad = tmp_path / "key.json"
    bad.write_text('[{"org": "kunta-179", "kind": "strategy_approval", "date": "2024-01-01", "no\\nte": "x"}]',
                   encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
    assert f"{bad}:1: no\\nte: unknown field" in result.output
    long_header = tmp_path / "long.csv"
    long_header.write_text("org,kind,date," + "k" * 5000 + "\nkunta-179,strategy_approval,1.1.2024,1\n",
                           encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(long_header)])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and len(result.output) < 300, result.output


def test_did_you_mean_ignores_accents(tmp_path):
    bad = tmp_path / "k.csv"
    bad.write_text("org;kind;date\nJamsa;strategy_approval;1.2.2024\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2 and "unknown organisation 'Jamsa' (did you mean 'Jämsä'?)" in result.output


def test_a_million_bad_rows_stop_at_the_error_limit(tmp_path):
    from velvoite.records.loader import MAX_ERRORS

    bad = tmp_path / "bad.csv"
    bad.write_text("org;kind;date\n" + "Jyväskylä;nope;1.1.2024\n" * (MAX_ERRORS * 3), "utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    lines = result.output.splitlines()
    assert result.exit_code == 2 and len(lines) == MAX_ERRORS + 1
    assert f"{bad}:{MAX_ERRORS + 2}: stopped reading after 1,000 errors" in lines[-1]


WORKSPACE = Path(__file__).parent / "data" / "invalid_workspace"
WORKSPACE_EXPECT = yaml.safe_load((WORKSPACE / "cases.yaml").read_text("utf-8"))


def test_every_invalid_workspace_has_an_expectation():
    assert {p.name for p in WORKSPACE.iterdir() if p.name != "cases.yaml"} == set(WORKSPACE_EXPECT)


@pytest.mark.parametrize("name", sorted(WORKSPACE_EXPECT))
def test_invalid_workspace_is_rejected_with_location(name, tmp_path):
    """velvoite.toml is validated whole: nothing in it is ignored or a traceback."""
    want = WORKSPACE_EXPECT[name]
    out = tmp_path / "audit.json"
    result = CliRunner().invoke(main, ["--config", str(WORKSPACE / name), "audit", "examples/records", "--org",
                                       "kunta-179", "--as-of", "2026-01-01", "--format", "json", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if not line.startswith("velvoite: note: ")]
    assert len(lines) == 1, result.output
    where = f"{WORKSPACE / name}:{want['line']}: " if want["line"] else f"{WORKSPACE / name}: "
    if want["field"]:
        where += f"{want['field']}: "
    assert where in lines[0], lines[0]
    assert want["text"] in lines[0], lines[0]
    assert not out.exists()


def test_every_unknown_column_of_a_header_is_named_at_once(tmp_path):
    """Headers in Finnish or Swedish are the fields (a template writes them so); a short form such
    as pvm or kunta is not, and gets a suggestion, every bad column at once."""
    bad = tmp_path / "k.csv"
    bad.write_text("kunta;laji;pvm;toimielin;tyyppi\nJyväskylä;strategy_approval;14.3.2025;valtuusto;x\n", "utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    assert [ln.split(": ")[-1] for ln in result.output.splitlines()] == [
        "unknown column (did you mean 'org'?)", "unknown column (did you mean 'date'?)",
        "unknown column (did you mean 'kind'?)"]
    good = tmp_path / "ok.csv"
    good.write_text("organisaatio;laji;päivämäärä;toimielin\nJyväskylä;strategy_approval;14.3.2025;valtuusto\n",
                    "utf-8")
    assert CliRunner().invoke(main, ["validate", str(good)]).exit_code == 0
