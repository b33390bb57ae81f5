"""``velvoite law check`` and ``velvoite law pin``: whether the provisions the rules cite and quote
still stand in the law (Finlex's consolidated acts, from a folder or the open-data API), and the
pack's lock of the versions its quotes were checked against.

Exit status of ``check``: 0 when every cited provision holds (an ``amended`` one is worth a look,
not an alarm), 1 when anything is changed, pending, repealed or missing, 2 on bad input (an
unreadable or non-AKN file, a malformed lock: named). ``pin`` refuses (exit 1, nothing written)
while a quote is ``changed``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from velvoite.commands.common import DATE, LANG, OUTPUT, QUIET, Settings, format_for, today, write
from velvoite.commands.language import MESSAGES_LANG
from velvoite.commands.translated import Command, Group
from velvoite.i18n import _, ngettext


def _sources(func):
    """Where the consolidated acts come from, the day and the packs: shared by check and pin."""
    for option in reversed([
        click.option("--source", type=click.Path(file_okay=False, exists=True), default=None,
                     help="A folder of consolidated acts (Akoma Ntoso XML from Finlex's open data; any file names)."),
        click.option("--online", is_flag=True, help="Fetch the cited acts from Finlex's open-data API."),
        click.option("--save", type=click.Path(file_okay=False), default=None,
                     help="With --online: also write the acts fetched into this folder (for --source)."),
        click.option("--api", default=None, metavar="URL", help="With --online: the open-data API's address."),
        click.option("--as-of", type=DATE, default=None, help="The day to check for (default: today)."),
        click.option("--pack", "packs", multiple=True, metavar="ID", help="Only this pack's rules (repeatable)."),
        QUIET,
    ]):
        func = option(func)
    return func


@click.group("law", cls=Group)
@MESSAGES_LANG
def law() -> None:
    """Watch the law the rules cite: check their quotes against Finlex's consolidated acts, pin the versions."""


def _pack_folders(settings: Settings) -> dict[str, Path]:
    """The folder of each pack in use by its id (built-in, then --rules), where its lock lives."""
    from velvoite.rules.manifest import load_manifest
    from velvoite.rules.pack import builtin_pack_dirs

    out: dict[str, Path] = {}
    for folder in [*builtin_pack_dirs(), *map(Path, settings.rule_packs)]:
        manifest = load_manifest(folder)
        if manifest is not None:
            out[manifest.id] = folder
    return out


def _watch(settings: Settings, source, online, save, api, as_of, packs, strict_locks: bool = True):
    """The rules in use, their packs' folders and locks, the acts read, and the check."""
    from velvoite.law.akn import read_folder
    from velvoite.law.check import check, cited_acts
    from velvoite.law.lock import act_order, lock_path, read_lock
    from velvoite.rules.pack import choose_packs

    if bool(source) == bool(online):
        raise click.UsageError(_("give --source FOLDER or --online"))
    if (save or api) and not online:
        raise click.UsageError(_("--save and --api go with --online"))
    rules = choose_packs(settings.all_rules, packs) if packs else settings.rules
    folders = _pack_folders(settings)
    pins = {}
    for pack in sorted({r.pack for r in rules.values() if r.pack in folders}):
        own = {k: r for k, r in rules.items() if r.pack == pack}
        pins[pack] = read_lock(lock_path(folders[pack]), cited_acts(own) if strict_locks else None)
    if source:
        settings.inputs.add(source, records=False)
        docs = read_folder(source)
    else:
        from velvoite.commands.finlex import API, fetch_acts

        docs = fetch_acts(sorted(cited_acts(rules), key=act_order), api or API, save, settings.progress)
    watch = check(rules, docs, pins, as_of or today())
    for pack, pinned in sorted(pins.items()):
        for act, pin in sorted(pinned.items()):
            doc = watch.versions.get(act)
            if doc is not None and doc.version and doc.version < pin.version:
                watch.notes.append(_("{act}: the text read (version {version}) is older than the one {pack} pinned "
                                     "({pinned})").format(act=act, version=doc.version, pack=pack, pinned=pin.version))
    return rules, folders, pins, watch


@law.command("check", cls=Command)
@_sources
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default=None,
              help="Output format (default: from the -o extension, else table).")
@LANG
@OUTPUT
@click.pass_obj
def check_cmd(settings: Settings, source, online, save, api, as_of, packs, fmt, lang, output) -> None:
    """Whether the provisions the rules cite still stand: changed, amended, pending, repealed, missing."""
    from velvoite.law.render import as_json, as_table

    fmt = format_for(fmt, output, "law", "table")
    lang = settings.lang(lang)
    _rules, _folders, _pins, watch = _watch(settings, source, online, save, api, as_of, packs)
    write(as_json(watch) if fmt == "json" else as_table(watch, lang), output)
    if watch.alarm:
        sys.exit(1)


@law.command("pin", cls=Command)
@_sources
@MESSAGES_LANG
@click.pass_obj
def pin_cmd(settings: Settings, source, online, save, api, as_of, packs) -> None:
    """Write each pack's lock: the versions of the acts just checked (refused while a quote is changed)."""
    from velvoite.law.check import cited_acts
    from velvoite.law.lock import Pin, lock_path, lock_text
    from velvoite.inputs import Inputs
    from velvoite.output import write_output
    from velvoite.rules.manifest import BUILTIN_PACK

    rules, folders, pins, watch = _watch(settings, source, online, save, api, as_of, packs, strict_locks=False)
    changed = [c for c in watch.changes if c.status == "changed"]
    if changed:
        for c in changed:
            click.echo(_("changed: {act} {section} {subsection}: {detail}").format(
                act=c.act, section=c.section, subsection=c.subsection or "", detail=c.detail), err=True)
        click.echo(_("velvoite: not pinned: fix the quotes of the changed provisions first (velvoite law check)"),
                   err=True)
        sys.exit(1)
    locks = []
    for pack in sorted(pins, key=lambda p: (p != BUILTIN_PACK, p)):
        own = {k: r for k, r in rules.items() if r.pack == pack}
        cited = cited_acts(own)
        if not cited:
            continue  # a pack citing no act (the recommendations) has nothing to pin
        new = {a: p for a, p in pins[pack].items() if a in cited}
        for act in cited:
            doc = watch.versions.get(act)
            if doc is not None and doc.version:
                new[act] = Pin(act, doc.version, doc.consolidated)
        locks.append((lock_path(folders[pack]), lock_text(new), len(new)))
    acts = Inputs(items=[])  # a lock is written into its pack (read by the run), never onto the acts read
    acts.add(source, records=False)
    for path, _text, _n in locks:
        acts.refuse_if_read(path)
    for path, text, n in locks:
        if not path.is_file() or path.read_text("utf-8") != text:
            write_output(path, text)
        click.echo(ngettext("{file}: {n} act pinned", "{file}: {n} acts pinned", n).format(file=path, n=n))
    for note in watch.notes:
        click.echo(_("note: {note}").format(note=note))
