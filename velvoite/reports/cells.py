"""Spreadsheet-safe cell text: text that a spreadsheet would take for a formula stays text."""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Prefix an apostrophe to text starting with =, +, -, @, tab or CR (CSV/XLSX injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
