"""What the readers share: the host of a page's address, the organisation a page names, the
meeting's date from the lines of its header, an item finished from its lines."""

from __future__ import annotations

from urllib.parse import urlsplit

from velvoite.harvest.item import Item
from velvoite.harvest.reading import case_in, date_in, decision_and_proposal, this_handling

# Labels of the meeting's time in a minutes header (the meeting's date, not a date in the text).
MEETING_TIME = ("kokousaika", "aika", "kokouspäivä", "kokouspäivämäärä", "päivämäärä", "tid", "sammanträdestid",
                "mötestid", "datum", "sammanträdesdatum", "meeting", "kokous", "sammanträde", "möte")
# Endings of an organisation's name as minutes write it (Jämsän kaupunki, Närpes stad).
ORG_ENDINGS = ("kaupunki", "kunta", "hyvinvointialue", "stad", "kommun", "välfärdsområde", "hus-yhtymä",
               "kuntayhtymä", "samkommun")


def hosts(page, url: str | None) -> list[str]:
    """The hosts of the page's own address and its canonical link (lower case)."""
    out = []
    for href, rel in [(url or "", "")] + [(h, r) for h, r in page.links if "canonical" in r or "og:url" in r]:
        host = urlsplit(href).hostname if href.startswith(("http://", "https://")) else None
        if host:
            out.append(host.lower())
    if page.meta.get("og:url", "").startswith("http"):
        out.append((urlsplit(page.meta["og:url"]).hostname or "").lower())
    return out


def any_link(page, *parts: str) -> bool:
    return any(part in href.casefold() for href, _rel in page.links for part in parts)


def org_line(texts: list[str]) -> str | None:
    """The first line that names an organisation by its ending (Jämsän kaupunki)."""
    for text in texts:
        parts = [p.casefold().strip(" .") for p in text.split(" - ")]
        if len(text) < 160 and any(p.endswith(e) for p in parts for e in ORG_ENDINGS):
            return text.strip()
        words = text.split()  # KEMINMAAN KUNTA PÖYTÄKIRJA 5/2023
        for i, word in enumerate(words[:4]):
            if i and word.casefold() in ORG_ENDINGS:
                return " ".join(words[:i + 1])
    return None


def meeting_date(texts: list[str]):
    """The meeting's date in a header: after a label of the meeting's time, else None."""
    for i, text in enumerate(texts):
        low = text.casefold()
        words = low.split(":")[0].split()
        first = words[0] if words else ""
        if first.rstrip(":") in MEETING_TIME:
            found = date_in(text) or (date_in(texts[i + 1]) if i + 1 < len(texts) else None)
            if found:
                return found
    return None


def finish(item: Item, lines: list[str], vocab, last: bool = True) -> Item:
    """Fill the texts of an item from its lines: this handling's decision and proposal."""
    item.text = "\n".join(lines)
    current = this_handling(lines, item.date, item.section)
    item.decision_text, item.proposal_text = decision_and_proposal(current, vocab, last=last)
    if item.case_number is None:
        item.case_number = case_in(lines[:12])
    return item


def title_case(text: str) -> str:
    """A title written in capitals (TWeb, PDF) as a sentence: ``HYVINVOINTIKERTOMUS`` -> ``Hyvinvointikertomus``."""
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 3:
        return text[:1] + text[1:].lower()
    return text
