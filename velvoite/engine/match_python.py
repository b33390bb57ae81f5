"""The pure-Python matcher: an index join of facts to obligations.

Independent of durable-rules on purpose: the differential test runs both on generated data and
requires the same matches, and this one is the fallback where durable-rules is not installed.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict

from velvoite.engine.match import Matches, add_evidence, obligation_fact
from velvoite.engine.obligation import Obligation
from velvoite.gcpause import paused

NAME = "python"


class Index:
    """``evidence_index(facts)``, built on first use and kept: the rolling duties' approvals and
    the matcher look through the same one."""

    def __init__(self, facts: list):
        self.facts, self.built = facts, None

    def get(self) -> dict:
        if self.built is None:
            self.built = evidence_index(self.facts)
        return self.built


def match(obligations: list[Obligation], facts: list, as_of: dt.date, index: Index | None = None,
          step=None) -> Matches:
    """Pair every obligation with the facts that are evidence for it.

    Runs with the cyclic GC paused: it builds only acyclic indexes and results. (durable-rules'
    binding leaves reference cycles, so its matcher keeps the collector running: paused, 100 000
    records took 3.8 GB instead of 2.0 GB.) ``step`` (``velvoite.progress``) hears the obligations matched.
    """
    with paused():
        return _match(obligations, index or Index(facts), as_of, step)


class Bucket:
    """The facts of one (organisation, kind): those of one day sorted by it (most: a decision, a
    meeting) and those in effect over a span (designations), which every window looks through."""

    __slots__ = ("days", "points", "spans")

    def __init__(self, facts: list):
        points = sorted((f for f in facts if f.lo == f.hi == f.day), key=lambda f: f.day)
        self.points, self.days = points, [f.day for f in points]
        self.spans = [f for f in facts if not f.lo == f.hi == f.day]

    def within(self, start: int, end: int, as_of: int) -> list:
        """The facts of the window [start, end] dated on or before ``as_of``."""
        top = min(end, as_of)
        found = self.points[bisect_left(self.days, start):bisect_right(self.days, top)]
        if self.spans:
            found = found + [f for f in self.spans if f.hi >= start and f.lo <= end and f.day <= as_of]
        return found


def evidence_index(facts: list) -> dict[tuple[str, str], Bucket]:
    """Facts by (organisation, kind): what an obligation looks through."""
    index: dict[tuple[str, str], list] = defaultdict(list)
    for f in facts:
        index[(f.org, f.kind)].append(f)
    return {key: Bucket(found) for key, found in index.items()}


def match_one(ob: Obligation, index: dict, as_of: dt.date, memo: dict | None = None) -> dict[str, frozenset[str]]:
    """The evidence of one obligation: record id -> the requirements it meets (``memo``: see
    ``match.add_evidence``)."""
    o = obligation_fact(ob, as_of)
    memo = memo if memo is not None else {}
    found: dict[str, frozenset[str]] = {}
    need, org, rule = o["need_org"], o["org"], ob.rule
    for kind in rule.evidence.kinds:
        bucket = index.get((org, kind))
        if bucket is None:
            continue
        for f in bucket.within(o["start"], o["end"], o["asof"]):
            if f.organiser >= need:
                add_evidence(found, rule, f, memo)
    return found


def _match(obligations: list[Obligation], index: Index, as_of: dt.date, step=None) -> Matches:
    index, memo = index.get(), {}
    if step is None:
        return {ob.id: match_one(ob, index, as_of, memo) for ob in obligations}
    found = {}
    for i, ob in enumerate(obligations):
        if not i & 255:
            step(i)
        found[ob.id] = match_one(ob, index, as_of, memo)
    return found
