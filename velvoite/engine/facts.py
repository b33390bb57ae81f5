"""Evidence facts: each record seen from each organisation that took part in it.

A record becomes one fact per party (organiser and participants) and per kind it counts as (its
own and ``also_counts_as``). A county's record of a kind that ``covers_members`` (pack data) whose
participant list was not recorded also becomes a fact for each of its member municipalities: it
shows the negotiation was held, not who came (DOMAIN § 3). A participant for whom the record does
not stand (``engine.standing``: not the other side of the duty, not confirmed) gets no fact: the
record is kept as unconfirmed evidence for its findings instead.

What a fact knows of its record is which requirement tests it passes (``Requirement.key``: a field
equals, contains or has a value), evaluated here once for the tests of the rules in use; both
matchers then only compare. Dates are day ordinals.
"""

from __future__ import annotations

import functools
from collections import defaultdict

from velvoite.records import Record
from velvoite.engine.standing import Unconfirmed, stands_for
from velvoite.records.kinds import catalogue
from velvoite.registry import LATEST, Registry

COUNTY = "{county}"  # in ``contains``: the county of the organisation the evidence counts for


class Fact:
    """One record seen from one party as one kind. Slotted (a national data set has hundreds of
    thousands); ``passed`` holds the tests it passes."""

    __slots__ = ("rec", "kind", "day", "lo", "hi", "org", "organiser", "passed")

    def __init__(self, rec, kind, day, lo, hi, org, organiser, passed):
        self.rec, self.kind, self.day, self.lo, self.hi = rec, kind, day, lo, hi
        self.org, self.organiser, self.passed = org, organiser, passed


def _test(req):
    """A requirement's test as a function of (record, county of the party) -> bool."""
    field = req.field
    if req.equals is not None:
        want = req.equals
        if isinstance(want, bool):
            return lambda r, county: r.get(field) is want
        return lambda r, county: r.get(field) == want
    if req.contains is not None:
        want = req.contains
        if want == COUNTY:
            return lambda r, county: county is not None and county in r.get(field)
        return lambda r, county: want in r.get(field)
    present = bool(req.present)
    return lambda r, county: bool(r.get(field)) is present


def tests_by_kind(rules) -> dict[str, list[tuple[str, object, bool]]]:
    """For each evidence kind: the tests of the rules that take it (key, function, whether the
    answer depends on the party), each test once."""
    out: dict[str, dict[str, tuple]] = defaultdict(dict)
    for rule in rules:
        for kind in rule.evidence.kinds:
            for req in rule.requirements:
                out[kind].setdefault(req.key, (req.key, _test(req), req.contains == COUNTY))
    return {kind: list(tests.values()) for kind, tests in out.items()}


class _Plan:
    """What making facts of one kind takes, worked out once per run: the kind (pack data), the
    tests whose answer is the same for every party, and those that depend on it."""

    __slots__ = ("kind", "shared", "relative", "empty", "seen")

    def __init__(self, kind, kind_tests):
        self.kind = kind
        self.shared = [(key, fn) for key, fn, per_party in kind_tests if not per_party]
        self.relative = [(key, fn) for key, fn, per_party in kind_tests if per_party]
        self.empty = frozenset()
        self.seen: dict[frozenset, frozenset] = {}


@functools.lru_cache(maxsize=65_536)
def _ordinal(day) -> int:
    """A date's ordinal, one int object per day (a million facts fall on a few thousand days)."""
    return day.toordinal()


def plans(tests: dict) -> dict:
    """A ``_Plan`` for every kind in use, by id."""
    return {kind_id: _Plan(kind, tests.get(kind_id, ())) for kind_id, kind in catalogue().items()}


def record_facts(record: Record, registry: Registry, plan: dict, unconfirmed: list | None = None) -> list[Fact]:
    """The facts of one record, one per organisation it counts for and kind it counts as
    (``plan``: ``plans(tests_by_kind(rules))``); the parties it lists but does not stand for go to
    ``unconfirmed`` (when given), one per kind."""
    participants = record.participants
    org = record.org
    parties = list(dict.fromkeys((org, *participants))) if participants else [org]
    foreign = ()
    if participants:
        foreign = [p for p in parties if not stands_for(record, p, registry)]
        if foreign:
            parties = [p for p in parties if p not in foreign]
    organiser = registry.orgs[org]
    rid, date = record.id, record.date
    day = _ordinal(date)
    out = []
    for kind_id in record.kinds:
        p = plan[kind_id]
        kind = p.kind  # what a kind means is pack data (pack.yaml)
        if kind.in_effect:  # in effect from valid_from to valid_until
            lo, hi = record.in_effect_from.toordinal(), (record.valid_until or LATEST).toordinal()
        else:
            lo = hi = day
        who = parties
        if foreign and unconfirmed is not None:
            unconfirmed.extend(Unconfirmed(rid, kind_id, day, lo, hi, p, org) for p in foreign)
        if kind.covers_members and not participants and organiser.kind == "county":
            party_set = set(parties)
            who = parties + [m for m in registry.members(organiser.id, date, date) if m not in party_set]
        seen = p.seen  # the few distinct sets of passed tests, shared by every fact that has one
        if p.shared:
            shared = frozenset(key for key, fn in p.shared if fn(record, None))
            shared = seen.setdefault(shared, shared)
        else:
            shared = p.empty
        relative = p.relative
        for org_id in who:
            passed = shared
            if relative:
                county = registry.orgs[org_id].county
                passed = shared | {key for key, fn in relative if fn(record, county)}
                passed = seen.setdefault(passed, passed)
            out.append(Fact(rid, kind_id, day, lo, hi, org_id, int(org_id == org), passed))
    return out


def all_facts(records: list[Record], registry: Registry, rules, orgs: set[str] | None = None,
              unconfirmed: list | None = None) -> list[Fact]:
    """The facts of all records for the tests of ``rules``, only those counting for ``orgs`` when it
    is given. Scoped early: a record none of whose parties is in ``orgs``, and whose organiser is not
    the county of one of them (a county's record may stand for its members), makes no fact at all.
    ``unconfirmed`` (when given) collects the parties records list but do not stand for."""
    plan = plans(tests_by_kind(rules))
    if orgs is None:
        return [f for r in records for f in record_facts(r, registry, plan, unconfirmed)]
    organisers = registry.and_counties(orgs)
    relevant = (r for r in records if r.org in organisers or not orgs.isdisjoint(r.parties))
    found = [f for r in relevant for f in record_facts(r, registry, plan, unconfirmed) if f.org in orgs]
    if unconfirmed:
        unconfirmed[:] = [u for u in unconfirmed if u.org in orgs]
    return found
