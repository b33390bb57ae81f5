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


# Where -o points: nothing the path names is destroyed (issue "Nothing lost").

AUDIT = ["audit", EX, "--org", "Jyväskylä", "--as-of", "2026-11-29", "--format", "json"]


def test_dash_writes_to_stdout():
    plain, dashed = run(AUDIT), run([*AUDIT, "-o", "-"])
    assert dashed.exit_code == 0 and dashed.stdout == plain.stdout and dashed.stdout.startswith("{")
    assert not os.path.exists("-")  # no file called '-'


def test_a_fifo_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = {}
    import threading

    reader = threading.Thread(target=lambda: got.setdefault("data", fifo.read_bytes()))
    reader.start()
    result = run([*AUDIT, "-o", str(fifo)])
    reader.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert got["data"].startswith(b"{") and b'"findings"' in got["data"]


def test_a_character_device_is_written_through(tmp_path):
    """/dev/null stands for /dev/stdout: as root, renaming over it would replace the device."""
    before = os.stat("/dev/null")
    result = run([*AUDIT, "-o", "/dev/null"])
    after = os.stat("/dev/null")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino and after.st_rdev == before.st_rdev
    assert not any(p.name.startswith(".null.") for p in __import__("pathlib").Path("/dev").iterdir())


def test_standard_output_into_a_log_is_added_to(tmp_path):
    """-o /dev/stdout with stdout appended to a file (``>> log``) writes where the stream stands, as
    a shell does: the earlier lines stay (they were replaced, the file renamed over)."""
    import subprocess
    import sys

    log = tmp_path / "audit.log"
    log.write_bytes(b"earlier run\n")
    for _ in range(2):
        with open(log, "ab") as out:
            done = subprocess.run([sys.executable, "-m", "velvoite.cli", "--config", "examples/velvoite.toml", *AUDIT,
                                   "-o", "/dev/stdout"], stdout=out, stderr=subprocess.PIPE, timeout=300)
        assert done.returncode == 0, done.stderr
    text = log.read_bytes()
    assert text.startswith(b"earlier run\n{") and text.count(b'"findings"') == 2


def test_a_symlink_stays_a_link_and_its_target_is_updated(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old", "utf-8")
    os.chmod(target, 0o640)
    link = tmp_path / "latest.json"
    link.symlink_to(target.name)
    assert run([*AUDIT, "-o", str(link)]).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == target.name
    assert target.read_text("utf-8").startswith("{")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    dangling = tmp_path / "new.json"
    dangling.symlink_to("made-by-velvoite.json")
    assert run([*AUDIT, "-o", str(dangling)]).exit_code == 0
    assert dangling.is_symlink() and (tmp_path / "made-by-velvoite.json").read_text("utf-8").startswith("{")


def test_an_existing_files_permissions_are_kept(tmp_path):
    out = tmp_path / "audit.json"
    out.write_text("old", "utf-8")
    os.chmod(out, 0o600)
    assert run([*AUDIT, "-o", str(out)]).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_text("utf-8").startswith("{")


STOP_DURING_WRITE = """
import os, signal, sys
import velvoite.output
real, SIG = os.fsync, getattr(signal, sys.argv[1])
# Ctrl-C in a terminal: Python ignores SIGINT when started from a shell's background job (the
# suite run with &), where no KeyboardInterrupt would come.
signal.signal(signal.SIGINT, signal.default_int_handler)
def fsync(fd):
    os.kill(os.getpid(), SIG)
    real(fd)
velvoite.output.os.fsync = fsync
from velvoite.cli import main
sys.argv = ["velvoite", *sys.argv[2:]]
main()
"""


@pytest.mark.parametrize("signame, code", [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_signal_during_the_write_keeps_the_old_file(signame, code, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "audit.json"
    out.write_text("the previous output\n", "utf-8")
    proc = subprocess.run([sys.executable, "-c", STOP_DURING_WRITE, signame, "--config", "examples/velvoite.toml",
                           *AUDIT, "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == code, proc.stderr
    said = [line for line in proc.stderr.splitlines() if line.strip() and not line.startswith("velvoite: note: ")]
    assert "Traceback" not in proc.stderr and len(said) == 1, proc.stderr
    assert out.read_text("utf-8") == "the previous output\n"
    assert [p.name for p in tmp_path.iterdir()] == ["audit.json"]
