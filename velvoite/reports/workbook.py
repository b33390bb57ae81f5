"""A workbook's cells, shared by the gap report's workbook (``reports.xlsx``), its trend sheet
(``reports.trend_sheet``) and the data-collection template (``reports.template``).

Every text cell is stored as text with Excel's quote prefix, so text from records that starts
with ``=``, ``+``, ``-`` or ``@`` (or looks like ``#REF!``) is shown, never evaluated. Workbooks are
byte-identical for the same inputs: the document dates are the as-of date and the zip entries
carry a fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from velvoite.escape.sheet import xml_text

BOLD = Font(bold=True)


def put(ws, row: int, col: int, value: object):
    """Write one cell; text is always text (never a formula, never an error code), and characters
    XML cannot hold are shown as escapes (``velvoite.escape.sheet``)."""
    cell = ws.cell(row=row, column=col, value=xml_text(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value[:1] in ("=", "+", "-", "@", "#"):
            cell.quotePrefix = True
    return cell


def put_row(ws, row: int, values: list, bold: bool = False) -> None:
    for col, value in enumerate(values, start=1):
        cell = put(ws, row, col, value)
        if bold:
            cell.font = BOLD


def widths(ws, sizes: list[int]) -> None:
    for i, size in enumerate(sizes, start=1):
        ws.column_dimensions[get_column_letter(i)].width = size


def new_workbook(day: dt.date) -> Workbook:
    book = Workbook()
    stamp = dt.datetime.combine(day, dt.time())
    book.properties.creator = "velvoite"
    book.properties.created = stamp
    book.properties.modified = stamp
    return book


def save(book: Workbook, day: dt.date) -> bytes:
    """The workbook as bytes with every zip entry dated ``day`` (deterministic output)."""
    raw = io.BytesIO()
    book.save(raw)
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the clock on save
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + f"{day.isoformat()}T00:00:00Z".encode(), data)
            dst.writestr(fixed, data)
    return out.getvalue()


def for_print(ws, title_rows: str | None = "1:1") -> None:
    """A sheet that prints as people expect: landscape, as wide as one page (as many pages down as
    needed), the header row repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def date_format(lang: str) -> str:
    return "d.m.yyyy" if lang in ("fi", "sv") else "yyyy-mm-dd"
