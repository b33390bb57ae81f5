"""The terminal table: grouped by organisation, fits 80 columns, coloured when asked."""

from __future__ import annotations

import textwrap

import click

from velvoite.engine.missing import missing_list
from velvoite.escape.terminal import one_line
from velvoite.messages import date_text, duty_title, period_text, status_text
from velvoite.reports.options import AUDIT, AuditOptions
from velvoite.words.findings import NO_DUTIES, STATUS

COLOURS = {"met": "green", "partial": "yellow", "missing": "red", "due": "cyan", "upcoming": "blue",
           "waived": "magenta"}
WIDTH = 80


def render(audit, lang: str = "en", options: AuditOptions = AUDIT) -> str:
    """Each duty by its title (``rules``: id -> Rule), wrapped in its column, with its period as
    people write it; ``orgs`` (the registry's organisations by id) names the organisations a
    finding misses."""
    colour, orgs, rules = options.colour, options.orgs, options.rules

    lines: list[str] = []
    current = None
    # status and period columns as wide as their longest entry (a rolling period 1.1.2020–31.12.2023,
    # "täyttyi myöhässä"); the title takes the rest of the 80 columns and wraps within it
    period_w = max([11, *(len(period_text(f.period, lang)) + 1 for f in audit.findings)])
    status_w = max([10, *(len(status_text(f, lang)) + 1 for f in audit.findings)])
    title_w = max(20, WIDTH - 2 - status_w - period_w - 11)
    indent = " " * (2 + status_w)
    for f in audit.findings:
        if f.org != current:
            current = f.org
            if lines:
                lines.append("")
            head = one_line(f"{f.org_name} ({f.org})")
            lines.append(click.style(head, bold=True) if colour else head)
        status = f"{status_text(f, lang):<{status_w}}"
        if colour:
            status = click.style(status, fg=COLOURS[f.status])
        title = textwrap.wrap(one_line(duty_title(rules, f.rule, lang)), title_w, break_on_hyphens=False) or [""]
        lines.append(f"  {status}{title[0]:<{title_w}} {one_line(period_text(f.period, lang)):<{period_w}}"
                     f"{date_text(f.deadline, lang):>10}")
        lines += [indent + part for part in title[1:]]
        if f.status in ("partial", "missing") and f.missing:
            for part in textwrap.wrap(one_line(missing_list(f.missing, lang, orgs or {})), WIDTH - len(indent)):
                lines.append(indent + part)
        basis = "; ".join(dict.fromkeys(c.text(lang) for c in f.legal_basis))  # what a memo cites
        for part in textwrap.wrap(one_line(basis), WIDTH - len(indent)):
            lines.append(indent + (click.style(part, dim=True) if colour else part))
    for org_id, name, why in getattr(audit, "without", ()):
        if lines:
            lines.append("")
        head = one_line(f"{name} ({org_id})")
        lines.append(click.style(head, bold=True) if colour else head)
        for part in textwrap.wrap(one_line(why or NO_DUTIES[lang]), WIDTH - 2):
            lines.append("  " + part)
    counts = audit.summary()
    total = ", ".join(f"{STATUS[lang][s]} {n}" for s, n in counts.items() if n)
    lines += ["", total or "-"]
    return "\n".join(lines) + "\n"
