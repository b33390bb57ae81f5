"""Large XLSX and ODS record sheets read into the columnar path's frame (``load``), so that every
step after reading is the CSV's: each distinct value understood once, a row that fails any check
handed to the validating path as today's raw record, at the same line with the same column labels.

XLSX: read by calamine (``fastexcel``, Rust) into columns, 20-25 times faster than openpyxl's
parser (measured: 100 000 records 0.47 s against 11 s of CPU). Calamine reads some cells otherwise
than ``records.xlsx`` does, so a sheet goes the usual way whole unless a scan of its XML (no
parsing, in pieces) shows only what both read alike: one sheet in the workbook, visible, its first
cell A1 and every cell and row numbered in order, cells of text (shared or inline) and of numbers
only, no formula, error, boolean or ISO-date cell, no merged cells, no ``_xHHHH_`` escape (calamine
decodes it, openpyxl keeps it as written), no phonetic runs, no DTD, at most ``MAX_COLUMNS``
columns and not many more rows than it holds (calamine allocates the rows between as a grid). Of
the number cells, calamine's strict types (``dtype_coercion="strict"``, every row looked at) must
say each column is text, or dates, or empty, or dates and text mixed (a date typed as a date in some
rows, as text in others): a column holding a plain number (``records.xlsx`` reads it as the text
its format shows, marked numeric) or a boolean goes the usual way. A date cell is its day (ISO), as
``records.xlsx`` takes it; in a column of dates and text it is read as calamine shows it as text
(``2024-05-01 00:00:00``), so such a column is read only when no text of the sheet reads so. A day
before 1900-03-01 (where Excel's 1900 leap-year bug makes readers differ) sends the sheet the usual way.

ODS: ``records.ods`` reads the rows as today (no faster reader reads them exactly: python-calamine
was refused there, see that module), and its rows are put into the frame instead of being validated
one by one. Any row ``tables.table_records`` would look at differently (a number or error cell, a
row wider than the header, a header row not first, a template's note column) sends the rows, as
read, to ``table_records``, so its messages and notes are today's; an error while reading is
raised after the rows before it, as today.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from velvoite.columnar.sheet_xml import unlike
from velvoite.errors import InputError
from velvoite.records.cells import sheet_column
from velvoite.records.text import MAX_COLUMNS, MAX_ROWS

# Smaller sheets the usual way. Measured 2026-12-07 (CPU s, user + system, of `velvoite validate FILE`,
# the best of 3, bench_audit's national rows, dates as date cells): XLSX 1 000 records (40 kB) 0.59
# columnar against 0.59, 3 000 (109 kB) 0.64 against 0.89, 10 000 (354 kB) 0.73 against 1.81; ODS
# 3 000 (75 kB) 0.73 against 0.75, 10 000 (247 kB) 1.32 against 1.30, 30 000 (737 kB) 3.16 against
# 3.23, and in-process 100 000 records 8.0 against 9.6 s (reading content.xml is most of it).
XLSX_MIN_BYTES = 40_000  # about 1 000 records, where both cost the same
ODS_MIN_BYTES = 256 << 10  # about 10 000 records, where both cost the same
CHUNK = 1 << 22
LONGEST = 1 << 20  # bytes between two tags: 32 767 characters (a cell's limit), escaped, are fewer
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_SHEET_REFUSED = (b"<f>", b"<f ", b"mergeCell", b"<!", b"_x", b"<rPh")
_STRINGS_REFUSED = (b"<!", b"_x", b"<rPh")
_CELL_TYPES = {b"s", b"inlineStr", b"n"}
_ROW = re.compile(rb'<row r="(\d+)"')
_WIDE = re.compile(rb'<c r="([A-Z]{2,})')  # columns past Z (a record sheet has none, so few are found)
_EARLIEST = "1900-03-01"
_TEXT, _DATES, _EMPTY = ("string",), ("date", "datetime"), ("null",)
_SHOWN_DATE = r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?$"  # a date cell read as text by calamine
_PAST_9999 = r"^\+\d{5,}-\d\d-\d\d \d\d:\d\d:\d\d"  # a date openpyxl reads as no date (#VALUE!)
_SHOWN_DATE_BYTES = re.compile(rb"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
MAX_MIXED = 3  # columns of dates and text (each costs calamine another read of the sheet)


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _scan(part, refused: tuple, cells: bool) -> tuple[int, int, int] | None:
    """(rows, last row, widest column) of a sheet part read in pieces, or None: a token the two
    readers may read otherwise, a row out of order, a cell or row without its number, a first cell
    other than A1. ``cells`` False: a shared-strings part, only looked at for ``refused``."""
    tail, rows, last, widest, first = b"", 0, 0, 0, None
    while True:
        chunk = part.read(CHUNK)
        buf = tail + chunk
        cut = buf.rfind(b">") + 1 if chunk else len(buf)
        piece, tail = buf[:cut], buf[cut:]
        if any(token in piece for token in refused) or unlike(piece, cells) or len(tail) > LONGEST:
            return None  # (a text longer than a cell holds: the scan would copy it over and over)
        if cells and piece:
            at = piece.find(b"<c ") if first is None else -1
            if at >= 0:
                first = piece[at:at + 9] == b'<c r="A1"'
                if not first:
                    return None
            numbers = [int(n) for n in _ROW.findall(piece)]
            if numbers != sorted(set(numbers)) or (numbers and numbers[0] <= last):
                return None
            if len(numbers) != piece.count(b"<row ") + piece.count(b"<row>") or \
                    piece.count(b'<c r="') != piece.count(b"<c ") + piece.count(b"<c>"):
                return None
            if numbers:
                rows, last = rows + len(numbers), numbers[-1]
            widest = max([widest, 26, *map(_column_number, set(_WIDE.findall(piece)))])
            if piece.count(b' t="') != sum(piece.count(b' t="%s"' % t) for t in _CELL_TYPES):
                return None  # (a boolean, error, ISO-date or formula string cell)
        if not chunk:
            break
    if cells and first is not True:
        return None
    return rows, last, widest


def _only_sheet(archive: zipfile.ZipFile, names: set[str]) -> tuple[str, str] | None:
    """(title, part) of a workbook's one sheet, visible and not a template's instructions, or None."""
    from defusedxml.ElementTree import fromstring

    from velvoite.words.reports import instruction_sheets

    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return None
    book = fromstring(archive.read("xl/workbook.xml"))
    sheets = [e for e in book.iter() if e.tag.endswith("}sheet")]
    if len(sheets) != 1 or sheets[0].get("state", "visible") != "visible":
        return None
    title = sheets[0].get("name", "")
    rid = next((v for k, v in sheets[0].attrib.items() if k.endswith("}id")), None)
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = [e.get("Target", "") for e in rels.iter() if e.get("Id") == rid]
    if len(targets) != 1:  # an id given twice: openpyxl and calamine read the last, the scan would look at the first
        return None
    target = targets[0]
    strings = {e.get("Target", "") for e in rels.iter() if e.get("Type", "").endswith("/sharedStrings")}
    if not strings <= {"sharedStrings.xml", "/xl/sharedStrings.xml"}:  # the scan looks at that part only
        return None
    part = target.lstrip("/") if target.startswith("/") else "xl/" + target
    if title in instruction_sheets() or part not in names or not part.startswith("xl/worksheets/"):
        return None
    return title, part


def _strings_declared(archive: zipfile.ZipFile, names: set[str]) -> bool | None:
    """Whether [Content_Types].xml declares xl/sharedStrings.xml as the shared strings (and no other
    part); None: another part is declared so."""
    types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if types.count(b"sharedStrings+xml") > 1:
        return None
    return (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.sharedStrings+xml"/>') in types if b"sharedStrings+xml" in types else False


def _styles_read(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """Whether openpyxl reads the workbook's styles (calamine reads styles it refuses, and the usual
    path says 'not a readable Excel workbook'). Costs importing openpyxl's styles, about 0.1 s."""
    if "xl/styles.xml" not in names:
        return True
    from openpyxl.styles.stylesheet import Stylesheet
    from openpyxl.xml.functions import fromstring

    try:
        Stylesheet.from_tree(fromstring(archive.read("xl/styles.xml")))
    except Exception:  # noqa: BLE001 (whatever openpyxl raises: the usual path says it)
        return False
    return True


def _plain_workbook(source: Path, path: str) -> tuple[str, str] | None:
    """(title, part) of a workbook's sheet when calamine reads it as ``records.xlsx`` does (above), or None."""
    from velvoite.records.xlsx import check_container

    try:
        check_container(source, path)  # (a refusal is said by the usual path)
    except InputError:
        return None
    with zipfile.ZipFile(source) as archive:
        names = set(archive.namelist())
        try:
            found = _only_sheet(archive, names)
        except Exception:  # noqa: BLE001 (DTD, damaged XML: the usual path says what is wrong)
            return None
        if found is None:
            return None
        title, part = found
        if _strings_declared(archive, names) != ("xl/sharedStrings.xml" in names):
            return None  # openpyxl finds the shared strings by their content type, calamine by their name
        if not _styles_read(archive, names):
            return None
        try:
            with archive.open(part) as stream:
                head = stream.read(4096)
                if MAIN not in head:  # a prefixed namespace (<x:c>): the scan would not see the cells
                    return None
            with archive.open(part) as stream:
                shape = _scan(stream, _SHEET_REFUSED, True)
            if shape is None or "xl/sharedStrings.xml" in names and \
                    _scan(archive.open("xl/sharedStrings.xml"), _STRINGS_REFUSED, False) is None:
                return None
        except (zipfile.BadZipFile, zlib.error, EOFError):  # a damaged part: the usual path says so
            return None
    rows, last, widest = shape
    if widest > MAX_COLUMNS or last > MAX_ROWS or last > 2 * rows + 1_000:
        return None
    return title, part


def reader(registry, options, date_problem, run_bytes: int = 0):
    """``records.documents.iter_raw``'s ``columnar``: a large CSV file (``load.csv_raws``; ``run_bytes``
    the run's CSV files together) or sheet read as columns, or None; None without polars (or with
    ``VELVOITE_COLUMNAR=never``)."""
    from velvoite.columnar.load import reader as csv_reader
    from velvoite.records.fast import FastPath

    csv = csv_reader(registry, options, date_problem, run_bytes)
    if csv is None:
        return None
    fast = FastPath(registry, options, date_problem)  # one for the run's sheets, as for its CSV files

    def read(source: Path, path: str, notes: list[str] | None = None):
        suffix = source.suffix.lower()
        if suffix == ".csv":
            return csv(source, path)
        return xlsx_raws(source, path, fast) if suffix == ".xlsx" else ods_raws(source, path, notes, fast)

    return read


def _date_like_text(source: Path, part: str) -> bool:
    """Whether any text of the sheet (or anything in its XML) reads as calamine shows a date cell as
    text (``2024-05-01 00:00:00``): a column of dates and text can then not be told apart."""
    with zipfile.ZipFile(source) as archive:
        for name in (part, "xl/sharedStrings.xml"):
            if name not in archive.namelist():
                continue
            with archive.open(name) as stream:
                tail = b""
                while chunk := stream.read(CHUNK):
                    if _SHOWN_DATE_BYTES.search(tail + chunk):
                        return True
                    tail = chunk[-32:]
    return False


def _sheet(book, source: Path, part: str):
    """The sheet loaded with calamine's strict types, and the columns of dates and text mixed (read
    as text), or None: a column of another mix (numbers, booleans), a text that reads as a date."""
    import re as regex

    mixed: dict[str, str] = {}
    while len(mixed) <= MAX_MIXED:
        try:
            return book.load_sheet(0, header_row=0, schema_sample_rows=None, dtype_coercion="strict",
                                   dtypes=mixed or None), mixed
        except Exception as exc:  # noqa: BLE001 (fastexcel's errors: the usual path)
            found = regex.search(r"column contains \{([^}]*)\}\s*Context:\s*0: could not determine dtype for "
                                 r"column (.*)\n?$", str(exc))
            if found is None or found[2] in mixed or set(found[1].split(", ")) != {"DateTime", "String"} or \
                    (not mixed and _date_like_text(source, part)):
                return None
            mixed[found[2]] = "string"
    return None


def xlsx_raws(source: Path, path: str, fast):
    """The raw records of a large workbook read as columns (``load``'s frame), or None."""
    from velvoite import columnar

    if not columnar.sheets_available() or source.stat().st_size < XLSX_MIN_BYTES:
        return None
    found = _plain_workbook(source, path)
    if found is None:
        return None
    title, part = found
    import logging  # here, as fastexcel and polars: only a workbook read by calamine needs it

    import fastexcel
    import polars as pl

    logging.getLogger("fastexcel").setLevel(logging.ERROR)  # its type guessing's words are not the user's concern
    try:
        loaded = _sheet(fastexcel.read_excel(source), source, part)
        if loaded is None:
            return None
        sheet, mixed = loaded
        columns = sheet.available_columns()
        if sheet.name != title or any(c.dtype not in _TEXT + _DATES + _EMPTY for c in columns):
            return None
        frame = sheet.to_polars()
    except Exception:  # noqa: BLE001 (fastexcel's errors: the usual path)
        return None
    header = ["" if c.name.startswith("__UNNAMED__") else c.name for c in columns]
    width = len(header)
    while width and not header[width - 1] and frame.get_column(columns[width - 1].name).null_count() == frame.height:
        width -= 1  # styled empty cells right of the table, as spreadsheets keep them
    texts = []
    for c in columns[:width]:
        col = frame.get_column(c.name)
        if c.name in mixed:  # a date cell shown as calamine shows it: its day
            dated = col.str.contains(_SHOWN_DATE).fill_null(False)
            col = pl.select(pl.when(dated).then(col.str.slice(0, 10)).otherwise(col)).to_series()
            days = col.filter(dated)
            if len(days) and days.min() < _EARLIEST or col.str.contains(_PAST_9999).any():
                return None
        elif c.dtype in _DATES:
            if col.null_count() < frame.height and str(col.min())[:10] < _EARLIEST:
                return None
            col = col.cast(pl.Date).dt.to_string("%Y-%m-%d")
            if col.str.starts_with("+").any():  # past 9999-12-31: openpyxl reads no date there (#VALUE!)
                return None
        texts.append(col.cast(pl.String).alias(f"c{len(texts)}"))
    return _frame_raws(pl.DataFrame(texts) if texts else None, header[:width], path,
                       lambda i, name: sheet_column(title, i, name), fast)


def _frame_raws(frame, header: list[str], path: str, label, fast):
    """``load``'s raws of a frame of text columns c0... under ``header`` (row 1), or None; ``label``
    names a column in messages, as the sheet's reader does."""
    from velvoite.columnar.load import frame_raws
    from velvoite.records.tables import header_labels

    if frame is None or frame.height + 1 > MAX_ROWS:
        return None
    try:
        names, _columns, labels = header_labels((1, header), path, label)
    except InputError:
        return None  # the usual path says what is wrong with it
    if not all(names) or not fast.handled.issuperset(names) or len(names) != len(header):
        return None
    return frame_raws(frame, names, labels, fast)


class _Reraise:
    """The rest of a sheet's rows after an error while reading: the error, raised where it was."""

    def __init__(self, error: Exception):
        self.error = error

    def __iter__(self):
        raise self.error


def ods_raws(source: Path, path: str, notes: list[str] | None, fast):
    """The raw records of a large OpenDocument spreadsheet: its rows read by ``records.ods``, put
    into ``load``'s frame when ``table_records`` would take every cell as plain text; None: small."""
    from velvoite import columnar

    if not columnar.available() or source.stat().st_size < ODS_MIN_BYTES:
        return None
    from velvoite.records.ods import ods_records

    return ods_records(source, path, notes, records=lambda rows, path, label, notes: _ods_rows(
        rows, path, label, notes, fast))


def _ods_rows(rows, path: str, label, notes, fast):
    """``table_records`` of an ODS table's rows, by columns where every cell is plain text."""
    import itertools

    from velvoite.records.tables import table_records

    read: list = []
    try:
        for item in rows:
            read.append(item)
    except Exception as exc:  # noqa: BLE001 (damaged XML too: raised after the rows before it, as today)
        yield from table_records(itertools.chain(read, _Reraise(exc)), path, label, notes)
        return
    found = _ods_frame(read)
    raws = _frame_raws(found[1], found[0], path, label, fast) if found is not None else None
    if raws is None:
        yield from table_records(iter(read), path, label, notes)
        return
    del read, found
    yield from raws


def _ods_frame(read: list):
    """(header, frame of text columns) of an ODS table's rows as read, or None: a row the frame
    cannot hold as ``table_records`` reads it (a cell not plain text, a header not on row 1, a row
    wider than the header, many more blank rows than rows)."""
    import polars as pl

    if not read or read[0][0] != 1:
        return None
    header = read[0][1]
    width, last = len(header), read[-1][0]
    if last > 2 * len(read) + 1_000:
        return None
    columns: list[list] = [[None] * (last - 1) for _ in range(width)]
    for line, cells in read[1:]:
        if len(cells) > width:
            return None
        for i, cell in enumerate(cells):
            if cell.__class__ is not str:
                return None  # a number (the leading-zeros check) or a cell that shows no value
            columns[i][line - 2] = cell
    if any(cell.__class__ is not str for cell in header):
        return None
    return header, pl.DataFrame({f"c{i}": col for i, col in enumerate(columns)},
                                schema={f"c{i}": pl.String for i in range(width)})
