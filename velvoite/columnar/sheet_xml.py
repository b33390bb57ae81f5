"""What in a piece of a workbook's XML calamine may read otherwise than ``columnar.sheets``' scan
sees it and ``records.xlsx`` (openpyxl, expat) reads it, however XML allows it to be written.

The scan looks for tokens as Excel and openpyxl write them (``<c r="A1" t="s">``); calamine reads
any well-formed spelling, and some that are not. Found by attacks (tests/test_columnar_sheet_attacks.py):

- a tab or a new line after an element's name (``<row\\tr="1048576"><c\\tr="XFD1048576">``), a
  number in single quotes or given twice, an element under a namespace prefix (``<x:c>``): the
  scan did not see the cell, calamine put it at XFD1048576 and allocated the grid up to there
  (549 755 813 888 bytes: the process aborted, as python-calamine did for ``records.ods``);
- a type in single quotes or with spaces (``t='e'``): an error cell read as an empty value;
- a character reference (``&#95;x0041_`` is an ``_x0041_`` escape calamine decodes, ``&#7;`` a
  character XML does not allow) or a control character: openpyxl refuses the file, calamine reads it;
- bytes not UTF-8, or another encoding declared: calamine decodes UTF-8 whatever is declared;
- a shared string's index not written as digits (``-1``, `` 1``, ``1.0``): calamine read the first
  string, openpyxl another or none.

Such a piece sends the sheet the usual way whole; the regular expressions cost a few per cent of
the scan.
"""

from __future__ import annotations

import re

CELL_TAG, ROW_TAG = re.compile(rb"<c[\s/>]"), re.compile(rb"<row[\s/>]")  # however written
CELL_NUMBERED, ROW_NUMBERED = re.compile(rb'<c r="[A-Z]+\d+"[ />]'), re.compile(rb'<row r="\d+"[ />]')
R_ATTRIBUTE = re.compile(rb"\sr\s*=")
T_ATTRIBUTE, T_WRITTEN = re.compile(rb"\st\s*="), re.compile(rb' t="')
PREFIXED = re.compile(rb"<[^\s/>!?:]+:(?:c|row|v|is|t|r|f|si|sst|rPh|sheetData|worksheet|mergeCells?)[\s/>]")
NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]|&#")
SHARED, SHARED_INDEX = re.compile(rb' t="s"'), re.compile(rb' t="s"[^>]*><v>\d+</v>')
NOT_UTF8 = re.compile(rb"""\s*<\?xml[^>]*encoding\s*=\s*["'](?!utf-?8["'])""", re.IGNORECASE)


CONTROLS = bytes(c for c in range(32) if c not in b"\t\n\r")
NOT_CONTROLS = bytes(c for c in range(256) if c not in CONTROLS)


def unlike(piece: bytes, cells: bool) -> bool:
    """Whether calamine may read ``piece`` (a part cut after a ``>``) otherwise than the scan sees
    it; ``cells``: a sheet's piece (else shared strings)."""
    if piece.translate(None, NOT_CONTROLS) or b"&#" in piece or b"\xef\xbf" in piece or NOT_UTF8.match(piece) \
            or PREFIXED.search(piece):  # (U+FFF0-FFFF: U+FFFE and U+FFFF are not XML, the rest refused with them)
        return True
    try:
        piece.decode()
    except UnicodeDecodeError:
        return True
    if not cells:
        return False
    start = piece.find(b"?>") + 2 if piece.startswith(b"<?xml") else 0
    if piece.find(b"\t") < 0 and piece.find(b"\r", start + 1) < 0 and piece.find(b"\n", start + 2) < 0:
        return _spaced(piece)  # as Excel and openpyxl write: counted (regular expressions cost 0.9 s a 100 000 rows)
    numbered = len(CELL_NUMBERED.findall(piece)), len(ROW_NUMBERED.findall(piece))
    return numbered != (len(CELL_TAG.findall(piece)), len(ROW_TAG.findall(piece))) or \
        len(R_ATTRIBUTE.findall(piece)) != sum(numbered) or \
        len(T_ATTRIBUTE.findall(piece)) != len(T_WRITTEN.findall(piece)) or \
        len(SHARED.findall(piece)) != len(SHARED_INDEX.findall(piece))


def _spaced(piece: bytes) -> bool:
    """``unlike`` of a sheet's piece without a tab or a line break (after the XML declaration): the
    only white space in a tag is a space; with none before an ``=``, every r and t is counted as
    written (the scan holds the cells and rows to their ``<c r="`` and ``<row r="``)."""
    count = piece.count
    return b" =" in piece or count(b" r=") != count(b'<c r="') + count(b'<row r="') or \
        count(b" t=") != count(b' t="') or count(b' t="s"') != len(SHARED_INDEX.findall(piece))
