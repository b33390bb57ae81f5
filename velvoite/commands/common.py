"""What every command shares: the workspace settings, the date option type, writing the result.

Today's date is read only in the commands (``today()``); everything below them takes it as input.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import click

from velvoite.commands.extensions import chosen
from velvoite.i18n import LANGUAGES, _
from velvoite.inputs import Inputs
from velvoite.system import AUDIT_START, System

LANG_CHOICE = click.Choice(LANGUAGES)
CONFIG_NAME = "velvoite.toml"


class UserError(click.ClickException):
    """A problem the user can fix; printed without a traceback, exit status 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"velvoite: {self.format_message()}", err=True)


class Date(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        from velvoite.days import EARLIEST_RECORD, LAST_VALID
        from velvoite.records.model import parse_date

        try:
            day = parse_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        if not EARLIEST_RECORD <= day <= LAST_VALID:  # the days records may have: periods beyond would overflow
            self.fail(_("{day} is outside the days velvoite checks ({first} to {last})").format(
                day=day.isoformat(), first=EARLIEST_RECORD.isoformat(), last=LAST_VALID.isoformat()), param, ctx)
        return day


DATE = Date()


def today() -> dt.date:
    """The day of the run: the default as-of date and the bound on plausible record dates."""
    return dt.date.today()


class Settings:
    """Options shared by every command, resolved lazily so that --help stays fast."""

    def __init__(self, engine: str | None, config: str | None, rule_packs: tuple[str, ...],
                 packs: tuple[str, ...] = ()):
        self.engine_choice = engine
        self.packs = packs
        self.config = config if config else (CONFIG_NAME if Path(CONFIG_NAME).is_file() else None)
        self.rule_packs = rule_packs
        self.inputs = Inputs()  # what the run reads: no output may replace it (velvoite.inputs)
        self.inputs.add(self.config)
        for pack in rule_packs:
            self.inputs.add(pack, records=False)
        self.skip_unknown = False
        self.allow_future = False
        self.quiet = False  # --quiet: no progress on standard error

    @functools.cached_property
    def progress(self):
        """Progress bars on standard error when it is a terminal and --quiet was not given (``velvoite.progress``)."""
        from velvoite.progress import on_terminal

        return on_terminal(self.quiet)

    @property
    def engine(self) -> str:
        """The chosen engine (--engine, then ``engine`` in velvoite.toml), or ``auto``."""
        if self.engine_choice:
            return self.engine_choice
        if self.config:
            from velvoite.registry.workspace import load_workspace

            return load_workspace(self.config)[0].engine or "auto"
        return "auto"

    @functools.cached_property
    def registry(self):
        from velvoite.registry import load_registry

        return load_registry(self.config)

    @functools.cached_property
    def all_rules(self):
        """Every rule of the packs loaded, chosen or not (waivers may name any of them)."""
        from velvoite.rules import load_rules

        return load_rules(self.rule_packs)

    @functools.cached_property
    def rules(self):
        """The rules of the chosen packs (--pack, then packs in velvoite.toml; default all)."""
        from velvoite.rules.pack import choose_packs

        if self.packs or not self.config:
            return choose_packs(self.all_rules, self.packs)
        from velvoite.errors import InputError, ReferenceError_
        from velvoite.registry.toml_lines import line_of
        from velvoite.registry.workspace import load_workspace

        workspace, text = load_workspace(self.config)
        try:
            return choose_packs(self.all_rules, tuple(workspace.packs or ()))
        except ReferenceError_ as exc:  # named where it was written
            raise InputError(str(self.config), line_of(text, ("packs",)), "packs", str(exc)) from None

    @functools.cached_property
    def system(self) -> System:
        """The run context of these options (``velvoite.system``): registry, packs, engine, waivers, today."""
        return System.of(self, today)

    def rules_for(self, include: tuple[str, ...] = ()) -> dict:
        """The duties, and advice or incentives only when ``--include`` names them."""
        return {k: r for k, r in self.rules.items() if r.severity == "duty" or r.severity in include}

    @functools.cached_property
    def waivers(self):
        """The waivers of velvoite.toml and of the records read (``records`` first)."""
        return self.waivers_of(getattr(self, "_records", ()), getattr(self, "_sources", None))

    @property
    def sources(self):
        """Where the records read were found (``records.sources``), or None before ``records``."""
        return getattr(self, "_sources", None)

    def waivers_of(self, records, sources):
        from velvoite.engine.waiver import load_waivers

        return load_waivers(self.config, self.registry, self.all_rules, records, sources)

    def read_options(self, within=None):
        """How record files are read on this run: unknown files, the plausible dates, the scope, and
        a workspace folder among the paths read from its database."""
        from velvoite.records.loader import ReadOptions
        from velvoite.web.source import DATABASE

        return ReadOptions(skip_unknown=self.skip_unknown, today=None if self.allow_future else today(),
                           within=within, stored=DATABASE)

    def records(self, paths, notes_to_stderr: bool = True, locate: bool = False, scope=None) -> list:
        """The records under ``paths``. How files were read (an encoding other than UTF-8, skipped
        template rows, sheets not read) is said, on stderr or (for ``validate``) stdout, so nothing
        is interpreted or dropped unsaid. ``locate``: keep every record's file and line
        (``self.sources``) for outputs that point at the evidence. ``scope``: the organisations the
        run covers (``engine.scope.scope``), when given by --org or --region: rows of no organisation
        in it are passed over, counted in a note (``records.within``)."""
        from velvoite.gcpause import freeze, paused
        from velvoite.records import load_records
        from velvoite.records.sources import Sources

        notes: list[str] = []
        within = None
        if scope is not None:
            from velvoite.records.within import Within

            within = Within(self.registry, [o.id for o in scope])
        self.rules  # noqa: B018 (the packs in use declare the kinds records may have)
        for path in paths:
            self.inputs.add(path)
        self._sources = Sources(locate=locate)
        try:
            with paused():  # frozen before the collector runs again: its first run would walk every record
                records = self._records = load_records(list(paths), self.registry, notes, self.read_options(within),
                                                       self._sources, self.progress)
                freeze()
        finally:  # also when the files do not validate: how they were read explains the errors
            from velvoite.escape.terminal import one_line

            for note in map(one_line, notes):
                click.echo(_("velvoite: note: {note}").format(note=note) if notes_to_stderr else note,
                           err=notes_to_stderr)
        return records

    def lang(self, given: str | None) -> str:
        if given:
            return given
        from velvoite.i18n import locale_language, resolve
        from velvoite.registry import config_language

        return resolve(None, config_language(self.config), locale_language())


def _setting(name: str):
    """A click callback that records a reading option on the run's Settings (not a command parameter)."""
    def store(ctx: click.Context, _param, value):
        setattr(ctx.find_object(Settings), name, value)
    return store


def paths_argument(func):
    """The record files and folders a command reads, with the options on how to read them
    (``--skip-unknown``, ``--allow-future``: stored on Settings, which builds ``read_options``)."""
    func = click.option("--allow-future", is_flag=True, expose_value=False, callback=_setting("allow_future"),
                        help="Accept record dates more than a year after today.")(func)
    func = click.option("--skip-unknown", is_flag=True, expose_value=False, callback=_setting("skip_unknown"),
                        help="Name files in record folders that are not record files, instead of "
                             "refusing them.")(func)
    return click.argument("paths", nargs=-1, required=True, type=click.Path())(func)


def writing(output: str | None):
    """The progress task of making and writing an output (a label, no count)."""
    ctx = click.get_current_context(silent=True)
    settings = ctx.find_object(Settings) if ctx else None
    from velvoite.progress import SILENT

    progress = settings.progress if settings is not None else SILENT
    where = output if output and output != "-" else _("standard output")
    return progress.task(_("Writing {output}").format(output=where))


def write(data: str | bytes, output: str | None, binary: bool = False) -> None:
    """To the -o target (see ``velvoite.output``) or to stdout (also for ``-o -``); bytes go out
    unchanged (the CRLF of iCalendar). Never onto what the run reads (``Settings.inputs``)."""
    import sys

    if output and output != "-":
        from velvoite.output import write_output

        refuse_if_read(output)
        write_output(output, data)
    elif binary and sys.stdout.isatty():
        raise UserError(_("this format is binary: give -o FILE"))
    else:
        click.echo(data, nl=False)


def refuse_if_read(output: str | Path) -> None:
    """Stop (nothing written) when ``output`` is, or is inside, something this run reads."""
    ctx = click.get_current_context(silent=True)
    settings = ctx.find_object(Settings) if ctx else None
    if settings is not None:
        settings.inputs.refuse_if_read(output)


def format_for(fmt: str | None, output: str | None, command: str, default: str) -> str:
    """--format, else the format the -o file's ending names, else the default. An -o ending the
    command does not write, or one that contradicts --format, stops the run (exit 2, nothing
    written; ``commands.extensions``)."""
    named, wrong = chosen(command, fmt, output)
    if wrong:
        refuse_if_read(output)  # writing over what the run reads is the graver mistake: said first
        raise UserError(wrong)
    return fmt or named or default


CSV_DIALECT = click.option(
    "--csv-dialect", type=click.Choice(["excel-fi", "excel-en", "rfc4180"]), default=None,
    help="How CSV is written: excel-fi (';' and a BOM, for Finnish and Swedish Excel; the default in fi and sv), "
         "excel-en (',' and a BOM), rfc4180 (',', CRLF, no BOM). Default in en: ',' and LF.")


SEVERITIES = ("advice", "incentive")


def _severities(ctx, param, value: str) -> tuple[str, ...]:
    chosen = tuple(p.strip() for p in value.split(",") if p.strip())
    for p in chosen:
        if p not in SEVERITIES:
            from velvoite.errors import did_you_mean

            raise click.BadParameter(_("{value!r} is not advice or incentive").format(value=p) + did_you_mean(p, SEVERITIES))
    return chosen


INCLUDE = click.option("--include", default="", metavar="advice,incentive", callback=_severities,
                       help="Also check advice (Kuntaliitto's recommendations) and incentives (HYTE supplement "
                            "indicators); they are never counted as duties.")
QUIET = click.option("--quiet", "-q", is_flag=True, expose_value=False, callback=_setting("quiet"),
                     help="Show no progress on standard error.")
# the options several commands share, declared once
LANG = click.option("--lang", type=LANG_CHOICE, default=None, help="Language (default: config, locale, en).")
ORGS = click.option("--org", "orgs", multiple=True, help="Organisation id, code or name (repeatable).")
REGION = click.option("--region", help="A county and its municipalities; kunta-091 is Helsinki.")
OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
                      help="Write to a file ('-': standard output).")
