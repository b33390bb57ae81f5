"""Dynasty (Innofactor) meeting-item pages (``DREQUEST.PHP?page=meetingitem&id=...``): a header
"Dynasty tietopalvelu" with the organisation's name, then the body's name over the line
"Pöytäkirja 04.12.2023/Pykälä 198" (Swedish "Protokoll .../Paragraf ..."), navigation and the
attachments as links, the case number, the item's earlier handlings each opened by a line such as
"Hallitus 18.09.2020 § 94", and this handling's proposal and decision."""

from __future__ import annotations

import re

from velvoite.harvest.item import Item
from velvoite.harvest.reading import CASE, ITEM_START, date_in, handling
from velvoite.harvest.readers import plain
from velvoite.harvest.readers.common import any_link, finish, org_line

HEADER = re.compile(r"^(?P<what>pöytäkirja|protokoll|esityslista|föredragningslista|kokousasia)\s+"
                    r"(?P<date>\d{1,2}\.\d{1,2}\.\d{4})\s*/\s*(?:pykälä|paragraf|§)\s*(?P<n>\d+)", re.IGNORECASE)
NAVIGATION = ("edellinen asia", "seuraava asia", "muutoksenhakuohje", "pdf-muodossa", "föregående ärende",
              "följande ärende", "anvisning för sökande av ändring", "i pdf-format", "rss-linkki", "rss-länk",
              "kokousasiat:", "kokoukset:", "mötesärenden:", "möten:", "liitteet", "bilagor", "dynasty")


def claims(page, url) -> bool:
    first = " ".join(page.texts()[:5]).casefold()
    return ("dynasty" in page.title.casefold() or "dynasty" in first or "drequest.php" in (url or "").casefold()
            or any_link(page, "drequest.php"))


def read(page, url, vocab) -> list[Item]:
    lines = page.lines
    texts = page.texts()
    at = next((i for i, t in enumerate(texts) if HEADER.match(t)), None)
    if at is None:
        return plain.read(page, url, vocab, platform="dynasty")
    match = HEADER.match(texts[at])
    body = texts[at - 1] if at > 0 and not lines[at - 1].in_link else None
    org_name = org_line([t for t, line in zip(texts[:at], lines[:at]) if not line.in_link])
    item = Item(org_name=org_name, body=body, date=date_in(match["date"]), section=match["n"], url=url,
                platform="dynasty")
    rest = at + 1
    for i in range(at + 1, len(texts)):
        text, low = texts[i], texts[i].casefold()
        if CASE.fullmatch(text.strip()):
            item.case_number = text.strip()
            continue
        if sum(ch.isalpha() for ch in text) < 3 or lines[i].in_link or any(n in low for n in NAVIGATION):
            continue
        if handling(text) or ITEM_START.match(text):
            continue
        item.title, rest = text, i + 1
        break
    return [finish(item, texts[rest:], vocab)]
