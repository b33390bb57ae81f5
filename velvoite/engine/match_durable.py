"""The durable-rules matcher: each rule's evidence conditions compiled into a Rete ruleset.

For every rule and every evidence kind, one durable-rules rule joins obligation facts to
evidence facts (organisation, party, window, as-of), and one more per requirement adds that
requirement's test. Designed around the engine's known hazards:

- one ``Host`` per process (durable's own global host), reused for every audit: each host
  starts timer threads that never stop;
- rulesets are registered by name, so each compiled rule gets a process-unique name;
- facts are asserted one partition (``sid`` = organisation) at a time, because a batch that
  mixes partitions is only partly joined (measured), and each partition's state is deleted
  when it is done, so no session ever holds more than one organisation's facts.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections import defaultdict

from velvoite.engine.match import Matches, obligation_fact, requirement_value
from velvoite.engine.obligation import Obligation
from velvoite.rules.schema import Rule

NAME = "durable"

_lock = threading.Lock()
_counter = itertools.count(1)
_compiled: dict[tuple[str, int], tuple[str, list]] = {}


def available() -> bool:
    """Whether durable-rules (a C extension without wheels) can be imported here."""
    try:
        import durable.lang  # noqa: F401
    except ImportError:
        return False
    return True


def _compile(rules: tuple[Rule, ...]) -> tuple[str, list]:
    """Register one ruleset for a pack of rules, once per process; returns its name and sink."""
    key = tuple((r.id, id(r)) for r in rules)
    if key in _compiled:
        return _compiled[key]
    from durable.lang import c, get_host, m, ruleset, when_all

    name = f"velvoite-{next(_counter)}"
    sink: list = []

    def joined(kind: str, test=None):
        # Each closure reference must be written out as ``c.ob.x``: durable-rules' expression
        # objects are stateful, and a reused ``ob = c.ob`` silently matches nothing (measured).
        cond = ((m.t == "f") & (m.kind == kind) & (m.org == c.ob.org) & (m.organiser >= c.ob.need_org)
                & (m.hi >= c.ob.start) & (m.lo <= c.ob.end) & (m.day <= c.ob.asof))
        return c.f << (cond & test if test is not None else cond)

    def action(req_id: str | None):
        def record_pair(c):  # durable-rules requires exactly one parameter
            sink.append((c.ob.id, c.f.rec, req_id))
        return record_pair

    with ruleset(name):
        for rule in rules:
            for kind in rule.evidence.kinds:
                when_all(c.ob << ((m.t == "ob") & (m.rule == rule.id)), joined(kind))(action(None))
                for req in rule.requirements:
                    test = getattr(m, req.field) == requirement_value(req)
                    when_all(c.ob << ((m.t == "ob") & (m.rule == rule.id)), joined(kind, test))(action(req.id))
    get_host()  # registers the new ruleset with the one process-wide host
    _compiled[key] = (name, sink)
    return name, sink


def match(obligations: list[Obligation], facts: list[dict], as_of: dt.date) -> Matches:
    """Pair every obligation with the facts that are evidence for it, on durable-rules."""
    from durable.lang import get_host

    rules = tuple({ob.rule.id: ob.rule for ob in obligations}.values())
    found: dict[str, dict[str, set[str]]] = {ob.id: {} for ob in obligations}
    if not rules:
        return {}
    kinds = {k for r in rules for k in r.evidence.kinds}
    partitions: dict[str, list[dict]] = defaultdict(list)
    for ob in obligations:
        partitions[ob.org.id].append({**obligation_fact(ob, as_of), "rule": ob.rule.id})
    for f in facts:
        if f["kind"] in kinds and f["sid"] in partitions:
            partitions[f["sid"]].append(f)
    with _lock:
        host = get_host()
        name, sink = _compile(rules)
        for sid, batch in partitions.items():
            sink.clear()
            try:
                host.assert_facts(name, batch)
            finally:
                host.delete_state(name, sid)
            for ob_id, rec, req in sink:
                passed = found[ob_id].setdefault(rec, set())
                if req is not None:
                    passed.add(req)
        sink.clear()
    return {ob: {rec: frozenset(p) for rec, p in recs.items()} for ob, recs in found.items()}
