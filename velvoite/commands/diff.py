"""``velvoite diff``: what changed between two audits (two audit JSON files, or the same records
as of two dates)."""

from __future__ import annotations

import sys

import click

from velvoite.commands.translated import Command

from velvoite.commands.common import CSV_DIALECT, DATE, LANG, OUTPUT, Settings, format_for, write
from velvoite.i18n import _


@click.command(cls=Command)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--from-date", type=DATE, default=None, help="With record files: the earlier as-of date.")
@click.option("--to-date", type=DATE, default=None, help="With record files: the later as-of date.")
@click.option("--org", "orgs", multiple=True, help="With record files: organisation id, code or name (repeatable).")
@click.option("--region", help="With record files: a county and its municipalities.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "md", "csv"]), default=None,
              help="Output format (default: from the -o extension, else table).")
@LANG
@click.option("--fail-on-worse", is_flag=True, help="Exit 1 when any finding got worse.")
@CSV_DIALECT
@OUTPUT
@click.pass_obj
def diff(settings: Settings, paths, from_date, to_date, orgs, region, fmt, lang, fail_on_worse, csv_dialect,
         output) -> None:
    """What changed: OLD.json NEW.json (audit JSON files), or RECORDS... --from-date D1 --to-date D2."""
    from velvoite.reports.diff import as_mapping, compare, read_audit, render

    for path in paths:  # what the run reads, known before -o is checked
        settings.inputs.add(path)
    fmt = format_for(fmt, output, "diff", "table")
    lang = settings.lang(lang)
    if from_date is None and to_date is None:
        if len(paths) != 2 or not all(p.endswith(".json") for p in paths):
            raise click.UsageError(_("give two audit JSON files (OLD NEW), or record files with --from-date and "
                                     "--to-date"))
        old, new = (read_audit(p) for p in paths)
    else:
        if from_date is None or to_date is None:
            raise click.UsageError(_("give both --from-date and --to-date"))
        if from_date > to_date:
            raise click.UsageError(_("--from-date {start} is after --to-date {end}").format(start=from_date, end=to_date))
        from velvoite.engine.scope import scope

        system = settings.system
        registry = system.registry
        records = system.load_records(paths)
        chosen = scope(registry, orgs, region, records)
        start = min(system.audit_start, from_date)  # both audits over the same range, as velvoite audit's default
        old, new = (as_mapping(system.audit(records, chosen, day, start=start, lang=lang))
                    for day in (from_date, to_date))
    result = compare(old, new)
    from velvoite.escape.sheet import dialect_for

    rules = settings.all_rules if fmt in ("table", "md") else {}  # duties by their titles
    write(render(result, fmt, dialect_for(csv_dialect, lang), lang, rules), output)
    if fail_on_worse and result.worse():
        sys.exit(1)
