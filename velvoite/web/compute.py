"""The workspace's heavy computations in processes of their own (issue 29): the gap reports of a
region or the nation (with their trend), and the audits of an organisation or a region (the page's
and the API's JSON), so that a request thread of ``velvoite serve`` answering a cached feed or a
records page never waits for the interpreter behind four region audits.

A ``Pool`` of ``processes`` compute processes (``[server] compute_processes`` in workspace.toml,
default 2; 0 computes in the server's own interpreter, as before). Each is started with the
"spawn" context (a new interpreter: nothing of the server's threads or database connections is
copied into it), opens the workspace itself, reads and validates every record once and keeps them
current through the data version exactly as a second server worker does (``web.loaded``: one way
of keeping up). A request asks a free process (``Pool.ask``) with everything that chooses the
answer (what, the scope, the as-of day, the language) and gets the text or the audit the view
needs, computed by the same functions as in-process (``web.reports``, ``web.audits``).

Bounded: at most ``processes + queue`` requests wait for or use a process (more are answered 503
at once), and one that takes longer than ``timeout`` seconds is answered 503 and its process
replaced. The processes run at a lower priority (``NICE``): on a machine whose cores are all
busy, the operating system runs the server's short requests before the audits. A process that
dies (killed, out of memory) answers its request 503, and is replaced;
the next request is answered by the new one. The answer says, in the request's language, that the
server is busy or could not compute it, nothing about the machine (``Unavailable``, a refusal
answered by ``http.refusal``). The processes end with the server (``Pool.close``; a process whose server died
without closing it notices and ends).

What the in-process path keeps on the records' snapshot (audits, their JSON, a report with a
trend) the pool keeps too: each process on its own snapshot, and the server beside it, by data
version (``_Kept``), so asking again needs no process at all.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time

from velvoite.errors import VelvoiteError
from velvoite.i18n import _
from velvoite.web.refusal import Refusal
from velvoite.web.version import data_version

DEFAULT_PROCESSES = 2  # two audits at once; more where there are cores to spare
DEFAULT_QUEUE = 16  # requests that may wait for a process (beyond one each in the processes)
DEFAULT_TIMEOUT = 300.0  # seconds: a national monthly trend on 100 000 records takes tens of them
KEEP = 512  # answers kept by the server (as web.loaded.KEEP per snapshot)
NICE = 10  # the processes' niceness: where the cores are all busy, the server's short requests go first
CONTEXT = "spawn"


class Unavailable(Refusal):
    """No process could answer: ``busy`` (all taken and the queue full, or the time ran out) or
    ``failed`` (its process died). A refusal (503, code ``unavailable``, ``Retry-After``), answered
    where every refusal is (``http.refusal``), in the language of the request that raised it;
    nothing about the machine."""

    def __init__(self, why: str):
        if why == "failed":
            message = _("the computation was interrupted: try again")
        else:
            message = _("the server is busy: try again in a moment")
        super().__init__(503, message, code="unavailable", headers={"Retry-After": "5"})
        self.why = why


class Failed(RuntimeError):
    """The computation raised something other than a VelvoiteError in its process (a bug): the
    server answers 500 as it would in-process, with the process's traceback in its log."""


class _Worker:
    def __init__(self, context, folder: str, recipe: tuple):
        from velvoite.web.compute_worker import main

        self.conn, child = context.Pipe()
        self.process = context.Process(target=main, args=(child, folder, recipe, NICE), daemon=True,
                                       name="velvoite-compute")
        self.process.start()
        child.close()  # (the child's end is the child's: its death is then EOF here)

    def ready(self) -> bool:
        """Wait for its records to be read (False: it died first)."""
        try:
            return self.conn.recv() == ("ready",)
        except (EOFError, OSError):
            return False

    def stop(self, wait: float = 5.0) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(wait)
        self.kill()  # (one that did not end when asked)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5.0)
        self.conn.close()


class _Kept:
    """Answers kept by the server per data version: what the processes keep on their snapshots,
    asked again without a process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._found: dict = {}

    def get(self, key, version):
        found = self._found.get(key)
        return found[1] if found is not None and version is not None and found[0] == version else None

    def put(self, key, version, value) -> None:
        if version is None:
            return
        with self._lock:
            if len(self._found) >= KEEP and key not in self._found:
                self._found.pop(next(iter(self._found)))
            self._found[key] = (version, value)


class Pool:
    """``processes`` compute processes for the workspace in ``folder``, made with the settings of
    ``recipe`` (``recipe_of``)."""

    def __init__(self, folder: str, recipe: tuple, processes: int = DEFAULT_PROCESSES, waiting: int = DEFAULT_QUEUE,
                 timeout: float = DEFAULT_TIMEOUT):
        self.folder, self.recipe, self.processes, self.timeout = folder, recipe, processes, timeout
        self._context = multiprocessing.get_context(CONTEXT)
        self._idle: queue.Queue = queue.Queue()
        self._places = threading.BoundedSemaphore(processes + waiting)
        self._lock = threading.Lock()
        self._workers: set = set()
        self._closed = False
        self._kept = _Kept()
        for _n in range(processes):
            self._start()

    # -- the processes

    def _start(self) -> None:
        """A new process, made ready in a thread of its own (its records take seconds to read)."""
        threading.Thread(target=self._starting, daemon=True, name="velvoite-compute-start").start()

    def _starting(self) -> None:
        pause = 0.5
        while not self._closed:
            with self._lock:
                if self._closed:
                    return
                worker = _Worker(self._context, self.folder, self.recipe)
                self._workers.add(worker)
            if worker.ready():
                self._idle.put(worker)
                return
            self._forget(worker)  # it died before it was ready: again, a little later each time
            time.sleep(pause)
            pause = min(pause * 2, 30.0)

    def _forget(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.kill()

    def _replaced(self, worker: _Worker) -> None:
        self._forget(worker)
        if not self._closed:
            self._start()

    def pids(self) -> list[int]:
        """The processes' ids (the tests ask)."""
        with self._lock:
            return sorted(w.process.pid for w in self._workers if w.process.pid is not None)

    def close(self) -> None:
        """Every process ended (with the server)."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop()

    # -- the requests

    def ask(self, job: tuple, keep: bool = False):
        """The answer to ``job`` (what, as-of day, language, then its arguments) from a free process;
        ``keep``: kept by data version, as the in-process path keeps it on the snapshot."""
        version = None
        if keep:
            version = data_version()
            found = self._kept.get(job, version)
            if found is not None:
                return found
        value = self._asked(job)
        if keep:
            self._kept.put(job, version, value)  # (computed on that version or a later one: the same answer)
        return value

    def _free(self, deadline: float) -> _Worker:
        """A free process, alive (one that died while free is replaced, not given the request)."""
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise Unavailable("busy") from None
            if worker.process.is_alive():
                return worker
            self._replaced(worker)

    def _asked(self, job: tuple):
        if self._closed or not self._places.acquire(blocking=False):
            raise Unavailable("busy")
        try:
            deadline = time.monotonic() + self.timeout
            worker = self._free(deadline)
            try:
                worker.conn.send(job)
                if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                    self._replaced(worker)  # (its computation cannot be taken back: the process goes)
                    raise Unavailable("busy")
                status, value = worker.conn.recv()
            except (EOFError, OSError):  # the process died under the request
                self._replaced(worker)
                raise Unavailable("failed") from None
            self._idle.put(worker)
        finally:
            self._places.release()
        if status == "error":
            raise VelvoiteError(value)
        if status == "failed":
            raise Failed(value)
        return value


def recipe_of(settings) -> tuple:
    """What a compute process needs to make the same settings: their class (the command line's
    ``Settings``, sent by name, so nothing here imports the face) and what they were made of: the
    engine, velvoite.toml, the rule pack folders, the packs chosen."""
    return type(settings), (settings.engine_choice, settings.config, tuple(settings.rule_packs), tuple(settings.packs))


def pool_for(settings, folder: str, processes: int | None = None):
    """The pool of ``velvoite serve``: ``processes`` (else workspace.toml's ``[server]
    compute_processes``, else DEFAULT_PROCESSES) processes, or None for 0."""
    from django.conf import settings as django

    given = getattr(django, "VELVOITE_COMPUTE", {})
    processes = given.get("processes", DEFAULT_PROCESSES) if processes is None else processes
    if not processes:
        return None
    return Pool(folder, recipe_of(settings), processes, given.get("queue", DEFAULT_QUEUE),
                given.get("timeout", DEFAULT_TIMEOUT))
