"""The shared workspace: records in one database (SQLite in a folder, or PostgreSQL), users with
roles, and a web server for record entry, audits, calendars and reports.

Built on Django (auth, sessions, CSRF, forms, migrations), an optional extra:
``pip install 'velvoite[web]'``. The rest of velvoite never imports this package unless a
command is given a database workspace, so the CLI works on plain files without Django.

A database workspace is a folder with ``workspace.toml`` (``velvoite db init DIR``)::

    [database]
    url = "sqlite:///velvoite.sqlite3"    # relative to the folder; or postgresql://user@host/db
"""

from __future__ import annotations

from pathlib import Path

WORKSPACE_FILE = "workspace.toml"


def is_workspace(path: str | Path) -> bool:
    """Whether ``path`` is a database workspace folder (it holds ``workspace.toml``)."""
    path = Path(path)
    return path.is_dir() and (path / WORKSPACE_FILE).is_file()
