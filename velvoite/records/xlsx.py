"""Records from an Excel workbook (.xlsx), without trusting the file.

- The zip is checked before anything is parsed: its parts may decompress to at most
  ``MAX_UNZIPPED`` bytes in at most ``MAX_PARTS`` files (a zip bomb is refused at once); an
  encrypted (password-protected) or legacy workbook, and one with macros, is refused with how to
  save it instead.
- XML is parsed by openpyxl with defusedxml: a document declaring entities is refused.
- The first *visible* sheet is read; the others are named in a note if they hold anything.
- Cells are read as stored, sparsely: the sheet's recorded size is not trusted (a stale one lost
  rows), and a cell at the far corner costs one cell, not a million empty rows.
- A number is taken as the text it displays (``000`` format: ``020``), marked so that a code
  whose leading zeros Excel dropped is caught; a date cell is its date, whatever time it holds.
- A formula is its saved result. A cell that shows no value is an error at its cell: an error
  value (``#REF!``, ``t="e"``), a formula saved without its result (velvoite calculates nothing),
  and a value under merged cells other than their first (the sheet shows only the first; Excel
  drops the others when it merges, so such a value was put there by another program).
  Comments are parts of their own (``xl/comments1.xml``), never read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

from velvoite.errors import InputError
from velvoite.records.archive import check_zip, defused
from velvoite.records.cells import (NOTED, Merges, cell_range, error_value, formula_without_result,
                                    hidden_by_merge, merged_over_rows_note, merged_ranges, sheet_column)
from velvoite.records.tables import NumberText, RawRecord, table_records
from velvoite.records.text import MAX_COLUMNS, MAX_ROWS
from velvoite.i18n import _
from velvoite.words.reports import instruction_sheets, template_own  # a template's instructions: not records

MACRO_TYPE = "macroEnabled"


def check_container(source: Path, path: str) -> None:
    """Refuse what is not a plain workbook before any XML is parsed."""
    names = check_zip(source, path, _("Excel workbook (.xlsx)"))
    types = b""
    if "[Content_Types].xml" in names:
        with zipfile.ZipFile(source) as archive:
            types = archive.read("[Content_Types].xml")
    if "xl/vbaProject.bin" in names or MACRO_TYPE.encode() in types:
        raise InputError(path, None, None, _("a workbook with macros: save it as 'Excel Workbook (.xlsx)' "
                                             "(macros are neither run nor read)"))


def _open(source: Path, path: str):
    from openpyxl import load_workbook

    check_container(source, path)
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # openpyxl print()s about damaged styles
            return load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 (openpyxl raises anything from a damaged file)
        if defused(exc):
            raise InputError(path, None, None, _("the workbook's XML declares entities or a DTD, which Excel never "
                                                 "writes: refused (save it again from Excel)")) from None
        raise InputError(path, None, None, _("not a readable Excel workbook (.xlsx): {reason}").format(
            reason=type(exc).__name__)) from None


def _number_text(value: int | float, fmt: str) -> str:
    """A number as the cell displays it: zero-padded for ``000``-style formats, fixed decimals
    for ``0.00``, else the shortest form (integers without ``.0``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    body = fmt.split(";")[0]
    if body and set(body) == {"0"} and isinstance(value, int):
        return f"{value:0{len(body)}d}"
    if body.startswith("0.") and set(body[2:]) == {"0"}:
        return f"{value:.{len(body) - 2}f}"
    return str(value)


def _cell_text(cell: dict, sheet) -> str:
    """A stored cell as text (see the module docstring)."""
    from openpyxl.cell.read_only import ReadOnlyCell

    value = cell["value"]
    if "formula" in cell:
        return formula_without_result("=" + cell["formula"])
    if cell["data_type"] == "e" and value is not None:
        return error_value(str(value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return value.isoformat() if not isinstance(value, dt.timedelta) else str(value)
    if isinstance(value, (int, float)):
        fmt = ReadOnlyCell(sheet, cell["row"], cell["column"], value, cell["data_type"],
                           cell["style_id"]).number_format
        return NumberText(_number_text(value, fmt))
    return str(value)


def _rows(sheet, path: str, label, notes: list[str] | None) -> Iterator[tuple[int, list[str]]]:
    """The stored rows, sparse, bounded in rows and columns; values merged over several rows noted."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser

    book = sheet.parent
    merges = Merges(merged_ranges(sheet._get_source, path))
    tall: list[str] = []
    with sheet._get_source() as src:
        parser = WorkSheetParser(src, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        _mark_formulas_without_result(parser)
        for number, cells in parser.parse():
            if number > MAX_ROWS:
                raise InputError(path, number, None, _("more than {n:,} rows: split the workbook").format(n=MAX_ROWS))
            if not cells:
                continue
            width = max(c["column"] for c in cells)
            if width > MAX_COLUMNS:
                raise InputError(path, number, label(width - 1, ""),
                                 _("a value beyond column {letter} (the limit is {n} columns)").format(
                                     letter=get_column_letter(MAX_COLUMNS), n=MAX_COLUMNS))
            row = [""] * width
            covered = merges.covered(number)
            for c in cells:
                text = _cell_text(c, sheet)
                if covered and text.strip() and covered(c["column"]):
                    text = hidden_by_merge(text)
                row[c["column"] - 1] = text
            for r1, c1, r2, c2 in merges.tall:
                if c1 <= width and row[c1 - 1].strip() and len(tall) <= NOTED:
                    tall.append(cell_range(r1, c1, min(r2, MAX_ROWS), min(c2, MAX_COLUMNS)))
            yield number, row
    if tall and notes is not None:
        notes.append(merged_over_rows_note(path, tall))


def _mark_formulas_without_result(parser) -> None:
    """openpyxl reads a formula saved without its result (``<f>`` without ``<v>``, or with an
    empty one, as openpyxl writes it) as an empty cell; such a cell is marked with its formula
    instead, and is an error where it is read. An empty text result (``t="str"``) is empty."""
    from openpyxl.worksheet._reader import FORMULA_TAG

    parse = parser.parse_cell

    def parse_cell(element) -> dict:
        cell = parse(element)
        if cell["value"] is None and element.get("t") != "str":
            formula = element.find(FORMULA_TAG)
            if formula is not None:
                cell["formula"] = formula.text or ""
        return cell

    parser.parse_cell = parse_cell  # parse_row calls it through the instance


def xlsx_records(source: Path, path: str, notes: list[str] | None = None) -> Iterator[RawRecord]:
    """The first visible sheet of a workbook, laid out like the CSV format; errors name sheet, row, column.
    openpyxl's warnings about parts it drops (data validation, damaged styles) are not the user's
    concern and would print its own file paths: they are silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield from _sheet_records(source, path, notes)


def _sheet_records(source: Path, path: str, notes: list[str] | None) -> Iterator[RawRecord]:
    book = _open(source, path)
    try:
        sheets = [ws for ws in book.worksheets if hasattr(ws, "_get_source")]
        visible = [ws for ws in sheets if ws.sheet_state == "visible" and ws.title not in instruction_sheets()]
        if not visible:
            raise InputError(path, None, None, _("the workbook has no visible sheet") if sheets else
                             _("the workbook has no sheets"))
        sheet = visible[0]
        title = sheet.title

        def label(i: int, name: str) -> str:
            return sheet_column(title, i, name)

        try:
            yield from table_records(_rows(sheet, path, label, notes), path, label, notes)
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 (a damaged sheet part)
            if defused(exc):
                raise InputError(path, None, None, _("the sheet's XML declares entities or a DTD: refused")) from None
            raise InputError(path, None, None, _("sheet {title!r} cannot be read: {reason}").format(
                title=title, reason=type(exc).__name__)) from None
        if notes is not None:
            for other in sheets:
                if other is not sheet and not template_own(title, other.title) and _has_content(other):
                    text = (_("{file}: only sheet {title!r} is read; hidden sheet {other!r} is not")
                            if other.sheet_state != "visible" else
                            _("{file}: only sheet {title!r} is read; sheet {other!r} is not"))
                    notes.append(text.format(file=path, title=title, other=other.title))
    finally:
        book.close()


def _has_content(sheet) -> bool:
    try:
        return any(v is not None for row in sheet.iter_rows(max_row=50, max_col=50, values_only=True) for v in row)
    except Exception:  # noqa: BLE001 (a note, not worth failing the file for)
        return True
