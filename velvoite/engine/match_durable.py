"""The durable-rules matcher: the join of evidence to obligations as a Rete ruleset.

A ruleset per set of evidence kinds (the rules that take the same kinds share one): for each kind,
one durable-rules rule joins obligation facts to evidence facts of that kind (organisation,
organiser when the rule asks for it, window, as-of). The engine finds the pairs; which of a rule's
requirements a paired fact meets is the fact's own (``Fact.passed``, evaluated once in
``engine.facts``), read by the same function as the Python matcher's (``match.add_evidence``).

Designed around the engine's costs and its one memory bug, each measured (bench/results.md):

- **The bug** (found with durable-rules built with AddressSanitizer, 2026-11-30): when the *last*
  test of a rule's ``$and`` fails, ``reduceExpressionSequence`` (events.c) skips forward looking for
  the sequence's end marker from one place too far, and reads past the end of the expression
  array: a heap-buffer-overflow whose garbage sometimes sends it on into unmapped memory. That was
  every "intermittent segfault inside assert_facts" this module used to work around (a rule per
  organisation's session, a fresh worker per heap layout): the old join ended with ``day <= as_of``,
  which fails for every record dated after the as-of date. Every rule here therefore ends with a
  test that cannot fail once the others passed (``SENTINEL``: the organisation test again); with
  it, the differential tests and the 10 000 and 100 000 record national audits ran clean under
  AddressSanitizer, and without it they crash.
- **One action per assertion** with all its pairs (``cap``), read straight from the C engine:
  durable's Python ``Host`` costs about 0.1 ms per action (a JSON state written back, a Python
  object per frame), and one action per pair (375 000 at 100 000 records, with a rule per
  requirement) was 42 s of a 46 s audit. ``DurableEngine`` drives ``durable_rules_engine`` (the C
  engine's own Python module) the way ``Host`` does, without its timers and per-action state.
- Facts are **encoded once** (``durable_text``: short fields, integer ids into the caller's lists) and
  asserted and retracted as that JSON text.
- **One session**, facts asserted one organisation at a time and retracted when it is done: a
  session per organisation kept about 0.5 MB of the C engine's fixed-size tables per ruleset and
  organisation (2.7 GB at 100 000 records; one session: under 100 MB).
- The engine still runs in a worker process of its own (``Worker``): should another bug of the C
  engine crash it, that costs a restart, not the run.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import pickle
import subprocess
import sys
import threading
from collections import defaultdict

from velvoite.errors import VelvoiteError
from velvoite.i18n import _
from velvoite.engine.durable_text import batch_text, encode_fact, encode_obligation, joined
from velvoite.engine.match import Matches, add_evidence, obligation_fact
from velvoite.engine.obligation import Obligation
from velvoite.engine_choice import load_error

NAME = "durable"


def available() -> bool:
    """Whether durable-rules (a C extension without wheels) can be imported here."""
    return load_error() is None


class DurableEngine:
    """Everything the worker process keeps of durable-rules, in one object: the rulesets compiled
    so far (C handles, by the kinds they join). Used from one thread (``serve_requests``: requests
    are answered in turn).

    It talks to durable-rules' C engine (``durable_rules_engine``) directly, the way durable's own
    ``Host`` does, without what an audit does not use: timer threads, a JSON state written back after
    every action, a Python object per frame."""

    def __init__(self):
        self.compiled: dict[tuple[str, ...], int] = {}  # kinds -> the C engine's handle

    def ruleset(self, kinds: tuple[str, ...]) -> int:
        """The ruleset of one set of evidence kinds, created once per process; its handle."""
        if kinds not in self.compiled:
            self.compiled[kinds] = self._compile(kinds, f"velvoite-{len(self.compiled) + 1}")
        return self.compiled[kinds]

    @staticmethod
    def _compile(kinds: tuple[str, ...], name: str) -> int:
        """Create the ruleset in the C engine (``createRuleset`` copies its name and rules into
        the ruleset's own string pool: nothing here needs to outlive the call)."""
        import durable_rules_engine  # the durable extra: imported when its matcher runs
        from durable import lang
        from durable.lang import c, cap, m, ruleset, when_all

        with ruleset(name):
            for kind in kinds:
                # Each closure reference must be written out as ``c.ob.x``: durable-rules' expression
                # objects are stateful, and a reused ``ob = c.ob`` silently matches nothing (measured).
                when_all(cap(CAP), c.ob << (m.t == "ob"),
                         c.f << ((m.t == "f") & (m.k == kind) & (m.o == c.ob.o) & (m.g >= c.ob.n)
                                 & (m.h >= c.ob.s) & (m.l <= c.ob.e) & (m.d <= c.ob.a)
                                 & SENTINEL(m, c)))(_no_action)
        full_name, definition = lang._rulesets.pop(name).define()
        for rule in definition.values():
            del rule["run"]  # the actions are taken here, from the C engine's answers
        return durable_rules_engine.create_ruleset(full_name, json.dumps(definition, ensure_ascii=False))

    def match_batches(self, batches: list[tuple[tuple[str, ...], str]]) -> list[list[tuple[int, int]]]:
        """Assert each batch (the JSON array of one organisation's obligation and evidence facts for
        one set of kinds) into that set's ruleset, and retract it; per batch, the (obligation,
        fact) index pairs the engine joined."""
        return [self._assert(self.ruleset(kinds), encoded) for kinds, encoded in batches]

    @staticmethod
    def _assert(handle: int, encoded: str) -> list[tuple[int, int]]:
        import durable_rules_engine as engine  # (the durable extra)

        pairs: list[tuple[int, int]] = []
        try:
            result, state = engine.assert_facts(handle, encoded)
            if result == OBSERVED:
                raise RuntimeError("durable-rules took a fact for another (EngineIds): a bug")
            answer = engine.start_action_for_state(handle, state)
            frames = answer and answer[1]
            while frames:
                pairs += joined(frames)
                frames = engine.complete_and_start_action(handle, state)
        finally:
            engine.retract_facts(handle, encoded)
        return pairs


CAP = 1_000_000  # pairs per action: more than one organisation's batch has


def SENTINEL(m, c):  # noqa: N802 (a constant of the rule syntax, in capitals like one)
    """The last test of every rule, true whenever the tests before it are (it repeats the
    organisation test): durable-rules reads past its expression array when a rule's last test
    fails (module docstring)."""
    return m.o == c.ob.o


OBSERVED = 2  # durable-rules' ERR_EVENT_OBSERVED: a fact identical to one already asserted


def _no_action(c) -> None:  # pragma: no cover - never called: the rulesets are driven from _assert
    """The action durable-rules' rule syntax requires; the answers are read in ``_assert``."""


def serve_requests(inp, out) -> None:  # pragma: no cover - runs in the worker process
    """The worker's loop: one DurableEngine answering pickled requests until its input closes."""
    engine = DurableEngine()
    while True:
        try:
            batches = pickle.load(inp)
        except EOFError:
            return
        pickle.dump(engine.match_batches(batches), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()


WORKER_COMMAND = (sys.executable, "-m", "velvoite.engine.durable_worker")


class Worker:
    """durable-rules in a process of its own. durable-rules crashed the process it ran in
    (segmentation faults inside ``assert_facts``; upstream jruizgit/rules#96 and #381 are open).
    The cause found is avoided above (``SENTINEL``), but a C extension's crash must never take
    velvoite (a CLI run, the feed server, the test suite) down with it. Matching is a pure
    function of the rules and the facts, so a request that crashed the worker is answered by a
    fresh one; after ``ATTEMPTS`` crashes in a row the audit stops with an error naming the engine
    and the way around it. Threads (a server's feeds) share the worker: their requests are taken
    one at a time, each whole.

    The worker is a plain ``python -m velvoite.engine.durable_worker`` talking pickles over its
    standard input and output, the same process however velvoite was started: a multiprocessing
    child re-imports the parent's main module, and started from ``python -m velvoite.cli`` (the
    whole CLI in the worker's heap) the heap differs, and with it what a stray read finds."""

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

    def _running(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self._stop()
            self._start()

    def warm(self) -> None:
        """Start the worker now, so that its start-up overlaps the audit's work before matching."""
        with self.lock:
            self._running()

    def request(self, batches: list[tuple[tuple[str, ...], str]]) -> list[list[tuple[int, int]]]:
        with self.lock:
            code = None
            for _attempt in range(self.ATTEMPTS):
                self._running()
                try:
                    pickle.dump(batches, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
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


def match(obligations: list[Obligation], facts: list, as_of: dt.date, index=None, step=None) -> Matches:
    """Pair every obligation with the facts that are evidence for it, on durable-rules, one
    organisation at a time and one set of evidence kinds at a time (in the worker process).
    ``index`` (the Python matcher's) is not used: every matcher takes the same arguments. ``step``
    (``velvoite.progress``) hears the obligations matched after each request's answer (a request
    holds some ``REQUEST_CHARS`` of facts: a few dozen at 100 000 records, one for a small run)."""
    obs_by: dict[tuple, list[str]] = defaultdict(list)  # (organisation, kinds) -> encoded obligations
    for i, ob in enumerate(obligations):
        obs_by[(ob.org.id, tuple(ob.rule.evidence.kinds))].append(encode_obligation(i, obligation_fact(ob, as_of)))
    wanted = {(org, kind) for org, kinds in obs_by for kind in kinds}
    evidence: dict[tuple[str, str], list[int]] = defaultdict(list)  # -> indexes into facts
    for i, f in enumerate(facts):
        if (f.org, f.kind) in wanted:
            evidence[(f.org, f.kind)].append(i)
    found = [{} for _ in obligations]
    memo: dict = {}
    for request, done in made_ahead(requests(obs_by, evidence, facts)):
        for pairs in WORKER.request(request):
            for o, i in pairs:
                add_evidence(found[o], obligations[o].rule, facts[i], memo)
        if step is not None:
            step(done)
    if step is not None:  # (the last organisations may have had no evidence, so no request)
        step(len(obligations))
    return {ob.id: evidence_of for ob, evidence_of in zip(obligations, found)}


def made_ahead(items):
    """The items of an iterable, the next one made in a thread while the caller works on (waits
    for the worker's answer to) this one: encoding a request and asking the worker overlap. An
    error in making an item is raised here; leaving early ends the thread (one item made at most)."""
    import contextvars
    from concurrent.futures import ThreadPoolExecutor  # here: a Python-matcher audit never needs it

    items = iter(items)
    end = object()
    context = contextvars.copy_context()  # the caller's language for any message made there (one thread runs it)
    with ThreadPoolExecutor(1, thread_name_prefix="velvoite-durable-requests") as pool:
        upcoming = pool.submit(context.run, next, items, end)
        while (item := upcoming.result()) is not end:
            upcoming = pool.submit(context.run, next, items, end)
            yield item


REQUEST_CHARS = 8_000_000  # JSON text per request to the worker: both processes hold one at a time


def requests(obs_by: dict, evidence: dict, facts: list):
    """The batches to assert (one per organisation and set of kinds with evidence), in requests of
    about ``REQUEST_CHARS``: a national audit's 250 MB of facts are never all in memory at once.
    Each request with the count of obligations it and the ones before covered (for progress)."""
    request, size, done = [], 0, 0
    for (org, kinds), obs in obs_by.items():
        done += len(obs)  # (one without evidence is matched too: with nothing)
        found_here = [encode_fact(i, facts[i]) for kind in kinds for i in evidence.get((org, kind), ())]
        if found_here:  # without evidence nothing can join
            text = batch_text(obs + found_here)
            request.append((kinds, text))
            size += len(text)
            if size >= REQUEST_CHARS:
                yield request, done
                request, size = [], 0
    if request:
        yield request, done
