"""Findings as Markdown: one table per organisation, for pasting into documents."""

from __future__ import annotations

from urllib.parse import quote

from velvoite.escape.markdown import cell as _cell
from velvoite.messages import date_text, status_text
from velvoite.words.findings import LEGAL_BASIS, NO_DUTIES


def _link(text: str, url: str) -> str:
    """A Markdown link whose target cannot end early or carry markup (angle-bracket form, encoded)."""
    return f"[{_cell(text)}](<{quote(url, safe=':/#?&=%~+@!$,;')}>)"


def render(audit, lang: str = "en", **_) -> str:
    head = {"en": ("Rule", "Period", "Deadline", "Status", "Explanation"),
            "fi": ("Velvoite", "Kausi", "Määräaika", "Tila", "Selitys"),
            "sv": ("Skyldighet", "Period", "Tidsfrist", "Status", "Förklaring")}[lang] + (LEGAL_BASIS[lang],)
    title = {"en": "Audit", "fi": "Tarkastus", "sv": "Granskning"}[lang]
    lines = [f"# {title} {date_text(audit.as_of, lang)}", ""]
    current = None
    for f in audit.findings:
        if f.org != current:
            current = f.org
            lines += ["", f"## {_cell(f.org_name)} ({f.org})", "", "| " + " | ".join(head) + " |",
                      "|" + "---|" * len(head)]
        basis = "; ".join(dict.fromkeys(_link(c.text(lang), c.url) for c in f.legal_basis))
        lines.append("| " + " | ".join([*(_cell(x) for x in (f.rule, f.period, date_text(f.deadline, lang),
                                                             status_text(f, lang), f.explanation)), basis]) + " |")
    for org_id, name, why in getattr(audit, "without", ()):
        lines += ["", f"## {_cell(name)} ({org_id})", "", _cell(why or NO_DUTIES[lang])]
    return "\n".join(lines).strip() + "\n"
