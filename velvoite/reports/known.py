"""What a gap report needs of all the records, worked out once: each record by id (the evidence
cards) and every organisation any record names (who sent data: see ``gap.build``). The national
page set builds 22 reports from one audit, and each would otherwise go through every record."""

from __future__ import annotations

from typing import NamedTuple


class Known(NamedTuple):
    by_id: dict
    named: set

    @classmethod
    def of(cls, records: list) -> Known:
        return cls({r.id: r for r in records}, {r.org for r in records}.union(*(r.participants for r in records)))
