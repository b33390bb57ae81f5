"""What ``velvoite.toml`` may not say even when every value has the right type.

Each is something that could never work or that leaves two readings, and is refused at its file,
line and key instead of being read one way in silence:

- council terms (``[terms]``): one that ends before it starts, two with one label, one that
  overlaps the term before it or leaves days after it in no term, and terms listed newest first.
  The order is refused, not sorted: the list reads like the council's own record of its terms,
  oldest first, and a list out of order is more likely a mistyped year than a choice.
- organisations (``[[organisations]]``): one given twice, a built-in organisation whose kind is
  changed (a county made a municipality leaves its members in no county), one that is its own
  county, a county placed in a county, an id, code or name that is already another
  organisation's (a record naming it would mean either), an end before the start, and a successor
  that is itself, unknown, given without the day the organisation ended, or that does not exist
  the day after (also when the entry changes the days of an organisation others name as successor).
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from velvoite.days import LATEST
from velvoite.errors import InputError, did_you_mean, raise_all
from velvoite.i18n import _, ngettext
from velvoite.registry.toml_lines import line_of


def check_terms(workspace, path: str, text: str) -> None:
    """Each list of terms in order, oldest first, each term after the one before it without a gap."""
    if workspace.terms is None:
        return
    errors: list[InputError] = []
    for kind in ("municipal", "regional"):
        given = getattr(workspace.terms, kind) or []

        def fail(n: int, key: str, message: str, kind: str = kind) -> None:
            errors.append(InputError(path, line_of(text, ("terms", kind, n, key)), f"terms.{kind}[{n + 1}].{key}", message))

        labels: dict[str, int] = {}
        for n, term in enumerate(given):
            if term.end < term.start:
                fail(n, "end", ends_before(term.start, term.end))
            if term.label in labels:
                fail(n, "label", _("{label!r} is already the label of {other}").format(
                    label=term.label, other=f"terms.{kind}[{labels[term.label] + 1}]"))
            labels.setdefault(term.label, n)
        if any(t.end < t.start for t in given):
            continue  # the order of terms that are not intervals says nothing more
        for n, (before, term) in enumerate(zip(given, given[1:]), start=1):
            if term.start < before.start:
                fail(n, "start", _("{label!r} starts before {previous!r} above it: list the terms oldest first").format(
                    label=term.label, previous=before.label))
                break
            if term.start <= before.end:
                fail(n, "start", _("overlaps {previous!r} (which ends {end}): a day belongs to one term only").format(
                    previous=before.label, end=before.end.isoformat()))
            elif term.start > before.end + dt.timedelta(days=1):
                days = (term.start - before.end).days - 1
                fail(n, "start", ngettext("{days} day after {previous!r} belongs to no term: it ends {end}, so the next "
                                          "term starts on the day after",
                                          "{days} days after {previous!r} belong to no term: it ends {end}, so the next "
                                          "term starts on the day after", days).format(
                    days=days, previous=before.label, end=before.end.isoformat()))
    raise_all(errors)


def ends_before(start: dt.date, end: dt.date) -> str:
    return _("ends ({end}) before it starts ({start})").format(end=end.isoformat(), start=start.isoformat())


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def check_organisations(entries, registry, builtin, path: str, text: str) -> None:
    """The ``[[organisations]]`` of a workspace against the registry they make (``registry``) and
    the one they change (``builtin``)."""

    orgs = registry.orgs
    owners: dict[str, set[str]] = {}
    for org in orgs.values():
        for name in (org.id, org.code, org.name_fi, org.name_sv, org.name_en):
            if name:
                owners.setdefault(_key(name), set()).add(org.id)
    for org_id, names in registry.other_names().items():
        for name in names:
            owners.setdefault(_key(name), set()).add(org_id)
    errors: list[InputError] = []
    first: dict[str, int] = {}
    named = {item.id for item in entries if item.successor is not None}  # checked from their own side
    for n, item in enumerate(entries):
        def fail(key: str, message: str, n: int = n) -> None:
            errors.append(InputError(path, line_of(text, ("organisations", n, key)), f"organisations[{n + 1}].{key}",
                                     message))

        if item.id in first:
            fail("id", _("{id!r} is already given at organisations[{n}] (line {line})").format(
                id=item.id, n=first[item.id] + 1, line=line_of(text, ("organisations", first[item.id], "id"))))
            continue
        first[item.id] = n
        org, was = orgs[item.id], builtin.orgs.get(item.id)
        if was is not None and item.kind is not None and item.kind != was.kind:
            fail("kind", _("{id} is a {kind!r} in the registry: its kind cannot be changed (give a new organisation an "
                           "id of its own)").format(id=item.id, kind=was.kind))
            continue
        for key in ("id", "code", "name_fi", "name_sv", "name_en"):
            value = getattr(item, key)
            others = sorted(owners.get(_key(value), set()) - {item.id}) if value else []
            if others:
                fail(key, _("{value!r} is already a name of {name} ({id}): a record naming it would mean either").format(
                    value=value, name=orgs[others[0]].name_fi, id=others[0]))
        if org.county == org.id:
            fail("county", _("an organisation cannot be its own county"))
        elif org.county is not None and (org.county not in orgs or orgs[org.county].kind != "county"):
            counties = [o.id for o in orgs.values() if o.kind == "county"]
            fail("county", _("{value!r} is not a county").format(value=org.county) + did_you_mean(org.county, counties))
        elif org.county is not None and org.kind == "county":
            fail("county" if item.county else "kind", _("a county belongs to no county"))
        if org.valid_until < org.valid_from:
            fail("valid_until" if item.valid_until else "valid_from", ends_before(org.valid_from, org.valid_until))
        if item.successor is not None:
            _check_successor(org, orgs, fail, LATEST)
        elif item.valid_from or item.valid_until:  # the days of a successor others name
            for before in orgs.values():
                day = before.valid_until + dt.timedelta(days=1) if before.valid_until < LATEST else None
                if before.successor == org.id and day and before.id not in named and not org.exists_on(day):
                    fail("valid_until" if item.valid_until else "valid_from", _(
                        "{id} is the successor of {name} ({before}) from {day}: it must exist on that day").format(
                        id=org.id, name=before.name_fi, before=before.id, day=day.isoformat()))
    raise_all(errors)


def _check_successor(org, orgs: dict, fail, latest: dt.date) -> None:
    succ = orgs.get(org.successor)
    if org.successor == org.id:
        fail("successor", _("an organisation cannot be its own successor"))
    elif succ is None:
        fail("successor", _("unknown organisation {name!r}").format(name=org.successor) + did_you_mean(org.successor, orgs))
    elif org.valid_until >= latest:
        fail("successor", _("a successor needs valid_until: the last day {id} existed").format(id=org.id))
    elif not succ.exists_on(org.valid_until + dt.timedelta(days=1)):
        fail("successor", _("{name} ({id}) does not exist on {day}, the day after {org} ends").format(
            name=succ.name_fi, id=succ.id, day=(org.valid_until + dt.timedelta(days=1)).isoformat(), org=org.id))
