"""Records from an OpenDocument spreadsheet (.ods, LibreOffice's own format), without trusting the file.

The container is checked like a workbook's (``archive``); a password-protected or macro-carrying
document is refused with how to save it instead. ``content.xml`` is streamed through defusedxml
(no entities, no DTD) one row at a time, and rows are dropped once read, so memory holds a row,
not the sheet. Repeated rows and columns (``number-rows-repeated``, ``number-columns-repeated``,
which LibreOffice writes for the empty rest of a sheet) cost nothing when empty and are bounded
when not. The first *visible* table is read; hidden tables and the others are named in a note.

A cell is taken as the text it displays (``text:p``): a number formatted ``000`` is ``020``,
as the user sees it, and is marked as a number so a code whose zeros were lost is caught; a date
cell is its ``date-value``, whatever time it holds; a boolean is yes or no. A comment
(``office:annotation``) and a shape anchored to the cell are not its text. A cell that shows no
value is an error at its cell (``cells``): a formula whose result is an error (``#DIV/0!``,
``Err:502``) or was never saved, and a covered cell (``table:covered-table-cell``, under a merge)
that carries text LibreOffice keeps but does not show.

python-calamine was measured for this and refused: a single cell at the far corner of a sheet
makes it allocate the whole grid (512 GB) and abort the process.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from velvoite.errors import InputError
from velvoite.records.archive import check_zip, defused
from velvoite.records.cells import (ERROR_TEXT, NOTED, cell_range, error_value, formula_without_result,
                                    hidden_by_merge, merged_over_rows_note, sheet_column)
from velvoite.records.tables import NumberText, RawRecord, table_records
from velvoite.records.text import MAX_COLUMNS, MAX_ROWS
from velvoite.i18n import _
from velvoite.words.reports import instruction_sheets, template_own  # a template's instructions: not records

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
      "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
      "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
      "calcext": "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"}


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


TABLE, ROW, CELL, COVERED = _q("table", "table"), _q("table", "table-row"), _q("table", "table-cell"), \
    _q("table", "covered-table-cell")
P, SPACE, TAB, BREAK = _q("text", "p"), _q("text", "s"), _q("text", "tab"), _q("text", "line-break")
STYLE, TABLE_PROPS = _q("style", "style"), _q("style", "table-properties")
VALUE_TYPE, REPEAT_COLS, REPEAT_ROWS = _q("office", "value-type"), _q("table", "number-columns-repeated"), \
    _q("table", "number-rows-repeated")
FORMULA, RESULT_TYPE = _q("table", "formula"), _q("calcext", "value-type")
ROWS_SPANNED, COLS_SPANNED = _q("table", "number-rows-spanned"), _q("table", "number-columns-spanned")
HEADING = _q("text", "h")
TEXT_NS = "{" + NS["text"] + "}"  # a cell's text is in text: elements (not in comments, shapes)
NUMERIC = ("float", "percentage", "currency")
MAX_REPEAT = 1_000  # a non-empty row repeated (LibreOffice compresses identical neighbours so)


def _check(source: Path, path: str) -> None:
    names = check_zip(source, path, _("OpenDocument spreadsheet (.ods)"))
    with zipfile.ZipFile(source) as archive:
        mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
        manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
    if mimetype != MIMETYPE or "content.xml" not in names:
        raise InputError(path, None, None, _("not an OpenDocument spreadsheet (.ods): save it again from "
                                             "LibreOffice or as .xlsx"))
    if b"encryption-data" in manifest:
        raise InputError(path, None, None, _("a password-protected spreadsheet: save it without a password"))
    if any(n.startswith(("Basic/", "Scripts/")) for n in names):
        raise InputError(path, None, None, _("a spreadsheet with macros: save a copy without them (as .ods or .xlsx)"))


def _text(element) -> str:
    """The text a paragraph shows: spans flattened, ``text:s`` as spaces, tabs, line breaks."""
    out = [element.text or ""]
    for child in element:
        if child.tag == SPACE:
            out.append(" " * min(int(child.get(_q("text", "c"), "1") or 1), 1000))
        elif child.tag == TAB:
            out.append("\t")
        elif child.tag == BREAK:
            out.append("\n")
        elif child.tag.startswith(TEXT_NS):  # spans, links; not a comment anchored in the text
            out.append(_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _paragraphs(element) -> Iterator:
    """The paragraphs a cell shows (also in lists), not those of its comment or of a shape."""
    for child in element:
        if child.tag in (P, HEADING):
            yield child
        elif child.tag.startswith(TEXT_NS):
            yield from _paragraphs(child)


def _cell_text(cell) -> str:
    kind = cell.get(VALUE_TYPE)
    formula = cell.get(FORMULA)
    if kind == "date":
        shown = (cell.get(_q("office", "date-value")) or "")[:10]
    elif kind == "boolean":
        shown = "yes" if cell.get(_q("office", "boolean-value")) == "true" else "no"
    else:
        shown = "\n".join(_text(p) for p in _paragraphs(cell))
        if not shown and kind in NUMERIC:  # a number saved without its text: its value
            shown = cell.get(_q("office", "value")) or ""
    if formula is not None:
        if cell.get(RESULT_TYPE) == "error" or ERROR_TEXT.fullmatch(shown):
            return error_value(shown or formula)
        if not shown and kind != "string":  # a string result may be empty; no type: never calculated
            return formula_without_result(formula.removeprefix("of:"))
    return NumberText(shown) if kind in NUMERIC else shown


def _repeat(element, attribute: str, path: str, line: int) -> int:
    try:
        return max(1, int(element.get(attribute, "1")))
    except ValueError:
        raise InputError(path, line, None, _("a damaged spreadsheet: {name} is not a number").format(
            name=attribute.split("}")[1])) from None


class _Sheet:
    """State of the streamed content: which tables are hidden, which one is read, what else has content."""

    def __init__(self):
        self.hidden_styles: set[str] = set()
        self.title: str | None = None  # the table that is read
        self.others: dict[str, bool] = {}  # other tables -> whether they hold anything
        self.names: dict[str, str] = {}  # other tables as named in notes -> their names
        self.tall: list[str] = []  # values merged over several rows (A2:A4), read in their first row only


def _rows(source: Path, path: str, state: _Sheet, label) -> Iterator[tuple[int, list[str]]]:
    from defusedxml.ElementTree import iterparse

    with zipfile.ZipFile(source) as archive, archive.open("content.xml") as stream:
        stack: list = []
        line = 0
        table: str | None = None  # the table the parser is in, as named in notes
        for event, element in iterparse(stream, events=("start", "end")):
            if event == "start":
                stack.append(element)
                if element.tag == TABLE:
                    name = element.get(_q("table", "name"), "?")
                    hidden = element.get(_q("table", "style-name")) in state.hidden_styles
                    if state.title is None and not hidden and name not in instruction_sheets():
                        state.title = table = name
                    else:
                        table = ("hidden " if hidden else "") + f"sheet {name!r}"
                        state.others.setdefault(table, False)
                        state.names[table] = name
                continue
            stack.pop()
            if element.tag == TABLE_PROPS and element.get(_q("table", "display")) == "false":
                if stack and stack[-1].tag == STYLE:
                    state.hidden_styles.add(stack[-1].get(_q("style", "name")))
            elif element.tag == ROW:
                times = _repeat(element, REPEAT_ROWS, path, line + 1)
                row = _row(element, path, line + 1, label, state.tall) if table == state.title else [
                    c for c in (_cell_text(c) for c in element) if c.strip()]
                if table != state.title:
                    state.others[table] = state.others[table] or bool(row)
                elif not any(c.strip() for c in row):
                    line += times
                elif times > MAX_REPEAT:
                    raise InputError(path, line + 1, None, _("one row repeated {n:,} times: not a record sheet").format(
                        n=times))
                else:
                    for _copy in range(times):
                        line += 1
                        if line > MAX_ROWS:
                            raise InputError(path, line, None, _("more than {n:,} rows: split the spreadsheet").format(
                                n=MAX_ROWS))
                        yield line, row
                if stack:
                    stack[-1].remove(element)  # read: dropped, so memory holds one row
            elif element.tag == TABLE:
                table = None
    if state.title is None:
        raise InputError(path, None, None, _("the spreadsheet has no visible sheet"))


def _row(element, path: str, line: int, label, tall: list[str]) -> list[str]:
    cells: list[str] = []
    for cell in element:
        if cell.tag not in (CELL, COVERED):
            continue
        times = _repeat(cell, REPEAT_COLS, path, line)
        text = _cell_text(cell)
        if cell.tag == COVERED and text.strip():  # kept by LibreOffice under a merge, not shown
            text = hidden_by_merge(text)
        elif text.strip() and cell.get(ROWS_SPANNED, "1") != "1" and len(tall) <= NOTED:
            rows, cols = _repeat(cell, ROWS_SPANNED, path, line), _repeat(cell, COLS_SPANNED, path, line)
            first = min(len(cells) + 1, MAX_COLUMNS)
            tall.append(cell_range(line, first, line + min(rows, MAX_ROWS) - 1, min(first + cols - 1, MAX_COLUMNS)))
        if not text.strip():  # empty cells only move the column (LibreOffice repeats them to the sheet's end)
            cells.extend([""] * max(0, min(times, MAX_COLUMNS + 1 - len(cells))))
            continue
        if len(cells) + times > MAX_COLUMNS:
            raise InputError(path, line, label(MAX_COLUMNS, ""), _("a value beyond column {letter} (the limit is "
                                                                   "{n} columns)").format(letter=MAX_COLUMNS, n=MAX_COLUMNS))
        cells.extend([text] * times)
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def ods_records(source: Path, path: str, notes: list[str] | None = None,
                records=table_records) -> Iterator[RawRecord]:
    """The first visible table of an OpenDocument spreadsheet, laid out like the CSV format.
    ``records``: what makes the raw records of the rows (``velvoite.columnar.sheets`` by columns)."""
    _check(source, path)
    state = _Sheet()

    def label(i: int, name: str) -> str:
        return sheet_column(state.title, i, name)

    try:
        yield from records(_rows(source, path, state, label), path, label, notes)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 (a damaged content.xml)
        if defused(exc):
            raise InputError(path, None, None, _("the spreadsheet's XML declares entities or a DTD, which LibreOffice "
                                                 "never writes: refused (save it again)")) from None
        raise InputError(path, None, None, _("not a readable OpenDocument spreadsheet: {reason}").format(
            reason=type(exc).__name__)) from None
    if notes is not None and state.tall:
        notes.append(merged_over_rows_note(path, state.tall))
    unread = [name for name, content in state.others.items() if content and not template_own(state.title or "", state.names[name])]
    if notes is not None and unread:
        notes.append(_("{file}: only sheet {title!r} is read; not {others}").format(
            file=path, title=state.title, others=", ".join(unread[:5])))
