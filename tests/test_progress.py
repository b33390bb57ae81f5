"""Progress on long work (issue 33): on standard error, only when it is a terminal (a pseudo-terminal
here), never in a pipe, silenced by --quiet, shown only after a second of work, and never changing
a byte of standard output or of -o."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest

from velvoite.progress import SILENT, Terminal, on_terminal

EX = "examples/records"
VELVOITE = [sys.executable, "-m", "velvoite.cli", "--config", "examples/velvoite.toml"]
AUDIT = ["audit", EX, "--region", "hva-15", "--as-of", "2026-11-29", "--format", "json", "--lang", "fi"]
REPORT = ["report", EX, "--region", "hva-15", "--as-of", "2026-11-29", "--from", "2025-01-01", "--trend", "quarterly",
          "--format", "json", "--lang", "fi"]


def run(args: list[str], terminal: bool, after: str = "0") -> tuple[bytes, str]:
    """(standard output, standard error) of velvoite, its standard error a pseudo-terminal or a pipe;
    ``after``: the seconds before a bar shows (0: at once, so that the example's short work shows)."""
    env = {**os.environ, "VELVOITE_PROGRESS_AFTER": after, "LANG": "fi_FI.UTF-8", "COLUMNS": "100"}
    if not terminal:
        done = subprocess.run(VELVOITE + args, capture_output=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout, done.stderr.decode()
    leader, follower = pty.openpty()
    with subprocess.Popen(VELVOITE + args, stdout=subprocess.PIPE, stderr=follower, env=env) as proc:
        os.close(follower)
        out = proc.stdout.read()
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            seen += chunk
        assert proc.wait(timeout=300) == 0, seen
    os.close(leader)
    return out, seen.decode("utf-8", "replace")


@pytest.mark.parametrize("args", [AUDIT, REPORT], ids=["audit", "report-trend"])
def test_progress_shows_on_a_terminal_and_never_in_a_pipe_and_stdout_is_the_same(args):
    out_tty, err_tty = run(args, terminal=True)
    out_pipe, err_pipe = run(args, terminal=False)
    assert "Luetaan" in err_tty and "Tarkastetaan" in err_tty, err_tty  # in the user's language
    assert "Luetaan" not in err_pipe and "Tarkastetaan" not in err_pipe and "\r" not in err_pipe and "\x1b" not in err_pipe
    assert out_tty == out_pipe and out_tty.startswith(b"{")


def test_quiet_silences_progress_on_a_terminal():
    out, err = run(AUDIT + ["--quiet"], terminal=True)
    assert "Luetaan" not in err and "Tarkastetaan" not in err and "\r" not in err
    assert out.startswith(b"{")


def test_the_output_file_is_the_same_with_and_without_a_terminal(tmp_path):
    for terminal, name in ((True, "tty.xlsx"), (False, "pipe.xlsx")):
        out, err = run(["report", EX, "--region", "hva-15", "--as-of", "2026-11-29", "--trend", "yearly",
                        "-o", str(tmp_path / name)], terminal=terminal)
        assert out == b""
    assert "Kirjoitetaan" in run(["report", EX, "--region", "hva-15", "--as-of", "2026-11-29", "--lang", "fi",
                                  "-o", str(tmp_path / "again.xlsx")], terminal=True)[1]
    assert (tmp_path / "tty.xlsx").read_bytes() == (tmp_path / "pipe.xlsx").read_bytes()


def test_no_bar_for_work_under_the_delay_and_one_after_it():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    with Terminal(stream, after=1.0).task("Luetaan a.csv", 100) as step:
        step(50)
    assert stream.getvalue() == "", "work under a second shows nothing"
    with Terminal(stream, after=0.05).task("Luetaan b.csv", 100) as step:
        time.sleep(0.3)  # the timer draws the bar even when the work reports rarely
        shown = stream.getvalue()
        step(100)
    assert "Luetaan b.csv" in shown and "0/100" in shown
    assert "100/100" in stream.getvalue()


def test_not_a_terminal_or_quiet_is_silent():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert on_terminal(False, io.StringIO()) is SILENT
    assert on_terminal(True, Tty()) is SILENT
    assert isinstance(on_terminal(False, Tty()), Terminal)
    with SILENT.task("x", 3) as step:
        step(1)  # does nothing, and says nothing


def test_the_library_never_asks_for_a_terminal():
    """Below the command line, progress is given, never looked for (velvoite.progress)."""
    root = Path("velvoite")
    for path in root.rglob("*.py"):
        if path.parts[1] in ("commands",) or path.name in ("progress.py", "cli.py"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "on_terminal(" not in text and "progressbar" not in text, path
