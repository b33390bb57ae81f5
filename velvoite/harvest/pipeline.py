"""From sources to proposals: expand folders, fetch addresses (through the fetcher given), choose
the reader of each document, read each item for meaning."""

from __future__ import annotations

from pathlib import Path

from velvoite import schemas
from velvoite.harvest.proposal import Proposal


def propose(sources, org=None, registry=None, vocabulary=None, fetcher=None) -> list[Proposal]:
    """One proposal per minutes item found in ``sources`` (see the package docstring)."""
    raise NotImplementedError  # being written: issue 30


def propose_data(data: bytes, source: str, org=None, registry=None, vocabulary=None, content_type=None,
                 url=None) -> list[Proposal]:
    """The proposals of one document already read (``source`` names it in messages)."""
    raise NotImplementedError


def document(proposals: list[Proposal]) -> dict:
    """The harvest JSON document."""
    return {**schemas.header(), "proposals": [p.to_dict() for p in proposals]}
