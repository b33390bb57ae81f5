"""Spreadsheet-safe cell text (CSV and XLSX): text a spreadsheet would take for a formula stays
text, and characters an XLSX file cannot hold are shown as escapes instead of breaking the file."""

from __future__ import annotations

import csv
import io
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 cannot hold these (openpyxl refuses them): shown as \x01, so the cell still says what was there.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def csv_text(rows) -> str:
    """Rows as CSV text (``\\n`` line ends), every cell made spreadsheet-safe."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buf.getvalue()


def safe_cell(value: object) -> object:
    """Prefix an apostrophe to text starting with =, +, -, @, tab or CR (CSV/XLSX injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xml_text(value: str) -> str:
    """Text an XLSX cell can hold: characters XML 1.0 forbids written as visible escapes, line
    ends as LF (XML reads a CR as LF anyway; this way what is written is what is read back)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", value)
