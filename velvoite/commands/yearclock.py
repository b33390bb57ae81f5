"""``velvoite yearclock``: the year's rhythm (vuosikello) with the statutory deadlines of the
organisations chosen, as one HTML page (or the bare SVG picture)."""

from __future__ import annotations

import datetime as dt

import click

from velvoite.commands.common import (DATE, LANG, ORGS, OUTPUT, QUIET, REGION, Settings, format_for, paths_argument,
                                      today, write)
from velvoite.commands.translated import Command
from velvoite.i18n import _


@click.command(cls=Command)
@paths_argument
@ORGS
@REGION
@click.option("--year", type=click.IntRange(2023, 2100), default=None,
              help="The year drawn (default: the year of --as-of).")
@click.option("--as-of", type=DATE, default=None, help="Statuses as of this date (default: today).")
@LANG
@click.option("--format", "fmt", type=click.Choice(["html", "svg"]), default=None,
              help="A page, or the picture alone (default: from the -o extension, else html).")
@OUTPUT
@QUIET
@click.pass_obj
def yearclock(settings: Settings, paths, orgs, region, year, as_of, lang, fmt, output) -> None:
    """The year's rhythm (vuosikello) with this year's deadlines of --org or --region."""
    from velvoite.commands.calendar import calendar_name
    from velvoite.engine.scope import given_scope
    from velvoite.reports import yearclock as clock

    if not orgs and not region:
        raise click.UsageError(_("give --org or --region"))
    for path in paths:  # what the run reads, known before -o is checked
        settings.inputs.add(path)
    fmt = format_for(fmt, output, "yearclock", "html")
    system = settings.system
    registry, rules = system.registry, system.rules_for()
    chosen = given_scope(registry, orgs, region)
    records = system.load_records(paths, chosen)
    lang = settings.lang(lang)
    as_of = as_of or today()
    year = year or as_of.year
    audit = system.audit(records, chosen, as_of, until=dt.date(year, 12, 31), lang=lang,
                         progress=settings.progress)
    drawn = clock.drawer(rules, year, lang)(audit.findings)
    name = calendar_name(registry, orgs, region, lang)
    if fmt == "svg":
        write(clock.picture(drawn, lang), output)
    else:
        write(clock.page(drawn, name, lang, as_of, system.audit_start, audit.engine), output)
