"""Which findings a gap report counts, shared by the report (``gap.build``) and its trend
(``reports.trend``), so that a trend's point and the report as of that day agree by construction:
the duties whose period has started, of the organisations that sent something (one no record names
and whose findings have no evidence is "no data", not "missing")."""

from __future__ import annotations

from velvoite.engine.audit import Audit
from velvoite.engine.finding import Finding
from velvoite.reports.known import Known


def share(counts: dict[str, int]) -> tuple[int, int]:
    """(met, started) of status counts: the share met is met / started."""
    started = sum(counts.get(s, 0) for s in ("met", "partial", "missing", "due"))
    return counts.get("met", 0), started


def started(audit: Audit) -> list[Finding]:
    """The findings of duties whose period has started by the as-of date: what the matrix and
    headline show (advice and incentives have a section of their own)."""
    return [f for f in audit.findings if f.start <= audit.as_of and f.severity == "duty"]


def by_org(findings: list[Finding]) -> dict[str, list[Finding]]:
    """The findings of each organisation, in the order given."""
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(f.org, []).append(f)
    return out


def silent(grouped: dict[str, list[Finding]], known: Known) -> set[str]:
    """The organisations that sent nothing: no record names them and no finding of theirs has evidence."""
    named = known.named
    return {oid for oid, found in grouped.items() if oid not in named and not any(f.evidence for f in found)}
