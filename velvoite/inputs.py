"""What a run reads, so that no output of the run can destroy it.

Every command registers the files and folders it reads (record files and folders, a database
workspace's settings and database files, ``velvoite.toml``, rule packs, ``--previous``, ``--since``,
the audits given to ``diff``, and velvoite's own installed files: its rules, registry, translations
and code); ``refuse_if_read(output)`` then stops a write that would replace one
of them, or put a file into a folder being read (the next run would read it as records, or refuse a
stray file in a rule pack),
before a byte is written. Paths are compared as the file system sees them: symlinks resolved, and
an existing output compared by device and inode too (a hard link is the same file).

A pipe or device (``-o /dev/stdout``) is written through, never replaced, so it is not checked.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from velvoite.errors import VelvoiteError
from velvoite.i18n import _

WORKSPACE_FILES = ("secret_key",)  # beside workspace.toml: what `db init` writes into a workspace folder
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")  # a SQLite database is these files together


def _real(path: str | Path) -> Path:
    return Path(os.path.realpath(path))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


RECORDS, FOLDER = "records", "folder"  # a folder read: of records, or of other files (rule packs, velvoite's own)
PACKAGE = Path(__file__).parent  # velvoite's own rules, registry, translations and code: read by every run


@dataclass
class Inputs:
    """The files (``whole=""``) and folders (``whole`` ``RECORDS`` or ``FOLDER``: nothing may be
    written inside them) a run reads, each with the name the user gave."""

    items: list[tuple[str, Path, str]] = field(default_factory=lambda: [(str(PACKAGE), _real(PACKAGE), FOLDER)])

    def add(self, path: str | Path | None, records: bool = True) -> None:
        """A file or folder the run reads (a folder: every file under it; ``records``: a folder of records)."""
        if path is None or str(path) == "-":
            return
        given = Path(path)
        if _is_workspace(given):
            self.add_workspace(given)
        else:
            self.items.append((str(path), _real(given), (RECORDS if records else FOLDER) if given.is_dir() else ""))

    def add_workspace(self, folder: str | Path) -> None:
        """A database workspace: its settings, its secret and its SQLite database files (where
        ``workspace.toml`` says the database is); other files of the folder are not read."""
        folder = Path(folder)
        from velvoite.web import WORKSPACE_FILE  # here: velvoite --help imports the inputs, not the workspace

        for name in (WORKSPACE_FILE, *WORKSPACE_FILES):
            self.items.append((str(folder / name), _real(folder / name), ""))
        database = _sqlite_file(folder)
        if database is not None:  # SQLite keeps the companions beside the real file, when the name is a symlink
            for base in dict.fromkeys((database, _real(database))):
                for suffix in SQLITE_COMPANIONS:
                    companion = base.with_name(base.name + suffix)
                    self.items.append((str(companion), _real(companion), ""))

    def refuse_if_read(self, output: str | Path | None) -> None:
        """Raise (nothing written) if writing ``output`` would replace or add to what the run reads."""
        if output is None or str(output) in ("", "-"):
            return
        target = Path(output)
        try:
            mode = os.stat(target).st_mode
        except OSError:
            mode = None
        if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            return  # a pipe or device: written through
        real, same = _real(target), _identity(target)
        for given, read, whole in self.items:
            if real == read or (same is not None and same == _identity(read)):
                raise VelvoiteError(_("{output}: is {input}, which this run reads; nothing was written (give "
                                      "-o another file)").format(output=output, input=given))
            if whole == RECORDS and read in real.parents:
                raise VelvoiteError(_("{output}: is inside the folder {input}, which this run reads as records; "
                                      "nothing was written (give -o a file outside it)").format(
                    output=output, input=given))
            if whole and read in real.parents:
                raise VelvoiteError(_("{output}: is inside the folder {input}, which this run reads; nothing was "
                                      "written (give -o a file outside it)").format(output=output, input=given))
        if same is not None:
            self._refuse_hard_link(output, same)

    def _refuse_hard_link(self, output: str | Path, same: tuple[int, int]) -> None:
        """An existing output that is a hard link of a file inside a folder being read."""
        for given, read, whole in self.items:
            if whole:
                for path in read.rglob("*"):
                    if _identity(path) == same:
                        raise VelvoiteError(_("{output}: is {input}, which this run reads; nothing was written "
                                              "(give -o another file)").format(output=output, input=path))


def _is_workspace(path: Path) -> bool:
    from velvoite.web import is_workspace  # (as add_workspace)

    return is_workspace(path)


def _sqlite_file(folder: Path) -> Path | None:
    """The SQLite database file of a workspace, or None (PostgreSQL, or settings that do not read:
    the run itself reports those)."""
    from velvoite.web.config import SQLITE_DEFAULT, database, read_workspace  # (as add_workspace)

    try:
        url = os.environ.get("VELVOITE_DATABASE_URL") or read_workspace(folder).get("database", {}).get(
            "url") or SQLITE_DEFAULT
        entry = database(str(url), folder, str(folder))
    except (VelvoiteError, AttributeError, TypeError):
        return None
    return Path(entry["NAME"]) if entry["ENGINE"].endswith("sqlite3") else None
