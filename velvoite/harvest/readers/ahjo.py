"""Helsinki's decision pages (Ahjo, paatokset.hel.fi): the case's title and number
(HEL 2022-011138), "Asia 15. / 85 §" (Swedish "Ärende", English "Case"), the item's title, the body
(Helsingin kaupunginvaltuusto, Helsingfors stadsstyrelse), the meeting's date, this handling's
decision first, and after it the earlier handlings ("Aikaisemmat käsittelyt"), never read as this one's."""

from __future__ import annotations

import re

from velvoite.harvest.item import Item
from velvoite.harvest.reading import CASE, date_in, handling, is_body
from velvoite.harvest.readers.common import any_link, finish, hosts, meeting_date

ITEM = re.compile(r"^(?:asia|ärende|case|item)\s+\d+\.?\s*/\s*(?P<n>\d+)\s*§$", re.IGNORECASE)
EARLIER = ("aikaisemmat käsittelyt", "aikaisempi käsittely", "päätöshistoria", "tidigare behandlingar",
           "tidigare behandling", "beslutshistorik", "earlier handlings", "decision history")


def claims(page, url) -> bool:
    return (any(h.endswith("paatokset.hel.fi") for h in hosts(page, url)) or any_link(page, "paatokset.hel.fi")
            or any(ITEM.match(t) for t in page.texts()[:40]))


def read(page, url, vocab) -> list[Item]:
    texts = page.texts()
    at = next((i for i, t in enumerate(texts) if ITEM.match(t)), 0)
    cut = next((i for i, t in enumerate(texts) if i > at and t.casefold().rstrip(":") in EARLIER), len(texts))
    item = Item(org_name="Helsinki", url=url, platform="ahjo")
    if ITEM.match(texts[at] if texts else ""):
        item.section = ITEM.match(texts[at])["n"]
    item.case_number = next((m[1] for t in texts[:at + 1] if (m := CASE.search(t)) and m[1].startswith("HEL")),
                            None)
    rest = at + 1
    for i in range(at + 1, min(cut, at + 10)):
        text = texts[i]
        name = text.split(",")[0].strip()
        if item.body is None and is_body(name):
            item.body = name
            item.date = item.date or date_in(text)
            rest = i + 1
        elif item.title is None and item.body is None and not page.lines[i].in_link:
            item.title = text
            rest = i + 1
        elif (found := handling(text)) and found[2] == item.section:
            item.body, item.date = item.body or found[0], found[1]
            rest = i + 1
    item.date = item.date or meeting_date(texts[at:cut])
    return [finish(item, texts[rest:cut], vocab, last=False)]
