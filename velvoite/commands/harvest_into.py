"""``velvoite harvest ... --into WORKSPACE`` and ``--feed URL`` (issue 30, the workspace half):
the proposals queued for review in a database workspace, each source kept as it was read, and a
Dynasty RSS feed polled with its last item seen kept in the workspace, so a nightly run proposes
only what is new (deploy/README.md: the systemd timer and the cron line).

The harvest command (``commands/harvest.py``) adds ``INTO`` and ``FEED`` to its options, passes
its fetcher through ``Kept`` and hands its proposals to ``queue_into``; with ``--feed`` it calls
``harvest_feed`` with its fetcher and a reader of the feed's bytes (``harvest.propose_data``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import click

from velvoite.commands.common import UserError
from velvoite.i18n import _

INTO = click.option("--into", "into", default=None, metavar="WORKSPACE", type=click.Path(file_okay=False, exists=True),
                    help="Queue the proposals for review in this database workspace (its page Proposals) instead "
                         "of only writing them; the same item harvested again is not queued twice.")
FEED = click.option("--feed", "feed", default=None, metavar="URL",
                    help="Poll this Dynasty RSS feed of meeting items (with --org and --into): only the items "
                         "after the last one seen, kept in the workspace, are proposed.")


class Kept:
    """A fetcher that keeps what it fetched, by SHA-256: the archived copies of the sources."""

    def __init__(self, fetcher):
        self.fetcher, self.copies = fetcher, {}

    def __call__(self, url: str):
        fetched = self.fetcher(url)
        self.copies[hashlib.sha256(fetched.data).hexdigest()] = (fetched.data, fetched.content_type or "",
                                                                 fetched.url or url)
        return fetched


_TYPES = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain", ".pdf": "application/pdf",
          ".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml"}


def local_copies(proposals: list[dict]) -> dict:
    """The archived copies of the proposals read from files: {sha256: (bytes, type, path)} (a file
    changed since it was read is not its copy, and is left out by ``queue``'s check)."""
    out: dict = {}
    for p in proposals:
        source = p.get("source")
        if not isinstance(source, str) or "://" in source or p.get("sha256") in out:
            continue
        path = Path(source)
        if path.is_file():
            out[p["sha256"]] = (path.read_bytes(), _TYPES.get(path.suffix.lower(), "application/octet-stream"),
                                str(path))
    return out


def queue_into(folder: str, proposals: list[dict], registry, org: str | None = None,
               copies: dict | None = None) -> dict:
    """The proposals (the harvest document's dicts) queued in the workspace ``folder``; says what
    was done on standard error; returns the counts (web.proposals.queue)."""
    from velvoite.web.proposals import queue
    from velvoite.web.store import actor_of_cli, open_workspace

    open_workspace(folder)
    counts = queue(proposals, {**local_copies(proposals), **(copies or {})}, actor_of_cli(), registry, org)
    click.echo(_("velvoite: {folder}: {queued} proposals queued for review, {skipped} already queued (skipped), "
                 "{other} not evidence of any duty (not queued)").format(
        folder=folder, queued=counts["queued"], skipped=counts["skipped"], other=counts["not_evidence"]), err=True)
    return counts


def _identity(proposal: dict) -> str:
    """An item of a feed: its link, else its meeting, § and title."""
    return str(proposal.get("url") or "|".join(str(proposal.get(k) or "") for k in ("date", "section", "title")))


def new_since(proposals: list[dict], last_seen: str | None) -> tuple[list[dict], str | None]:
    """(the proposals of the items after ``last_seen``, the newest item's address). A feed lists
    its items newest first (Dynasty) or oldest first; which, its dates say. An item no longer in
    the feed: every item is new (the queue still recognises those proposed before)."""
    if not proposals:
        return [], last_seen
    dates = [p.get("date") for p in proposals if p.get("date")]
    newest_first = not dates or dates[0] >= dates[-1]
    ordered = proposals if newest_first else proposals[::-1]
    ids = [_identity(p) for p in ordered]
    new = ordered[:ids.index(last_seen)] if last_seen in ids else ordered
    return new[::-1], ids[0]  # (queued oldest first)


def poll_feed(folder: str, url: str, org: str, fetcher, read) -> tuple[list[dict], str | None, dict]:
    """The feed ``url`` fetched once (through ``fetcher``) and read (``read(data, url, org,
    content_type)`` -> the proposals' dicts): (the proposals of the items not seen before, the
    newest item, the feed's archived copy {sha256: ...}); says how many were new."""
    from velvoite.web.store import open_workspace
    from velvoite.web.workspace.models import FeedMark

    open_workspace(folder)
    kept = Kept(fetcher)
    fetched = kept(url)
    proposals = read(fetched.data, url, org, fetched.content_type)
    mark = FeedMark.objects.filter(org=org, url=url).values_list("last_seen", flat=True).first()
    new, newest = new_since(proposals, mark)
    click.echo(_("velvoite: {url}: {new} of {n} items new since the last run").format(
        url=url, new=len(new), n=len(proposals)), err=True)
    return new, newest, kept.copies


def sources_needed(sources) -> None:
    """Without --feed, the command reads SOURCE...: at least one."""
    if not sources:
        raise click.UsageError(_("give the minutes to read (SOURCE...) or a feed to poll (--feed URL)"))


def feed_reader(registry):
    """``read`` for ``poll_feed``: the harvest readers' proposals of a feed's bytes, as dicts."""
    from velvoite.harvest import propose_data

    def read(data: bytes, url: str, org: str, content_type: str | None) -> list[dict]:
        return [p.to_dict() for p in propose_data(data, url, org, registry, None, content_type, url)]
    return read


def harvest_feed(folder: str | None, url: str, org: str | None, registry, fetcher, read=None) -> dict:
    """``--feed URL --org ORG --into WORKSPACE``: the feed's new items proposed (``read``; default:
    the harvest readers) and queued, then its newest item kept as seen; the queue's counts."""
    if not folder:
        raise UserError(_("--feed needs --into WORKSPACE: the workspace keeps the last item seen"))
    if not org:
        raise UserError(_("--feed needs --org: the organisation whose minutes the feed lists"))
    found = registry.resolve(org)  # (one line, with the nearest name)
    new, newest, copies = poll_feed(folder, url, found.id, fetcher, read or feed_reader(registry))
    counts = queue_into(folder, new, registry, found.id, copies)
    mark_feed(found.id, url, newest)
    return counts


def mark_feed(org: str, url: str, newest: str | None) -> None:
    """The feed's newest item kept as seen (after its proposals were queued)."""
    from django.utils import timezone

    from velvoite.web.workspace.models import FeedMark

    if newest is not None:
        FeedMark.objects.update_or_create(org=org, url=url, defaults={"last_seen": newest[:2000],
                                                                      "checked_at": timezone.now()})
