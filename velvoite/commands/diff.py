"""``velvoite diff``: what changed between two audits (two audit JSON files, or the same records
as of two dates)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from velvoite.commands.common import DATE, OUTPUT, Settings, write


AUDIT_START = dt.date(2023, 1, 1)


def _audit_json(path: str) -> dict:
    """An audit JSON file written by ``velvoite audit --format json``; anything else is a located error."""
    import json

    from velvoite.errors import InputError

    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(path, line, None, "not an audit JSON file (velvoite audit --format json)") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise InputError(path, 1, "findings", "not an audit JSON file: it has no findings list "
                                              "(write one with velvoite audit --format json)")
    for i, f in enumerate(data["findings"]):
        missing = [k for k in ("org", "org_name", "rule", "period", "status", "evidence") if not isinstance(f, dict) or k not in f]
        if missing:
            raise InputError(path, None, f"findings[{i + 1}]", f"a finding without {', '.join(missing)}")
    return data


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--from-date", type=DATE, default=None, help="With record files: the earlier as-of date.")
@click.option("--to-date", type=DATE, default=None, help="With record files: the later as-of date.")
@click.option("--org", "orgs", multiple=True, help="With record files: organisation id, code or name (repeatable).")
@click.option("--region", help="With record files: a county and its municipalities.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "md", "csv"]), default="table", show_default=True)
@click.option("--fail-on-worse", is_flag=True, help="Exit 1 when any finding got worse.")
@OUTPUT
@click.pass_obj
def diff(settings: Settings, paths, from_date, to_date, orgs, region, fmt, fail_on_worse, output) -> None:
    """What changed: OLD.json NEW.json (audit JSON files), or RECORDS... --from-date D1 --to-date D2."""
    from velvoite.reports.diff import compare, render

    if from_date is None and to_date is None:
        if len(paths) != 2 or not all(p.endswith(".json") for p in paths):
            raise click.UsageError("give two audit JSON files (OLD NEW), or record files with --from-date and --to-date")
        old, new = (_audit_json(p) for p in paths)
    else:
        if from_date is None or to_date is None:
            raise click.UsageError("give both --from-date and --to-date")
        if from_date > to_date:
            raise click.UsageError(f"--from-date {from_date} is after --to-date {to_date}")
        from velvoite.engine import run_audit
        from velvoite.engine.scope import scope

        registry = settings.registry
        records = settings.records(paths)
        chosen = scope(registry, orgs, region, records)
        rules = settings.rules_for()
        start = min(AUDIT_START, from_date)  # both audits over the same range, as velvoite audit's default
        old, new = (run_audit(records, registry, rules, chosen, day, start, engine=settings.engine,
                              waivers=settings.waivers).to_json_dict() for day in (from_date, to_date))
        old, new = ({**a, "findings": [f.model_dump(mode="json") for f in a["findings"]]} for a in (old, new))
    result = compare(old, new)
    write(render(result, fmt), output)
    if fail_on_worse and result.worse():
        sys.exit(1)
