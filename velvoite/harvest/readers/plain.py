"""Minutes of any other system, and TWeb/KTweb's: a page (HTML, text, a PDF's text layer) whose
header names the organisation, the body and the meeting's time, and whose items each open with a
line of their § ("§ 45 Title", "45 § TITLE", "Kunnanvaltuusto § 45 12.06.2023")."""

from __future__ import annotations

from velvoite.harvest.item import Item
from velvoite.harvest.reading import ITEM_START, date_in, handling, is_body
from velvoite.harvest.readers.common import finish, meeting_date, org_line, title_case

KEYWORDS = ("pöytäkirja", "protokoll", "esityslista", "föredragningslista", "kokous", "sammanträde")


def claims(page, url) -> bool:
    return True


def header_date(header: list[str]):
    """The meeting's date in a header: a labelled time, else a line naming the minutes or the body."""
    found = meeting_date(header)
    if found:
        return found
    for text in header:
        low = text.casefold()
        if any(k in low for k in KEYWORDS) or is_body(" ".join(w for w in text.split() if not w[:1].isdigit())):
            found = date_in(text)
            if found:
                return found
    return None


def header_body(header: list[str]) -> str | None:
    for text in header:
        if is_body(text):
            return text.strip(" ,:")
    return None


def read(page, url, vocab, platform: str = "plain") -> list[Item]:
    texts = page.texts()
    starts = [(i, m) for i, t in enumerate(texts) if (m := ITEM_START.match(t))]
    header = texts[:starts[0][0]] if starts else texts[:20]
    org_name = org_line(header) or (org_line([page.title]) if page.title else None)
    body, date = header_body(header), header_date(header)
    if not starts:
        return [_single(texts, org_name, body, date, url, vocab, platform)]
    chunks: list[tuple[str, object, list[str]]] = []
    for n, (i, match) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(texts)
        section = match["a"] or match["b"]
        lines = texts[i + 1:end]
        if chunks and chunks[-1][0] == section:  # a page's header repeated in a long item
            chunks[-1][2].extend(lines)
            continue
        chunks.append((section, match, lines))
    best: dict[str, tuple[object, list[str]]] = {}
    for section, match, lines in chunks:  # an index of items before the items: the fuller one is the item
        if section not in best or len(lines) > len(best[section][1]):
            best[section] = (match, lines)
    items = []
    for section, (match, lines) in sorted(best.items(), key=lambda kv: int(kv[0])):
        title = (match["title"] or match["title2"] or "").strip()
        if not title and lines:
            title, lines = lines[0], lines[1:]
        item_body = body
        if match["pre"] and is_body(match["pre"]):
            item_body = match["pre"]
        item_date = (date_in(match["date"]) if match["date"] else None) or date
        item = Item(org_name=org_name, body=item_body, date=item_date, section=section,
                    title=title_case(title) or None, url=url, platform=platform)
        items.append(finish(item, lines, vocab))
    return items


def _single(texts, org_name, body, date, url, vocab, platform) -> Item:
    """A page of one item without a § line of its own: its first line naming a handling, if any."""
    item = Item(org_name=org_name, body=body, date=date, url=url, platform=platform)
    rest = texts
    for i, text in enumerate(texts[:20]):
        found = handling(text)
        if found:
            item.body, item.date, item.section = found
            rest = texts[i + 1:]
            break
    for text in rest:
        if text != org_name and not is_body(text) and len(text) > 3 and not handling(text):
            item.title = title_case(text)
            break
    return finish(item, rest, vocab)
