"""``velvoite report`` (a region's or the country's gap report) and ``velvoite template`` (a sheet to
collect the expected activities in)."""

from __future__ import annotations

from pathlib import Path

import click

from velvoite.commands.translated import Command

from velvoite.commands.common import (AUDIT_START, CSV_DIALECT, DATE, INCLUDE, LANG, LANG_CHOICE, OUTPUT, QUIET,
                                      REGION, Settings, UserError, format_for, paths_argument, today, write, writing)

from velvoite.reports import REPORT_FORMATS
from velvoite.i18n import _

TREND_CHOICES = ["monthly", "quarterly", "yearly"]  # reports.trend.EVERY, without importing the reports at start


@click.command(cls=Command)
@paths_argument
@REGION
@click.option("--national", is_flag=True, help="Every organisation, one row per county.")
@click.option("--as-of", type=DATE, default=None, help="Evaluate as of this date (default: today).")
@click.option("--from", "start", type=DATE, default=AUDIT_START.isoformat(), show_default=True,
              help="First day of the periods shown.")
@click.option("--trend", "every", type=click.Choice(TREND_CHOICES), default=None,
              help="Add the trend: the share met at the end of each month, quarter or year from --from to --as-of.")
@LANG
@click.option("--format", "fmt", type=click.Choice(list(REPORT_FORMATS)), default=None,
              help="Output format (default: from the -o extension, else html).")
@INCLUDE
@click.option("--since", type=click.Path(dir_okay=False, exists=True), default=None,
              help="An earlier audit JSON (velvoite audit --format json): add what changed since it.")
@CSV_DIALECT
@click.option("-o", "--output", type=click.Path(dir_okay=True, allow_dash=True), default=None,
              help="Write to a file ('-': standard output). With --national, a folder (DIR/) gets an index page "
                   "and one page per county.")
@QUIET
@click.pass_obj
def report(settings: Settings, paths, region, national, as_of, start, every, lang, fmt,
           include, since, csv_dialect, output) -> None:
    """A gap report of a region or of the whole country: matrix, gaps, due next."""
    from velvoite.reports.gap_run import gap_of, rendered

    if bool(region) == bool(national):
        raise click.UsageError(_("give either --region REF or --national"))
    from velvoite.output import is_folder

    for path in paths:  # what the run reads, known before -o is checked
        settings.inputs.add(path)
    if not is_folder(output):  # the format the -o name says, checked before the work
        fmt = format_for(fmt, output, "report", "html")
    if fmt == "pdf":
        from velvoite.reports.pdf import missing

        if missing():
            raise UserError(missing())
    registry, rules = settings.registry, settings.rules_for(include)
    in_region = registry.region(region) if region else None  # the county (or Helsinki) first
    records = settings.records(paths, scope=in_region)
    lang = settings.lang(lang)
    as_of = as_of or today()
    if start > as_of:
        raise UserError(_("--from {start} is after --as-of {as_of}").format(start=start, as_of=as_of))
    audit_result, gap = gap_of(settings.system, records, in_region[0] if in_region else None, as_of, start, lang,
                               every, settings.progress, include)
    old = None
    if since:
        from velvoite.reports.diff import read_audit, titled
        from velvoite.reports.gap import with_changes

        settings.inputs.add(since)
        old = read_audit(since)
        gap = titled(with_changes(gap, old, audit_result, registry), rules)  # each duty by its title
    from velvoite.escape.sheet import dialect_for
    from velvoite.reports import is_binary

    fmt = fmt or "html"
    if is_folder(output):
        if not national or fmt != "html":
            raise UserError(_("-o {folder}: a folder takes the national report's pages (--national, html); "
                              "give a file name").format(folder=output))
        from velvoite.output import write_set
        from velvoite.reports.national_set import pages
        from velvoite.reports.yearclock import drawer

        clock = drawer(rules, as_of.year, lang)
        files = pages(gap, audit_result, registry, rules, records, lang, settings.waivers, clock, old)
        for name in files:
            settings.inputs.refuse_if_read(Path(output) / name)
        with writing(output):
            write_set(output, files)
        return
    with writing(output):
        write(rendered(fmt, gap, audit_result, records, registry, rules, as_of, lang, dialect_for(csv_dialect, lang)),
              output, binary=is_binary(fmt))


@click.command(cls=Command)
@click.option("--region", required=True, help="A county and its municipalities; kunta-091 is Helsinki.")
@click.option("--org", "orgs", multiple=True, help="Only these organisations of the region (repeatable).")
@click.option("--from", "start", type=DATE, default=AUDIT_START.isoformat(), show_default=True)
@click.option("--until", type=DATE, default=None, help="Last day (default: today).")
@click.option("--lang", type=LANG_CHOICE, default=None)
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None,
              help="Default: from the -o extension, else xlsx.")
@CSV_DIALECT
@OUTPUT
@click.pass_obj
def template(settings: Settings, region, orgs, start, until, lang, fmt, csv_dialect, output) -> None:
    """A pre-filled sheet of the activities expected of a region, to fill in and audit."""
    from velvoite.reports import template as tpl

    registry = settings.registry
    lang = settings.lang(lang)
    until = until or today()
    if start > until:
        raise UserError(_("--from {start} is after --until {until}").format(start=start, until=until))
    scope = registry.region(region)
    if orgs:
        wanted = {registry.resolve(o).id for o in orgs}
        scope = [o for o in scope if o.id in wanted]
    table = tpl.rows(registry, settings.rules_for(), scope, start, until, lang)
    fmt = format_for(fmt, output, "template", "xlsx")
    if fmt == "xlsx":
        write(tpl.xlsx_template(table, lang, until, start), output, binary=True)
    else:
        from velvoite.escape.sheet import dialect_for

        write(tpl.csv_template(table, dialect_for(csv_dialect, lang)), output)
