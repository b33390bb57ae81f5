"""Change between two audits (``velvoite diff``): every finding whose status or ``late`` flag
changed, every finding that appeared or disappeared, and, apart from them, the quiet changes of
evidence alone (same status, other records), grouped by organisation.

A finding is the same finding when its organisation, rule and period are. A record of evidence is
the same record when its identity is (``evidence_keys``, audit JSON 1.2: the id the user gave, or
for a record without one what it says, ``records.identity``): adding a record at the top of a
file, moving records or renaming their file changes no other finding. Audits written before 1.2
are compared by the ids they name. "Worse" is a lower rank (met > upcoming/due > partial >
missing), or met on time becoming met late.
"""

from __future__ import annotations

import datetime as dt
import json

from pydantic import BaseModel, ConfigDict, Field

from velvoite.escape.sheet import PLAIN, CsvDialect, csv_text
from velvoite.contract import SCHEMA_VERSION
from velvoite import __version__
from velvoite.reports.audit_json import read_audit  # the files compared: read at one strict boundary
from velvoite.messages import duty_title
from velvoite.reports.diff_text import markdown, table

RANK = {"missing": 0, "not_evidenced": 0, "partial": 1, "due": 2, "upcoming": 2, "waived": 3, "met": 3}
KINDS = ("worse", "better", "changed", "appeared", "disappeared", "evidence")
STATUS_CHANGES = KINDS[:5]  # the changes a reader must see; "evidence" is the quiet one


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
    change: str = Field(description="worse, better, changed (another status of the same rank: due and upcoming), "
                                    "appeared, disappeared, or evidence (the same status, other records of evidence; "
                                    "schema 1.2, before it 'changed')")


class TitledChange(Change):
    """A change as a report's human outputs show it: with its duty's title in the report's language
    (``titled``). The title is never serialised: the report's JSON keeps the ids alone."""

    title: str = Field("", exclude=True)


class Diff(BaseModel):
    schema_version: str = SCHEMA_VERSION
    velvoite: str = __version__
    old_as_of: dt.date | None
    new_as_of: dt.date | None
    changes: list[Change]
    summary: dict[str, int]

    def worse(self) -> bool:
        return self.summary["worse"] > 0

    def notable(self) -> list[Change]:
        """The changes of status (and appearances), without the quiet changes of evidence alone."""
        return [c for c in self.changes if c.change != "evidence"]


def as_mapping(audit) -> dict:
    """An audit of this run as the mapping its JSON holds (what ``read_audit`` gives of a file)."""
    return {**audit.to_json_dict(), "findings": [f.model_dump(mode="json") for f in audit.findings]}


def _kind(old: dict | None, new: dict | None, same_evidence: bool) -> str | None:
    if old is None:
        return "appeared"
    if new is None:
        return "disappeared"
    a, b = RANK.get(old["status"], 0), RANK.get(new["status"], 0)
    if b < a or (b == a and new.get("late") and not old.get("late")):
        return "worse"
    if b > a or (b == a and old.get("late") and not new.get("late")):
        return "better"
    if old["status"] != new["status"]:
        return "changed"
    return None if same_evidence else "evidence"


def _keyed(finding: dict | None, by_key: bool) -> dict[str, str]:
    """The finding's evidence as identity -> the id its audit names it by (a record listed twice
    under one identity: the identity with ``#2`` after it)."""
    if finding is None:
        return {}
    ids = finding["evidence"]
    keys = finding.get("evidence_keys") if by_key else None
    out: dict[str, str] = {}
    for rid, key in zip(ids, keys if keys and len(keys) == len(ids) else ids):
        n = 1
        while (key if n == 1 else f"{key}#{n}") in out:
            n += 1
        out[key if n == 1 else f"{key}#{n}"] = rid
    return out


def _carries_keys(audit: dict) -> bool:
    """Whether every finding with evidence names its records' identities (audit JSON 1.2)."""
    return all(len(f.get("evidence_keys") or ()) == len(f["evidence"]) for f in audit["findings"])


def compare(old: dict, new: dict) -> Diff:
    """The changes from audit JSON ``old`` to ``new`` (the mappings ``velvoite audit --format json``
    writes). Evidence is compared by identity when both audits carry it, else by id."""
    def index(audit: dict) -> dict:
        return {(f["org"], f["rule"], f["period"]): f for f in audit["findings"]}

    by_key = _carries_keys(old) and _carries_keys(new)
    before, after = index(old), index(new)
    changes = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        ev_a, ev_b = _keyed(a, by_key), _keyed(b, by_key)
        kind = _kind(a, b, ev_a.keys() == ev_b.keys())
        if kind is None:
            continue
        changes.append(Change(org=key[0], org_name=(b or a)["org_name"], rule=key[1], period=key[2],
                              from_=a and a["status"], to=b and b["status"], late_from=bool(a and a.get("late")),
                              late_to=bool(b and b.get("late")),
                              evidence_added=sorted(ev_b[k] for k in ev_b.keys() - ev_a.keys()),
                              evidence_removed=sorted(ev_a[k] for k in ev_a.keys() - ev_b.keys()), change=kind))
    summary = {k: sum(1 for c in changes if c.change == k) for k in KINDS}
    return Diff(old_as_of=old.get("as_of"), new_as_of=new.get("as_of"), changes=changes, summary=summary)


def titled(report, rules: dict):
    """The gap report with each change since the earlier audit (``report --since``) naming its
    duty by its title in the report's language, as its HTML, Markdown and PDF show it."""
    return report.model_copy(update={"changes": [
        TitledChange(**c.model_dump(), title=duty_title(rules, c.rule, report.lang)) for c in report.changes]})


def render(diff: Diff, fmt: str, dialect: CsvDialect = PLAIN, lang: str = "en", rules: dict | None = None) -> str:
    """The diff as table, json, md or csv (in ``dialect``); the table and Markdown in ``lang``,
    each duty by its title (``rules``: the rules by id)."""
    if fmt == "json":
        return json.dumps(diff.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        rows = [[c.org, c.org_name, c.rule, c.period, c.change, _status(c.from_, c.late_from),
                 _status(c.to, c.late_to), "; ".join(c.evidence_added), "; ".join(c.evidence_removed)]
                for c in diff.changes]
        return csv_text([["org", "org_name", "rule", "period", "change", "from", "to", "evidence_added",
                          "evidence_removed"], *rows], dialect)
    return (markdown if fmt == "md" else table)(diff, lang, rules or {})


def _status(status: str | None, late: bool) -> str:
    return "-" if status is None else status + (" (late)" if late else "")
