"""The compute processes of a database workspace (``web.compute``) against the server's own
interpreter, in a process of its own (Django serves one workspace per process), for
tests/test_web_compute.py:

    python -m tests.workspace_compute FOLDER

prints one JSON line: for each request, whether the pool's answer equals the in-process one; the
same after a write; what a process killed mid-request (or while free), a request over the time limit and one
over the queue bound were answered, and whether the next request was answered; the processes
alive after ``close``.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time

from tests.workspace_worker import AS_OF

ASKED = [  # (what, language, organisations or county, trend)
    ("audit_json", "fi", ("kunta-179",), None),
    ("audit_json", "sv", ("hva-15",), None),
    ("audit", "en", ("kunta-205",), None),
    ("report", "fi", "hva-15", None),
    ("report", "sv", "hva-15", "yearly"),
    ("report", "en", None, None),
]


def _setup(folder: str):
    from velvoite.commands.common import Settings
    from velvoite.web.state import State, set_state
    from velvoite.web.store import open_workspace

    open_workspace(folder)
    state = State(folder=folder, settings=Settings(None, None, ()), today=lambda: AS_OF)
    set_state(state)
    return state


def _compute(state, what: str, lang: str, target, every):
    """The answer as the view gets it, comparable (an audit by its findings)."""
    from velvoite.i18n import speaking
    from velvoite.web.audits import audit_json, run
    from velvoite.web.reports import report_html

    orgs = state.registry.orgs
    with speaking(lang):
        if what == "report":
            return report_html(state, orgs[target] if target else None, lang, every)
        scope = [orgs[o] for o in target]
        if what == "audit_json":
            return audit_json(state, scope, lang)
        return [f.model_dump_json() for f in run(state, scope, lang).findings]  # (what the audit page shows)


def _both(state, pool, asked) -> bool:
    state.compute = None
    here = _compute(state, *asked)
    state.compute = pool
    return _compute(state, *asked) == here


def _write(state, n: int) -> None:
    from django.db import transaction

    from velvoite.records import records_from_mappings
    from velvoite.records.sources import Sources
    from velvoite.web.store import put

    state.declare_kinds()
    record = records_from_mappings([{"id": "compute-write", "org": "kunta-179", "kind": "annual_welfare_report",
                                     "date": f"2026-0{n}-15", "body": "kaupunginvaltuusto"}], "record",
                                   state.registry, Sources())[0]
    with transaction.atomic():
        put(record, "test", "api")


def _stopped_then(pool, pid: int, then) -> str:
    """What a request is answered while the process ``pid`` is stopped, ``then(pid)`` done to it."""
    from velvoite.web.compute import Unavailable

    answer: list = []

    def ask() -> None:
        try:
            pool.ask(("audit_json", AS_OF, "fi", ("kunta-205",)))
            answer.append("answered")
        except Unavailable as exc:
            answer.append(exc.why)

    os.kill(pid, signal.SIGSTOP)
    asking = threading.Thread(target=ask)
    asking.start()
    time.sleep(0.5)  # (the job is in its pipe: the process is mid-request)
    then(pid)
    asking.join(60)
    return answer[0] if answer else "no answer"


def _waited_for(pool, count: int) -> None:
    deadline = time.monotonic() + 60
    while len(pool._idle.queue) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def main() -> None:
    from velvoite.web.audits import audit_json
    from velvoite.web.compute import Pool, Unavailable, recipe_of

    folder = sys.argv[1]
    state = _setup(folder)
    out: dict = {}
    pool = Pool(folder, recipe_of(state.settings), processes=1)
    out["equal"] = {" ".join(map(str, asked)): _both(state, pool, asked) for asked in ASKED}
    scope = [state.registry.orgs["kunta-179"]]
    before = audit_json(state, scope, "fi")
    _write(state, 2)
    after = audit_json(state, scope, "fi")
    state.compute = None
    out["after a write"] = {"changed": after != before, "equal": after == audit_json(state, scope, "fi")}
    _write(state, 3)
    out["after another write"] = _both(state, pool, ("audit_json", "fi", ("kunta-179",), None))

    first = pool.pids()
    out["killed mid-request"] = _stopped_then(pool, first[0], lambda pid: os.kill(pid, signal.SIGKILL))
    out["next after the kill"] = _both(state, pool, ("audit_json", "sv", ("kunta-179",), None))
    out["replaced"] = pool.pids() != first and len(pool.pids()) == 1
    free = pool.pids()[0]
    dying = next(w for w in pool._workers if w.process.pid == free)
    os.kill(free, signal.SIGKILL)  # (while free: the next request goes to its replacement, not to it)
    # its death as the pool can see it: waited for (every thread of it ended, its pipe closed; /proc
    # shows a zombie while a many-threaded process's other threads are still ending, and a request
    # sent to it then meets a closed pipe: answered "failed", as one dying under a request is)
    dying.process.join(30)
    out["killed while free, next"] = _both(state, pool, ("audit_json", "fi", ("kunta-205",), None))
    pool.close()
    out["alive after close"] = [pid for pid in [*first, free, *pool.pids()] if _alive(pid)]

    slow = Pool(folder, recipe_of(state.settings), processes=1, waiting=0, timeout=1)
    _waited_for(slow, 1)
    stopped = slow.pids()[0]
    over: list = []

    def over_the_bound(pid: int) -> None:
        try:
            slow.ask(("audit_json", AS_OF, "fi", ("kunta-179",)))
            over.append("answered")
        except Unavailable as exc:
            over.append(exc.why)

    out["over the time limit"] = _stopped_then(slow, stopped, lambda pid: None)
    out["timed out process gone"] = not _alive(stopped)
    _waited_for(slow, 1)
    out["over the queue bound"] = _stopped_then(slow, slow.pids()[0], over_the_bound) and over[0]
    _waited_for(slow, 1)
    out["next after the time limit"] = _both(state, slow, ("audit_json", "en", ("kunta-179",), None))
    everyone = slow.pids()
    slow.close()
    out["alive after close"] += [pid for pid in everyone if _alive(pid)]
    print(json.dumps(out))


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, ended but not waited for, does not)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


if __name__ == "__main__":
    main()
