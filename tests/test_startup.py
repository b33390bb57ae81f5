"""What the command line's start does not import (issue 31: start-up is paid by every run): ``--help``
and ``--version`` answer without the engine, the records' loader, the rule packs, pydantic or YAML.
Each runs in a fresh interpreter, since the suite's own process has imported everything."""

from __future__ import annotations

import subprocess
from pathlib import Path
import sys

import pytest

HEAVY = ("velvoite.engine", "velvoite.records", "velvoite.rules", "velvoite.columnar", "pydantic", "yaml", "polars")

PROBE = """
import sys
from click.testing import CliRunner
from velvoite.cli import main
result = CliRunner().invoke(main, {args!r})
print(result.exit_code)
print(result.output)
print("\\n".join(sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r} or ".".join(m.split(".")[:2]) in {heavy!r})))
"""


def _run(args: list[str]) -> tuple[int, str, list[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)], capture_output=True,
                          text=True, check=True)
    code, rest = done.stdout.split("\n", 1)
    output, _, modules = rest.rpartition("\n\n")
    return int(code), output, modules.split()


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_the_start_imports_no_engine_records_or_rules(args):
    code, output, modules = _run(args)
    assert code == 0 and output
    assert modules == [], modules


def test_version_names_the_engine_choice_as_the_engine_does():
    from velvoite import __version__
    from velvoite.engine.audit import ENGINES, default_engine
    from velvoite.engine.match_durable import available

    code, output, _modules = _run(["--version"])
    assert output.startswith(f"velvoite {__version__} (engine: auto: {default_engine()} ")
    assert ("durable-rules installed" in output) == available() and ENGINES == ("durable", "python")



FROZEN = """
import gc
from click.testing import CliRunner
import velvoite.system
from velvoite.cli import main
after_loading = []
load = velvoite.system.System.load_records
def marked(self, *args, **kwargs):
    records = load(self, *args, **kwargs)
    after_loading.append(gc.get_freeze_count())
    return records
velvoite.system.System.load_records = marked
result = CliRunner().invoke(main, ["audit", "examples/records", "--as-of", "2026-11-29", "--format", "json"])
print(result.exit_code, after_loading[0] > 0, gc.get_freeze_count() > after_loading[0])
"""


def test_an_audit_leaves_the_collector_nothing_to_walk():
    """The records are frozen once loaded and the findings once written (velvoite.gcpause): the
    collector, running again after the paused run, would walk every finding once to free nothing (a
    young generation of 70 000 objects, 35 ms CPU at 100 000 records)."""
    done = subprocess.run([sys.executable, "-c", FROZEN], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.stdout.split("\n")[0] == "0 True True", done.stdout


RUN = """
import sys
from click.testing import CliRunner
from velvoite.cli import main
result = CliRunner().invoke(main, {args!r})
print(result.exit_code)
print("\\n".join(sorted(m for m in sys.modules if m.startswith("velvoite."))))
"""
RECORDS = Path(__file__).resolve().parent.parent / "examples" / "records" / "kunnat-2023-2026.csv"


@pytest.mark.parametrize("command,options,output", [
    ("audit", [], "out.json"), ("calendar", ["--region", "hva-15"], "out.ics"),
    ("report", ["--region", "hva-15"], "out.html")])
def test_a_command_that_reads_records_imports_no_other_command(tmp_path, command, options, output):
    """A command's module is imported when the command runs (``velvoite.commands.Commands``): an audit
    does without the server, the law watch, the database, the users, harvest and their imports."""
    args = [command, str(RECORDS), *options, "--as-of", "2026-11-29", "-o", str(tmp_path / output)]
    done = subprocess.run([sys.executable, "-c", RUN.format(args=args)], capture_output=True, text=True, check=True)
    code, *modules = done.stdout.split()
    assert code == "0", done.stdout
    commands = {m for m in modules if m.startswith("velvoite.commands.")}
    assert commands == {f"velvoite.commands.{m}" for m in ("common", "extensions", "translated", command)}, commands
    assert not [m for m in modules if m.startswith(("velvoite.harvest", "velvoite.law", "velvoite.web.server"))]


def test_dates_in_words_import_babel_dates_when_they_are_written():
    """babel.dates finds the machine's time zone when imported (babel.localtime, pytz: about 20 ms):
    ``velvoite.messages`` imports it for the first date it writes in fi or sv, not at its own import."""
    done = subprocess.run([sys.executable, "-c", "import sys, datetime\nfrom velvoite import messages\n"
                           "print('babel.dates' in sys.modules, messages.date_text(datetime.date(2024, 12, 31), 'en'))\n"
                           "print(messages.date_text(datetime.date(2024, 12, 31), 'fi'), "
                           "messages.date_text(datetime.date(2024, 1, 2), 'sv'))"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["False 2024-12-31", "31.12.2024 2.1.2024"], done.stdout
