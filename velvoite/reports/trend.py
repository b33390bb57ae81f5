"""The trend (kehitys) of a gap report: the share of started duties met at the end of each month,
quarter or year from ``--from`` to ``--as-of`` (``report --trend``), for the region, and nationally
also for each county.

Each point is the headline of the plain report as of that day, counted by the same functions
(``reports.counted``): the same records audited as of that day from the same first day. The work is
shared: the records are read once, and their facts and evidence index (``engine.audit.Grounds``),
none of which depends on the as-of date, are made once for every point; only the obligations, the
match and the findings are made per day. The last point is the report's own as-of date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, computed_field

from velvoite.engine import match_python
from velvoite.engine.audit import Grounds, _qualifying  # (the rolling duties' approvals, as run_audit finds them)
from velvoite.engine.finding import Memo, count_statuses, status_of
from velvoite.engine.obligation import expand
from velvoite.i18n import _
from velvoite.progress import SILENT
from velvoite.reports.counted import by_org, share, silent, started

EVERY = {"monthly": 1, "quarterly": 3, "yearly": 12}  # --trend: months per period


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class CountyPoint(_Model):
    """One county's row of a national report (the county with its municipalities) on one day."""

    id: str
    name: str
    met: int
    started: int

    @computed_field
    @property
    def met_share(self) -> float | None:
        return self.met / self.started if self.started else None


class TrendPoint(_Model):
    """The headline of the report as of one period end: met of the duties that had started."""

    as_of: dt.date
    met: int
    started: int
    counties: list[CountyPoint] = []  # nationally: each county's row, in the report's order

    @computed_field
    @property
    def met_share(self) -> float | None:
        return self.met / self.started if self.started else None


def period_ends(start: dt.date, as_of: dt.date, every: str) -> list[dt.date]:
    """The last day of each period (``EVERY``) that ends from ``start`` to before ``as_of``, then ``as_of``."""
    months = EVERY[every]
    year, month = start.year, ((start.month - 1) // months + 1) * months
    out = []
    while True:
        day = dt.date(year, month, calendar.monthrange(year, month)[1])
        if day >= as_of:
            return out + [as_of]
        out.append(day)
        month += months
        if month > 12:
            year, month = year + 1, month - 12


def point(audit, registry, known, national: bool, lang: str) -> TrendPoint:
    """The report's headline (and nationally each county's row) of one audit, counted as ``gap.build`` counts."""
    begun = started(audit)
    grouped = by_org(begun)
    quiet = silent(grouped, known)
    met, begun_n = share(count_statuses([f for f in begun if f.org not in quiet]))
    counties = []
    if national:
        orgs = registry.orgs
        rows: dict[str, list] = {}
        for oid, found in grouped.items():
            rows.setdefault(orgs[oid].national_row, []).extend([] if oid in quiet else found)
        for cid in sorted(rows, key=lambda c: (orgs[c].kind != "county", orgs[c].name(lang))):
            m, s = share(count_statuses(rows[cid]))
            counties.append(CountyPoint(id=cid, name=orgs[cid].name(lang), met=m, started=s))
    return TrendPoint(as_of=audit.as_of, met=met, started=begun_n, counties=counties)


class _Counted:
    """What a report counts of one finding (``reports.counted``, ``gap.started``), without its words."""

    __slots__ = ("org", "status", "evidence", "start", "severity")

    def __init__(self, org, status, evidence, start, severity):
        self.org, self.status, self.evidence, self.start, self.severity = org, status, evidence, start, severity


class _Day(NamedTuple):
    """An audit as of one day, as much of it as its point needs (``started``, ``point``)."""

    as_of: dt.date
    findings: list


def statuses(grounds, registry, rules: dict, orgs: list, day: dt.date, start: dt.date, waivers: dict,
             applies: dict, memo: Memo | None = None) -> _Day:
    """The records audited as of ``day`` from ``start``, each started duty's status as ``run_audit``
    finds it (``finding.status_of``, the Python matcher's join over the kept ``grounds``), without the
    findings' words, citations or the duties not started by then, none of which a point counts.
    ``applies`` and ``memo`` (``finding.Memo``: the requirements in force) are kept across the days."""
    by_id = grounds.by_id
    obligations = [ob for ob in expand(rules, registry, orgs, start, day, day, _qualifying(grounds.index, by_id, day),
                                       applies)
                   if ob.period.start <= day and ob.rule.severity == "duty"]
    matches = match_python.match(obligations, grounds.facts, day, grounds.index)
    found = []
    for ob in obligations:
        status, _key, _missing, evidence, _late = status_of(ob, matches.get(ob.id, {}), by_id, registry, day,
                                                            waiver=waivers.get((ob.rule.id, ob.org.id, ob.period.label)),
                                                            memo=memo)
        found.append(_Counted(ob.org.id, status, evidence, ob.period.start, "duty"))
    return _Day(day, found)


def trend(records: list, registry, rules: dict, orgs: list, start: dt.date, as_of: dt.date, every: str, lang: str,
          waivers: dict, known, national: bool, grounds=None, last=None, progress=None) -> list[TrendPoint]:
    """The points of the trend: the records audited as of each period end (``period_ends``), the facts
    and index made once (``grounds``, when the caller has them; ``last``: the audit as of ``as_of``
    already made). ``progress`` (``velvoite.progress``) hears the days audited."""
    grounds = grounds or Grounds(records, registry, rules, orgs)
    days = period_ends(start, as_of, every)
    points, applies, memo = [], {}, Memo()  # (the requirements in force, by applicability and deadline)
    with (progress or SILENT).task(_("Auditing as of each period end"), len(days)) as step:
        for i, day in enumerate(days):
            step(i)
            audit = last if last is not None and day == last.as_of else statuses(
                grounds, registry, rules, orgs, day, start, waivers or {}, applies, memo)
            points.append(point(audit, registry, known, national, lang))
    return points
