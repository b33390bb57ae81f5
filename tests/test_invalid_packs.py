"""Every hostile rule pack (tests/data/invalid_packs/, written by make_invalid_packs.py): exit
status 2, one line naming file, line and field, no traceback, nothing written, and quickly (the
hangs are refused before any loop: an alarm fails the test instead of hanging the suite)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from velvoite.cli import main

INVALID = Path(__file__).parent / "data" / "invalid_packs"
EXPECT = yaml.safe_load((INVALID / "cases.yaml").read_text("utf-8"))
SECONDS = 60  # the slowest case (the alias bomb) takes well under a second


class Hang(Exception):
    pass


def _run(args: list[str], cwd: Path):
    def alarm(_signum, _frame):
        raise Hang(f"velvoite {' '.join(args)} ran over {SECONDS} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(SECONDS)
    try:
        here = os.getcwd()
        os.chdir(cwd)
        try:
            return CliRunner().invoke(main, args)
        finally:
            os.chdir(here)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_every_invalid_pack_has_an_expectation():
    folders = {p.name for p in INVALID.iterdir() if p.is_dir() and p.name != "base"}
    assert folders == set(EXPECT)
    assert len(folders) >= 40


def test_the_base_pack_is_valid(tmp_path):
    """Each case is a change of this pack: the refusal is the change's, nothing else's."""
    result = _run(["--engine", "python", "test", str(INVALID / "base")], tmp_path)
    assert result.exit_code == 0, result.output
    assert "2 passed" in result.output


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_invalid_pack_is_refused_with_location(name, tmp_path):
    want = EXPECT[name]
    folder = INVALID / name
    packs = [str(folder / p) for p in want["packs"]]
    if want["run"] == "test":
        args = ["--engine", "python", "test", *packs]
    elif want["run"] == "audit":
        args = [arg for p in packs for arg in ("--rules", p)] + [
            "--engine", "python", "audit", str(INVALID / "records.yaml"), "--org", "kunta-179", "--from", "2008-01-01",
            "--as-of", "2024-01-01", "--format", "json"]
    else:
        args = [arg for p in packs for arg in ("--rules", p)] + ["rules"]
    result = _run(args, tmp_path)
    assert result.exit_code == 2, result.output[-500:]
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()  # velvoite test prints its progress on stdout, errors on stderr
    assert len(lines) == 1, result.output
    where = str(folder / want["file"]) + (f":{want['line']}: " if want["line"] else ": ")
    if want["field"]:
        where += f"{want['field']}: "
    assert where in lines[0], lines[0]
    assert want["text"] in lines[0], lines[0]
    assert "\x1b" not in result.output and len(lines[0]) < 400
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_refusal_is_translated(tmp_path):
    folder = INVALID / "rolling_interval_p0y"
    for lang, words in (("fi", "ei ole"), ("sv", "är inte")):
        result = _run(["--rules", str(folder), "rules", "--lang", lang], tmp_path)
        assert result.exit_code == 2 and words in result.output, result.output


def test_an_approval_before_the_instance_does_not_turn_the_chain_back():
    """Rolling periods always move forward (the loop's proof of an end): an approval dated before
    the instance it meets (a decision in effect from earlier) restarts the chain from the instance."""
    import datetime as dt

    from velvoite.periods.kinds import Rolling
    from velvoite.registry import load_registry
    from velvoite.rules.pack import load_pack

    rule = load_pack(INVALID / "base")["local-plan"]
    registry = load_registry()
    org = registry.orgs["kunta-179"]
    calls = []

    def qualifying(period, deadline):
        calls.append(period)
        if len(calls) > 10_000:  # a day's step at least: 2008..2030 is 8 036 days
            raise AssertionError("the chain does not end")
        return period.start - dt.timedelta(days=400)  # an approval from before the instance, in effect since

    instances = Rolling().instances(rule.applies[0], org, registry, dt.date(2008, 1, 1), dt.date(2030, 1, 1),
                                    dt.date(2030, 1, 1), qualifying)
    starts = [i.period.start for i in instances]
    assert starts == sorted(set(starts)) and starts[-1] <= dt.date(2030, 1, 1)
