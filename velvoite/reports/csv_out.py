"""Findings as CSV, one row per finding, list fields joined with '; '."""

from __future__ import annotations

from velvoite.escape.sheet import csv_text, dialect_for
from velvoite.reports.options import AUDIT, AuditOptions

COLUMNS = ("org", "org_name", "rule", "period", "start", "end", "deadline", "recommended_by",
           "status", "late", "evidence", "missing", "explanation", "legal_basis")


def rows(audit, lang: str = "en") -> list[list[object]]:
    out = []
    for f in audit.findings:
        basis = "; ".join(f"{b.text(lang)} {b.url}" for b in f.legal_basis)
        out.append([f.org, f.org_name, f.rule, f.period, f.start.isoformat(), f.end.isoformat(),
                    f.deadline.isoformat(), f.recommended_by.isoformat() if f.recommended_by else "",
                    f.status, "yes" if f.late else "", "; ".join(f.evidence), "; ".join(f.missing), f.explanation, basis])
    return out


def render(audit, lang: str = "en", options: AuditOptions = AUDIT) -> str:
    return csv_text([COLUMNS, *rows(audit, lang)], options.dialect or dialect_for(None, lang))
