"""What both matchers share: the join conditions of a rule, stated once as data.

A fact is evidence for an obligation when it is of one of the rule's kinds, counts for the
obligation's organisation (as organiser, or as any party when the rule says ``participant``),
touches the obligation's window, and is dated on or before the as-of date. For each such pair a
matcher reports which of the rule's requirements the fact meets.

``Matches`` maps obligation id -> record id -> the requirement ids met.
"""

from __future__ import annotations

import datetime as dt

from velvoite.engine.obligation import Obligation

Matches = dict[str, dict[str, frozenset[str]]]


def obligation_fact(ob: Obligation, as_of: dt.date) -> dict:
    """An obligation as a fact: its organisation, window and whether evidence must be its own."""
    lo, hi = ob.window(as_of)
    return {"t": "ob", "id": ob.id, "sid": ob.org.id, "org": ob.org.id, "start": lo.toordinal(),
            "end": hi.toordinal(), "asof": as_of.toordinal(),
            "need_org": int(ob.applies.party == "organiser")}


def add_evidence(found: dict[str, frozenset[str]], rule, fact, memo: dict) -> None:
    """Count ``fact`` as evidence in ``found`` (record id -> requirement ids met) for an obligation
    of ``rule``. ``memo`` (per run): each rule's answer per set of passed tests, one frozenset shared
    by every fact that has it (a national audit's matches held a frozenset per fact: half its memory).
    One activity counting as two of the rule's kinds (also_counts_as) is one piece of evidence."""
    met = memo.setdefault(rule.id, {})
    passed = met.get(fact.passed)
    if passed is None:
        passed = met[fact.passed] = frozenset(r.id for r in rule.requirements if r.key in fact.passed)
    rec = fact.rec
    found[rec] = found[rec] | passed if rec in found else passed
