"""Findings as Markdown: one table per organisation, for pasting into documents."""

from __future__ import annotations

from velvoite.escape.markdown import cell as _cell
from velvoite.messages import date_text, status_text


def render(audit, lang: str = "en", **_) -> str:
    head = {"en": ("Rule", "Period", "Deadline", "Status", "Explanation"),
            "fi": ("Velvoite", "Kausi", "Määräaika", "Tila", "Selitys"),
            "sv": ("Skyldighet", "Period", "Tidsfrist", "Status", "Förklaring")}[lang]
    title = {"en": "Audit", "fi": "Tarkastus", "sv": "Granskning"}[lang]
    lines = [f"# {title} {date_text(audit.as_of, lang)}", ""]
    current = None
    for f in audit.findings:
        if f.org != current:
            current = f.org
            lines += ["", f"## {_cell(f.org_name)} ({f.org})", "", "| " + " | ".join(head) + " |",
                      "|" + "---|" * len(head)]
        lines.append("| " + " | ".join(_cell(x) for x in (f.rule, f.period, date_text(f.deadline, lang),
                                                          status_text(f, lang), f.explanation)) + " |")
    return "\n".join(lines).strip() + "\n"
