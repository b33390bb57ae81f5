"""The gap report (puuteraportti) of a region or of the whole country, as one data model.

Every output format (HTML, Markdown, CSV, XLSX, JSON) renders this model; none computes
anything of its own. Choices, also in the README:

* The matrix and the headline cover the periods that have started by the as-of date; the
  share met is ``met / (met + partial + missing + due)``: upcoming duties have not started
  and waived ones are excused, so neither counts either way.
* Cell colour in a rolled-up (national) row is the worst status among the county's
  organisations, in the order missing, partial, due, waived, met; the label gives the count met.
* "Due next" is every deadline in the six months after the as-of date that is not met; a region
  report names every organisation, the national one counts them when there are more than 12.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, computed_field

from velvoite import __version__
from velvoite.engine.missing import missing_items
from velvoite.contract import SCHEMA_VERSION
from velvoite.engine.audit import Audit
from velvoite.engine.finding import Citation, Finding, count_statuses
from velvoite.messages import status_text
from velvoite.records import Record
from velvoite.registry import Organisation, Registry
from velvoite.reports.counted import by_org as counted_by_org, share, silent as silent_orgs, started
from velvoite.reports.known import Known
from velvoite.reports.trend import TrendPoint
from velvoite.words.reports import REPORT, SYMBOL
from velvoite.rules.schema import Rule
from velvoite.reports.diff import as_mapping, compare

WORST = ("missing", "partial", "due", "waived", "met", "upcoming")
GAPS = ("missing", "partial")
DUE_NEXT_MONTHS = 6


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Column(Model):
    """One duty in one period: a column of the matrix."""

    key: str  # D1 ... Dn, the duty's number in the legend
    rule: str
    period: str
    deadline: dt.date


class Duty(Model):
    key: str
    rule: str
    title: str


class Cell(Model):
    status: str
    met: int
    total: int
    explanation: str = ""
    late: bool = False  # one finding, met after its deadline
    changed: bool = False  # its finding changed since the audit given with --since


class Row(Model):
    """An organisation (region report) or a county with its municipalities (national report)."""

    id: str
    name: str
    cells: list[Cell | None]
    counts: dict[str, int]

    @property
    def met_share(self) -> float | None:
        met, begun = share(self.counts)
        return met / begun if begun else None


class Evidence(Model):
    id: str
    date: dt.date
    kind: str
    reference: str | None
    url: str | None
    notes: str | None


class Gap(Model):
    org: str
    org_name: str
    county: str | None
    rule: str
    title: str
    period: str
    deadline: dt.date
    status: str
    explanation: str
    missing: list[str]
    legal_basis: list[Citation]
    evidence: list[Evidence]


class DueItem(Model):
    rule: str
    title: str
    period: str
    deadline: dt.date
    status: str
    orgs: list[str]  # names; one for a region report, all of a kind nationally


class ExpiringWaiver(Model):
    """A waiver whose last day falls within ``EXPIRING_DAYS`` of the as-of date."""

    rule: str
    title: str
    org: str
    org_name: str
    period: str
    expires: dt.date
    reference: str


EXPIRING_DAYS = 90


class IncentiveRow(Model):
    """One municipality's HYTE supplement process indicators that its records show."""

    org: str
    org_name: str
    shown: list[str]  # indicator numbers met on the as-of date
    total: int        # the indicators the records can show (the rules in use)


class Coverage(Model):
    """How many organisations in scope sent records: the others are "no data", not "missing"."""

    with_data: int
    total: int
    without: list[str] = []

    def text(self, lang: str) -> str:
        w = REPORT[lang]
        note = " " + w["coverage_note"] if self.with_data < self.total else ""
        return w["coverage"].format(with_data=self.with_data, total=self.total) + note


class Report(Model):
    schema_version: str = SCHEMA_VERSION  # of the JSON contract (velvoite.contract)
    velvoite: str = __version__
    scope: str  # "region" or "national"
    name: str
    lang: str
    as_of: dt.date
    start: dt.date
    engine: str
    counts: dict[str, int]
    duties: list[Duty]
    columns: list[Column]
    rows: list[Row]
    gaps: list[Gap]
    due_next: list[DueItem]
    due_until: dt.date
    advisory: list[Gap] = []  # advice and incentive findings, never part of the compliance share
    incentives: list[IncentiveRow] = []  # per municipality, when incentive rules are in use
    expiring: list[ExpiringWaiver] = []  # waivers that end within EXPIRING_DAYS of the as-of date
    since: dt.date | None = None  # the as-of date of the audit compared with (--since)
    changes: list = []  # velvoite.reports.diff.Change, since that audit
    coverage: Coverage | None = None
    trend: list[TrendPoint] = []  # --trend: the share met at each period end, the last the as-of date (reports.trend)

    @computed_field
    @property
    def met(self) -> int:
        return share(self.counts)[0]

    @computed_field
    @property
    def started(self) -> int:
        """Duties whose period has started and that are not waived: the denominator of the share."""
        return share(self.counts)[1]

    @computed_field
    @property
    def met_share(self) -> float | None:
        return self.met / self.started if self.started else None

    def title(self) -> str:
        w = REPORT[self.lang]
        return w["title_national"] if self.scope == "national" else w["title_region"].format(name=self.name)

    def heading(self) -> str:
        """The heading of the matrix's first column: counties nationally, organisations in a region."""
        return REPORT[self.lang]["county" if self.scope == "national" else "org"]

    def cell_text(self, cell: Cell, symbol: bool = False) -> str:
        """A matrix cell as text: the status word (nationally with "met/total"), or with ``symbol``
        the status symbol and then the word or the count (Markdown's narrow columns)."""
        word = status_text(cell, self.lang)
        count = f"{cell.met}/{cell.total}" if self.scope == "national" else ""
        if symbol:
            return f"{SYMBOL[cell.status]} {count or word}"
        return f"{word} {count}".rstrip()


def worst(statuses) -> str:
    present = set(statuses)
    return next(s for s in WORST if s in present)


def _columns(findings: list[Finding], rules: dict[str, Rule], lang: str) -> tuple[list[Duty], list[Column]]:
    order = {rid: i for i, rid in enumerate(rules)}
    present = sorted({f.rule for f in findings}, key=lambda r: order.get(r, len(order)))
    duties = [Duty(key=f"D{i}", rule=r, title=rules[r].title.get(lang)) for i, r in enumerate(present, start=1)]
    key = {d.rule: d.key for d in duties}
    seen: dict[tuple[str, str], Column] = {}
    for f in findings:
        col = (f.rule, f.period)
        if col not in seen:
            seen[col] = Column(key=key[f.rule], rule=f.rule, period=f.period, deadline=f.deadline)
        elif f.deadline > seen[col].deadline:
            seen[col] = seen[col].model_copy(update={"deadline": f.deadline})
    columns = sorted(seen.values(), key=lambda c: (order.get(c.rule, len(order)), c.period != "standing", c.period))
    return duties, columns


def _row(row_id: str, name: str, findings: list[Finding], columns: list[Column], no_data: bool = False) -> Row:
    """A matrix row; ``no_data``: the organisation sent nothing, so each cell says so (not "missing")
    and the row counts nothing."""
    by_col: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        by_col.setdefault((f.rule, f.period), []).append(f)
    cells: list[Cell | None] = []
    for c in columns:
        group = by_col.get((c.rule, c.period))
        if not group:
            cells.append(None)
            continue
        met = sum(f.status == "met" for f in group)
        explanation = group[0].explanation if len(group) == 1 and not no_data else ""
        cells.append(Cell(status="no_data" if no_data else worst(f.status for f in group), met=met, total=len(group),
                          explanation=explanation, late=len(group) == 1 and group[0].late))
    return Row(id=row_id, name=name, cells=cells, counts=count_statuses([] if no_data else findings))


def _evidence(ids: list[str], records: dict[str, Record]) -> list[Evidence]:
    out = []
    for rid in ids:
        rec = records.get(rid)
        if rec is not None:
            out.append(Evidence(id=rid, date=rec.date, kind=rec.kind, reference=rec.reference, url=rec.url,
                                notes=rec.notes))
    return out


def build(audit: Audit, registry: Registry, rules: dict[str, Rule], records: list[Record], scope: str,
          name: str, lang: str, waivers: dict | None = None, known: Known | None = None) -> Report:
    """The report of an audit run from ``start`` to six months after ``as_of`` (see ``report_until``);
    ``known``: ``Known.of(records)`` when the caller has it already."""
    known = known or Known.of(records)
    as_of = audit.as_of
    begun = started(audit)
    duties, columns = _columns(begun, rules, lang)
    orgs = registry.orgs
    by_org = counted_by_org(begun)

    def sort_key(org: Organisation) -> tuple:
        return (org.kind != "county", org.name(lang))

    org_order = sorted(by_org, key=lambda oid: sort_key(orgs[oid]))  # the county first, then by name
    # An organisation that sent nothing (no record names it, no finding of it has evidence) is
    # "no data", not "missing": shown so, and left out of the counts, the share and the gaps.
    silent = silent_orgs(by_org, known)
    counted = [f for f in begun if f.org not in silent]

    if scope == "national":
        groups: dict[str, list[Finding]] = {}
        quiet: dict[str, list[Finding]] = {}
        names: dict[str, str] = {}
        for org_id, found in by_org.items():
            org = orgs[org_id]
            county = orgs[org.national_row]  # Helsinki and HUS stand alone
            (quiet if org_id in silent else groups).setdefault(county.id, []).extend(found)
            names[county.id] = county.name(lang)
        ordered = sorted(names, key=lambda cid: sort_key(orgs[cid]))
        rows = [_row(cid, names[cid], groups[cid], columns) if cid in groups else
                _row(cid, names[cid], quiet[cid], columns, no_data=True) for cid in ordered]
    else:
        rows = [_row(oid, orgs[oid].name(lang), by_org[oid], columns, no_data=oid in silent) for oid in org_order]

    by_id = known.by_id
    position = {oid: i for i, oid in enumerate(org_order)}
    gaps = [Gap(org=f.org, org_name=f.org_name, county=orgs[f.org].county, rule=f.rule,
                title=rules[f.rule].title.get(lang), period=f.period, deadline=f.deadline, status=f.status,
                explanation=f.explanation, missing=missing_items(f.missing, lang, orgs),
                legal_basis=f.legal_basis, evidence=_evidence(f.evidence, by_id))
            for f in sorted((f for f in counted if f.status in GAPS),
                            key=lambda f: (position[f.org], f.rule, f.start))]

    due_until = report_until(as_of)
    coming: dict[tuple, list[str]] = {}
    for f in audit.findings:
        if f.status in ("due", "partial", "upcoming") and as_of <= f.deadline <= due_until and f.severity == "duty":
            coming.setdefault((f.deadline, f.rule, f.period, f.status), []).append(f.org_name)
    due_next = [DueItem(rule=rule, title=rules[rule].title.get(lang), period=period, deadline=deadline,
                        status=status, orgs=sorted(found))
                for (deadline, rule, period, status), found in sorted(coming.items())]

    advisory = [Gap(org=f.org, org_name=f.org_name, county=orgs[f.org].county, rule=f.rule,
                    title=rules[f.rule].title.get(lang), period=f.period, deadline=f.deadline, status=f.status,
                    explanation=f.explanation, missing=missing_items(f.missing, lang, orgs),
                    legal_basis=f.legal_basis, evidence=_evidence(f.evidence, by_id))
                for f in audit.findings if f.severity != "duty" and f.start <= as_of]
    return Report(scope=scope, name=name, lang=lang, as_of=as_of, start=audit.start, engine=audit.engine,
                  counts=count_statuses(counted), duties=duties, columns=columns, rows=rows,
                  coverage=Coverage(with_data=len(by_org) - len(silent), total=len(by_org),
                                    without=sorted(orgs[o].name(lang) for o in silent)),
                  gaps=gaps, due_next=due_next, due_until=due_until, advisory=advisory,
                  incentives=incentive_rows(audit.findings, rules, as_of),
                  expiring=expiring_waivers(waivers or {}, {f.org for f in audit.findings}, rules, orgs, as_of, lang))


def expiring_waivers(waivers: dict, in_scope: set[str], rules: dict[str, Rule], orgs: dict, as_of: dt.date,
                     lang: str) -> list[ExpiringWaiver]:
    """The waivers of organisations in the report whose last day is within EXPIRING_DAYS."""
    last = as_of + dt.timedelta(days=EXPIRING_DAYS)
    return [ExpiringWaiver(rule=w.rule, title=rules[w.rule].title.get(lang) if w.rule in rules else w.rule,
                           org=w.org, org_name=orgs[w.org].name(lang), period=w.period, expires=w.expires,
                           reference=w.reference)
            for w in sorted(waivers.values(), key=lambda w: (w.expires or as_of, w.org, w.rule, w.period))
            if w.expires is not None and as_of <= w.expires <= last and w.org in in_scope]


def incentive_rows(findings, rules: dict[str, Rule], as_of: dt.date) -> list[IncentiveRow]:
    """Per organisation with incentive findings: the indicators its records show as of the as-of
    date, each by its current instance or, if that is not met yet, the last one that ended (the
    year THL's data collection asks about)."""
    begun: dict[tuple[str, str], list] = {}
    for f in findings:
        if rules[f.rule].indicator is not None and f.start <= as_of:
            begun.setdefault((f.org, f.rule), []).append(f)
    total = sum(1 for r in rules.values() if r.indicator is not None)
    out: dict[str, IncentiveRow] = {}
    for (org, rule), found in sorted(begun.items()):
        found.sort(key=lambda f: f.start)
        row = out.setdefault(org, IncentiveRow(org=org, org_name=found[-1].org_name, shown=[], total=total))
        if any(f.status == "met" for f in found[-2:]):
            row.shown.append(rules[rule].indicator.number)
    for row in out.values():
        row.shown.sort(key=int)
    return list(out.values())


def report_until(as_of: dt.date) -> dt.date:
    """The end of the "due next" window: six months after the as-of date."""
    return as_of + relativedelta(months=DUE_NEXT_MONTHS)


def national_orgs(registry: Registry, start: dt.date, as_of: dt.date) -> list[Organisation]:
    """Every organisation that exists at some day of [start, as_of] (those without duties add nothing)."""
    return sorted((o for o in registry.orgs.values() if o.valid_from <= as_of and o.valid_until >= start),
                  key=lambda o: o.id)


def with_changes(report: Report, old: dict, audit: Audit, registry: Registry) -> Report:
    """The report with the changes since an earlier audit (its JSON): a section of its own, and
    the changed cells of the matrix marked (nationally: a county's cell when it or one of its
    municipalities changed)."""
    diff = compare(old, as_mapping(audit))
    # a change of evidence alone is quiet (the diff lists it); an instance not begun yet (the report looks six
    # months ahead) is no change; only the organisations the earlier audit covered are compared
    covered = {f["org"] for f in old["findings"]}
    changes = [c for c in diff.notable() if not (c.from_ is None and c.to == "upcoming") and c.org in covered]
    changed = {(c.org, c.rule, c.period) for c in changes}
    if report.scope == "national":  # a county's row stands for it and its municipalities
        orgs = registry.orgs
        changed |= {(orgs[o].county, r, p) for o, r, p in changed if o in orgs and orgs[o].county}
    rows = [row.model_copy(update={"cells": [
        cell.model_copy(update={"changed": (row.id, col.rule, col.period) in changed}) if cell else cell
        for cell, col in zip(row.cells, report.columns)]}) for row in report.rows]
    return report.model_copy(update={"since": diff.old_as_of, "changes": changes, "rows": rows})
