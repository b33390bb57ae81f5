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

from velvoite.records.fast import FAILS

_PLAIN = r"^[ -~]*$"  # printable ASCII: the only white space a name may have around it is " "
NOTHING = (dt.date.max, dt.date.min)  # the days a cell not understood is alive on: none
ALWAYS = (dt.date.min, dt.date.max)  # those of a cell naming no organisation


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
    long = (series.filter(plain).to_frame()
            .with_columns(name=pl.col("cell").str.replace_all(",", ";", literal=True).str.split(";"))
            .explode("name").with_columns(pl.col("name").str.strip_chars(" ")).filter(pl.col("name") != ""))
    names = long.get_column("name").unique().to_list()
    orgs = [fast.once(fast.orgs, name, fast.org) for name in names]
    known = [o is not FAILS for o in orgs]
    table = pl.DataFrame({"name": pl.Series(names, dtype=pl.String),
                          "id": pl.Series([o.id if k else None for o, k in zip(orgs, known)], dtype=pl.String),
                          "first": pl.Series([o.valid_from if k else None for o, k in zip(orgs, known)], dtype=pl.Date),
                          "last": pl.Series([o.valid_until if k else None for o, k in zip(orgs, known)], dtype=pl.Date)})
    per_cell = (long.join(table, on="name", how="left", maintain_order="left")
                .group_by("cell", maintain_order=True)
                .agg(pl.col("id").unique(maintain_order=True), pl.col("id").is_null().any().alias("unknown"),
                     pl.col("first").max(), pl.col("last").min()))
    for cell, named, unknown, first, last in zip(*(per_cell.get_column(c).to_list()
                                                   for c in ("cell", "id", "unknown", "first", "last"))):
        ids[cell] = FAILS if unknown else tuple(named)
        alive[cell] = NOTHING if unknown else (first, last)
    for cell in cells:  # separators only: no organisation named
        if cell not in ids:
            ids[cell], alive[cell] = (), ALWAYS
    return ids, alive
