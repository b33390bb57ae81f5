"""The commands that describe rather than audit: ``validate``, ``rules``, ``orgs``, ``schema``."""

from __future__ import annotations

import click

from velvoite.commands.translated import Command

from velvoite.commands.common import LANG_CHOICE, Settings, paths_argument
from velvoite.commands.language import MESSAGES_LANG
from velvoite.escape.terminal import lines, one_line
from velvoite.i18n import N_, Words, _, ngettext


@click.command(cls=Command)
@paths_argument
@MESSAGES_LANG
@click.pass_obj
def validate(settings: Settings, paths) -> None:
    """Check record files only: every error with its file, line and field."""
    records = settings.records(paths, notes_to_stderr=False)
    waivers = settings.waivers  # waiver records name a rule and a period: checked against the rules too
    text = ngettext("{n} record OK", "{n} records OK", len(records)).format(n=len(records))
    if waivers:
        text += " (" + ngettext("{n} waiver", "{n} waivers", len(waivers)).format(n=len(waivers)) + ")"
    click.echo(text)


SEVERITY_HEADINGS = Words({"duty": N_("duties (the law)"), "advice": N_("advice"),
                           "incentive": N_("incentives (HYTE supplement)")})


def _listing(rules: dict, lang: str) -> list[str]:
    """The rules grouped by pack (in the order the packs load) and severity, each group sorted by id;
    each by its title, its id beside it (what ``velvoite rules RULE`` takes)."""
    from velvoite.rules.manifest import builtin_manifests
    from velvoite.words.glossary import MACHINE

    titles = {m.id: m.title.get(lang, m.title.get("en", m.id)) for m in builtin_manifests()}
    used = {r.pack or "-" for r in rules.values()}
    packs = [p for p in dict.fromkeys([*titles, *(r.pack or "-" for r in rules.values())]) if p in used]
    out = []
    for pack in packs:
        out.append(f"{pack}: {titles.get(pack, '')}".rstrip(": "))
        for severity, heading in SEVERITY_HEADINGS[lang].items():
            group = [r for r in rules.values() if (r.pack or "-") == pack and r.severity == severity]
            if group:
                out.append(f"  {heading}")
                out += [f"    {r.title.get(lang)} ({MACHINE[lang]['rule_id']}: {r.id})" for r in group]
    return out


@click.command("rules", cls=Command)
@click.argument("rule_id", required=False)
@click.option("--lang", type=LANG_CHOICE, default=None)
@click.pass_obj
def rules_cmd(settings: Settings, rule_id, lang) -> None:
    """List the rules, or show one: statute words, legal bases, periods, evidence."""
    from velvoite.rules import find_rule

    lang = settings.lang(lang)
    rules = settings.rules
    if not rule_id:
        for line in _listing(rules, lang):
            click.echo(one_line(line))
        return
    from velvoite.reports.rule_text import rule_text

    click.echo(lines(rule_text(find_rule(rules, rule_id), lang, settings.registry.orgs)))


@click.command(cls=Command)
@click.option("--region", default=None, help="Only this county and its municipalities.")
@click.option("--lang", type=LANG_CHOICE, default=None)
@click.pass_obj
def orgs(settings: Settings, region, lang) -> None:
    """List organisations with their ids, codes and names."""
    from velvoite.messages import date_text

    registry = settings.registry
    lang = settings.lang(lang)
    listed = registry.region(region) if region else list(registry.orgs.values())
    for org in listed:
        until = _(" (until {day})").format(day=date_text(org.valid_until, lang)) if org.valid_until.year < 9999 else ""
        county = org.county or "-"
        click.echo(one_line(f"{org.id:<11}{org.code or '-':<5}{county:<8}{org.name(lang)}{until}"))


@click.command(cls=Command)
@click.argument("what", type=click.Choice(["records", "audit", "report", "diff", "law", "harvest"]), default="records")
@MESSAGES_LANG
@click.pass_obj
def schema(settings: Settings, what: str) -> None:
    """Print the JSON Schema of the record format (records, with the kinds and fields of the packs
    in use), of the audit's JSON (audit), the report's (report), the diff's (diff), the law check's (law) or
    the proposals read from minutes (harvest)."""
    import json

    from velvoite.schemas import schema_of

    settings.rules  # noqa: B018 (user packs add kinds)
    click.echo(json.dumps(schema_of(what), ensure_ascii=False, indent=2))
