"""Spreadsheet-safe cell text (CSV and XLSX): text a spreadsheet would take for a formula stays
text, and characters an XLSX file cannot hold are shown as escapes instead of breaking the file."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 cannot hold these (openpyxl refuses them): shown as \x01, so the cell still says what was there.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is written for the program that opens it."""

    delimiter: str = ","
    bom: bool = False  # a UTF-8 byte order mark: how Excel knows the file is UTF-8 (else ä reads as Ã¤)
    lineterminator: str = "\n"


# --csv-dialect: Finnish and Swedish Excel split columns at ';' (',' is their decimal comma) and
# need the BOM; English Excel splits at ','; RFC 4180 is the standard's own (CRLF, no BOM).
DIALECTS = {"excel-fi": CsvDialect(";", True, "\r\n"), "excel-en": CsvDialect(",", True, "\r\n"),
            "rfc4180": CsvDialect(",", False, "\r\n")}
PLAIN = CsvDialect()  # English output by default: ',' and LF, as velvoite has always written


def dialect_for(choice: str | None, lang: str) -> CsvDialect:
    """The chosen dialect, else the one of the language: Excel's own in fi and sv, plain in en."""
    if choice:
        return DIALECTS[choice]
    return DIALECTS["excel-fi"] if lang in ("fi", "sv") else PLAIN


def csv_text(rows, dialect: CsvDialect = PLAIN) -> str:
    """Rows as CSV text in ``dialect``, every cell made spreadsheet-safe."""
    buf = io.StringIO()
    if dialect.bom:
        buf.write("\ufeff")
    writer = csv.writer(buf, delimiter=dialect.delimiter, lineterminator=dialect.lineterminator)
    # The csv module quotes a cell holding a character of the line terminator; a lone CR under an
    # LF terminator would go out bare and end the row for every reader: such rows are quoted whole.
    quoted = csv.writer(buf, delimiter=dialect.delimiter, lineterminator=dialect.lineterminator,
                        quoting=csv.QUOTE_ALL)
    for row in rows:
        cells = [safe_cell(v) for v in row]
        bare_cr = "\r" not in dialect.lineterminator and any(isinstance(c, str) and "\r" in c for c in cells)
        (quoted if bare_cr else writer).writerow(cells)
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
