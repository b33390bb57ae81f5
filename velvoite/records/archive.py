"""Zip containers of spreadsheets (.xlsx, .ods), checked before any of their XML is parsed:
at most ``MAX_PARTS`` parts that decompress to at most ``MAX_UNZIPPED`` bytes in all, as their
directory says (zipfile never reads past a part's stated size, so the statement is a bound),
and no part named twice (zipfile would read the last copy, an office program maybe the first)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from velvoite.errors import InputError, short
from velvoite.records.text import MAX_PARTS, MAX_UNZIPPED
from velvoite.i18n import _

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_zip(source: Path, path: str, what: str) -> set[str]:
    """The names of the parts of the zip ``source``; an error naming ``what`` it should be if it
    is not a zip, is an OLE file (encrypted or legacy), or is too large once decompressed."""
    with source.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        raise InputError(path, None, None, _("an encrypted (password-protected) or Excel 97-2003 workbook: remove "
                                             "the password (File > Info > Protect Workbook) and save it as 'Excel "
                                             "Workbook (.xlsx)'"))
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile:  # zipfile's own words ("File is not a zip file") are English only
        raise InputError(path, None, None, _("not a readable {what}: {reason}").format(what=what, reason=_(
            "damaged or cut short (not a complete zip archive); save it again from the office program"))) from None
    except (OSError, ValueError) as exc:
        raise InputError(path, None, None, _("not a readable {what}: {reason}").format(what=what, reason=exc)) from None
    if len(parts) > MAX_PARTS:
        raise InputError(path, None, None, _("more than {n:,} parts in the file: not a record sheet").format(n=MAX_PARTS))
    if sum(p.file_size for p in parts) > MAX_UNZIPPED:
        raise InputError(path, None, None, _("the file decompresses to more than {n} MB (a zip bomb?): not "
                                             "read").format(n=MAX_UNZIPPED >> 20))
    seen: set[str] = set()
    for part in parts:
        # part names of a workbook are the same in any case (OPC); some zip programs write a backslash for /
        name = part.filename.replace("\\", "/").lstrip("/").casefold()
        if name in seen:
            raise InputError(path, None, None, _("the part {part} is in the file twice (a damaged or altered "
                                                 "file): not read; save it again from the office "
                                                 "program").format(part=short(part.filename)))
        seen.add(name)
    return {p.filename for p in parts}


def defused(exc: BaseException | None) -> bool:
    """Whether defusedxml refused the XML (libraries wrap its error in their own)."""
    while exc is not None:
        if type(exc).__module__.startswith("defusedxml"):
            return True
        exc = exc.__cause__ or exc.__context__
    return False
