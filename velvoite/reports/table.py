"""The terminal table: grouped by organisation, fits 80 columns, coloured when asked."""

from __future__ import annotations

import textwrap

from velvoite.escape.terminal import one_line
from velvoite.messages import date_text, missing_text, status_text
from velvoite.words.findings import NO_DUTIES, STATUS

COLOURS = {"met": "green", "partial": "yellow", "missing": "red", "due": "cyan", "upcoming": "blue",
           "waived": "magenta"}
WIDTH = 80


def render(audit, lang: str = "en", colour: bool = False, orgs: dict | None = None, **_) -> str:
    """``orgs`` (the registry's organisations by id) names the organisations a finding misses."""
    import click

    lines: list[str] = []
    current = None
    # columns as wide as their longest entry (at least 33 and 11): a long rule id or a rolling
    # period (2020-01-01/2023-12-31) never runs into the next column
    rule_w = max([33, *(len(one_line(f.rule)) + 1 for f in audit.findings)])
    period_w = max([11, *(len(one_line(f.period)) + 1 for f in audit.findings)])
    status_w = max([10, *(len(status_text(f, lang)) + 1 for f in audit.findings)])
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
        lines.append(f"  {status}{one_line(f.rule):<{rule_w}}{one_line(f.period):<{period_w}}"
                     f"{date_text(f.deadline, lang):>10}")
        if f.status in ("partial", "missing") and f.missing:
            missing = [one_line(missing_text(m, lang, orgs or {})) for m in f.missing]
            for part in textwrap.wrap(", ".join(missing), WIDTH - 14):
                lines.append(" " * 12 + part)
        basis = "; ".join(dict.fromkeys(c.text(lang) for c in f.legal_basis))  # what a memo cites
        for part in textwrap.wrap(one_line(basis), WIDTH - 14):
            lines.append(" " * 12 + (click.style(part, dim=True) if colour else part))
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
