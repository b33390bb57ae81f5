"""The durable-rules matcher: each rule's evidence conditions compiled into a Rete ruleset.

Every rule is a ruleset of its own: for each evidence kind, one durable-rules rule joins the
rule's obligation facts to evidence facts (organisation, party, window, as-of), and one more per
requirement adds that requirement's test. Designed around the engine's hazards, each one measured:

- two rules with the same conditions in one ruleset (a pack's rule and a test pack's copy of it,
  told apart only by ``m.rule == id``) made ``assert_facts`` segfault in 10 of 10 fresh processes on
  a two-fact input found by the differential test; with a ruleset per rule, 0 of 10 (and the full
  failing input 0 of 6, against 36 of 40);
- one ``Host`` per process, reused for every audit, of a subclass without durable's perpetual
  dispatch timer threads (we use no timers or queued events; every action runs synchronously);
- rulesets are registered by a process-unique name;
- facts are asserted one organisation at a time (``sid`` = organisation: a session each) and
  retracted when it is done, so no session holds more than one organisation's facts. One session
  for all (no ``sid``) took 2.75 GB -> 0.44 GB at 100 000 records and passed 1 300 generated audits,
  but crashed in 3 of 3 fresh workers on a 10 000-record national file when the worker was started
  from ``python -m velvoite.cli`` (a different heap layout), and in 0 of 3 with a session each;
- one ruleset for all rules with a join per kind shared by the rules that take it (flags on the
  obligation fact saying which): fewer facts asserted, but it crashed in 3 of 3 fresh workers on
  the differential test's input, so a ruleset per rule it stays;
- ``delete_state`` crashed the process (segfault); the session-per-organisation pattern (facts
  retracted after each organisation, sessions kept) is the one that has held;
- the engine also runs in a worker process of its own (``Worker``): a crash costs a restart, not
  the run.
"""

from __future__ import annotations

import atexit
import datetime as dt
import itertools
import pickle
import subprocess
import sys
import threading
from collections import defaultdict

from velvoite.engine.facts import test_name
from velvoite.errors import VelvoiteError
from velvoite.i18n import _
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

    def ruleset(self, rule: Rule) -> tuple[str, list]:
        """Register one rule's ruleset, once per process; returns its name and sink."""
        key = (rule.id, hash(rule.model_dump_json()))
        if key not in self.compiled:
            self.compiled[key] = self._compile(rule, f"velvoite-{next(self.counter)}")
        return self.compiled[key]

    def _compile(self, rule: Rule, name: str) -> tuple[str, list]:
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
            for kind in rule.evidence.kinds:
                when_all(c.ob << (m.t == "ob"), joined(kind))(action(None))
                for req in rule.requirements:
                    test = getattr(m, test_name(req.key)) == 1
                    when_all(c.ob << (m.t == "ob"), joined(kind, test))(action(req.id))
        full_name, definition = lang._rulesets.pop(name).define()
        self.host.register_rulesets({full_name: definition})
        return name, sink

    def match_partitions(self, rules: tuple[Rule, ...], partitions: list[list[dict]]) -> list[list[tuple]]:
        """Assert each partition (one organisation's obligation and evidence facts) rule by rule
        into that rule's own ruleset, and retract it; returns, per partition, the (obligation id,
        record id, requirement id or None) pairs found."""
        with self.lock:
            compiled = {rule.id: self.ruleset(rule) for rule in rules}  # keyed by the rule's JSON: once
            out = []
            for batch in partitions:
                obs: dict[str, list[dict]] = defaultdict(list)
                evidence: dict[str, list[dict]] = defaultdict(list)
                for f in batch:
                    (obs[f["rule"]] if f["t"] == "ob" else evidence[f["kind"]]).append(f)
                pairs: list[tuple] = []
                for rule in rules:
                    if rule.id in obs:
                        pairs += self._assert(compiled[rule.id], obs[rule.id] + [
                            f for k in rule.evidence.kinds for f in evidence.get(k, ())])
                out.append(pairs)
        return out

    def _assert(self, compiled: tuple[str, list], batch: list[dict]) -> list[tuple]:
        name, sink = compiled
        sink.clear()
        try:
            self.host.assert_facts(name, batch)
            return list(sink)
        finally:
            self.host.retract_facts(name, batch)
            sink.clear()


def serve_requests(inp, out) -> None:  # pragma: no cover - runs in the worker process
    """The worker's loop: one DurableEngine answering pickled requests until its input closes."""
    engine = DurableEngine()
    while True:
        try:
            rules, partitions = pickle.load(inp)
        except EOFError:
            return
        pickle.dump(engine.match_partitions(rules, partitions), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()


WORKER_COMMAND = (sys.executable, "-m", "velvoite.engine.durable_worker")


class Worker:
    """durable-rules in a process of its own. durable-rules has crashed the process it runs in
    (segmentation faults inside ``assert_facts``; upstream jruizgit/rules#96 and #381 are open).
    The causes found are avoided above, but a C extension's crash must never take velvoite (a CLI
    run, the feed server, the test suite) down with it. Matching is a pure function of the rules
    and the facts, so a request that crashed the worker is answered by a fresh one; after
    ``ATTEMPTS`` crashes in a row the audit stops with an error naming the engine and the way
    around it.

    The worker is a plain ``python -m velvoite.engine.durable_worker`` talking pickles over its
    standard input and output, the same process however velvoite was started: a multiprocessing
    child re-imports the parent's main module, and started from ``python -m velvoite.cli`` (the
    whole CLI in the worker's heap) durable-rules crashed on inputs it handled otherwise."""

    ATTEMPTS = 3

    def __init__(self, command: tuple[str, ...] = WORKER_COMMAND):
        self.command = command  # what the process runs (the tests give one that crashes)
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.restarts = 0  # crashes survived, for the tests and the benchmark

    def _start(self) -> None:
        self.process = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)

    def _stop(self) -> int | None:
        if self.process is None:
            return None
        process, self.process = self.process, None
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            return process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()

    def request(self, rules: tuple[Rule, ...], partitions: list[list[dict]]) -> list[list[tuple]]:
        with self.lock:
            code = None
            for _attempt in range(self.ATTEMPTS):
                if self.process is None or self.process.poll() is not None:
                    self._stop()
                    self._start()
                try:
                    pickle.dump((rules, partitions), self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                    self.process.stdin.flush()
                    return pickle.load(self.process.stdout)
                except (EOFError, BrokenPipeError, ConnectionResetError, pickle.UnpicklingError):
                    code = self._stop()
                    self.restarts += 1
            raise EngineCrashed(_("durable-rules crashed {n} times in a row (exit code {code}); "
                                 "run with --engine python").format(n=self.ATTEMPTS, code=code))

    def close(self) -> None:
        with self.lock:
            self._stop()


class EngineCrashed(VelvoiteError):
    """The durable-rules worker died on every attempt: the audit stops, nothing is written."""


WORKER = Worker()  # one per process, started on first use, ended with the process
atexit.register(WORKER.close)


def match(obligations: list[Obligation], facts: list, as_of: dt.date, index=None) -> Matches:
    """Pair every obligation with the facts that are evidence for it, on durable-rules, one
    organisation at a time (in the worker process). ``index`` (the Python matcher's) is not used:
    every matcher takes the same arguments."""
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
    for pairs in WORKER.request(rules, list(partitions.values())):
        for ob_id, rec, req in pairs:
            passed = found[ob_id].setdefault(rec, set())
            if req is not None:
                passed.add(req)
    return {ob: {rec: frozenset(p) for rec, p in recs.items()} for ob, recs in found.items()}
