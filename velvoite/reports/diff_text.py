"""A diff for people (``velvoite diff``, table and Markdown) in the reader's language: each duty by
its title, statuses by their words, periods and dates as people write them. Changes of status come
first, by organisation; changes of evidence alone (the same status, other records) follow, quiet,
one line each, counted rather than named (their records are in the JSON and CSV outputs)."""

from __future__ import annotations

from velvoite.escape.markdown import cell
from velvoite.escape.terminal import one_line
from velvoite.i18n import ntr, tr
from velvoite.messages import date_text, duty_title, period_text
from velvoite.words.findings import LATE, STATUS


def change_word(kind: str, lang: str) -> str:
    """The kind of a change in words (worse, better, ...)."""
    return {"worse": lambda: tr(lang, "worse"), "better": lambda: tr(lang, "better"),
            "changed": lambda: tr(lang, "changed"), "appeared": lambda: tr(lang, "new"),
            "disappeared": lambda: tr(lang, "gone"), "evidence": lambda: tr(lang, "evidence changed")}[kind]()


def _status(status: str | None, late: bool, lang: str) -> str:
    if status is None:
        return "–"
    return LATE[lang] if late and status == "met" else STATUS[lang].get(status, status)


def _evidence(c, lang: str) -> str:
    """How many records of evidence came and went (named in the JSON and CSV outputs)."""
    parts = []
    if c.evidence_added:
        parts.append(ntr(lang, "{n} record added", "{n} records added", len(c.evidence_added)).format(
            n=len(c.evidence_added)))
    if c.evidence_removed:
        parts.append(ntr(lang, "{n} record removed", "{n} records removed", len(c.evidence_removed)).format(
            n=len(c.evidence_removed)))
    return ", ".join(parts)


def heading(diff, lang: str) -> str:
    return tr(lang, "Changes from {old} to {new}").format(old=date_text(diff.old_as_of, lang),
                                                           new=date_text(diff.new_as_of, lang))


def summary(diff, lang: str) -> str:
    """``worse 1, better 2; evidence changed 3``, or that nothing changed."""
    loud = ", ".join(f"{change_word(k, lang)} {n}" for k, n in diff.summary.items() if n and k != "evidence")
    quiet = diff.summary.get("evidence", 0)
    if not loud and not quiet:
        return tr(lang, "no changes")
    return "; ".join(part for part in (loud, f"{change_word('evidence', lang)} {quiet}" if quiet else "") if part)


def _rows(diff, lang: str, rules: dict, quiet: bool) -> list[tuple]:
    """(organisation, change word, duty title, period, from, to, evidence, organisation id) of the loud
    changes (``quiet`` False) or of the evidence-only ones."""
    return [(c.org_name, change_word(c.change, lang), duty_title(rules, c.rule, lang),
             period_text(c.period, lang), _status(c.from_, c.late_from, lang), _status(c.to, c.late_to, lang),
             _evidence(c, lang), c.org) for c in diff.changes if (c.change == "evidence") == quiet]


def table(diff, lang: str, rules: dict) -> str:
    """The terminal table: per organisation, each change of status on two lines (what and how)."""
    out: list[str] = []
    current = None
    for org, word, title, period, before, after, evidence, org_id in _rows(diff, lang, rules, quiet=False):
        if org_id != current:
            current = org_id
            out += ([""] if out else []) + [one_line(f"{org} ({org_id})")]
        out.append(f"  {word:<12}{one_line(title)}")
        out.append(" " * 14 + one_line(f"{period}: {before} → {after}" + (f" ({evidence})" if evidence else "")))
    quiet = _rows(diff, lang, rules, quiet=True)
    if quiet:
        out += ([""] if out else []) + [tr(lang, "Evidence changed, status the same") + ":"]
        out += [one_line(f"  {org}: {title}, {period}: {after} ({evidence})")
                for org, _w, title, period, _b, after, evidence, _id in quiet]
    return "\n".join(out) + ("\n\n" if out else "") + summary(diff, lang) + "\n"


def markdown(diff, lang: str, rules: dict) -> str:
    """A memo: a table of the changes of status, then one of the changes of evidence alone."""
    head = (tr(lang, "Organisation"), tr(lang, "Change"), tr(lang, "Duty"), tr(lang, "Period"), tr(lang, "Before"),
            tr(lang, "Now"), tr(lang, "Evidence"))
    out = [f"# {heading(diff, lang)}", "", summary(diff, lang), ""]
    loud = _rows(diff, lang, rules, quiet=False)
    if loud:
        out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(cell(v) for v in row[:7]) + " |" for row in loud]
    quiet = _rows(diff, lang, rules, quiet=True)
    if quiet:
        out += ["", f"## {tr(lang, 'Evidence changed, status the same')}", "",
                "| " + " | ".join((head[0], head[2], head[3], tr(lang, "Status"), head[6])) + " |", "|" + "---|" * 5]
        out += ["| " + " | ".join(cell(v) for v in (row[0], row[2], row[3], row[5], row[6])) + " |" for row in quiet]
    return "\n".join(out) + "\n"
