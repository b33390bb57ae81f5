"""A run of rows the columnar reader built already, taken by the loader as a whole.

``velvoite.columnar.load`` yields the rows of a large CSV file in order: a row that failed a check
as today's raw record (the validating path reports it), and the rows between two such as one
``BuiltRun``: their records already built, their lines. The loader's bookkeeping for a row (its id,
or the id it is given, FILE#ROW; the duplicate check; where it was read; the two-digit-year note)
is then done for the run by columns (``take``). A run that may need a message (an id already
taken, within the run or before it; the error limit reached) or that the row-by-row bookkeeping
must see (a kind whose raw rows are kept, a scope passing rows over) is read row by row instead
(``BuiltRun.rows``), exactly as before.
"""

from __future__ import annotations

from itertools import compress, repeat
from operator import attrgetter, is_not, not_

from velvoite.records.fast import Built
from velvoite.records.sources import KEPT
from velvoite.records.tables import NOT_NUMERIC

_NO_DATES: dict = {}  # a built row without a two-digit year: nothing for the loader's note to look at


class BuiltRun:
    """Consecutive built rows of one file: ``records``, their ``lines`` (each row's line, also its
    position: FILE#ROW), ``dated`` (per row, its date fields' texts when one may be D.M.YY, else
    None), and the file's column ``labels``."""

    __slots__ = ("records", "lines", "dated", "labels")
    values = _NO_DATES  # (a run is not a row: iter_raw only counts it)

    def __init__(self, records: list, lines: list[int], dated: list, labels: dict):
        self.records, self.lines, self.dated, self.labels = records, lines, dated, labels

    def __len__(self) -> int:
        return len(self.records)

    def row(self, i: int) -> Built:
        """The i-th row as the loader reads a row (``records.fast.Built``)."""
        line = self.lines[i]
        raw = Built(self.dated[i] or _NO_DATES, line, None, self.labels, line, NOT_NUMERIC)
        raw.record = self.records[i]
        return raw

    def rows(self):
        return map(self.row, range(len(self.records)))


def unrolled(raws, taken):
    """``raws`` with each ``BuiltRun`` that ``taken(run)`` takes left out, the others' rows one by one."""
    for raw in raws:
        if raw.__class__ is not BuiltRun:
            yield raw
        elif not taken(raw):
            yield from raw.rows()


def take(collector, run: BuiltRun, display: str, stem: str, step, limit: int, assign) -> bool:
    """The loader's bookkeeping (``records.loader._Collector.add``) for every row of ``run`` at
    once, or False having done none of it: the run is to be read row by row. ``limit``: the errors
    after which the loader stops; ``assign(record, changes)`` gives a record its derived id (the
    loader's own, passed in: the loader imports this module)."""
    records, lines = run.records, run.lines
    if collector.options.within is not None or len(collector.errors) >= limit:
        return False
    rids = list(map(attrgetter("id"), records))
    given = list(map(is_not, rids, repeat(None)))
    complete = None not in rids
    if not complete:
        rids = [rid if has else f"{stem}#{line}" for rid, has, line in zip(rids, given, lines)]
    ids = collector.ids
    if len(set(rids)) != len(rids) or not ids.keys().isdisjoint(rids) \
            or not KEPT.isdisjoint(set(map(attrgetter("kind"), records))):
        return False  # a duplicate id: its message, at its row; a kept kind: its raw row
    if display not in collector.short_years:
        for i in compress(range(len(run.dated)), run.dated):
            collector.note_short_year(run.row(i), display)
            if display in collector.short_years:
                break
    if not complete:
        for i in compress(range(len(rids)), map(not_, given)):
            assign(records[i], {"id": rids[i], "derived_id": True})
            collector.derived.add(rids[i])
    ids.update(zip(rids, zip(repeat(display), lines)))  # (file, line): said "file:line" only in a message
    if collector.sources.locate:
        collector.sources.lines.update(zip(rids, zip(repeat(display), lines)))
    collector.records.extend(records)
    if step is not None:
        step(lines[-1])
    return True
