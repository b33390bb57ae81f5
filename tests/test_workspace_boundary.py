"""velvoite.toml as one boundary (issue 27): a file that cannot be read never costs --help, and a
command that needs it says why in one line; what the checks refuse is not mistaken for what they
let through (brackets in strings, a byte order mark, a built-in organisation restated)."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from velvoite.cli import main
from velvoite.registry import load_registry
from velvoite.registry.workspace import MAX_DEPTH, load_workspace

WORKSPACE = Path(__file__).parent / "data" / "invalid_workspace"
EXAMPLES = (Path(__file__).parent.parent / "examples" / "records").resolve()
UNREADABLE = ["not_utf8.toml", "deeply_nested_array.toml", "deeply_nested_inline_table.toml", "not_toml.toml",
              "terms_newest_first.toml"]


@pytest.mark.parametrize("name", UNREADABLE)
def test_help_works_beside_a_config_that_cannot_be_read(name, tmp_path, monkeypatch):
    shutil.copy(WORKSPACE / name, tmp_path / "velvoite.toml")
    monkeypatch.chdir(tmp_path)
    for args in (["--help"], ["audit", "--help"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.output


@pytest.mark.parametrize("name", UNREADABLE)
def test_a_command_that_needs_the_config_in_the_working_folder_says_why(name, tmp_path, monkeypatch):
    shutil.copy(WORKSPACE / name, tmp_path / "velvoite.toml")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["audit", str(EXAMPLES), "--org", "kunta-179", "--as-of", "2026-01-01",
                                       "--format", "json", "-o", "out.json"])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if not line.startswith("velvoite: note: ")]
    assert len(lines) == 1 and lines[0].startswith("velvoite: velvoite.toml:"), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "out.json").exists()


def test_brackets_in_strings_and_comments_are_not_nesting(tmp_path):
    deep = "[" * (MAX_DEPTH + 5)
    cfg = tmp_path / "velvoite.toml"
    cfg.write_text(f'# {deep}{{{{{{{{\n[[organisations]]\nid = "kunta-999"\nname_fi = "Uusi {deep}"\n'
                   f"name_sv = 'Ny {deep}'\nname_en = \"\"\"New\n{deep}\"\"\"\n", "utf-8")
    with pytest.raises(Exception) as caught:  # name_en holds a line break: refused as invisible, not as nesting
        load_workspace(cfg)
    assert "name_en" in str(caught.value) and "U+000A" in str(caught.value)
    cfg.write_text(cfg.read_text("utf-8").replace('"""New\n', '"""New '), "utf-8")
    assert load_registry(cfg).lookup("Uusi " + deep).id == "kunta-999"


def test_nesting_is_counted_on_its_line_after_a_multiline_string(tmp_path):
    cfg = tmp_path / "velvoite.toml"
    cfg.write_text('[[organisations]]\nid = "kunta-999"\nname_en = """One\nTwo"""\nx = ' + "[" * 100 + "]" * 100
                   + "\n", "utf-8")
    with pytest.raises(Exception) as caught:
        load_workspace(cfg)
    assert f"velvoite.toml:5: x: nested more than {MAX_DEPTH} levels deep" in str(caught.value)


def test_a_byte_order_mark_is_utf8(tmp_path):
    cfg = tmp_path / "velvoite.toml"
    cfg.write_bytes('\ufefflang = "sv"\n'.encode())
    assert load_workspace(cfg)[0].lang == "sv"


def test_a_builtin_organisation_restated_and_terms_in_order_are_accepted(tmp_path):
    cfg = tmp_path / "velvoite.toml"
    cfg.write_text('[[organisations]]\nid = "kunta-588"\ncode = "588"\nname_fi = "Pertunmaa"\nname_sv = "Pertunmaa"\n'
                   'county = "hva-12"\nvalid_until = 2024-12-31\nsuccessor = "kunta-507"\n\n'
                   '[[organisations]]\nid = "kunta-999"\nname_fi = "Uusikunta"\ncounty = "hva-15"\n'
                   'valid_until = 2026-12-31\nsuccessor = "kunta-179"\n\n'
                   '[[terms.municipal]]\nlabel = "2021-2025"\nstart = 2021-08-01\nend = 2025-05-31\n\n'
                   '[[terms.municipal]]\nlabel = "2025-2029"\nstart = 2025-06-01\nend = 2029-05-31\n'
                   '[[waivers]]\nrule = "hyte-annual-report"\norg = "Jyväskylä"\nperiod = "2025"\n'
                   'expires = 2025-01-01\nreason = """two\nlines\tand a tab"""\nreference = "KH 3.2.2025 § 14"\n',
                   "utf-8")
    registry = load_registry(cfg)
    assert registry.lookup("Uusikunta").successor == "kunta-179"
    assert [t.label for t in registry.terms["municipal"]] == ["2021-2025", "2025-2029"]
    result = CliRunner().invoke(main, ["--config", str(cfg), "audit", str(EXAMPLES), "--org", "kunta-179",
                                       "--as-of", "2025-01-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"waived"' in result.output


def test_a_file_larger_than_settings_is_not_read(tmp_path, monkeypatch):
    import velvoite.registry.workspace as workspace

    monkeypatch.setattr(workspace, "MAX_BYTES", 16)
    cfg = tmp_path / "velvoite.toml"
    cfg.write_text('lang = "fi"\n' * 2, "utf-8")
    with pytest.raises(Exception) as caught:
        load_workspace(cfg)
    assert str(caught.value).startswith(f"{cfg}: larger than 0 MiB")


def test_a_device_or_a_pipe_is_not_read(tmp_path, monkeypatch):
    """A velvoite.toml that is a pipe or /dev/zero would never end: --help works beside it, and
    --config naming one says it is not a regular file."""
    import os

    os.mkfifo(tmp_path / "velvoite.toml")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["--help"]).exit_code == 0
    result = CliRunner().invoke(main, ["--config", "/dev/zero", "audit", str(EXAMPLES), "--org", "kunta-179",
                                       "--format", "json"])
    assert result.exit_code == 2
    assert result.output.strip() == "velvoite: /dev/zero: not a regular file: give the velvoite.toml to read"


def test_a_waiver_record_that_expires_before_its_period_is_an_error_at_its_field(tmp_path):
    """The check of velvoite.toml's [[waivers]] holds for a waiver kept as a record, at its own line."""
    path = tmp_path / "poikkeukset.yaml"
    path.write_text('- id: kokous-peruttu\n  org: Joutsa\n  kind: poikkeus\n  date: 2025-02-03\n'
                    '  rule: hyte-annual-report\n  period: "2024"\n  reason: valtuuston kokous peruttiin\n'
                    '  reference: Kunnanhallitus 3.2.2025 § 14\n  expires: 2023-12-31\n', "utf-8")
    result = CliRunner().invoke(main, ["audit", "examples/records", str(path), "--org", "Joutsa", "--as-of",
                                       "2025-12-31", "--format", "json"])
    assert result.exit_code == 2, result.output
    assert (f"{path}:9: expires: 2023-12-31 is before the period '2024' begins (2024-01-01): the waiver would never "
            "hold") in result.output
