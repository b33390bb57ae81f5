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
