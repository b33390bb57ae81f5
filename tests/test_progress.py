"""Progress on long work (issue 33): on standard error, only when it is a terminal (a pseudo-terminal
here), never in a pipe, silenced by --quiet, shown only after a second of work, and never changing
a byte of standard output or of -o."""

from __future__ import annotations

import datetime as dt
import io
import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest

from velvoite.progress import SILENT, Progress, Terminal, _Step, on_terminal

EX = "examples/records"
VELVOITE = [sys.executable, "-m", "velvoite.cli", "--config", "examples/velvoite.toml"]
AUDIT = ["audit", EX, "--region", "hva-15", "--as-of", "2026-11-29", "--format", "json", "--lang", "fi"]
REPORT = ["report", EX, "--region", "hva-15", "--as-of", "2026-11-29", "--from", "2025-01-01", "--trend", "quarterly",
          "--format", "json", "--lang", "fi"]


def run(args: list[str], terminal: bool, after: str = "0", codes: tuple[int, ...] = (0,),
        env: dict | None = None) -> tuple[bytes, str]:
    """(standard output, standard error) of velvoite, its standard error a pseudo-terminal or a pipe;
    ``after``: the seconds before a bar shows (0: at once, so that the example's short work shows);
    ``codes``: the exit statuses expected."""
    env = {**os.environ, "VELVOITE_PROGRESS_AFTER": after, "LANG": "fi_FI.UTF-8", "COLUMNS": "100", **(env or {})}
    if not terminal:
        done = subprocess.run(VELVOITE + args, capture_output=True, env=env, timeout=300)
        assert done.returncode in codes, done.stderr
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
        assert proc.wait(timeout=300) in codes, seen
    os.close(leader)
    return out, seen.decode("utf-8", "replace")


@pytest.mark.parametrize("args", [AUDIT, REPORT], ids=["audit", "report-trend"])
def test_progress_shows_on_a_terminal_and_never_in_a_pipe_and_stdout_is_the_same(args):
    out_tty, err_tty = run(args, terminal=True)
    out_pipe, err_pipe = run(args, terminal=False)
    assert "Luetaan" in err_tty and "Tarkastetaan" in err_tty, err_tty  # in the user's language
    assert "Luetaan" not in err_pipe and "Tarkastetaan" not in err_pipe and "\r" not in err_pipe and "\x1b" not in err_pipe
    assert out_tty == out_pipe and out_tty.startswith(b"{")


def shows(err: str, *words: str) -> bool:
    """Whether standard error shows a bar with each of ``words`` (a bar: drawn over itself with a carriage return)."""
    return "\r" in err and all(w in err for w in words)


def same_on_a_terminal_and_in_a_pipe(args: list[str], words: tuple[str, ...], **options) -> None:
    """The bar with ``words`` under a pseudo-terminal, nothing of it in a pipe nor with --quiet, and
    the same standard output in all three."""
    out_tty, err_tty = run(args, terminal=True, **options)
    out_pipe, err_pipe = run(args, terminal=False, **options)
    out_quiet, err_quiet = run(args + ["--quiet"], terminal=True, **options)
    assert shows(err_tty, *words), err_tty
    for err in (err_pipe, err_quiet):
        assert not any(w in err for w in words) and "\r" not in err and "\x1b" not in err, err
    assert out_tty == out_pipe == out_quiet and out_tty


HARVEST = Path("tests/data/harvest")


def test_harvest_shows_the_minutes_read_of_all_the_sources():
    """A folder counts its minutes files, a file one: the bar's total is every document (issue 33)."""
    from velvoite.harvest.pipeline import SUFFIXES

    one = sorted(HARVEST.glob("*.html"))[0]
    n = sum(1 for p in HARVEST.iterdir() if p.suffix.casefold() in SUFFIXES) + 1
    args = ["harvest", str(HARVEST), str(one), "--format", "json", "--lang", "fi"]
    same_on_a_terminal_and_in_a_pipe(args, ("Luetaan pöytäkirjoja", f"{n}/{n}"))


def test_law_check_online_shows_the_acts_fetched(tmp_path):
    from tests.servers import serving
    from tests.test_law_watch import _finlex_app

    with serving(_finlex_app([], refuse_first=False)) as port:  # each run from its own cache: all fetched again
        args = ["--pack", "pelastus", "law", "check", "--online", "--api", f"http://127.0.0.1:{port}/v1",
                "--format", "json", "--as-of", "2026-11-29", "--lang", "fi"]
        outputs = []
        for terminal, extra in ((True, []), (False, []), (True, ["--quiet"])):
            cache = tmp_path / f"cache{len(outputs)}"
            outputs.append(run(args + extra, terminal, codes=(0, 1), env={"XDG_CACHE_HOME": str(cache)}))
    (out_tty, err_tty), (out_pipe, err_pipe), (out_quiet, err_quiet) = outputs
    assert shows(err_tty, "Haetaan 3 säädöstä Finlexistä", "3/3"), err_tty
    for err in (err_pipe, err_quiet):
        assert "Finlex" not in err and "\r" not in err, err
    assert out_tty == out_pipe == out_quiet and b'"613/2021"' in out_tty


@pytest.mark.parametrize("command", ["calendar", "yearclock"])
def test_calendar_and_yearclock_show_reading_and_auditing(command):
    args = [command, EX, "--region", "hva-15", "--as-of", "2026-11-29", "--lang", "fi"]
    same_on_a_terminal_and_in_a_pipe(args, ("Luetaan", "Tarkastetaan"), env={"SOURCE_DATE_EPOCH": "1764000000"})


def test_the_durable_matcher_reports_its_progress_too(monkeypatch):
    """With --engine durable the bar moves while matching (after each request to the worker), not
    only while classifying: the matching half climbs in steps to every obligation."""
    from velvoite.commands.common import Settings
    from velvoite.engine import match_durable
    from velvoite.engine.audit import run_audit
    from velvoite.engine.scope import given_scope

    if not match_durable.available():
        pytest.skip("durable-rules is not installed")
    heard: list[tuple[int | None, list[int]]] = []

    class Heard(Progress):
        def task(self, label, total=None):
            heard.append((total, []))

            class Step(_Step):
                def __call__(self, position):
                    heard[-1][1].append(position)
            return Step()

    monkeypatch.setattr(match_durable, "REQUEST_CHARS", 1)  # a request per organisation and kinds: many steps
    settings = Settings("durable", "examples/velvoite.toml", ())
    chosen = given_scope(settings.registry, (), "hva-15")
    records = settings.records([EX], scope=chosen)
    audit = run_audit(records, settings.registry, settings.rules_for(), chosen, dt.date(2026, 11, 29),
                      dt.date(2023, 1, 1), engine="durable", progress=Heard(), use_columnar=False)
    [(total, positions)] = heard
    assert audit.findings and total
    matching = [p for p in positions if p <= total // 2]
    assert len(set(matching)) > 5 and max(matching) == total // 2, positions
    assert matching == sorted(matching)


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
