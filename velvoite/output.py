"""Writing output files atomically: a temporary file in the same folder, then a rename.

A failure while writing leaves the previous file intact and no partial file behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from velvoite.errors import VelvoiteError


def _mode(path: Path) -> int:
    """The mode the file would get from a plain open(): the old file's, else 0o666 minus umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    A failure (disk full, no permission, a missing folder) is a ``VelvoiteError`` naming the
    file; the temporary file is removed and an existing file at ``path`` is left as it was.
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
    except OSError as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise VelvoiteError(f"{path}: cannot write: {exc.strerror or exc}; any previous file is unchanged") from None
    except BaseException:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise
