"""Organisation names in records: what a name means, whether the organisation existed on the
record's date, and the unknown names of a record that failed elsewhere (all reported at once)."""

from __future__ import annotations

import datetime as dt

from velvoite.errors import InputError, short
from velvoite.i18n import _
from velvoite.records.kinds import org_list_fields
from velvoite.records.model import split_names
from velvoite.records.tables import RawRecord
from velvoite.registry import Registry
from velvoite.messages import day_text


def _organisation(name: str, numeric: bool, registry: Registry) -> tuple[object | None, str | None]:
    """The organisation a reference names, or None with why not. A spreadsheet number of one or
    two digits is refused even when it resolves: Excel drops leading zeros, so 20 may be 020."""
    if numeric and name.isdigit() and len(name) < 3:
        meant = [o for o in (registry.lookup(name), registry.padded(name)) if o is not None]
        could = _(" or ").join(f"{o.code} ({o.name_fi})" for o in meant) or _("a code with its zeros")
        return None, _("the cell holds the number {number}, and Excel drops leading zeros: it may mean {could}; "
                       "format the column as text and write the code with its zeros, or write the name").format(
                           number=name, could=could)
    org = registry.lookup(name)
    if org is None:
        return None, _("unknown organisation {name}").format(name=short(name)) + registry.suggest(name[:80])
    return org, None


def _existence(org, day: dt.date, registry: Registry) -> str | None:
    """Why ``org`` cannot appear in a record of ``day`` (it had ceased, or did not exist yet)."""
    if org.exists_on(day):
        return None
    if day > org.valid_until:
        succ = registry.orgs.get(org.successor) if org.successor else None
        hint = _("; record it for its successor {name} ({id})").format(name=succ.name_fi, id=succ.id) if succ else ""
        return _("{day} is after {name} ({id}) ceased on {until}").format(
            day=day_text(day), name=org.name_fi, id=org.id, until=day_text(org.valid_until)) + hint
    return _("{day} is before {name} ({id}) existed (from {start})").format(
        day=day_text(day), name=org.name_fi, id=org.id, start=day_text(org.valid_from))


def _raw_name_errors(raw: RawRecord, path: str, registry: Registry, failed: set) -> list[InputError]:
    """Unknown organisation names of a record that failed validation elsewhere, so that all its
    problems are reported in one pass."""
    out = []
    for field in ("org", *org_list_fields()):
        value = raw.values.get(field)
        if raw.where(field)[1] in failed or value is None:
            continue
        names = [value] if field == "org" else value
        if isinstance(names, str):
            names = split_names(names)
        for name in names if isinstance(names, list) else []:
            problem = _organisation(name, field in raw.numeric, registry)[1] if isinstance(name, str) else None
            if problem:
                line, label = raw.where(field)
                out.append(InputError(path, line, label, problem))
    return out
