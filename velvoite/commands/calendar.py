"""``velvoite calendar`` (an iCalendar file of the coming deadlines) and ``velvoite serve`` (the same
as subscribable feeds)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from velvoite.commands.translated import Command

from velvoite.commands.common import (DATE, INCLUDE, LANG, ORGS, OUTPUT, QUIET, REGION, Settings, UserError,
                                      format_for, paths_argument, refuse_if_read, today, write)
from velvoite.i18n import _


class Remind(click.ParamType):
    """``30,7``: reminders that many days before each date; an empty value means none."""

    name = "DAYS"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        try:
            days = tuple(int(p) for p in str(value).split(",") if p.strip())
        except ValueError:
            self.fail(_("{value!r} is not a comma-separated list of days, e.g. 30,7").format(value=value), param, ctx)
        if any(d < 0 or d > 3660 for d in days):
            self.fail(_("{value!r}: days must be between 0 and 3660").format(value=value), param, ctx)
        return days


def source_date_epoch():
    """SOURCE_DATE_EPOCH (reproducible builds) as the DTSTAMP of every event, when set."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise UserError(_("SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970").format(value=value)) from None


def _holds_something(output: str) -> bool:
    """Whether the -o file is there to be read as the earlier export: an empty file (``touch``) holds
    nothing to update or to lose, so it is written as a new file."""
    path = Path(output)
    return path.is_file() and path.stat().st_size > 0


def calendar_name(registry, orgs: tuple[str, ...], region: str | None, lang: str) -> str:
    named = [registry.resolve(r).name(lang) for r in orgs]
    if region:
        named.insert(0, registry.resolve(region).name(lang))
    return ", ".join(named)


@click.command(cls=Command)
@paths_argument
@ORGS
@REGION
@click.option("--as-of", type=DATE, default=None, help="Deadlines from this date (default: today).")
@click.option("--until", type=DATE, default=None,
              help="Deadlines up to this date (default: the end of the current council term).")
@click.option("--remind", type=Remind(), default="30,7", show_default=True,
              help="Reminders this many days before each date.")
@click.option("--include-met", is_flag=True, help="Also export met duties, marked done (✓).")
@LANG
@click.option("--previous", type=click.Path(dir_okay=False, exists=True), default=None,
              help="An earlier export, to raise SEQUENCE of changed entries (default: the -o file).")
@INCLUDE
@OUTPUT
@QUIET
@click.pass_obj
def calendar(settings: Settings, paths, orgs, region, as_of, until, remind, include_met,
             lang, previous, include, output) -> None:
    """Export the coming deadlines of --org or --region as an iCalendar file."""
    from velvoite.calendar.ics import export_calendar
    from velvoite.engine.scope import given_scope

    if not orgs and not region:
        raise click.UsageError(_("give --org or --region"))
    for path in paths:  # what the run reads, known before -o is checked
        settings.inputs.add(path)
    format_for(None, output, "calendar", "ics")
    registry = settings.registry
    chosen = given_scope(registry, orgs, region)
    records = settings.records(paths, scope=chosen)
    lang = settings.lang(lang)
    settings.inputs.add(previous)  # -o onto it is refused; -o alone updates its own earlier export
    refuse_if_read(output)  # before the -o file is read as the previous export
    prev_path = previous or (output if output and output != "-" and _holds_something(output) else None)
    from velvoite.calendar.previous import read_previous

    notes: list[str] = []
    data = export_calendar(settings.system, records, chosen, calendar_name(registry, orgs, region, lang),
                           as_of or today(), until, lang=lang, include=include, remind=remind,
                           include_met=include_met, stamp=source_date_epoch(),
                           previous=read_previous(prev_path) if prev_path else None, notes=notes,
                           replaces_previous=prev_path is not None and not previous, progress=settings.progress)
    for note in notes:
        click.echo(_("velvoite: note: {note}").format(note=note), err=True)
    write(data, output)
