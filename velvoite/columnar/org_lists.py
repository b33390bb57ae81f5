"""The organisation-list cells of a column (participants, delivered_to, ...) understood together.

``records.fast.FastPath.org_list`` reads one cell: its names split at ``;``, ``,`` or a line break
and stripped (``records.fields.split_names``), each name looked up once, the organisations kept
once each in the order named. A national file has tens of thousands of distinct cells naming a
few hundred organisations: here every cell of printable ASCII (``kunta-091; kunta-092``, codes,
ASCII names) is split by polars in one pass, each distinct name is looked up once through the same
``FastPath``, and the answers are joined back per cell: the ids named, whether any name is unknown,
and the days all the organisations existed on. Any other cell (letters beyond ASCII, tabs, line
breaks: ``split_names`` strips what Python calls white space) is read by ``FastPath.org_list`` itself.
"""

from __future__ import annotations

import datetime as dt
from itertools import accumulate, compress

from velvoite.records.fast import FAILS

_PLAIN = r"^[ -~]*$"  # printable ASCII: the only white space a name may have around it is " "
NOTHING = (dt.date.max, dt.date.min)  # the days a cell not understood is alive on: none
ALWAYS = (dt.date.min, dt.date.max)  # those of a cell naming no organisation
_EPOCH = dt.date(1970, 1, 1)  # polars' day 0
_SINCE = 1 << 20  # more days than from 1 January of year 1 to _EPOCH
_DAYS = 1 << 23  # more days than from year 1 to 9999, and _SINCE: (first, last) as one number


def _span(number: int) -> tuple:
    """The (first, last) days a number made by ``org_lists`` stands for."""
    return (_EPOCH + dt.timedelta(days=number // _DAYS - _SINCE), _EPOCH + dt.timedelta(days=number % _DAYS - _SINCE))


def org_lists(fast, cells: set) -> tuple[dict, dict]:
    """For each distinct cell: the ids of the organisations it names (``FAILS`` when a name is
    unknown), and (first, last): the days every one of them existed on (``Organisation.exists_on``)."""
    import polars as pl  # (here: columnar.load is imported by every run that reads records, polars only by one that has it)

    ids: dict = {}
    alive: dict = {}
    series = pl.Series("cell", list(cells), dtype=pl.String)
    plain = series.str.contains(_PLAIN)
    for cell in series.filter(~plain).to_list():  # the cell as FastPath reads it
        named = fast.once(fast.names, cell, fast.org_list)
        ids[cell] = FAILS if named is FAILS else named[1]
        alive[cell] = NOTHING if named is FAILS else (
            max((o.valid_from for o in named[0]), default=dt.date.min),
            min((o.valid_until for o in named[0]), default=dt.date.max))
    cell_list = series.filter(plain).to_list()
    long = (pl.DataFrame({"cell": pl.Series(cell_list, dtype=pl.String)}).with_row_index("at")
            .select("at", name=pl.col("cell").str.replace_all(",", ";", literal=True).str.split(";"))
            .explode("name").with_columns(pl.col("name").str.strip_chars(" ")).filter(pl.col("name") != ""))
    names = long.get_column("name").unique().to_list()
    orgs = [fast.once(fast.orgs, name, fast.org) for name in names]
    known = {o.id: o for o in orgs if o is not FAILS}  # each once, by id (an Organisation hashes every field)
    number = {org_id: n for n, org_id in enumerate(known)}
    table = pl.DataFrame({"name": pl.Series(names, dtype=pl.String),
                          "org": pl.Series([None if o is FAILS else number[o.id] for o in orgs], dtype=pl.UInt32),
                          "first": pl.Series([None if o is FAILS else o.valid_from for o in orgs], dtype=pl.Date),
                          "last": pl.Series([None if o is FAILS else o.valid_until for o in orgs], dtype=pl.Date)})
    named = long.join(table, on="name", how="left", maintain_order="left").unique(["at", "org"], maintain_order=True)
    per_cell = (named.group_by("at", maintain_order=True)  # (a cell's organisations follow each other, in order)
                .agg(pl.len().alias("count"), pl.col("org").is_null().any().alias("unknown"),
                     days=(pl.col("first").max().to_physical().cast(pl.Int64) + _SINCE) * _DAYS
                          + pl.col("last").min().to_physical() + _SINCE))
    found = list(map([*known, None].__getitem__, named.get_column("org").fill_null(len(known)).to_list()))
    ends = list(accumulate(per_cell.get_column("count").to_list()))
    said = list(map(cell_list.__getitem__, per_cell.get_column("at").to_list()))
    ids.update(zip(said, map(tuple, map(found.__getitem__, map(slice, [0, *ends[:-1]], ends)))))
    days = per_cell.get_column("days").to_list()
    spans = {n: _span(n) for n in set(days).difference([None])}  # each (first, last) once
    spans[None] = NOTHING  # (every name unknown)
    alive.update(zip(said, map(spans.__getitem__, days)))
    for cell in compress(said, per_cell.get_column("unknown").to_list()):
        ids[cell], alive[cell] = FAILS, NOTHING
    for cell in cells.difference(ids):  # separators only: no organisation named
        ids[cell], alive[cell] = (), ALWAYS
    return ids, alive
