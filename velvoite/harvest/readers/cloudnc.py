"""CloudNC item pages (``<kunta>.cloudnc.fi/fi-FI/Toimielimet/...``): "<Body>, kokous 15.9.2020"
(Swedish "sammanträde"), "Pöytäkirja on tarkastettu", the item's line "§ 21 Title", its case
number (ROIDno-2020-2129), "Aikaisempi käsittely" with the earlier handlings, then this handling's
proposal and decision. The organisation is the site's (its name, else its host)."""

from __future__ import annotations

import re

from velvoite.harvest.item import Item
from velvoite.harvest.reading import ITEM_START, date_in
from velvoite.harvest.readers import plain
from velvoite.harvest.readers.common import any_link, finish, hosts, org_line

MEETING = re.compile(r"^(?P<body>.+?),\s*(?:kokous|sammanträde|möte|meeting)\s+(?P<date>\d{1,2}\.\d{1,2}\.\d{4})",
                     re.IGNORECASE)


def claims(page, url) -> bool:
    return any("cloudnc" in host for host in hosts(page, url)) or any_link(page, "cloudnc.fi") \
        or "cloudnc" in page.meta.get("generator", "").casefold()


def site_name(page, url) -> str | None:
    for key in ("og:site_name", "application-name", "author"):
        if page.meta.get(key):
            return page.meta[key]
    for host in hosts(page, url):
        if host.endswith("cloudnc.fi"):
            return host.split(".")[0]
    return None


def read(page, url, vocab) -> list[Item]:
    texts = page.texts()
    at = next((i for i, t in enumerate(texts) if MEETING.match(t)), None)
    if at is None:
        return plain.read(page, url, vocab, platform="cloudnc")
    match = MEETING.match(texts[at])
    item = Item(org_name=org_line(texts[:at]) or site_name(page, url), body=match["body"].strip(),
                date=date_in(match["date"]), url=url, platform="cloudnc")
    rest = at + 1
    for i in range(at + 1, min(len(texts), at + 8)):
        start = ITEM_START.match(texts[i])
        if start and start["a"]:
            item.section, item.title, rest = start["a"], (start["title"] or "").strip() or None, i + 1
            break
    return [finish(item, texts[rest:], vocab)]
