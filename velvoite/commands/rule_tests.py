"""``velvoite test [PACK_FOLDER...]``: run the cases beside each rule, as ``openfisca test`` does.

Exit status: 0 when every case passes, 1 when any fails (or a rule has no cases), 2 on a
malformed pack or case file. Each case runs on every installed matcher unless ``--engine`` says
which; the project's own test suite runs the built-in packs through the same runner.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from velvoite.commands.translated import Command

from velvoite.commands.common import Settings
from velvoite.commands.language import MESSAGES_LANG
from velvoite.escape.terminal import one_line
from velvoite.i18n import _, ngettext


def producible(rule) -> set[str]:
    """The statuses a rule's findings can take, for the report of cases a pack lacks."""
    if rule.severity != "duty":
        return {"met", "not_evidenced"}  # advice and incentives are never missing
    statuses = {"met", "missing", "due"}
    if rule.requirements or any(a.cover for a in rule.applies):
        statuses.add("partial")
    return statuses


def echo(line: str) -> None:
    """A line of the run's account on one terminal line: case names, folders and what failed come from
    the pack's files (a carriage return or an escape sequence in them shown, never acted on)."""
    click.echo(one_line(line))


@click.command("test", cls=Command)
@click.argument("packs", nargs=-1, type=click.Path(file_okay=False, exists=True))
@click.option("-v", "--verbose", is_flag=True, help="Name every case, not only the failures.")
@MESSAGES_LANG
@click.pass_obj
def rule_tests(settings: Settings, packs, verbose) -> None:
    """Run the cases beside the rules of PACK folders (default: the built-in packs)."""
    from velvoite.engine.audit import ENGINES
    from velvoite.registry import load_registry
    from velvoite.rules.cases import case_file_for, load_cases, run_case
    from velvoite.i18n import language
    from velvoite.messages import number_text
    from velvoite.rules.pack import builtin_pack_dirs, load_pack, rule_files
    from velvoite.words.findings import STATUS

    lang = language()

    folders = [Path(p) for p in packs] or builtin_pack_dirs()
    engines = [settings.engine_choice] if settings.engine_choice else [e for e in ENGINES if _installed(e)]
    registry = settings.registry if settings.config else load_registry()
    started = time.perf_counter()
    passed, failures, notes = 0, [], []
    for folder in folders:
        rules = load_pack(folder)  # malformed: exit 2 with file, line and field
        echo(ngettext("{folder}: {n} rule", "{folder}: {n} rules", len(rules)).format(folder=folder, n=len(rules)))
        for path in rule_files(folder):
            rule = rules[path.stem]
            cases_path = case_file_for(path)
            if not cases_path.exists():
                failures.append(_("{rule}: no cases ({file} beside the rule)").format(rule=rule.id, file=cases_path.name))
                echo(f"  {rule.id} F")
                continue
            cases = load_cases(cases_path).cases
            marks = []
            for case in cases:
                for engine in engines:
                    problems = run_case(rule, case, registry, engine)
                    if problems:
                        failures.append(f"{rule.id}::{case.name} [{engine}]: " + "; ".join(problems))
                    else:
                        passed += 1
                    marks.append("F" if problems else ".")
                    if verbose:
                        echo(f"  {rule.id}::{case.name} [{engine}] " + (_("FAILED") if problems else _("passed")))
            if not verbose:
                echo(f"  {rule.id} {''.join(marks)}")
            lacking = producible(rule) - {e.status for c in cases for e in c.expect}
            if lacking:
                notes.append(_("{rule}: no case for {statuses}").format(
                    rule=rule.id, statuses=", ".join(STATUS[lang][s] for s in sorted(lacking))))
    for failure in failures:
        echo(_("FAILED {failure}").format(failure=failure))
    for note in notes:
        echo(_("note: {note}").format(note=note))
    seconds = time.perf_counter() - started
    summary = ngettext("{n} passed", "{n} passed", passed).format(n=passed)
    if failures:
        summary += ", " + ngettext("{n} failed", "{n} failed", len(failures)).format(n=len(failures))
    summary += " " + _("in {seconds} s").format(seconds=number_text(round(seconds, 2), lang))
    click.echo(f"{'=' * 10} {summary} {'=' * 10}")
    if failures:
        sys.exit(1)


def _installed(engine: str) -> bool:
    if engine != "durable":
        return True
    from velvoite.engine.match_durable import available

    return available()
