"""The text policy every record reader shares (YAML, JSON, CSV, XLSX): what a value may contain,
how it is normalised, and the documented size limits.

- **Text is text**: codes and references are never numbers (``020`` stays ``020``, ``12:30``
  stays ``12:30``); YAML is read with strings for every plain scalar but the YAML 1.2 core
  ``null`` and ``true``/``false``, JSON numbers are kept as written, and a spreadsheet's number
  cell is taken as the text it displays.
- **Control characters** (C0 but tab, line feed and carriage return; DEL; C1, U+0085 among them),
  raw or escaped, are refused with the place they stand: they are invisible in every program a
  user would check the file with, and they break terminals, calendars and spreadsheets downstream.
- **Unicode NFC**: names typed on a Mac (decomposed ``a`` + combining diaeresis) resolve like the
  same names typed elsewhere.
- **Limits** (each a located error within seconds, never a hang): the ``MAX_`` constants below.
"""

from __future__ import annotations

import re
import unicodedata
from velvoite.i18n import _

MAX_TEXT = 32_767        # characters in one value: Excel's own limit for a cell
MAX_COLUMNS = 200        # columns of a CSV header or spreadsheet row
MAX_ROWS = 5_000_000     # rows of one CSV file or sheet (a national data set is about 1 000 000)
MAX_DEPTH = 32           # nesting of YAML/JSON collections (a record file needs 4)
MAX_UNZIPPED = 512 << 20  # bytes of a workbook's parts once decompressed (a zip bomb is refused)
MAX_PARTS = 10_000       # files inside one workbook

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 but tab, LF, CR; DEL; C1
_SURROGATES = "\ud800-\udfff"
_CONTROL = re.compile(f"[{_CONTROLS}]")
_SURROGATE = re.compile(f"[{_SURROGATES}]")
_UNUSUAL = re.compile(f"[{_CONTROLS}{_SURROGATES}]")


def text_problem(text: str) -> str | None:
    """Why a value cannot be read as it is, or None."""
    if len(text) > MAX_TEXT:
        return _("longer than {n:,} characters (the limit of a cell): shorten it").format(n=MAX_TEXT)
    if _SURROGATE.search(text):
        return _("contains half of a UTF-16 surrogate pair (a damaged \\u escape): retype the value")
    found = _CONTROL.search(text)
    if found:
        return _("contains the control character U+{code}, invisible in most programs: retype the value").format(
            code=f"{ord(found[0]):04X}")
    return None


def unusual(text: str) -> bool:
    """Whether ``text`` holds anything ``text_problem`` would report but its length (one scan, for the fast path)."""
    return _UNUSUAL.search(text) is not None


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def normal(text: str) -> str:
    """NFC, the form names are kept in (cheap when the text is already NFC, as nearly all is)."""
    return text if text.isascii() or is_nfc(text) else unicodedata.normalize("NFC", text)
