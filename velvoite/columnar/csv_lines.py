"""The door of the columnar CSV reader (``load.csv_raws``): whether a file's lines can be read as
columns exactly as the csv module reads them (``records.tables.csv_records``, the usual path), and
the frame of its cells when they can.

A file is scanned in pieces (``scan``): a blank line, a carriage return that does not end a line,
a line longer than the csv module takes (``longest_line``) or more rows than ``MAX_ROWS`` send it the
usual way whole, as before. A line holding a double
quote is read by the csv module itself, the line alone (``Scan.add``): its cells go into the frame
in place of polars' reading of that line, so a quoted cell (a separator or a doubled quote in it,
``"kunta-091, kunta-092"``) is what the usual path reads, by construction. A quote the csv module
reads across lines (a line break in a quoted cell) or refuses (``"a"b``) sends the file the usual
way, which says what it says today, at the line it says it. Polars reads the file with quotes too,
only so that it finds each line's end where the csv module does; its row count must then be the
line count (a quoted cell polars read across lines would make it fewer), and every line it read
otherwise than the csv module is overwritten by the csv module's cells.

A UTF-8 byte order mark (Excel's "CSV UTF-8") and Excel's ``sep=;`` line are read as the usual
path reads them: not part of the header, the sep= line a row of its own. The size that makes polars worth importing is the run's (``run_bytes``): a national set
split into county files goes by columns as the one file would.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from velvoite.records.tables import SEP_LINE

CHUNK = 1 << 20
BATCH = 50_000  # quoted lines read by the csv module at once, their cells kept as polars columns
SEPARATOR = "\x1f"  # (the unit separator) between the cells of quoted lines handed to polars
BOM = "\ufeff".encode()


def run_bytes(files) -> int:
    """The size of a run's CSV files together (``files``: (path, display) pairs), which decides
    whether they are read as columns (``load.MIN_BYTES``)."""
    total = 0
    for path, _display in files:
        if path.suffix.lower() == ".csv":
            try:
                total += path.stat().st_size
            except OSError:  # (gone meanwhile: reading it says so)
                pass
    return total


def header_line(source: Path) -> tuple[int, str | None, str]:
    """(0, None, the first line) of a UTF-8 file as the usual path reads it (``utf-8-sig``: without
    a BOM), or (1, the separator, the second line) after Excel's ``sep=`` line."""
    with source.open(encoding="utf-8-sig", newline="") as fh:
        first = fh.readline()
        named = SEP_LINE.match(first)
        return (1, named[1], fh.readline()) if named else (0, None, first)


class Scan:
    """A file's lines as the scan found them: ``lines`` (the last one without its line break
    counted) and the cells of every data line holding a double quote, as the csv module reads that
    line alone (``rows``: the frame's row of each; ``parts``: frames of their cells, text columns
    c0..., an empty cell null as polars reads one)."""

    def __init__(self, delimiter: str, width: int, head: int):
        self.delimiter, self.width, self.head = delimiter, width, head  # head: the header's line (from 0)
        self.lines, self.rows, self.parts = 0, [], []
        self._texts: list[str] = []
        self.ok = True

    def add(self, first: int, lines: list[bytes]) -> None:
        """Lines of the file from line ``first`` (from 0): the data lines holding a quote are read with
        the others of their batch."""
        head = self.head
        quoted = [i for i, text in enumerate(lines, first) if b'"' in text and i > head]
        self.rows += [i - head - 1 for i in quoted]
        self._texts += [lines[i - first].decode("utf-8") for i in quoted]
        if len(self._texts) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """The pending lines through the csv module: each line one row of at most ``width`` cells,
        else the file goes the usual way (``ok`` False)."""
        texts, self._texts = self._texts, []
        if not texts or not self.ok:
            return
        if SEPARATOR in "".join(texts):  # (a file that holds one: the usual way)
            self.ok = False
            return
        try:
            read = list(csv.reader(texts, delimiter=self.delimiter, strict=True))
        except csv.Error:  # (a quote the csv module refuses: the usual path says so, at its line)
            self.ok = False
            return
        # Each line gives at least one row, so as many rows as lines is each line alone: no quoted
        # cell went on into the next line (whose own quotes would then be read otherwise).
        if len(read) != len(texts) or max(map(len, read)) > self.width:
            self.ok = False
            return
        import polars as pl

        # The csv module's cells handed to polars between separators no cell holds (a file with
        # one was refused above), so polars splits there alone: each cell as the csv module read it.
        width = self.width  # (every row as wide as the header: polars takes the width from the first)
        read = [cells if len(cells) == width else cells + [""] * (width - len(cells)) for cells in read]
        cells = "\n".join(map(SEPARATOR.join, read)).encode("utf-8")
        # polars drops a byte order mark that starts its input: a first cell starting with one
        # (``\ufeffr1``, as files joined by ``cat`` have) keeps it behind a row put first and dropped after
        ahead = cells.startswith(BOM)
        try:
            part = pl.read_csv(io.BytesIO(SEPARATOR.encode() * (width - 1) + b"-\n" + cells if ahead else cells),
                               separator=SEPARATOR, has_header=False, quote_char=None,
                               schema={f"c{i}": pl.String for i in range(width)}, raise_if_empty=False)
            part = part.slice(1) if ahead else part
        except pl.exceptions.PolarsError:
            part = None
        if part is None or part.height != len(read):
            self.ok = False
            return
        self.parts.append(part)

    def frame(self, pl):
        """The quoted lines' cells as a frame of columns c0..."""
        return pl.concat(self.parts) if len(self.parts) != 1 else self.parts[0]


def longest_line(width: int) -> int:
    """The most bytes a line of ``width`` cells can have when the csv module takes each cell: at most
    ``csv.field_size_limit()`` characters of at most 4 bytes (a doubled quote: 2), two quotes, a
    separator, and a carriage return. A longer line (one cell the size of the file) goes the usual
    way, which says at once what the csv module says, instead of being carried chunk after chunk."""
    return width * (4 * csv.field_size_limit() + 3) + 1


def scan(source: Path, delimiter: str, width: int, head: int = 0) -> Scan | None:
    """The lines of a file the columnar reader can take (see above), its quoted lines read, or None;
    ``head``: the header's line (1 after Excel's ``sep=`` line)."""
    found = Scan(delimiter, width, head)
    lines, last, tail = 0, b"\n", b""
    longest = longest_line(width)
    with source.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            if len(tail) > longest:  # (the line read so far is longer than any the csv module takes)
                return None
            if b"\n\n" in chunk or (last == b"\n" and chunk[:1] in (b"\n", b"\r")):
                return None
            if b"\r" in chunk and chunk.count(b"\r") != chunk.count(b"\r\n"):
                return None  # (a \r\n cut between two chunks is read the usual way: rare, and still right)
            if b"\r\n\r\n" in chunk:
                return None
            if b'"' in chunk or b'"' in tail:
                *whole, tail = (tail + chunk).split(b"\n")
                found.add(lines, whole)
            else:
                tail = chunk[chunk.rfind(b"\n") + 1:] if b"\n" in chunk else tail + chunk
            lines += chunk.count(b"\n")
            last = chunk[-1:]
            if not found.ok:
                return None
    if b'"' in tail:
        found.add(lines, [tail])
    found.flush()
    found.lines = lines + (last != b"\n")
    return found if found.ok else None


def read_frame(source: Path, found: Scan, delimiter: str):
    """The file's cells as a frame of text columns c0... (the header not among them), every quoted
    line's cells the csv module's; None where polars cannot read it as the csv module does."""
    import polars as pl

    width, rows = found.width, found.lines - found.head - 1
    if len(found.rows) == rows:  # every data line quoted (csv.QUOTE_ALL): the csv module's alone
        return found.frame(pl)
    try:
        frame = pl.read_csv(source, separator=delimiter, has_header=True, infer_schema=False, skip_rows=found.head,
                            quote_char='"' if found.rows else None, new_columns=[f"c{i}" for i in range(width)],
                            encoding="utf8", raise_if_empty=False)
    except (pl.exceptions.PolarsError, OSError, ValueError):
        return None
    if frame.height != rows or frame.width != width:
        return None
    longest = frame.select(pl.all().str.len_chars().max()).row(0)
    if any(n is not None and n > csv.field_size_limit() for n in longest):
        return None  # (the csv module refuses a cell this long: the usual path says so)
    if found.rows:
        quoted = found.frame(pl)
        frame = frame.with_columns(frame.get_column(name).scatter(found.rows, quoted.get_column(name))
                                   for name in frame.columns)
    return frame
