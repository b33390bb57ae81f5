"""``velvoite harvest SOURCE...``: records proposed from published minutes (issue 30), as the
harvest JSON document or a table for people. Nothing is recorded: a person accepts each."""

from __future__ import annotations

import json

import click

from velvoite.commands.common import LANG, OUTPUT, QUIET, Settings, refuse_if_read, write
from velvoite.commands.harvest_into import FEED, INTO, Kept, harvest_feed, queue_into, sources_needed
from velvoite.commands.translated import Command
from velvoite.i18n import _, ngettext


@click.command(cls=Command)
@click.argument("sources", nargs=-1, required=False)
@click.option("--org", default=None, help="The organisation the minutes are of (default: read from each page).")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table",
              help="The harvest JSON document, or a table for people.")
@LANG
@OUTPUT
@INTO
@FEED
@QUIET
@click.pass_obj
def harvest(settings: Settings, sources, org, fmt, lang, output, into, feed) -> None:
    """Propose records from published minutes (HTML, text, PDF, RSS/Atom feeds, folders, addresses)."""
    from velvoite.harvest import document, propose
    from velvoite.harvest.fetch import PoliteFetcher

    settings.lang(lang)
    for source in sources:
        if not source.startswith(("http://", "https://")):
            settings.inputs.add(source)
    if into:
        settings.inputs.add_workspace(into)
    refuse_if_read(output)  # before the workspace is written (--into, --feed) or anything is read
    if org:
        settings.registry.resolve(org)  # an unknown --org stops the run before anything is fetched or queued
    if feed:  # (the workspace half: commands/harvest_into.py)
        harvest_feed(into, feed, org, settings.registry, PoliteFetcher())
        if not sources:
            return
    sources_needed(sources)
    fetcher = Kept(PoliteFetcher()) if any(s.startswith(("http://", "https://")) for s in sources) else None
    proposals = propose(list(sources), org=org, registry=settings.registry, fetcher=fetcher,
                        progress=settings.progress)
    if into:
        queue_into(into, [p.to_dict() for p in proposals], settings.registry, org, fetcher.copies if fetcher else None)
    if fmt == "json":
        write(json.dumps(document(proposals), ensure_ascii=False, indent=2) + "\n", output)
    else:
        write(table(proposals, settings.registry), output)


def table(proposals, registry) -> str:
    """One line per proposal, every text from the minutes made safe for a terminal."""
    from velvoite.escape.terminal import one_line
    from velvoite.i18n import language, tr
    from velvoite.messages import date_text
    from velvoite.words.values import DECISION_WORDS, body_word, kind_word

    lang = language()
    head = [_("date"), _("org"), "§", _("body"), _("kind"), _("decision"), _("score"), _("title")]
    def org_name(p):
        found = registry.orgs.get(p.org) if p.org else None
        return found.name(lang) if found else (p.org_name or p.org or "-")

    rows = [[date_text(p.date, lang) or "-", org_name(p), p.section or "-",
             body_word(p.body_tier, lang) if p.body_tier else "-", kind_word(p.kind, lang) if p.kind else "-",
             tr(lang, DECISION_WORDS[p.decision]) if p.decision in DECISION_WORDS else (p.decision or "-"),
             f"{p.score:.2f}", one_line(p.title or "", 70)] for p in proposals]
    widths = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head) - 1)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)) + "  " + str(r[-1]) for r in [head] + rows]
    return "\n".join(lines) + "\n" + ngettext(
        "{n} proposal; nothing is recorded until a person accepts it",
        "{n} proposals; nothing is recorded until a person accepts one", len(proposals)).format(n=len(proposals)) + "\n"
