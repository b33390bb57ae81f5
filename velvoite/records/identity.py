"""What a record is when two audits are compared (``velvoite diff``, ``report --since``): its own
``id`` when the user gave one; for a record without one, a key made of what it says (organisation,
kind, date, body, participants, reference and every other field), never of the file and row its
derived id names (FILE#ROW). Adding a record above it, moving it to another file or renaming the
file then leaves it the same record, and a diff says nothing about it.

Two records that say exactly the same have the same key: for a comparison they are the same
activity written twice (an audit lists the key twice).
"""

from __future__ import annotations

import hashlib
import json
import re

from velvoite.records.files import SUFFIXES
from velvoite.records.model import FIELDS, Record

PREFIX = "content/"  # a "/" is never in an id (records.ids): a key cannot be mistaken for a given id


# The form of an id given to a record without one (FILE#ROW): also when a database workspace
# stored it at import (it is then the record's address there, but still no name a person gave), so
# that a workspace's audit is its files' audit, byte for byte.
DERIVED = re.compile(r"[^#]*(?:%s)#\d+" % "|".join(map(re.escape, SUFFIXES)), re.IGNORECASE)


def identity(record: Record) -> str:
    """The record's id, or for a derived id (FILE#ROW) ``content/`` and a hash of what it says."""
    if not (record.derived_id or DERIVED.fullmatch(record.id)):
        return record.id
    said = {name: getattr(record, name) for name in FIELDS if name != "id"}
    said["data"] = record.data or {}
    text = json.dumps(said, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


class Identities(dict):
    """Record id -> ``identity``, each worked out once, on first use (``records``: the records by id)."""

    def __init__(self, records: dict[str, Record]):
        super().__init__()
        self.records = records

    def __missing__(self, rid: str) -> str:
        key = self[rid] = identity(self.records[rid])
        return key

    def of(self, ids: list[str]) -> list[str]:
        """The identities of ``ids``, in their order. An id without ``#`` is its own identity, taken as
        it is: every derived id has one (FILE#ROW, the loader's), as has every id ``DERIVED`` matches;
        the others are worked out once."""
        if "#" not in "".join(ids):  # no derived id among them (the ids the records gave): the ids as they are
            return list(ids)
        return [self[r] if "#" in r else r for r in ids]
