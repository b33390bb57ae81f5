"""Evidence without typing (issue 30): records proposed from published minutes.

The contract other parts of velvoite (the workspace's queue of proposals, the feed poller) call::

    propose(sources, org=None, registry=None, vocabulary=None, fetcher=None) -> list[Proposal]

- ``sources``: paths (``str`` or ``Path``) of minutes items or pages (HTML, plain text, PDF with a
  text layer), Dynasty RSS/Atom feeds, folders of such files (read in name order, not recursed),
  or ``http(s)://`` addresses. An address needs ``fetcher``.
- ``org``: the organisation (id, code or name) every proposal is for; without it, each page's own
  name for its organisation is resolved in ``registry`` (``None`` when it does not resolve).
- ``registry``: a ``velvoite.registry.Registry`` (default: the built-in one).
- ``vocabulary``: a ``Vocabulary`` (``velvoite.harvest.vocabulary.load``, the ``harvest:`` words
  of the packs in use; default: the built-in packs and ``records/core.yaml``).
- ``fetcher``: ``fetcher(url) -> Fetched(data, content_type, url)``; the CLI passes a
  ``velvoite.harvest.fetch.PoliteFetcher`` (User-Agent naming velvoite, one request a second,
  robots.txt). Nothing below the CLI opens a connection by itself.

Returns one ``Proposal`` per item found, in source order; ``Proposal.to_dict()`` is one entry of
the harvest document, ``document(proposals)`` the whole JSON document
``{"schema_version", "velvoite", "proposals": [...]}`` (``velvoite schema harvest``).
``propose_data(data, source, ...)`` reads bytes already in hand (a feed the poller fetched).
Malformed input raises ``velvoite.errors.InputError`` naming the source (exit status 2 at the CLI).
``Proposal.key()`` recognises the same item harvested twice (case number and §).
"""

from velvoite.harvest.pipeline import document, propose, propose_data
from velvoite.harvest.proposal import DECISIONS, KEYS, TIERS, Proposal

__all__ = ["DECISIONS", "KEYS", "TIERS", "Proposal", "document", "propose", "propose_data"]
