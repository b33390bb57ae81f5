"""Platform readers: each knows one publishing system's page (Dynasty, CloudNC, TWeb/KTweb,
Helsinki's Ahjo decisions) and the plain reader any other minutes. ``claims(page, url)`` says
whether a page is the reader's; ``read(page, url, vocab)`` gives its items."""

from __future__ import annotations

from velvoite.harvest.readers import ahjo, cloudnc, dynasty, plain, tweb

READERS = (ahjo, dynasty, cloudnc, tweb, plain)  # plain last: it claims every page


def items_of(page, url, vocab):
    """The items of one page, read by the first reader that claims it."""
    for reader in READERS:
        if reader.claims(page, url):
            return reader.read(page, url, vocab)
    return []


__all__ = ["READERS", "items_of"]
