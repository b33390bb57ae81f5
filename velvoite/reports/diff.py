"""Change between two audits (``velvoite diff``): every finding whose status, ``late`` flag or
evidence changed, and every finding that appeared or disappeared, grouped by organisation.

A finding is the same finding when its organisation, rule and period are. "Worse" is a lower
rank (met > upcoming/due > partial > missing), or met on time becoming met late.
"""

from __future__ import annotations

import datetime as dt
import json

from pydantic import BaseModel, ConfigDict, Field

from velvoite.escape.sheet import PLAIN, CsvDialect, csv_text
from velvoite.schemas import SCHEMA_VERSION
from velvoite import __version__
from velvoite.reports.audit_json import read_audit  # the files compared: read at one strict boundary

RANK = {"missing": 0, "not_evidenced": 0, "partial": 1, "due": 2, "upcoming": 2, "waived": 3, "met": 3}
KINDS = ("worse", "better", "changed", "appeared", "disappeared")


class Change(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    org: str
    org_name: str
    rule: str
    period: str
    from_: str | None = Field(alias="from", description="the old status (None: the finding appeared)")
    to: str | None = Field(description="the new status (None: the finding disappeared)")
    late_from: bool = False
    late_to: bool = False
    evidence_added: list[str] = []
    evidence_removed: list[str] = []
    change: str = Field(description="worse, better, changed (evidence or late only), appeared or disappeared")


class Diff(BaseModel):
    schema_version: str = SCHEMA_VERSION
    velvoite: str = __version__
    old_as_of: dt.date | None
    new_as_of: dt.date | None
    changes: list[Change]
    summary: dict[str, int]

    def worse(self) -> bool:
        return self.summary["worse"] > 0


def as_mapping(audit) -> dict:
    """An audit of this run as the mapping its JSON holds (what ``read_audit`` gives of a file)."""
    return {**audit.to_json_dict(), "findings": [f.model_dump(mode="json") for f in audit.findings]}


def _kind(old: dict | None, new: dict | None) -> str | None:
    if old is None:
        return "appeared"
    if new is None:
        return "disappeared"
    a, b = RANK.get(old["status"], 0), RANK.get(new["status"], 0)
    if b < a or (b == a and new.get("late") and not old.get("late")):
        return "worse"
    if b > a or (b == a and old.get("late") and not new.get("late")):
        return "better"
    if old["status"] != new["status"] or sorted(old["evidence"]) != sorted(new["evidence"]):
        return "changed"
    return None


def compare(old: dict, new: dict) -> Diff:
    """The changes from audit JSON ``old`` to ``new`` (the mappings ``velvoite audit --format json`` writes)."""
    def index(audit: dict) -> dict:
        return {(f["org"], f["rule"], f["period"]): f for f in audit["findings"]}

    before, after = index(old), index(new)
    changes = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        kind = _kind(a, b)
        if kind is None:
            continue
        ev_a, ev_b = set(a["evidence"]) if a else set(), set(b["evidence"]) if b else set()
        changes.append(Change(org=key[0], org_name=(b or a)["org_name"], rule=key[1], period=key[2],
                              from_=a and a["status"], to=b and b["status"], late_from=bool(a and a.get("late")),
                              late_to=bool(b and b.get("late")), evidence_added=sorted(ev_b - ev_a),
                              evidence_removed=sorted(ev_a - ev_b), change=kind))
    summary = {k: sum(1 for c in changes if c.change == k) for k in KINDS}
    return Diff(old_as_of=old.get("as_of"), new_as_of=new.get("as_of"), changes=changes, summary=summary)


def _status(status: str | None, late: bool) -> str:
    return "-" if status is None else status + (" (late)" if late else "")


def render(diff: Diff, fmt: str, dialect: CsvDialect = PLAIN) -> str:
    """The diff as table, json, md or csv (in ``dialect``)."""
    if fmt == "json":
        return json.dumps(diff.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2) + "\n"
    rows = [[c.org, c.org_name, c.rule, c.period, c.change, _status(c.from_, c.late_from), _status(c.to, c.late_to),
             "; ".join(c.evidence_added), "; ".join(c.evidence_removed)] for c in diff.changes]
    if fmt == "csv":
        return csv_text([["org", "org_name", "rule", "period", "change", "from", "to", "evidence_added",
                          "evidence_removed"], *rows], dialect)
    total = ", ".join(f"{k} {n}" for k, n in diff.summary.items() if n) or "no changes"
    if fmt == "md":
        from velvoite.escape.markdown import cell

        out = [f"# Changes from {diff.old_as_of} to {diff.new_as_of}", "", total, ""]
        out += ["| org | rule | period | change | from | to | evidence added | evidence removed |",
                "|---|---|---|---|---|---|---|---|"]
        out += ["| " + " | ".join(cell(v) for v in (r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])) + " |"
                for r in rows]
        return "\n".join(out) + "\n"
    from velvoite.escape.terminal import one_line

    out, current = [], None
    for r in rows:
        if r[0] != current:
            current = r[0]
            out += ["" if out else None, one_line(f"{r[1]} ({r[0]})")]
        out.append(f"  {r[4]:<12}{one_line(r[2]):<36}{one_line(r[3]):<22}{r[5]} -> {r[6]}")
        if r[7] or r[8]:
            out.append(" " * 14 + one_line(f"+[{r[7]}] -[{r[8]}]"))
    return "\n".join(line for line in out if line is not None) + ("\n\n" if out else "") + total + "\n"
