"""A workspace's database as a source of records for the loader (``records.loader.ReadOptions``
``stored``): the caller chooses it (the command line's settings, the workspace's state), so the
record loader never imports the web. Importing this module imports nothing of Django."""

from __future__ import annotations

from pathlib import Path

from velvoite.web import is_workspace


class Database:
    """Reads the records a workspace folder's database stores, in the order they were stored."""

    def holds(self, path: str | Path) -> bool:
        """Whether ``path`` is a database workspace folder (it holds ``workspace.toml``)."""
        return is_workspace(path)

    def raws(self, folder: str) -> list:
        """The stored records as raw records (says so when the web extra is missing)."""
        from velvoite.web.store import stored_raws  # here: a run of record files alone never reads a database

        return stored_raws(folder)

    def confirm(self, records: list, first: int) -> None:
        """Who stood behind the stored records ``records[first:]`` (``engine.standing``)."""
        from velvoite.web.confirmations import with_confirmations  # here: as ``raws``

        with_confirmations(records, first)


DATABASE = Database()
