"""One rule for people (``velvoite rules RULE``): its title, the statute's words, its legal bases
with the days they were in force, whom it binds and how often, and what evidence meets it, all in
the reader's words (the glossary's); the rule's id stands beside its title, labelled as the id."""

from __future__ import annotations

from velvoite.engine.missing import missing_list
from velvoite.i18n import tr
from velvoite.messages import citation_text, date_text, period_text
from velvoite.words.glossary import MACHINE, MEMBERS, PARTY_WORDS, PERIOD_KIND_WORDS, TAG_WORDS, term


def days_text(start, until, lang: str) -> str:
    """The days something is in force: ``1.5.2011–31.12.2022``, or from a day on."""
    if until is None:
        return tr(lang, "from {day}").format(day=date_text(start, lang))
    return f"{date_text(start, lang)}–{date_text(until, lang)}"


def tags_text(tags, lang: str) -> str:
    return " + ".join(TAG_WORDS[lang].get(t, t) for t in tags)


def _applies(a, rule, lang: str, orgs: dict) -> list[str]:
    exc = tr(lang, " except {tags}").format(tags=tags_text(a.except_, lang)) if a.except_ else ""
    extra = tr(lang, ", deadline {day}").format(day=date_text(a.deadline, lang)) if a.deadline else ""
    for label, day in a.deadline_overrides.items():
        extra += tr(lang, ", {period} due {day}").format(period=period_text(label, lang), day=date_text(day, lang))
    if a.recommended_months:
        extra += tr(lang, ", recommended within {n} months").format(n=a.recommended_months)
    out = ["  " + tr(lang, "{tags}{exceptions} from {start}: {period}, shown by a record of the organisation "
                           "{party}{extra}").format(
        tags=tags_text(a.to, lang), exceptions=exc, start=date_text(a.from_, lang),
        period=PERIOD_KIND_WORDS[lang].get(a.period, a.period), party=PARTY_WORDS[lang][a.party], extra=extra)]
    if a.requirements or a.cover:
        needs = [rule.requirement(r).missing.get(lang) for r in a.requirements]
        items = [] if a.cover is None else [a.cover] if isinstance(a.cover, str) else a.cover
        cover = ", ".join(MEMBERS[lang] if c == "members" else orgs[c].name(lang) if c in orgs else c for c in items)
        out.append("    " + tr(lang, "requires: {requirements}").format(requirements="; ".join(needs) or "–")
                   + ("; " + tr(lang, "together cover: {cover}").format(cover=cover) if a.cover else ""))
    return out


def rule_text(rule, lang: str, orgs: dict) -> str:
    """``orgs``: the registry's organisations by id (a rule may name whom its evidence must cover)."""
    out = [rule.title.get(lang), f"{MACHINE[lang]['rule_id']}: {rule.id}", "", rule.summary.get(lang), ""]
    for s in rule.statute:
        out += [f"{s.act} {s.section} {s.subsection or ''}".rstrip() + ":", f'  "{s.words(lang)}"']  # as quoted
        out += [f"  ({s.gloss})"] if lang == "en" else []  # the gloss is English
    out += ["", term("basis", lang) + ":"]
    for b in rule.legal_basis:
        out.append(f"  {citation_text(b.act, b.section, b.subsection, lang)}  {days_text(b.valid_from, b.valid_until, lang)}"
                   f"  ({tags_text(b.to, lang)})  {b.link(lang)}")
    out += ["", term("applies", lang) + ":"]
    for a in rule.applies:
        out += _applies(a, rule, lang, orgs)
    out += ["", tr(lang, "Evidence: {kinds}").format(kinds=missing_list(list(rule.evidence.kinds), lang, {}))]
    for r in rule.requirements:
        until = tr(lang, ", due by {day}").format(day=date_text(r.until, lang)) if r.until else ""
        out.append(f"  {r.missing.get(lang)}{until}")
    return "\n".join(out)
