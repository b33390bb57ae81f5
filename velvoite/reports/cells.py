"""Spreadsheet-safe cell text: text that a spreadsheet would take for a formula stays text."""

from __future__ import annotations

import csv
import io

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
