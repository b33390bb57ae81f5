"""Writing an output file without destroying what its path points to.

- A regular file (or a new path) is replaced atomically: a temporary file in the same folder,
  fsync, rename. Readers see the old file or the whole new one; the old file's permissions are kept.
- A symlink is followed: its target is updated (atomically when the target is a regular file),
  the link stays a link.
- A character device, FIFO or socket (``/dev/stdout``, a named pipe) is written through, never
  replaced: renaming a file over ``/dev/stdout`` as root would replace the system's device node.
- ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` name a stream the run was given: it is written to
  as it is (as a shell does), so ``-o /dev/stdout >> log`` adds to the log instead of replacing it.

A failure (disk full, no permission, Ctrl-C, SIGTERM) leaves any previous file as it was and no
temporary file behind.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import tempfile
from pathlib import Path

from velvoite.errors import VelvoiteError
from velvoite.i18n import _


def _mode(path: Path) -> int:
    """The mode the file would get from a plain open(): the old file's, else 0o666 minus umask."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _failed(path: Path, exc: OSError) -> VelvoiteError:
    return VelvoiteError(_("{path}: cannot write: {reason}; any previous file is unchanged").format(
        path=path, reason=exc.strerror or exc))


def write_output(path: str | Path, data: bytes | str) -> None:
    """Write ``data`` to the file ``path`` names, as the module docstring says."""
    given = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    stream = _stream(given)
    if stream is not None:
        _write_stream(given, stream, payload)
        return
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _failed(given, exc) from None
    if mode is not None and not stat.S_ISREG(mode):
        _write_through(given, target, payload)
    else:
        write_atomic(target, payload)


_STREAMS = re.compile(r"/dev/(?:std(out|err)|fd/(\d+))|/proc/self/fd/(\d+)")


def _stream(given: Path) -> int | None:
    """The descriptor a stream's name stands for (``/dev/stdout``: 1), or None."""
    found = _STREAMS.fullmatch(str(given))
    if found is None:
        return None
    std, number, proc = found.groups()
    return {"out": 1, "err": 2}[std] if std else int(number or proc)


def _write_stream(given: Path, fd: int, payload: bytes) -> None:
    """Write to an open descriptor where it stands (appending when it was opened to append)."""
    for stream in (sys.stdout, sys.stderr):  # what the run said before comes first
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    view = memoryview(payload)
    try:
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise _failed(given, exc) from None


def _write_through(given: Path, target: Path, payload: bytes) -> None:
    """A device or pipe: open it for writing, as a shell redirection would."""
    try:
        with open(target, "wb") as fh:
            fh.write(payload)
    except OSError as exc:
        raise _failed(given, exc) from None


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Replace the regular file ``path`` so that readers see the old file or the whole new one.

    A failure is a ``VelvoiteError`` naming the file; the temporary file is removed and an
    existing file at ``path`` is left as it was (also on KeyboardInterrupt and other exits).
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
        os.chmod(tmp, _mode(path))  # mkstemp makes 0600; a shared report should not be
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise _failed(path, exc) from None
    finally:
        if tmp:
            Path(tmp).unlink(missing_ok=True)


GENERATOR = b'<meta name="generator" content="velvoite'  # what marks a page velvoite wrote


def is_folder(output: str | None) -> bool:
    """Whether ``-o`` names a folder: it ends with a slash or is an existing folder."""
    return bool(output) and output != "-" and (output.endswith(("/", os.sep)) or Path(output).is_dir())


def write_set(folder: str | Path, files: dict[str, bytes | str]) -> None:
    """Write a set of pages into ``folder`` (created when missing). A file there is replaced only
    if velvoite wrote it (a page of an earlier run); anything else stops the whole set before a
    byte is written, so a folder of other documents is never overwritten."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise VelvoiteError(_("{path}: not a folder").format(path=folder))
    for name in files:
        existing = folder / name
        if existing.is_symlink() or (existing.exists() and not _ours(existing)):
            raise VelvoiteError(_("{path}: exists and was not written by velvoite; nothing was written").format(
                path=existing))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _failed(folder, exc) from None
    for name, data in files.items():
        write_atomic(folder / name, data)


def _ours(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return GENERATOR in fh.read(4096)
    except OSError:
        return False
