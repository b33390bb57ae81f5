"""TWeb/KTweb minutes pages (ktwebbin/dbisa.dll/...): a whole meeting, header then items opened by
their § line; read as the plain reader reads minutes, known by the system's addresses."""

from __future__ import annotations

from velvoite.harvest.readers import plain
from velvoite.harvest.readers.common import any_link, hosts

MARKS = ("ktweb", "tweb.fi", "dbisa.dll", "triplancloud")


def claims(page, url) -> bool:
    generator = page.meta.get("generator", "").casefold()
    return ("ktweb" in generator or "tweb" in generator or any_link(page, *MARKS)
            or any(m in host for host in hosts(page, url) for m in MARKS))


def read(page, url, vocab):
    return plain.read(page, url, vocab, platform="tweb")
