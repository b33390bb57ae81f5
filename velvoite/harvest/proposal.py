"""A proposal (ehdotus, förslag): one record the minutes suggest, with why, waiting for a person.

A proposal is never a record: it carries where it was read (``source``, ``sha256`` of the bytes
read, ``url`` of the item), what the reading found (``kind`` or None, ``date``, ``body`` as
written and its ``body_tier``, ``section`` (§), ``title``, ``decision`` of this handling,
``reference``, ``case_number`` (diaarinumero, e.g. ``KHVADno-2023-663``, ``HEL 2022-011138``), a
``snippet`` of the decision text) and how sure it is (``score`` 0..1, ``reasons``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

# What this handling decided (DOMAIN § 8 "deciding is not noting"; issue 30) and the bodies' tiers:
# the words the packs declare are checked against the same lists (rules/harvest_words.py).
from velvoite.rules.harvest_words import DECISIONS, TIERS  # noqa: F401 (velvoite.harvest's contract)



@dataclass
class Proposal:
    """One item of the minutes read as a record proposed for review."""

    source: str
    sha256: str
    url: str | None = None
    org: str | None = None
    org_name: str | None = None
    kind: str | None = None
    date: dt.date | None = None
    body: str | None = None
    body_tier: str | None = None
    section: str | None = None
    title: str | None = None
    decision: str | None = None
    reference: str | None = None
    case_number: str | None = None
    snippet: str | None = None
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The proposal as the harvest document holds it (dates as YYYY-MM-DD)."""
        out = {key: getattr(self, key) for key in KEYS}
        out["date"] = self.date.isoformat() if self.date else None
        out["score"] = round(self.score, 2)
        out["reasons"] = list(self.reasons)
        return out

    def key(self) -> tuple:
        """What makes two proposals the same item harvested twice: the organisation and the case
        number with the section, else the body, date and section (issue 30 item 4)."""
        if self.case_number:
            return (self.org, self.case_number.casefold(), self.section, self.date)
        return (self.org, (self.body or "").casefold(), self.date, self.section)


# The keys of a proposal in the JSON document, in this order (docs/schemas/harvest.schema.json): its fields.
KEYS = tuple(f.name for f in fields(Proposal))
