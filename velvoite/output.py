"""Writing an output file without destroying what its path points to.

- A regular file (or a new path) is replaced atomically: a temporary file in the same folder,
  fsync, rename. Readers see the old file or the whole new one; the old file's permissions are kept.
- A symlink is followed: its target is updated (atomically when the target is a regular file),
  the link stays a link.
- A character device, FIFO or socket (``/dev/stdout``, a named pipe) is written through, never
  replaced: renaming a file over ``/dev/stdout`` as root would replace the system's device node.

A failure (disk full, no permission, Ctrl-C, SIGTERM) leaves any previous file as it was and no
temporary file behind.
"""

from __future__ import annotations

import os
import stat
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
