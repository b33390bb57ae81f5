"""What a platform reader finds in one minutes item, before it is read for meaning: the
organisation's and the body's names as the page writes them, the meeting's date and the item's §
(from the page's header or meeting information, never from the reasoning, which quotes earlier
handlings), the title, the case number, and the texts under its headings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Item:
    """One item (asia, ärende) of a meeting as a reader found it."""

    org_name: str | None = None
    body: str | None = None
    date: dt.date | None = None
    section: str | None = None
    title: str | None = None
    case_number: str | None = None
    url: str | None = None
    decision_text: str = ""  # under Päätös / Beslut
    proposal_text: str = ""  # under Päätösehdotus / Ehdotus / Beslutsförslag / Förslag
    text: str = ""  # the whole item, headings included
    platform: str = "plain"
    notes: list[str] = field(default_factory=list)  # what the reader says about how it read the item
