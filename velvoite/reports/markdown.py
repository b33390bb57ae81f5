"""Findings as Markdown: one table per organisation, for pasting into documents."""

from __future__ import annotations

from urllib.parse import quote

from velvoite.escape.markdown import cell as _cell
from velvoite.messages import date_text, duty_title, period_text, status_text
from velvoite.reports.options import AUDIT, AuditOptions
from velvoite.words.findings import NO_DUTIES
from velvoite.words.glossary import term


def _link(text: str, url: str) -> str:
    """A Markdown link whose target cannot end early or carry markup (angle-bracket form, encoded)."""
    return f"[{_cell(text)}](<{quote(url, safe=':/#?&=%~+@!$,;')}>)"


def render(audit, lang: str = "en", options: AuditOptions = AUDIT) -> str:
    """A memo's tables: each duty by its title (``options.rules``: id -> Rule), in the glossary's words."""
    rules = options.rules
    head = [term(k, lang) for k in ("duty", "period", "deadline", "status", "explanation", "basis")]
    lines = [f"# {term('audit', lang)} {date_text(audit.as_of, lang)}", ""]
    current = None
    for f in audit.findings:
        if f.org != current:
            current = f.org
            lines += ["", f"## {_cell(f.org_name)} ({f.org})", "", "| " + " | ".join(head) + " |",
                      "|" + "---|" * len(head)]
        basis = "; ".join(dict.fromkeys(_link(c.text(lang), c.url) for c in f.legal_basis))
        cells = (duty_title(rules, f.rule, lang), period_text(f.period, lang), date_text(f.deadline, lang),
                 status_text(f, lang), f.explanation)
        lines.append("| " + " | ".join([*(_cell(x) for x in cells), basis]) + " |")
    for org_id, name, why in getattr(audit, "without", ()):
        lines += ["", f"## {_cell(name)} ({org_id})", "", _cell(why or NO_DUTIES[lang])]
    return "\n".join(lines).strip() + "\n"
