"""How a file's bytes become text: the encoding of a text record file found in a chunked pass
(``encoding``: UTF-8, UTF-16 with a byte-order mark, Windows-1252 for CSV), and the bounded bytes
and UTF-8 text of the other files velvoite reads (an audit JSON, an act, an earlier calendar)."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

from velvoite.errors import InputError
from velvoite.i18n import _


def binary_message(head: bytes) -> str:
    """What a file with NUL bytes is: UTF-16 without a byte-order mark, or not text at all."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) > len(head) // 4 and min(even, odd) == 0:
        return _("looks like UTF-16 text without a byte-order mark: save it as UTF-8")
    return _("a binary file, not text: save it as UTF-8 text (from Excel: 'CSV UTF-8' or .xlsx)")


ENCODING_NAMES = {"cp1252": "Windows-1252", "utf-16": "UTF-16"}
CHUNK = 1 << 20
_UTF8_PAIR = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def encoding(source: Path, path: str, ansi_ok: bool) -> str:
    """The encoding of a text record file, found in a chunked pass (the file is never held whole
    here): UTF-8 with or without BOM, UTF-16 with BOM (Notepad's and Excel's "Unicode"), and where
    ``ansi_ok`` (CSV: Excel's "CSV (semicolon delimited)" on Finnish Windows) Windows-1252.
    Anything else is an error that says what was found and how to fix it.

    A file that is UTF-8 but for a damaged byte is an error at that line, whatever the format:
    reading it as Windows-1252 would turn every ä of the file into Ã¤.
    """
    with source.open("rb") as fh:
        head = fh.read(4096)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        if b"\x00" in head:
            raise InputError(path, None, None, binary_message(head))
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        line, bad_line, utf8_seen = 1, None, False
        while chunk := fh.read(CHUNK):
            utf8_seen = utf8_seen or (not chunk.isascii() and bool(_UTF8_PAIR.search(chunk)))
            if bad_line is None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    bad_line = line + chunk[: exc.start].count(b"\n")
            line += chunk.count(b"\n")
        if bad_line is None:
            try:
                decoder.decode(b"", final=True)
                return "utf-8-sig"
            except UnicodeDecodeError:
                bad_line = line
        if utf8_seen:
            raise InputError(path, bad_line, None,
                             _("not valid UTF-8 here, though the file is UTF-8 elsewhere: fix or retype this line"))
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("cp1252")()
        try:
            while chunk := fh.read(CHUNK):
                decoder.decode(chunk)
            ansi = True
        except UnicodeDecodeError:
            ansi = False
    if ansi and ansi_ok:
        return "cp1252"
    if ansi:
        raise InputError(path, bad_line, None,
                         _("not UTF-8 text (it looks like Windows-1252 (ANSI)): save the file as UTF-8"))
    raise InputError(path, bad_line, None, _("neither UTF-8 nor Windows-1252 text: save it as UTF-8 "
                                             "(from Excel: 'CSV UTF-8')"))


def bounded_bytes(path: str, limit: int, refuse: Callable[[int | None, str], InputError], *,
                  folder: str, too_large: str) -> bytes:
    """The bytes of the file at ``path``, at most ``limit``: a folder, an unreadable or a larger file is
    refused with ``refuse(line, reason)``; ``too_large`` is formatted with ``n`` (the limit)."""
    source = Path(path)
    if source.is_dir():
        raise refuse(None, folder)
    try:
        with open(source, "rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise refuse(None, _("cannot read: {reason}").format(reason=exc.strerror or exc)) from None
    if len(data) > limit:
        raise refuse(None, too_large.format(n=limit))
    return data


def utf8_text(data: bytes, refuse: Callable[[int | None, str], InputError], *, not_utf8: str, empty: str) -> str:
    """The UTF-8 text of ``data`` (a byte order mark is let be): a byte that is not UTF-8 is refused at
    its line (``not_utf8`` is formatted with ``byte``), an empty or blank text with ``empty``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(data.count(b"\n", 0, exc.start) + 1,
                     not_utf8.format(byte=f"0x{data[exc.start]:02x}")) from None
    if not text.strip():
        raise refuse(None, empty)
    return text
