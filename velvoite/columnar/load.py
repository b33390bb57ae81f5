"""A large CSV file read as columns (polars), each distinct value understood once.

The file's rows come out as the raw records ``records.tables.csv_records`` would give, in order,
with the same line numbers, so the loader's bookkeeping (ids, duplicates, sources, notes) is the
same; a row whose values all pass carries its record already built (``records.runs.BuiltRun``: a run of such rows), made
with the fast path's own caches and functions (``FastPath``: organisation names, kinds, dates,
bodies, pack fields, each distinct text once). Any other row is handed over as today's raw record,
and the validating path reports it exactly as before.

A file this reader cannot take exactly as the csv module reads it goes the usual way whole:
not UTF-8 (Windows-1252, UTF-16), Excel's ``sep=`` line naming another separator than ``,``
``;`` or a tab, a header the usual path
must report on or that names a column the fast path does not take (``valid_from``, ``valid_until``,
``also_counts_as``) or a note column (a template), a quote the csv module reads across lines or
refuses (quoted lines are read by the csv module itself: ``columnar.csv_lines``), a carriage return
that does not end a line, a blank line, more rows than ``MAX_ROWS``, or a row polars reads otherwise
(more cells than the header, a cell longer than the csv module takes).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import deque
from itertools import compress, count, repeat
from operator import and_, is_not, itemgetter, le, not_
from pathlib import Path

from velvoite.columnar.csv_lines import header_line, read_frame, scan
from velvoite.columnar.org_lists import ALWAYS, NOTHING, org_lists
from velvoite.errors import InputError, InputErrors
from velvoite.records.fast import FAILS, SETTERS, FastPath, text_ok
from velvoite.records.fields import SHORT_YEAR
from velvoite.records.ids import MAX_ID, valid_id
from velvoite.records.kinds import COMMON_FIELDS, catalogue, date_fields
from velvoite.records.model import Record, body_value, kind_value
from velvoite.records.runs import BuiltRun
from velvoite.records.tables import NOT_NUMERIC, RawRecord, csv_label, header_labels
from velvoite.records.text import MAX_ROWS, MAX_TEXT

MIN_BYTES = 1 << 20  # smaller files: polars' import costs more than it saves (about 10 000 rows)
_OWN = ("id", "org", "kind", "date", "body", "reference", "url", "notes")


def csv_raws(source: Path, path: str, registry, options, date_problem, run_bytes: int = 0, fast=None):
    """The raw records of a CSV file read as columns, or None: read it the usual way. ``run_bytes``:
    the size of the run's CSV files together (``csv_lines.run_bytes``), which decides with the file's;
    ``fast``: the run's ``FastPath`` (its caches shared by the run's files), else one of its own."""
    from velvoite import columnar

    if not columnar.available() or max(run_bytes, source.stat().st_size) < MIN_BYTES:
        return None
    head, named, first = header_line(source)  # (head: Excel's sep= line before the header)
    delimiter = named or max((",", ";", "\t"), key=first.count)
    if not first.count(delimiter) or delimiter not in (",", ";", "\t") or first.lower().startswith("sep="):
        return None
    try:
        header = next(csv.reader([first], delimiter=delimiter, strict=True))
        names, columns, labels = header_labels((1, header), path, csv_label)
    except (csv.Error, InputError, InputErrors):
        return None  # the usual path says what is wrong with it (every bad column), at its line
    fast = fast or FastPath(registry, options, date_problem)
    if not all(names) or not fast.handled.issuperset(names) or len(names) != len(header):
        return None
    found = scan(source, delimiter, len(names), head)
    if found is None or found.lines > MAX_ROWS or found.lines < head + 2:
        return None
    frame = read_frame(source, found, delimiter)
    if frame is None:
        return None
    return _chunks(frame, names, labels, fast, head + 2)


class _Bad(str):
    """A cell's text the fast path leaves to the validating path (the text policy looks at it)."""

    __slots__ = ()


_PLAIN = r"^[!-~](?:[ -~]*[!-~])?$"  # printable ASCII, nothing to strip: the text policy passes it as it is
_ID_CHARS = r"A-Za-z0-9_\-.,:;#+@~()&='!*$"
_PLAIN_ID = rf"^[{_ID_CHARS}](?:[{_ID_CHARS} ]{{0,{MAX_ID - 2}}}[{_ID_CHARS}])?$"  # ``records.ids`` in ASCII


def _cleaned(series) -> dict:
    """Each distinct cell's text as the usual path takes it: stripped, None for an empty cell, a
    ``_Bad`` for text the validating path must look at. Plain printable ASCII is found by polars;
    the rest is looked at by the text policy's own functions."""
    distinct = series.unique()
    plain = distinct.str.contains(_PLAIN) & (distinct.str.len_chars() <= MAX_TEXT)
    found = distinct.filter(plain).to_list()
    meaning: dict = dict(zip(found, found))
    meaning[None] = None
    for cell in distinct.filter(~plain.fill_null(True) & distinct.is_not_null()).to_list():
        text = cell.strip()
        meaning[cell] = (text if text_ok(text) else _Bad(text)) if text else None
    return meaning


def _column(series) -> tuple[list, bool]:
    """A column's texts per row as the usual path takes them (``_cleaned``), and whether any is
    ``_Bad``. A column of mostly distinct texts (ids, notes) is taken as it is where polars finds it
    plain, without a mapping of every text; of a mostly empty one (a pack's field) only the filled
    cells are mapped."""
    if series.n_unique() * 4 < len(series):
        meaning = _cleaned(series)
        has_bad = any(t.__class__ is _Bad for t in meaning.values())
        if series.null_count() * 2 <= len(series):
            return list(map(meaning.__getitem__, series.to_list())), has_bad
        texts = [None] * len(series)
        deque(map(texts.__setitem__, series.is_not_null().arg_true().to_list(),
                  map(meaning.__getitem__, series.drop_nulls().to_list())), 0)
        return texts, has_bad
    plain = (series.str.contains(_PLAIN) & (series.str.len_chars() <= MAX_TEXT)).fill_null(True)
    texts = series.to_list()
    has_bad = False
    for i in (~plain).arg_true().to_list():
        text = texts[i].strip()
        texts[i] = (text if text_ok(text) else _Bad(text)) if text else None
        has_bad = has_bad or texts[i].__class__ is _Bad
    return texts, has_bad


def _ids_asked(series) -> list[int]:
    """The rows whose id ``records.ids.valid_id`` must look at: plain ASCII ids are found good by
    polars, an empty cell has none."""
    plain = (series.str.contains(_PLAIN_ID) & ~series.str.contains(r"^\.+$")).fill_null(True)
    return (~plain).arg_true().to_list()


def _meanings(texts: list, cache: dict, compute, missing=FAILS) -> tuple[list, set]:
    """Each row's value of a column through a fast-path cache, each distinct text computed once
    (``compute``); an empty cell is ``missing`` (a required field: ``FAILS``, the validating path
    says so). And the distinct texts."""
    distinct = set(texts)
    for text in distinct.difference(cache):
        cache[text] = missing if text is None else compute(text)
    return list(map(cache.__getitem__, texts)), distinct


ROWS = 200_000  # rows turned into Python values at once: the columns' lists stay small
# The first piece, the rest by ``ROWS``: the loader stops after 1 000 errors, and a file wrong from its
# start is stopped soon after the usual path would stop it, not after 200 000 rows understood (`validate`
# of a 24 MB file with errors from line 4: 4.1 s CPU against the usual path's 0.6 s; now 2.2 s, most
# of it the file read whole before its first row).
FIRST_ROWS = 10_000


def _chunks(frame, names: list[str], labels: dict, fast: FastPath, first: int = 2):
    """``_rows`` of the frame in pieces; ``first``: the line of its first row."""
    at, size = 0, min(FIRST_ROWS, ROWS)
    while at < frame.height:
        yield from _rows(frame.slice(at, size), names, labels, fast, at + first)
        at, size = at + size, ROWS


def frame_raws(frame, names: list[str], labels: dict, fast: FastPath):
    """The raws of a frame of text columns c0... whose header is row 1: ``csv_raws``'s, and a
    sheet's (``columnar.sheets``)."""
    return _chunks(frame, names, labels, fast)


def _rows(frame, names: list[str], labels: dict, fast: FastPath, first: int):
    """Every row in order: a ``Built`` one, or the raw record the usual path would make. Each
    column is understood as a whole (each distinct text once); the rows are then only put together.
    ``first``: the line of the first row."""
    height, width = frame.height, len(names)
    asked_ids = _ids_asked(frame.get_column(f"c{names.index('id')}")) if "id" in names else []
    cols, bad = [], []
    for i in range(width):  # a column at a time, the frame's copy dropped as its texts are taken
        col, has_bad = _column(frame.get_column(f"c{i}"))
        frame = frame.drop(f"c{i}")
        cols.append(col)
        if has_bad:
            bad.append(col)
    del frame
    empty = [None] * height
    pos = {n: i for i, n in enumerate(names)}
    rid, org_t, kind_t, date_t, body_t, ref, url, notes = (cols[pos[n]] if n in pos else empty for n in _OWN)
    kinds, kind_d = _meanings(kind_t, fast.kinds, lambda t: fast.once(fast.kinds, t, kind_value))
    days, date_d = _meanings(date_t, fast.dates, lambda t: fast.once(fast.dates, t, fast.day))
    orgs, org_d = _meanings(org_t, fast.orgs, lambda t: fast.once(fast.orgs, t, fast.org))
    body_of: dict = {}
    bodies, body_d = _meanings(body_t, body_of, lambda t: fast.once(fast.bodies, t, body_value), None)
    seen = [d for d in map(fast.dates.__getitem__, date_d) if d is not FAILS]
    period = (min(seen), max(seen)) if seen else (dt.date.max, dt.date.min)  # the file's first and last day
    failing = any(cache[t] is FAILS for cache, found in ((fast.kinds, kind_d), (fast.dates, date_d),
                                                         (fast.orgs, org_d), (body_of, body_d)) for t in found)
    ok = _understood(kinds, days, orgs, bodies) if failing else [True] * height
    _alive(ok, days, orgs, org_t, {t: fast.orgs[t] for t in org_d}, period)
    for i in asked_ids:
        if rid[i] is not None and not valid_id(rid[i]):
            ok[i] = False
    for col in bad:
        for i, t in enumerate(col):
            if t.__class__ is _Bad:
                ok[i] = False
    extras = [(n, cols[i]) for i, n in enumerate(names) if n not in COMMON_FIELDS]
    participants, data = _extras(fast, extras, kinds, days, ok, period) if extras else ([()] * height, empty)
    built = list(compress(range(height), ok))
    if len(built) == height:  # every row built: each column as it is
        def pick(col):
            return col
    elif len(built) < 2:
        def pick(col):
            return [col[i] for i in built]
    else:
        pick = itemgetter(*built)
    records = list(map(object.__new__, repeat(Record, len(built))))
    many = len(built)
    org_id = {t: None if fast.orgs[t] is FAILS else fast.orgs[t].id for t in org_d}
    values = (pick(rid), pick(list(map(org_id.__getitem__, org_t))), pick(kinds), pick(days), pick(bodies),
              pick(participants), pick(ref), pick(url), repeat(None, many), repeat(None, many), repeat((), many),
              pick(notes), pick(data), repeat((), many), repeat(False, many))
    for setter, column in zip(SETTERS, values):  # each field of every record at once
        deque(map(setter, records, column), 0)
    dated = [(n, cols[i]) for i, n in enumerate(names) if n in date_fields()]
    short = _short_years(dated, height)
    at = taken = 0  # the rows between two failing ones are one run of built rows (``records.runs``)
    failed = [] if many == height else list(compress(range(height), map(not_, ok)))
    for i in failed + [height]:
        if i > at:
            notes_asked = [None] * (i - at)  # the rows' date texts when one may be D.M.YY
            for j in compress(range(at, i), short[at:i]):
                notes_asked[j - at] = {n: col[j] for n, col in dated}
            yield BuiltRun(records[taken:taken + i - at], list(range(first + at, first + i)), notes_asked, labels)
            taken += i - at
        at = i + 1
        if i < height:
            texts = [col[i] for col in cols]
            if any(t is not None for t in texts):  # (an empty row is passed over, as the usual path does)
                yield _raw(texts, names, first + i, labels)


def _understood(kinds: list, days: list, orgs: list, bodies: list) -> list[bool]:
    """Per row, whether its kind, date, organisation and body were understood: by columns (asked
    only when a column's value was not)."""
    return list(map(and_, map(and_, map(is_not, kinds, repeat(FAILS)), map(is_not, days, repeat(FAILS))),
                    map(and_, map(is_not, orgs, repeat(FAILS)), map(is_not, bodies, repeat(FAILS)))))


def _alive(ok: list, days: list, orgs: list, org_t: list, named: dict, period: tuple) -> None:
    """``ok`` False for a row whose organisation did not exist on its day: asked only of the rows of
    an organisation that did not exist on every day of the file (``period``); ``named``: each
    distinct text of the organisation column, its organisation."""
    first, last = period
    limited = {t for t, o in named.items() if o is not FAILS and (o.valid_from > first or o.valid_until < last)}
    if limited:
        for i in compress(range(len(ok)), map(limited.__contains__, org_t)):
            if ok[i] and not orgs[i].exists_on(days[i]):
                ok[i] = False


def _short_years(dated: list, height: int) -> list[bool]:
    """Per row, whether a date field's text may be D.M.YY (``loader._note_short_year`` then looks
    at the row's dates; the other rows carry none), each distinct text asked once."""
    found = [False] * height
    for _name, col in dated:
        hits = {t for t in set(col) if t is not None and "." in t[-4:] and SHORT_YEAR.match(t)}
        if hits:
            for i, t in enumerate(col):
                if t in hits:
                    found[i] = True
    return found


def _extras(fast: FastPath, extras: list, kinds: list, days: list, ok: list, period: tuple) -> tuple[list, list]:
    """The participants and pack data of every row (``FastPath._extra`` by columns: a field the kind
    does not carry, a value not understood or an organisation not existing on the day leaves the
    row to the validating path, ``ok`` False). Rows saying the same (their kind and every extra
    cell) are one combination, understood once at its first row; a day is asked per row only where
    the organisations a combination names did not all exist on every day of the file (``period``)."""
    cat = catalogue()
    height = len(ok)
    first = list(map({}.setdefault, zip(kinds, *(col for _name, col in extras)), count()))  # each row's combination
    asked = set(compress(first, ok))  # the combinations (their first rows) with a row still to build
    low, high = period
    failed, participants, items, span = set(asked), [()] * height, {}, {}
    for name, col in extras:
        present = [r for r in asked if col[r] is not None]
        carried = {k: name in cat[k].fields for k in {kinds[r] for r in present}}
        if name in fast.lists:
            named, alive = org_lists(fast, {col[r] for r in present})  # and the days all of them existed
            for r in present:
                ids = named[col[r]]
                if ids is FAILS or not carried[kinds[r]]:
                    asked.discard(r)
                    continue
                since, until = alive[col[r]]
                if since > low or until < high:  # not every day of the file: the rows' days are asked
                    was = span.get(r, ALWAYS)
                    span[r] = max(was[0], since), min(was[1], until)
                if name == "participants":
                    participants[r] = ids
                elif ids:
                    items.setdefault(r, []).append((name, ids))
            continue
        decl = fast.declared[name]
        meaning = {}
        for text in {col[r] for r in present}:
            try:
                meaning[text] = decl.convert(text)
            except ValueError:
                meaning[text] = FAILS
        for r in present:
            value = meaning[col[r]]
            if value is FAILS or not carried[kinds[r]]:
                asked.discard(r)
            elif value not in (None, ()):
                items.setdefault(r, []).append((name, value))
    shared, data = fast.datas, [None] * height  # rows that say the same share one mapping (``FastPath._extra``)
    for r, found in items.items():
        if r in asked:
            data[r] = shared.setdefault(tuple(found), dict(found))
    failed.difference_update(asked)
    if failed or span:
        _days_asked(ok, first, days, {**span, **dict.fromkeys(failed, NOTHING)})
    return list(map(participants.__getitem__, first)), list(map(data.__getitem__, first))


def _days_asked(ok: list, first: list, days: list, span: dict) -> None:
    """``ok`` False for the rows of a combination whose organisations did not exist on the row's day:
    ``span`` (first, last) by the combination's first row (``NOTHING`` for one that failed)."""
    rows = [i for i in compress(range(len(first)), map(span.__contains__, first)) if ok[i]]
    combination, day = [first[i] for i in rows], [days[i] for i in rows]
    since, until = ({r: both[k] for r, both in span.items()} for k in (0, 1))
    good = map(and_, map(le, map(since.__getitem__, combination), day),
               map(le, day, map(until.__getitem__, combination)))
    for i in compress(rows, map(not_, good)):
        ok[i] = False


def _raw(texts: list, names: list[str], line: int, labels: dict) -> RawRecord:
    """The row as ``records.tables.table_records`` gives it (stripped, empty cells left out)."""
    values = {n: str(t) for n, t in zip(names, texts) if t is not None}
    return RawRecord(values, line, labels=labels, position=line, numeric=NOT_NUMERIC)



def reader(registry, options, date_problem, run_bytes: int = 0):
    """``csv_raws`` for this run (``columnar.sheets.reader`` adds the sheets), None without polars;
    ``run_bytes``: the size of the run's CSV files together."""
    import os

    from velvoite import columnar

    if not columnar.available() or os.environ.get("VELVOITE_COLUMNAR") == "never":
        return None
    columnar.give_back_memory(run_bytes)
    fast = FastPath(registry, options, date_problem)  # one for the run's files: their shared values understood once
    return lambda source, path: csv_raws(source, path, registry, options, date_problem, run_bytes, fast)
