"""Which files under the given paths are record files: those of a suffix a reader reads
(``records.documents.READERS``).

Every file in a record folder is read or named: a file velvoite does not read (a PDF, an old
``.xls``, a macro workbook) is an error unless ``--skip-unknown`` is given, and then a note.
Only the litter that programs leave beside documents (hidden files, Office lock files ``~$...``,
``Thumbs.db``, ``desktop.ini``) is passed over, and that too is said in a note.
"""

from __future__ import annotations

from pathlib import Path

from velvoite.errors import InputError
from velvoite.i18n import N_, _, ngettext
from velvoite.records.documents import READERS, SHEETS
from velvoite.records.encoding import CHUNK

SUFFIXES = tuple(READERS)  # .yaml, .yml, .json, .csv, .xlsx, .ods (for the ids derived from a file name)
LITTER = ("thumbs.db", "desktop.ini")

# Spreadsheets that are not read, and how to save them so they are.
SAVE_AS = {
    ".xls": N_("an Excel 97-2003 workbook (.xls): open it and save it as 'Excel Workbook (.xlsx)'"),
    ".xlsm": N_("a macro-enabled workbook (.xlsm): save it as 'Excel Workbook (.xlsx)' (macros are not run "
                "or read)"),
    ".xlsb": N_("a binary Excel workbook (.xlsb): save it as 'Excel Workbook (.xlsx)'"),
    ".fods": N_("a flat OpenDocument spreadsheet (.fods): save it as .ods or .xlsx"),
    ".numbers": N_("a Numbers spreadsheet: export it as Excel (.xlsx) or CSV"),
}


def not_read(path: Path) -> str:
    """Why a file is not a record file, with what to do."""
    suffix = path.suffix.lower()
    if suffix in SAVE_AS:
        return _("not read: {advice}").format(advice=_(SAVE_AS[suffix]))
    return _("not a record file: expected one of {suffixes}").format(suffixes=", ".join(READERS))


def _litter(path: Path) -> bool:
    return path.name.startswith((".", "~$")) or path.name.lower() in LITTER


def record_files(paths: list[str | Path], skip_unknown: bool = False,
                 notes: list[str] | None = None) -> tuple[list[tuple[Path, str]], list[InputError]]:
    """Every record file under the given files and folders with its display name, sorted, and
    an error for each file in a folder that is not read (a note instead with ``skip_unknown``)."""
    found: list[tuple[Path, str]] = []
    errors: list[InputError] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            litter = []
            for f in sorted(p.rglob("*")):
                if not f.is_file() or any(_litter(Path(part)) for part in f.relative_to(p).parts[:-1]):
                    continue
                if _litter(f):
                    litter.append(f.name)
                elif f.suffix.lower() in READERS:
                    found.append((f, str(f)))
                elif skip_unknown:
                    _note(notes, _("{file}: {why}; skipped (--skip-unknown)").format(file=f, why=not_read(f)))
                else:
                    errors.append(InputError(str(f), None, None,
                                             _("{why}; move it out of the folder or give --skip-unknown").format(
                                                 why=not_read(f))))
            if litter:
                _note(notes, ngettext("{folder}: passed over {n} hidden or lock file ({names})",
                                      "{folder}: passed over {n} hidden or lock files ({names})", len(litter)).format(
                    folder=p, n=len(litter), names=", ".join(litter[:3]) + (", …" if len(litter) > 3 else "")))
        elif p.is_file():
            if p.suffix.lower() not in READERS:
                errors.append(InputError(str(p), None, None, not_read(p)))
            else:
                found.append((p, str(p)))
        else:
            errors.append(InputError(str(p), None, None, _("no such file or folder")))
    return found, errors


def _note(notes: list[str] | None, text: str) -> None:
    if notes is not None:
        notes.append(text)


def lines_of(path: Path) -> int | None:
    """The lines of a text record file (what reading it counts its progress in), None for a
    workbook (its rows are not lines) or a file that cannot be read (reading it says why)."""
    if path.suffix.lower() in SHEETS:
        return None
    count, last = 0, b"\n"
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(CHUNK):
                count, last = count + chunk.count(b"\n"), chunk[-1:]
    except OSError:
        return None
    return count + (last != b"\n")
