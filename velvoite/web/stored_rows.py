"""The workspace's stored records read back as the loader reads them, by the fast path wherever it
can (issue 31): ``stored_records(mappings, source, registry, sources)`` is
``records_from_mappings(mappings, source, registry, sources)``, the same records and the same errors.

A record is stored in the record format's canonical shape (``web.store.record_mapping``): text,
ISO dates, lists of organisation ids, booleans for yes/no fields. The fast path
(``records.fast.FastPath``) takes text, so before this module 41 % of a national workspace (every
record with participants, a delivery list or a yes/no answer) went through the validating path one
field at a time: at 100 000 stored records that was two thirds of the first read.

Here a stored value is given to the fast path as the text a file would hold, only where that text
provably means the same to the validating path:

* a list of organisations (a field of ``org_list_fields``) whose items are all non-empty texts
  without spaces around them and without a separator of ``fields.split_names`` (``;``, ``,``,
  line break): the validating path reads the list as these items (``fields._name_list``), and the
  items joined by ``;`` split into exactly them;
* a boolean in a yes/no field: ``true`` or ``false``, which ``fields._yes_no`` reads as the same
  boolean it keeps of a boolean;
* and only in a row whose texts are none of them blank or spaced around (a file's cell never is:
  the validating path reads "" as no value).

The rows the fast path builds go to the loader in runs (``records.runs.BuiltRun``), whose
bookkeeping (ids, duplicates, where read) it does by columns; a built row the loader must see alone
(a waiver, kept with its raw row; no id: its FILE#ROW; a date that may be D.M.YY) is handed over as
built (``records.fast.Built``) with its stored mapping as the raw values; any other row (another
shape, a value that no longer validates) as its stored mapping, exactly as before (a ``Built``
without a record where the fast path was asked already), and the validating path reports it. Every row keeps its position among the stored records (FILE#ROW).

What is still row by row: ``FastPath.build`` of each stored mapping (its values understood once
each through the path's caches), and Django's JSON decode of each stored row.
"""

from __future__ import annotations

from velvoite.records.fast import Built, FastPath
from velvoite.records.fields import NAME_SEPARATORS
from velvoite.records.kinds import date_fields, org_list_fields, pack_fields
from velvoite.records.loader import ReadOptions, _Collector, _date_problem, records_from_mappings
from velvoite.records.runs import BuiltRun
from velvoite.records.sources import KEPT
from velvoite.records.tables import RawRecord
from velvoite.web.store import in_order

_YES_NO = {True: "true", False: "false"}


def as_text(values: dict, lists: frozenset, yes_no: frozenset) -> dict | None:
    """``values`` as the text a file would give for them, or None when a value has a shape that
    text cannot be proven to mean the same (the validating path then reads ``values`` itself)."""
    out = None
    for name, value in values.items():
        if value.__class__ is str:
            continue
        if value.__class__ is list and name in lists:
            if not value or not all(item.__class__ is str and item and item == item.strip()
                                    and NAME_SEPARATORS.search(item) is None for item in value):
                return None
            text = ";".join(value)
        elif value.__class__ is bool and name in yes_no:
            text = _YES_NO[value]
        else:
            return None
        if out is None:
            out = dict(values)
        out[name] = text
    if out is None:
        return values  # (all text: the path records_from_mappings takes too)
    # a blank or spaced text beside them: a file's cell is never that (tables.py strips, drops the
    # empty), and the validating path reads "" as no value where the fast path would keep ""
    if not all(value and value == value.strip() for value in values.values() if value.__class__ is str):
        return None
    return out


def in_orders(mappings) -> list:
    """``web.store.in_order`` of each mapping, its keys sorted once per distinct set of keys in
    their order (a national workspace has a few dozen): a mapping already in order is kept."""
    orders: dict = {}
    out = []
    for values in mappings:
        keys = tuple(values)
        order = orders.get(keys)
        if order is None:
            order = orders[keys] = tuple(in_order(dict.fromkeys(keys)))
        out.append(values if order == keys else {name: values[name] for name in order})
    return out


def _built_run(records: list) -> BuiltRun:
    """A run of stored rows built by the fast path: no line (a stored row has none), no note asked."""
    return BuiltRun(records, [0] * len(records), [None] * len(records), {})


def stored_raws(mappings: list, registry, options: ReadOptions):
    """The loader's raw records of stored ``mappings``: the rows the fast path builds in runs
    (``records.runs.BuiltRun``: the loader's bookkeeping by columns), a row of a kept kind (its raw
    row is kept), without an id (FILE#ROW is its position) or with a date that may be D.M.YY (the
    loader's note) built alone, the others as their stored mapping."""
    fast = FastPath(registry, options, _date_problem)
    lists = frozenset(org_list_fields())
    yes_no = frozenset(name for name, decl in pack_fields().items() if decl.type == "yes_no")
    dates = tuple(date_fields())
    run: list = []
    for position, values in enumerate(mappings, start=1):  # (a row's position: FILE#ROW, also after a run)
        text = as_text(values, lists, yes_no)
        record = fast.build(RawRecord(text, 0)) if text is not None else None
        if record is not None and record.id is not None and record.kind not in KEPT and not any(
                value.__class__ is str and "." in value[-4:] for value in map(values.get, dates)):
            run.append(record)
            continue
        if run:
            yield _built_run(run)
            run = []
        if text is None:  # (another shape: the loader's fast path may still take it)
            yield RawRecord(values, 0, position=position)
        else:  # built alone, or (None) not built: the loader's fast path is not asked the same row again
            raw = Built(values, 0, position=position)
            raw.record = record
            yield raw
    if run:
        yield _built_run(run)


def stored_records(mappings: list, source: str, registry, sources=None) -> list:
    """``records_from_mappings(mappings, source, registry, sources)``, faster on stored shapes."""
    if not all(values.__class__ is dict for values in mappings):  # (not a stored mapping: as before)
        return records_from_mappings(mappings, source, registry, sources)
    options = ReadOptions()
    collector = _Collector(registry, options, sources)
    collector.add(stored_raws(mappings, registry, options), source, source)
    return collector.result()
