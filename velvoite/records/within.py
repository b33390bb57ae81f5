"""Reading only what a scoped run needs: with ``--org`` or ``--region``, a row none of whose
parties is in scope, and whose organiser is not the county of one of them, cannot change a
finding (``engine.facts.all_facts`` would make no fact of it), so it is passed over before it is
built. Every such row is counted and the count said in a note; ``velvoite validate`` (no scope)
checks every row.

A row is passed over only when its organiser and every participant are names the registry knows,
all outside the scope: a row with an unknown or unusual name, or with values that are not text,
goes through the usual path, so its errors are reported as before.
"""

from __future__ import annotations

from velvoite.i18n import ngettext
from velvoite.records.fields import NAME_SEPARATORS
from velvoite.registry import LATEST

_UNSET = object()


class Within:
    """The organisations a scoped run covers (ids) and the counties whose records may stand for
    them. ``outside(values)`` and the row test of ``row_test(names)``: whether a row is of none of
    them; ``passed[file]``: how many rows of a file were passed over."""

    def __init__(self, registry, ids):
        self.registry = registry
        self.ids = frozenset(ids)
        self.organisers = registry.and_counties(self.ids)
        self._org: dict = {}  # organiser cell -> True (known, outside), False (in scope or not understood)
        self._name: dict = {}  # one participant's name -> True (known, outside), False
        self.passed: dict[str, int] = {}

    def _known(self, text: str):
        """The organisation a name means, or None when the usual path must read the row: an unknown
        name, or one of an organisation that ceased (merged away: a row naming it after the merger
        is an error that may have meant its successor, in scope)."""
        org = self.registry.lookup(text)
        return org if org is not None and org.valid_until >= LATEST and not org.successor else None

    def _organiser_outside(self, text: str) -> bool:
        org = self._known(text)
        return org is not None and org.id not in self.organisers

    def _participant_outside(self, name: str) -> bool:
        org = self._known(name)
        return org is not None and org.id not in self.ids

    def outside_cells(self, org: str, parts: str | None) -> bool:
        found = self._org.get(org, _UNSET)
        if found is _UNSET:
            found = self._org[org] = self._organiser_outside(org)
        if not found or not parts:
            return found
        names = self._name
        for name in NAME_SEPARATORS.split(parts):  # split_names' cut, unstripped: a blank is no name
            found = names.get(name, _UNSET)
            if found is _UNSET:
                found = names[name] = not name.strip() or self._participant_outside(name)
            if not found:
                return False
        return True

    def outside(self, values: dict) -> bool:
        org, parts = values.get("org"), values.get("participants")
        if org.__class__ is not str or not (parts is None or parts.__class__ is str):
            return False  # a YAML list or number: the usual path reads it
        return self.outside_cells(org, parts)

    def row_test(self, names: list):
        """For a table whose columns are ``names``: a function of a row's cells, True for a row
        to pass over; None when the table has no organiser column."""
        if "org" not in names:
            return None
        i = names.index("org")
        j = names.index("participants") if "participants" in names else i
        width = max(i, j) + 1
        orgs, cells = self._org, self.outside_cells

        def test(row: list) -> bool:  # the common case (an organiser seen before, no participants) inline
            if len(row) < width:
                return False
            found = orgs.get(row[i])
            if not found:
                return found is None and cells(row[i], None) and (j == i or cells(row[i], row[j]))
            return j == i or not row[j] or cells(row[i], row[j])
        return test

    def note(self) -> str:
        """What was passed over, in one line however many files were read."""
        total = sum(self.passed.values())
        if len(self.passed) == 1:
            where = next(iter(self.passed))
        else:
            where = ngettext("{n} file", "{n} files", len(self.passed)).format(n=len(self.passed))
        return ngettext("{where}: {n:,} row of organisations outside --org/--region not read "
                        "(velvoite validate checks every row)",
                        "{where}: {n:,} rows of organisations outside --org/--region not read "
                        "(velvoite validate checks every row)", total).format(where=where, n=total)

    def count(self, path: str, n: int) -> None:
        if n:
            self.passed[path] = self.passed.get(path, 0) + n
