"""Records in and out of a database workspace: import (all-or-nothing, through the same loader and
errors as files), export (the record format, round trip exact), one record saved from the web with
its history, and the records as the rest of velvoite reads them.

A record is stored as its canonical mapping (``record_mapping``): ids for organisations, the
canonical kind and body, ISO dates, lists as lists; reading that mapping back gives the same
record, so an export imported again exports byte for byte the same file.
"""

from __future__ import annotations

import datetime as dt
import getpass
import uuid
from pathlib import Path

from velvoite.errors import VelvoiteError, short
from velvoite.i18n import _
from velvoite.records.ids import id_problem
from velvoite.records.model import FIELDS, Record
from velvoite.records.tables import RawRecord
from velvoite.web import is_workspace
from velvoite.web.config import configure, pending_migrations
from velvoite.web.version import touch


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def record_mapping(record: Record) -> dict:
    """The record in the record format, canonical: what a file would say to mean exactly it."""
    out: dict = {}
    for name in FIELDS:  # the record's own fields in the record format's order, then the packs' fields
        value = getattr(record, name)
        if value not in (None, ()):
            out[name] = _plain(value)
    for name, value in (record.data or {}).items():
        if value not in (None, ()):
            out[name] = _plain(value)
    return out


def open_workspace(folder: str | Path, hosts: tuple[str, ...] = ()) -> None:
    """Django set up for ``folder``, its schema current (else an error saying how to upgrade);
    ``hosts``: names a server answers to besides those of workspace.toml."""
    if not is_workspace(folder):
        raise VelvoiteError(_("{folder} is not a database workspace (it has no workspace.toml): make one with "
                              "velvoite db init {folder}").format(folder=folder))
    configure(folder, hosts)
    from django.db import OperationalError

    try:
        pending = pending_migrations()
    except OperationalError as exc:
        raise VelvoiteError(_("{folder}: cannot open the database: {reason}").format(folder=folder, reason=exc)) from None
    if pending:
        raise VelvoiteError(_("{folder}: the database schema is older than this velvoite ({n} migrations to "
                              "apply): run velvoite db init {folder} to upgrade it").format(
            folder=folder, n=len(pending)))


def stored_raws(folder: str | Path) -> list[RawRecord]:
    """The workspace's records as raw records for the loader, in the order they were stored."""
    open_workspace(folder)
    return [RawRecord(dict(values), 0, position=i) for i, values in enumerate(exported(), start=1)]


_ORDER = {name: i for i, name in enumerate(FIELDS)}


def exported() -> list[dict]:
    """Every stored record's mapping, in the order they were stored, its keys in the record
    format's order (the record's fields, then the packs' by name): PostgreSQL's jsonb keeps keys in
    an order of its own, and an export must be the same from either database."""
    from velvoite.web.workspace.models import StoredRecord  # (the app registry: after configure)

    return [in_order(values) for values in StoredRecord.objects.order_by("id").values_list("values", flat=True)]


def in_order(values: dict) -> dict:
    """A stored mapping with its keys in the record format's order (``exported``)."""
    return dict(sorted(values.items(), key=lambda item: (_ORDER.get(item[0], len(_ORDER)), item[0])))


def actor_of_cli() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _now():
    from django.utils import timezone

    return timezone.now()


def put(record: Record, actor: str, source: str) -> str:
    """Create or change the stored record of ``record.id`` with its history row; returns the
    action (create, update, or "" when the stored record already says exactly this)."""
    from velvoite.web.workspace.models import Change, StoredRecord  # (the app registry: after configure)

    touch()
    values = record_mapping(record)
    found = StoredRecord.objects.select_for_update().filter(rid=record.id).first()
    now = _now()
    if found is not None and found.values == values:
        return ""
    before = found.values if found is not None else None
    if found is None:
        found = StoredRecord(rid=record.id)
    found.org, found.kind, found.date, found.values = record.org, record.kind, record.date, values
    found.source, found.updated_at = source, now
    found.save()
    action = "update" if before is not None else "create"
    Change.objects.create(at=now, actor=actor, action=action, rid=record.id, org=record.org, before=before,
                          after=values, source=source, identity=found.pk)
    return action


def remove(rid: str, actor: str, source: str) -> bool:
    from velvoite.web.workspace.models import Change, StoredRecord  # (the app registry: after configure)

    touch()
    found = StoredRecord.objects.select_for_update().filter(rid=rid).first()
    if found is None:
        return False
    Change.objects.create(at=_now(), actor=actor, action="delete", rid=rid, org=found.org, before=found.values,
                          after=None, source=source, identity=found.pk)
    found.delete()
    return True


def removed(rid: str):
    """The change that removed ``rid``, when its last change is a removal (nothing stored under it
    since): what an undo restores; else None."""
    from velvoite.web.workspace.models import Change, StoredRecord  # (the app registry: after configure)

    if StoredRecord.objects.filter(rid=rid).exists():
        return None
    last = Change.objects.filter(rid=rid).order_by("-id").first()
    return last if last is not None and last.action == "delete" else None


def restore(change, actor: str) -> None:
    """The record ``change`` removed, stored again as it was, as the same record (its history
    goes on), the restoring in its history (an addition whose source is "restore")."""
    from velvoite.web.workspace.models import Change, StoredRecord  # (the app registry: after configure)

    touch()
    values, now = change.before, _now()
    found = StoredRecord(pk=change.identity, rid=change.rid, org=values["org"], kind=values["kind"],
                         date=dt.date.fromisoformat(values["date"]), values=values, source="restore", updated_at=now)
    found.save(force_insert=True)
    Change.objects.create(at=now, actor=actor, action="create", rid=change.rid, org=found.org, before=None,
                          after=values, source="restore", identity=found.pk)


def history(rid: str) -> list:
    """The history of the record stored as ``rid`` now, or of the last one that was (removed): only
    that record's rows, not those of an earlier record that had the same id."""
    from velvoite.web.workspace.models import Change, StoredRecord  # (the app registry: after configure)

    stored = StoredRecord.objects.filter(rid=rid).values_list("pk", flat=True).first()
    if stored is None:
        stored = Change.objects.filter(rid=rid).order_by("-id").values_list("identity", flat=True).first()
        if stored is None:
            return []
    return list(Change.objects.filter(rid=rid, identity=stored).order_by("id"))


def import_records(records: list[Record], actor: str, source: str, step=None) -> dict[str, int]:
    """Every record stored in one transaction (all or nothing); counts of what was done. ``step``
    (``velvoite.progress``) hears the records stored."""
    from django.db import transaction

    for record in records:  # (a file's own ids were checked as it was read; an id made from a path may fail)
        problem = id_problem(record.id)
        if problem:
            raise VelvoiteError(_("cannot store the record {id}: {problem}; give the file's records ids of their "
                                  "own").format(id=short(record.id), problem=problem))
    counts = {"create": 0, "update": 0, "": 0}
    with transaction.atomic():
        for i, record in enumerate(records):
            if step is not None and not i & 63:
                step(i)
            counts[put(record, actor, source)] += 1
    return counts


def new_id(org: str) -> str:
    """An id for a record entered on the web without one: its organisation and a random part."""
    return f"{org}-{uuid.uuid4().hex[:12]}"
