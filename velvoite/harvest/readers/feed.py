"""Dynasty's RSS feeds of meeting items (``DREQUEST.PHP?page=rss/meetingitems``) and Atom feeds:
each entry an item whose title names body, date and § ("Kaupunginhallitus 04.12.2023 § 303:
Title" or "Kaupunginhallitus 04.12.2023/Pykälä 303 Title"), whose link is the item's page and
whose description holds its text. The feed's XML is read with defusedxml (no entity expansion, no
external entities). The publishing date is not the meeting's and is never used as it."""

from __future__ import annotations

import re

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from xml.etree.ElementTree import ParseError

from velvoite.errors import InputError
from velvoite.harvest import page as pages
from velvoite.harvest.item import Item
from velvoite.harvest.reading import date_in
from velvoite.harvest.readers.common import finish
from velvoite.i18n import _

ATOM = "{http://www.w3.org/2005/Atom}"
TITLE = re.compile(r"^(?P<body>[^\d§]+?)\s+(?P<date>\d{1,2}\.\d{1,2}\.\d{4})\s*(?:§|/\s*(?:pykälä|paragraf))\s*"
                   r"(?P<n>\d+)\s*[:,.–-]?\s*(?P<title>.*)$", re.IGNORECASE)


def is_feed(data: bytes) -> bool:
    """Whether a document is an RSS or Atom feed (its first element, after any XML declaration)."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2:].lstrip()
    while head.startswith(b"<!--"):
        head = head[head.find(b"-->") + 3:].lstrip()
    if head.startswith(b"<!doctype") and not head.startswith(b"<!doctype html"):
        return b"<rss" in head or b"<feed" in head  # a DTD in a feed: refused by the reader, never expanded
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def _text(element, name: str) -> str:
    found = element.find(name)
    return (found.text or "").strip() if found is not None else ""


def read(data: bytes, source: str, vocab) -> tuple[str | None, list[Item]]:
    """(the feed's title, its items)."""
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        position = getattr(exc, "position", None)
        raise InputError(source, position[0] if position else None, None,
                         _("not a readable RSS or Atom feed: {problem}").format(problem=str(exc)[:120])) from None
    if root.tag == f"{ATOM}feed":
        channel_title = _text(root, f"{ATOM}title")
        entries = []
        for entry in root.findall(f"{ATOM}entry"):
            link = entry.find(f"{ATOM}link")
            content = _text(entry, f"{ATOM}content") or _text(entry, f"{ATOM}summary")
            entries.append((_text(entry, f"{ATOM}title"), link.get("href") if link is not None else None, content))
    else:
        channel = root.find("channel")
        if channel is None:
            raise InputError(source, None, None, _("not an RSS feed: it has no channel"))
        channel_title = _text(channel, "title")
        entries = [(_text(e, "title"), _text(e, "link") or None, _text(e, "description"))
                   for e in channel.findall("item")]
    items = []
    for title, link, content in entries:
        item = Item(url=link, platform="dynasty-feed")
        match = TITLE.match(pages.clean(title))
        if match:
            item.body, item.date, item.section = match["body"].strip(" ,:"), date_in(match["date"]), match["n"]
            item.title = match["title"].strip() or None
        else:
            item.title = pages.clean(title) or None
        lines = pages.from_html(content).texts() if content else []
        items.append(finish(item, lines, vocab))
    return channel_title or None, items
