"""What a spreadsheet cell shows, when that is not a value (XLSX and ODS alike): an error such as
``#REF!``, a formula saved without its result (velvoite calculates nothing), a value hidden under
merged cells other than their first. Such a cell is read as ``NotAValue``, whose text is what the
file holds; it is an error at its cell (row, column and field) where a column is read
(``tables``), so nothing the user cannot see is taken as a record value, and nothing is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from velvoite.errors import InputError, short
from velvoite.i18n import _

# Error values as Excel and LibreOffice show them (LibreOffice's own: Err:502 and the like).
ERROR_TEXT = re.compile(r"#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!|FIELD!|"
                        r"BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)|Err:\d{3}")
MAX_MERGES = 10_000  # merged ranges in one sheet (a record sheet has a few, if any)
MERGE_TOKEN = b"mergeCell"
NOTED = 3  # merges named in a note (one more is kept, to say there are more)


class NotAValue(str):
    """A cell that shows no value; ``why`` is the error to give at it."""

    def __new__(cls, text: str, why: str):
        self = super().__new__(cls, text or "?")  # never empty: a row holding one is not blank
        self.why = why
        return self


def formula_without_result(formula: str) -> NotAValue:
    return NotAValue(formula, _("a formula saved without its result ({formula}): velvoite calculates no formulas; "
                                "open the file in Excel or LibreOffice and save it again").format(formula=short(formula)))


def error_value(text: str) -> NotAValue:
    return NotAValue(text, _("the error {value} is not a value: correct the formula, or type the value").format(
        value=short(text)))


def hidden_by_merge(text: str) -> NotAValue:
    return NotAValue(text, _("a value hidden under merged cells, which show only the first cell's value: unmerge "
                             "the cells, then move this value where it belongs or delete it"))


def merged_over_rows_note(path: str, refs: list[str]) -> str:
    """The note of values merged over several rows: the user sees one value in each of them,
    the file holds it in the first row only (``refs``: the merges, as A2:A4)."""
    shown = ", ".join(refs[:NOTED]) + (", ..." if len(refs) > NOTED else "")
    return _("{file}: cells merged over several rows ({cells}): a value is read in the first row of its merge only, "
             "the rows below have none (unmerge the cells and write the value in each row)").format(file=path,
                                                                                                      cells=shown)


def sheet_column(title: str | None, i: int, name: str) -> str:
    """How a spreadsheet's messages name column ``i`` of sheet ``title`` (with its header ``name``)."""
    from openpyxl.utils import get_column_letter  # here: a CSV run, which reads cells too, does without openpyxl

    column = _("sheet {title!r}, column {letter}").format(title=title, letter=get_column_letter(i + 1))
    return f"{column} {name!r}" if name else column


def cell_range(row: int, col: int, last_row: int, last_col: int) -> str:
    """``A2:B4`` (1-based)."""
    from openpyxl.utils import get_column_letter  # here: a CSV run, which reads cells too, does without openpyxl

    return f"{get_column_letter(col)}{row}:{get_column_letter(last_col)}{last_row}"


def _mentions(part, token: bytes) -> bool:
    """Whether the decompressed ``part`` holds ``token`` (read in pieces, no XML parsed)."""
    tail = b""
    while chunk := part.read(1 << 20):
        if token in tail + chunk[:len(token)] or token in chunk:
            return True
        tail = chunk[-len(token):]
    return False


def merged_ranges(open_part: Callable, path: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a worksheet part as (first row, first column, last row, last column).
    They follow the rows in the file, so they are found first; a sheet without the word
    ``mergeCell`` is not parsed for them."""
    with open_part() as part:
        if not _mentions(part, MERGE_TOKEN):
            return []
    from defusedxml.ElementTree import iterparse  # (as sheet_column)
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.xml.constants import SHEET_MAIN_NS

    tag, ranges, stack = f"{{{SHEET_MAIN_NS}}}mergeCell", [], []
    with open_part() as part:
        for event, element in iterparse(part, events=("start", "end")):
            if event == "start":
                stack.append(element)
                continue
            stack.pop()
            if element.tag == tag:
                c1, r1, c2, r2 = range_boundaries(element.get("ref", ""))  # ValueError: a damaged sheet
                ranges.append((r1 or 1, c1 or 1, r2 or 1 << 31, c2 or 1 << 31))
                if len(ranges) > MAX_MERGES:
                    raise InputError(path, None, None, _("more than {n:,} merged cell ranges in the sheet: not a "
                                                         "record sheet").format(n=MAX_MERGES))
            if stack:
                stack[-1].remove(element)  # read: dropped, so memory holds one row
    return ranges


class Merges:
    """Which cells of a row lie under merged cells other than their first (rows taken in order,
    as Excel writes them; a row out of order starts the search again)."""

    def __init__(self, ranges: Iterable[tuple[int, int, int, int]]):
        self._ranges = sorted(ranges)
        self._next, self._active, self._row = 0, [], 0
        self.tall: list[tuple[int, int, int, int]] = []

    def covered(self, row: int) -> Callable[[int], bool] | None:
        """A test of the columns of ``row`` hidden under a merge; None when none is."""
        if not self._ranges:
            return None
        if row < self._row:
            self._next, self._active = 0, []
        self._row = row
        while self._next < len(self._ranges) and self._ranges[self._next][0] <= row:
            self._active.append(self._ranges[self._next])
            self._next += 1
        self._active = [r for r in self._active if r[2] >= row]
        self.tall = [r for r in self._active if r[0] == row < r[2]]  # merges over several rows, from this row
        here = [(c1, c2, r1 == row) for r1, c1, _r2, c2 in self._active]
        if not here:
            return None
        return lambda col: any(c1 <= col <= c2 and not (first_row and col == c1) for c1, c2, first_row in here)
