"""``velvoite audit``: the findings of the organisations in scope, as table, JSON, CSV or Markdown."""

from __future__ import annotations

import sys

import click

from velvoite.commands.translated import Command

from velvoite.commands.common import (AUDIT_START, CSV_DIALECT, DATE, INCLUDE, LANG, ORGS, OUTPUT, QUIET, REGION,
                                      Settings, format_for, paths_argument, write, writing)
from velvoite.gcpause import freeze, paused
from velvoite.reports import FORMATS

FAIL_ON_LEVELS = ["missing", "partial", "due", "late"]  # velvoite.engine.finding.FAIL_ON, without importing the engine at start


@click.command(cls=Command)
@paths_argument
@click.option("--as-of", type=DATE, default=None, help="Evaluate as of this date (default: today).")
@click.option("--from", "start", type=DATE, default=AUDIT_START.isoformat(), show_default=True,
              help="First day of the audit range.")
@ORGS
@REGION
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="Output format (default: from the -o extension, else table).")
@LANG
@click.option("--fail-on", type=click.Choice(FAIL_ON_LEVELS), default=None,
              help="Exit 1 when any duty is this bad: missing; partial (or missing); due (or partial or missing); "
                   "late (met after its deadline, or missing).")
@INCLUDE
@CSV_DIALECT
@OUTPUT
@QUIET
@click.pass_obj
def audit(settings: Settings, paths, as_of, start, orgs, region, fmt, lang, fail_on,
          include, csv_dialect, output) -> None:
    """Audit the obligations of the organisations in PATHS (record files or folders)."""
    # The run, from its imports to its output, with the collector paused (velvoite.gcpause): the packs,
    # the registry, the records (frozen once loaded), the obligations, matches and findings hold no cycles,
    # so the collector would only walk them (0.1-0.15 s CPU of a 100 000-record audit; the start, its
    # imports and the packs, about 13 ms more; issue 31)
    with paused():
        from velvoite.engine.finding import fails
        from velvoite.engine.scope import given_scope, scope
        from velvoite.escape.sheet import dialect_for
        from velvoite.reports import AuditOptions, render

        for path in paths:  # what the run reads, known before -o is checked
            settings.inputs.add(path)
        fmt = format_for(fmt, output, "audit", "table")
        system = settings.system
        registry = system.registry
        chosen = given_scope(registry, orgs, region)
        records = system.load_records(paths, chosen, locate=fmt == "sarif")  # SARIF points at each evidence
        lang = settings.lang(lang)
        colour = fmt == "table" and output in (None, "-") and sys.stdout.isatty()
        result = system.audit(records, chosen or scope(registry, orgs, region, records), as_of, start=start,
                              lang=lang, include=include, progress=settings.progress)
        with writing(output):
            write(render(fmt, result, lang, AuditOptions(
                colour=colour, orgs=registry.orgs, rules=settings.all_rules, sources=settings.sources,
                rule_packs=settings.rule_packs, paths=paths, dialect=dialect_for(csv_dialect, lang))), output)
        freeze()  # the findings live to the end of the run: the collector, running again, would walk them all
        # once (a young generation of 70 000 objects, 35 ms CPU at 100 000 records) to free nothing
    if fails(result.findings, fail_on):
        sys.exit(1)
