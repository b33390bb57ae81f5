"""Atomic output: every command's -o file is whole or untouched, never half-written."""

from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner

import velvoite.output
from velvoite.cli import main

EX = "examples/records"
COMMANDS = {
    "json": ["audit", EX, "--region", "hva-15", "--as-of", "2026-11-29", "--format", "json"],
    "csv": ["audit", EX, "--region", "hva-15", "--as-of", "2026-11-29", "--format", "csv"],
    "md": ["audit", EX, "--region", "hva-15", "--as-of", "2026-11-29", "--format", "md"],
    "ics": ["calendar", EX, "--region", "hva-15", "--as-of", "2026-11-29"],
    "html": ["report", EX, "--region", "hva-15", "--as-of", "2026-11-29", "--format", "html"],
    "xlsx": ["report", EX, "--region", "hva-15", "--as-of", "2026-11-29", "--format", "xlsx"],
    "template.xlsx": ["template", "--region", "hva-15", "--until", "2026-11-29", "--format", "xlsx"],
}


def run(args):
    return CliRunner().invoke(main, ["--config", "examples/velvoite.toml", *args])


@pytest.mark.parametrize("fmt", sorted(COMMANDS))
def test_failure_while_writing_keeps_the_old_file(fmt, tmp_path, monkeypatch):
    out = tmp_path / f"out.{fmt}"
    old = b"the previous output\n" if fmt != "ics" else run(COMMANDS["ics"] + ["--as-of", "2026-01-02"]).stdout_bytes
    out.write_bytes(old)
    real_write = os.fdopen

    class Failing:
        """A file object that writes half of the data, then fails as a full disk would."""

        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(velvoite.output.os, "fdopen", lambda fd, mode: Failing(real_write(fd, mode)))
    result = run(COMMANDS[fmt] + ["-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output and str(out) in result.output
    assert "Traceback" not in result.output
    assert out.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


@pytest.mark.parametrize("fmt", sorted(COMMANDS))
def test_output_is_written_whole_with_normal_permissions(fmt, tmp_path):
    out = tmp_path / f"out.{fmt}"
    result = run(COMMANDS[fmt] + ["-o", str(out)])
    assert result.exit_code == 0, result.output
    printed = run(COMMANDS[fmt]).stdout_bytes
    assert out.read_bytes() == printed
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_missing_folder_is_a_one_line_error(tmp_path):
    result = run(COMMANDS["json"] + ["-o", str(tmp_path / "no" / "such" / "out.json")])
    assert result.exit_code == 2 and "cannot write" in result.output and "Traceback" not in result.output
