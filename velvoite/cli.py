"""The command line: parse options, call the library, render. Today's date is read only here.

Exit status: 0 success, 1 when ``--fail-on`` is triggered, 2 on bad input or usage.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from pathlib import Path

import click

from velvoite import __version__

LANG_CHOICE = click.Choice(["fi", "sv", "en"])
CONFIG_NAME = "velvoite.toml"


class UserError(click.ClickException):
    """A problem the user can fix; printed without a traceback, exit status 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"velvoite: {self.format_message()}", err=True)


class Group(click.Group):
    """Translates library errors into exit status 2 with their located one-line messages."""

    def invoke(self, ctx: click.Context):
        from velvoite.errors import VelvoiteError

        try:
            return super().invoke(ctx)
        except VelvoiteError as exc:
            raise UserError(str(exc)) from None


class Date(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        from velvoite.records.model import parse_date

        try:
            return parse_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = Date()


class Settings:
    """Options shared by every command, resolved lazily so that --help stays fast."""

    def __init__(self, engine: str | None, config: str | None, rule_packs: tuple[str, ...]):
        self.engine_choice = engine
        self.config = config if config else (CONFIG_NAME if Path(CONFIG_NAME).is_file() else None)
        self.rule_packs = rule_packs

    @property
    def engine(self) -> str:
        """The chosen engine, or ``auto`` (decided by the size of the data set)."""
        return self.engine_choice or "auto"

    @functools.cached_property
    def registry(self):
        from velvoite.registry import load_registry

        return load_registry(self.config)

    @functools.cached_property
    def rules(self):
        from velvoite.rules import load_rules

        return load_rules(self.rule_packs)

    @functools.cached_property
    def waivers(self):
        from velvoite.engine.waiver import load_waivers

        return load_waivers(self.config, self.registry, set(self.rules))

    def records(self, paths, notes_to_stderr: bool = True) -> list:
        """The records under ``paths``. How files were read (an encoding other than UTF-8, skipped
        template rows, sheets not read) is said, on stderr or (for ``validate``) stdout, so nothing
        is interpreted or dropped unsaid."""
        from velvoite.records import load_records

        notes: list[str] = []
        records = load_records(list(paths), self.registry, notes)
        for note in notes:
            click.echo(f"velvoite: note: {note}" if notes_to_stderr else note, err=notes_to_stderr)
        return records

    def lang(self, given: str | None) -> str:
        if given:
            return given
        from velvoite.registry import config_language

        configured = config_language(self.config)
        if configured in ("fi", "sv", "en"):
            return configured
        for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
            value = os.environ.get(var, "")
            if value[:2] in ("fi", "sv"):
                return value[:2]
            if value:
                break
        return "en"


def _version(ctx: click.Context, _param, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from velvoite.engine.audit import describe_default

    engine = ctx.params.get("engine") or describe_default()
    click.echo(f"velvoite {__version__} (engine: {engine})")
    ctx.exit()


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--engine", type=click.Choice(["durable", "python"]), default=None, is_eager=True,
              help="Matcher: durable (durable-rules) or python. Default: durable up to 10,000 records, python above.")
@click.option("--config", type=click.Path(dir_okay=False, exists=True), default=None,
              help=f"Workspace config (default: ./{CONFIG_NAME} if present).")
@click.option("--rules", "rule_packs", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="An extra rule pack folder (repeatable).")
@click.option("--version", is_flag=True, expose_value=False, is_eager=False, callback=_version,
              help="Show the version and the active engine.")
@click.pass_context
def main(ctx: click.Context, engine: str | None, config: str | None, rule_packs: tuple[str, ...]) -> None:
    """Check the statutory HYTE and cooperation duties of Finnish municipalities and counties."""
    ctx.obj = Settings(engine, config, rule_packs)


def _scope(registry, orgs: tuple[str, ...], region: str | None, records) -> list:
    from velvoite.errors import ReferenceError_

    chosen: dict[str, object] = {}
    for ref in orgs:
        org = registry.resolve(ref)
        chosen[org.id] = org
    if region:
        for org in registry.region(region):
            chosen[org.id] = org
    if not orgs and not region:
        for rec in records:
            chosen[rec.org] = registry.orgs[rec.org]
        if not chosen:
            raise ReferenceError_("no organisation to audit: give --org or --region")
    return [chosen[k] for k in sorted(chosen)]


def _write(data: str | bytes, output: str | None, binary: bool = False) -> None:
    """To the -o file (atomically) or to stdout; bytes go out unchanged (the CRLF of iCalendar)."""
    if output:
        from velvoite.output import write_atomic

        write_atomic(output, data)
    elif binary and sys.stdout.isatty():
        raise UserError("this format is binary: give -o FILE")
    else:
        click.echo(data, nl=False)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--as-of", type=DATE, default=None, help="Evaluate as of this date (default: today).")
@click.option("--from", "start", type=DATE, default="2023-01-01", show_default=True,
              help="First day of the audit range.")
@click.option("--org", "orgs", multiple=True, help="Organisation id, code or name (repeatable).")
@click.option("--region", help="A county and its municipalities; kunta-091 is Helsinki.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "md"]), default="table",
              show_default=True)
@click.option("--lang", type=LANG_CHOICE, default=None, help="Language (default: config, locale, en).")
@click.option("--fail-on", type=click.Choice(["partial", "missing"]), default=None,
              help="Exit 1 when any finding is this bad (partial includes missing).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to a file.")
@click.pass_obj
def audit(settings: Settings, paths, as_of, start, orgs, region, fmt, lang, fail_on, output) -> None:
    """Audit the obligations of the organisations in PATHS (record files or folders)."""
    from velvoite.engine import run_audit
    from velvoite.reports import render

    registry = settings.registry
    records = settings.records(paths)
    scope = _scope(registry, orgs, region, records)
    lang = settings.lang(lang)
    result = run_audit(records, registry, settings.rules, scope, as_of or dt.date.today(), start,
                       engine=settings.engine, lang=lang, waivers=settings.waivers)
    colour = fmt == "table" and output is None and sys.stdout.isatty()
    _write(render(fmt, result, lang, colour=colour, orgs=registry.orgs), output)
    bad = {"partial": ("partial", "missing"), "missing": ("missing",)}.get(fail_on or "", ())
    if any(f.status in bad for f in result.findings):
        sys.exit(1)


class Remind(click.ParamType):
    """``30,7``: reminders that many days before each date; an empty value means none."""

    name = "DAYS"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        try:
            days = tuple(int(p) for p in str(value).split(",") if p.strip())
        except ValueError:
            self.fail(f"{value!r} is not a comma-separated list of days, e.g. 30,7", param, ctx)
        if any(d < 0 or d > 3660 for d in days):
            self.fail(f"{value!r}: days must be between 0 and 3660", param, ctx)
        return days


def _source_date_epoch():
    """SOURCE_DATE_EPOCH (reproducible builds) as the DTSTAMP of every event, when set."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise UserError(f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970") from None


def _calendar_name(registry, orgs: tuple[str, ...], region: str | None, lang: str) -> str:
    named = [registry.resolve(r).name(lang) for r in orgs]
    if region:
        named.insert(0, registry.resolve(region).name(lang))
    return ", ".join(named)


def _read_previous(path: str):
    from velvoite.calendar import Previous
    from velvoite.errors import VelvoiteError

    try:
        return Previous.parse(Path(path).read_bytes())
    except (ValueError, KeyError, OSError) as exc:
        raise VelvoiteError(f"{path}: cannot read the previous export ({exc}); "
                            "remove it or give another --previous") from None


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--org", "orgs", multiple=True, help="Organisation id, code or name (repeatable).")
@click.option("--region", help="A county and its municipalities; kunta-091 is Helsinki.")
@click.option("--as-of", type=DATE, default=None, help="Deadlines from this date (default: today).")
@click.option("--until", type=DATE, default=None,
              help="Deadlines up to this date (default: the end of the current council term).")
@click.option("--remind", type=Remind(), default="30,7", show_default=True,
              help="Reminders this many days before each date.")
@click.option("--include-met", is_flag=True, help="Also export met duties, marked done (✓).")
@click.option("--lang", type=LANG_CHOICE, default=None, help="Language (default: config, locale, en).")
@click.option("--previous", type=click.Path(dir_okay=False, exists=True), default=None,
              help="An earlier export, to raise SEQUENCE of changed entries (default: the -o file).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to a file.")
@click.pass_obj
def calendar(settings: Settings, paths, orgs, region, as_of, until, remind, include_met, lang,
             previous, output) -> None:
    """Export the coming deadlines of --org or --region as an iCalendar file."""
    from velvoite.calendar.ics import export_calendar

    if not orgs and not region:
        raise click.UsageError("give --org or --region")
    registry = settings.registry
    records = settings.records(paths)
    scope = _scope(registry, orgs, region, records)
    lang = settings.lang(lang)
    prev_path = previous or (output if output and Path(output).is_file() else None)
    data = export_calendar(records, registry, settings.rules, scope, _calendar_name(registry, orgs, region, lang),
                           as_of or dt.date.today(), until, engine=settings.engine, lang=lang,
                           remind=remind, include_met=include_met, waivers=settings.waivers,
                           stamp=_source_date_epoch(),
                           previous=_read_previous(prev_path) if prev_path else None)
    _write(data, output)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default serves this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--remind", type=Remind(), default="30,7", show_default=True)
@click.option("--include-met", is_flag=True)
@click.option("--lang", type=LANG_CHOICE, default=None, help="Default language of the entries.")
@click.option("--quiet", is_flag=True, help="Do not log requests.")
@click.pass_obj
def serve(settings: Settings, paths, host, port, remind, include_met, lang, quiet) -> None:
    """Serve /calendar/<org>.ics and /calendar/region/<county>.ics, recomputed on each request."""
    from velvoite.calendar.feed import make_server
    from velvoite.calendar.ics import export_calendar
    from velvoite.records import load_records

    registry, rules, waivers = settings.registry, settings.rules, settings.waivers
    settings.records(paths)  # fail now, with the file and line, rather than on the first request
    default_lang = settings.lang(lang)

    def produce(kind: str, ref: str, lang: str | None) -> bytes:
        lang = lang or default_lang
        records = load_records(list(paths), registry)  # notes were shown at start
        if kind == "region":
            scope, name = registry.region(ref), registry.resolve(ref).name(lang)
        else:
            org = registry.resolve(ref)
            scope, name = [org], org.name(lang)
        return export_calendar(records, registry, rules, scope, name, dt.date.today(), engine=settings.engine,
                               lang=lang, remind=remind, include_met=include_met, waivers=waivers,
                               stamp=_source_date_epoch())

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"velvoite: warning: serving on {host}: the feed has no authentication or TLS; anyone who "
                   "can reach this address can read it (put it behind a reverse proxy)", err=True)
    try:
        server = make_server(produce, host, port, quiet)
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc} (try another --port)") from None
    click.echo(f"velvoite: serving http://{host}:{server.server_address[1]}/calendar/<org>.ics "
               f"(Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


REPORT_FORMATS = ("html", "md", "csv", "xlsx", "json")


def _format_for(fmt: str | None, output: str | None, choices: tuple[str, ...], default: str) -> str:
    """--format, else the -o file's extension, else the default."""
    if fmt:
        return fmt
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    suffix = {"htm": "html", "markdown": "md"}.get(suffix, suffix)
    return suffix if suffix in choices else default


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--region", help="A county and its municipalities; kunta-091 is Helsinki.")
@click.option("--national", is_flag=True, help="Every organisation, one row per county.")
@click.option("--as-of", type=DATE, default=None, help="Evaluate as of this date (default: today).")
@click.option("--from", "start", type=DATE, default="2023-01-01", show_default=True,
              help="First day of the periods shown.")
@click.option("--lang", type=LANG_CHOICE, default=None, help="Language (default: config, locale, en).")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default=None,
              help="Output format (default: from the -o extension, else html).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to a file.")
@click.pass_obj
def report(settings: Settings, paths, region, national, as_of, start, lang, fmt, output) -> None:
    """A gap report of a region or of the whole country: matrix, gaps, due next."""
    from velvoite.engine import run_audit
    from velvoite.reports.gap import build, national_orgs, report_until, started

    if bool(region) == bool(national):
        raise click.UsageError("give either --region REF or --national")
    registry, rules = settings.registry, settings.rules
    records = settings.records(paths)
    lang = settings.lang(lang)
    as_of = as_of or dt.date.today()
    if start > as_of:
        raise UserError(f"--from {start} is after --as-of {as_of}")
    if national:
        scope, name = national_orgs(registry, start, as_of), ""
    else:
        scope, name = registry.region(region), registry.resolve(region).name(lang)
    audit_result = run_audit(records, registry, rules, scope, as_of, start, until=report_until(as_of),
                             engine=settings.engine, lang=lang, waivers=settings.waivers)
    gap = build(audit_result, registry, rules, records, "national" if national else "region", name, lang)
    fmt = _format_for(fmt, output, REPORT_FORMATS, "html")
    if fmt == "html":
        from velvoite.reports.html import render as html

        _write(html(gap), output)
    elif fmt == "xlsx":
        from velvoite.reports.xlsx import report_workbook

        _write(report_workbook(gap, started(audit_result), {r.id: r.reference for r in records}), output,
               binary=True)
    else:
        from velvoite.reports import report_text

        _write({"md": report_text.markdown, "csv": report_text.csv_text, "json": report_text.json_text}[fmt](gap),
               output)


@main.command()
@click.option("--region", required=True, help="A county and its municipalities; kunta-091 is Helsinki.")
@click.option("--org", "orgs", multiple=True, help="Only these organisations of the region (repeatable).")
@click.option("--from", "start", type=DATE, default="2023-01-01", show_default=True)
@click.option("--until", type=DATE, default=None, help="Last day (default: today).")
@click.option("--lang", type=LANG_CHOICE, default=None)
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None,
              help="Default: from the -o extension, else xlsx.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to a file.")
@click.pass_obj
def template(settings: Settings, region, orgs, start, until, lang, fmt, output) -> None:
    """A pre-filled sheet of the activities expected of a region, to fill in and audit."""
    from velvoite.reports import template as tpl

    registry = settings.registry
    lang = settings.lang(lang)
    until = until or dt.date.today()
    if start > until:
        raise UserError(f"--from {start} is after --until {until}")
    scope = registry.region(region)
    if orgs:
        wanted = {registry.resolve(o).id for o in orgs}
        scope = [o for o in scope if o.id in wanted]
    table = tpl.rows(registry, settings.rules, scope, start, until, lang)
    fmt = _format_for(fmt, output, ("xlsx", "csv"), "xlsx")
    if fmt == "xlsx":
        _write(tpl.xlsx_template(table, lang, until), output, binary=True)
    else:
        _write(tpl.csv_template(table), output)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.pass_obj
def validate(settings: Settings, paths) -> None:
    """Check record files only: every error with its file, line and field."""
    records = settings.records(paths, notes_to_stderr=False)
    click.echo(f"{len(records)} records OK")


@main.command("rules")
@click.argument("rule_id", required=False)
@click.option("--lang", type=LANG_CHOICE, default=None)
@click.pass_obj
def rules_cmd(settings: Settings, rule_id, lang) -> None:
    """List the rules, or show one: statute words, legal bases, periods, evidence."""
    from velvoite.rules import find_rule

    lang = settings.lang(lang)
    rules = settings.rules
    if not rule_id:
        for rule in rules.values():
            click.echo(f"{rule.id:<34}{rule.title.get(lang)}")
        return
    rule = find_rule(rules, rule_id)
    out = [f"{rule.id}: {rule.title.get(lang)}", "", rule.summary.get(lang), ""]
    for s in rule.statute:
        out += [f"{s.act} {s.section} {s.subsection or ''}".rstrip() + ":", f'  "{s.text}"', f"  ({s.gloss})"]
    out += ["", "Legal basis:"]
    for b in rule.legal_basis:
        sub = f" ({b.subsection})" if b.subsection else ""
        until = b.valid_until.isoformat() if b.valid_until else ""
        out.append(f"  {b.act} § {b.section}{sub}  {b.valid_from}..{until}  [{', '.join(b.to)}]  {b.url}")
    out += ["", "Applies to:"]
    for a in rule.applies:
        exc = f" except {', '.join(a.except_)}" if a.except_ else ""
        extra = f", deadline {a.deadline}" if a.deadline else ""
        for label, day in a.deadline_overrides.items():
            extra += f", {label} due {day}"
        if a.recommended_months:
            extra += f", recommended within {a.recommended_months} months"
        out.append(f"  {'+'.join(a.to)}{exc} from {a.from_}: {a.period}, evidence as {a.party}{extra}")
        if a.requirements or a.cover:
            out.append(f"    requires: {', '.join(a.requirements) or '-'}"
                       + (f"; together cover: {a.cover if isinstance(a.cover, str) else ', '.join(a.cover)}" if a.cover else ""))
    out += ["", f"Evidence: {', '.join(rule.evidence.kinds)}"]
    for r in rule.requirements:
        out.append(f"  {r.id}: {r.field} = {r.equals}  ({r.missing.get(lang)})")
    click.echo("\n".join(out))


@main.command()
@click.option("--region", default=None, help="Only this county and its municipalities.")
@click.option("--lang", type=LANG_CHOICE, default=None)
@click.pass_obj
def orgs(settings: Settings, region, lang) -> None:
    """List organisations with their ids, codes and names."""
    registry = settings.registry
    lang = settings.lang(lang)
    listed = registry.region(region) if region else list(registry.orgs.values())
    for org in listed:
        until = f" (until {org.valid_until})" if org.valid_until.year < 9999 else ""
        county = org.county or "-"
        click.echo(f"{org.id:<11}{org.code or '-':<5}{county:<8}{org.name(lang)}{until}")


@main.command()
def schema() -> None:
    """Print the JSON Schema of the record format."""
    import json

    from velvoite.records import Record

    click.echo(json.dumps(Record.model_json_schema(), ensure_ascii=False, indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
