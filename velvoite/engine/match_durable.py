"""The durable-rules matcher: each rule's evidence conditions compiled into a Rete ruleset.

For every rule and every evidence kind, one durable-rules rule joins obligation facts to
evidence facts (organisation, party, window, as-of), and one more per requirement adds that
requirement's test. Designed around the engine's hazards, each one measured here:

- one ``Host`` per process, reused for every audit, of a subclass without durable's perpetual
  dispatch timer threads (we use no timers or queued events; every action runs synchronously);
- rulesets are registered by a process-unique name;
- facts are asserted one partition (``sid`` = organisation) at a time, because a batch that
  mixes partitions is only partly joined, and each partition's facts are retracted when it is
  done, so no session ever holds more than one organisation's facts;
- ``delete_state`` crashed the process (segfault), and so did reusing one session for different
  organisations, or a fresh session per partition; the pattern here (one session per
  organisation, retracted after each audit) ran 2 000+ generated audits without a crash. It
  costs memory: durable keeps every session (about 1.2 GB for a national audit).
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections import defaultdict

from velvoite.engine.facts import test_name
from velvoite.engine.match import Matches, obligation_fact
from velvoite.engine.obligation import Obligation
from velvoite.rules.schema import Rule

NAME = "durable"


def available() -> bool:
    """Whether durable-rules (a C extension without wheels) can be imported here."""
    try:
        import durable.lang  # noqa: F401
    except ImportError:
        return False
    return True


class DurableEngine:
    """Everything this process keeps of durable-rules, in one object: the host (created on first
    use, without timer threads), the rulesets compiled so far by the rules they encode, the
    counter that names them, and the lock that keeps one audit at a time in the engine."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counter = itertools.count(1)
        self.compiled: dict[tuple, tuple[str, list]] = {}
        self._host = None

    @property
    def host(self):
        if self._host is None:
            from durable import engine

            class QuietHost(engine.Host):
                def _run(self) -> None:  # no dispatch timers: every action here runs synchronously
                    pass

            self._host = QuietHost()
        return self._host

    def ruleset(self, rules: tuple[Rule, ...]) -> tuple[str, list]:
        """Register one ruleset for a pack of rules, once per process; returns its name and sink."""
        key = tuple((r.id, hash(r.model_dump_json())) for r in rules)
        if key not in self.compiled:
            self.compiled[key] = self._compile(rules, f"velvoite-{next(self.counter)}")
        return self.compiled[key]

    def _compile(self, rules: tuple[Rule, ...], name: str) -> tuple[str, list]:
        from durable import lang
        from durable.lang import c, m, ruleset, when_all

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
                        test = getattr(m, test_name(req.key)) == 1
                        when_all(c.ob << ((m.t == "ob") & (m.rule == rule.id)), joined(kind, test))(action(req.id))
        full_name, definition = lang._rulesets.pop(name).define()
        self.host.register_rulesets({full_name: definition})
        return name, sink

    def match(self, obligations: list[Obligation], facts: list, as_of: dt.date) -> Matches:
        """Pair every obligation with the facts that are evidence for it, one organisation at a time."""
        rules = tuple({ob.rule.id: ob.rule for ob in obligations}.values())
        found: dict[str, dict[str, set[str]]] = {ob.id: {} for ob in obligations}
        if not rules:
            return {}
        kinds = {k for r in rules for k in r.evidence.kinds}
        partitions: dict[str, list[dict]] = defaultdict(list)
        for ob in obligations:
            partitions[ob.org.id].append({**obligation_fact(ob, as_of), "rule": ob.rule.id})
        for f in facts:
            if f.kind in kinds and f.org in partitions:
                partitions[f.org].append(f.as_dict())
        with self.lock:
            host = self.host
            name, sink = self.ruleset(rules)
            for batch in partitions.values():
                sink.clear()
                try:
                    host.assert_facts(name, batch)
                    pairs = list(sink)
                finally:
                    host.retract_facts(name, batch)
                for ob_id, rec, req in pairs:
                    passed = found[ob_id].setdefault(rec, set())
                    if req is not None:
                        passed.add(req)
            sink.clear()
        return {ob: {rec: frozenset(p) for rec, p in recs.items()} for ob, recs in found.items()}


ENGINE = DurableEngine()  # one per process: durable-rules' host must not be created twice


def match(obligations: list[Obligation], facts: list, as_of: dt.date) -> Matches:
    """Pair every obligation with the facts that are evidence for it, on durable-rules."""
    return ENGINE.match(obligations, facts, as_of)
