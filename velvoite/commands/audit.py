"""``velvoite audit``: the findings of the organisations in scope, as table, JSON, CSV or Markdown."""

from __future__ import annotations

import sys

import click

from velvoite.commands.common import (DATE, INCLUDE, LANG_CHOICE, OUTPUT, Settings, apply_read_options, paths_argument,
                                      scope, today, write)

FAIL_ON = {"partial": ("partial", "missing"), "missing": ("missing",)}


def failed(findings, fail_on: str | None) -> bool:
    """Whether ``--fail-on`` is triggered: any finding of a duty at least as bad as asked."""
    from velvoite.engine.finding import duties

    bad = FAIL_ON.get(fail_on or "", ())
    return any(f.status in bad for f in duties(findings))


@click.command()
@paths_argument
@click.option("--as-of", type=DATE, default=None, help="Evaluate as of this date (default: today).")
@click.option("--from", "start", type=DATE, default="2023-01-01", show_default=True,
              help="First day of the audit range.")
@click.option("--org", "orgs", multiple=True, help="Organisation id, code or name (repeatable).")
@click.option("--region", help="A county and its municipalities; kunta-091 is Helsinki.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "md"]), default="table",
              show_default=True)
@click.option("--lang", type=LANG_CHOICE, default=None, help="Language (default: config, locale, en).")
@click.option("--fail-on", type=click.Choice(sorted(FAIL_ON)), default=None,
              help="Exit 1 when any finding is this bad (partial includes missing).")
@INCLUDE
@OUTPUT
@click.pass_obj
def audit(settings: Settings, paths, skip_unknown, allow_future, as_of, start, orgs, region, fmt, lang, fail_on,
          include, output) -> None:
    """Audit the obligations of the organisations in PATHS (record files or folders)."""
    from velvoite.engine import run_audit
    from velvoite.reports import render

    apply_read_options(settings, skip_unknown, allow_future)
    registry = settings.registry
    records = settings.records(paths)
    lang = settings.lang(lang)
    result = run_audit(records, registry, settings.rules_for(include), scope(registry, orgs, region, records),
                       as_of or today(), start, engine=settings.engine, lang=lang, waivers=settings.waivers)
    colour = fmt == "table" and output in (None, "-") and sys.stdout.isatty()
    write(render(fmt, result, lang, colour=colour, orgs=registry.orgs), output)
    if failed(result.findings, fail_on):
        sys.exit(1)
