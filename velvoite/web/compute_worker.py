"""A compute process of the workspace (``web.compute``): made by the "spawn" context, it opens the
workspace itself, reads its records once (``web.loaded``, kept current by the data version as any
server worker keeps them) and says it is ready; then answers one job at a time from its pipe, with
the same functions the server runs in-process, until the pipe closes or says None.

A job is (what, as-of day, language, *arguments):

    ("report", day, lang, county or None, trend or None)   -> the gap report page (text)
    ("audit_json", day, lang, (org ids))                   -> the audit JSON (UTF-8 bytes)
    ("audit", day, lang, (org ids), include)               -> the audit (velvoite.engine's, picklable)

Answered ("ok", value), ("error", the VelvoiteError's message in the job's language) or ("failed",
a traceback: a bug, logged by the server as any exception of a view).
"""

from __future__ import annotations

import os
import threading
import time
import traceback


def _orphaned(parent: int) -> None:
    """End this process when the server that made it is gone (killed without closing the pool)."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def _state(folder: str, recipe: tuple, day: list):
    from velvoite.web.state import State, set_state
    from velvoite.web.store import open_workspace

    open_workspace(folder)
    made, args = recipe
    settings = made(*args)
    state = State(folder=folder, settings=settings, today=lambda: day[0])  # the day of each job, the server's
    set_state(state)
    return state


def answer(state, day: list, job: tuple):
    """The value of ``job`` (see the module's docstring)."""
    from velvoite.i18n import speaking
    from velvoite.web.audits import audit_json, run
    from velvoite.web.reports import report_html

    what, day[0], lang, *args = job
    orgs = state.registry.orgs
    with speaking(lang):
        if what == "report":
            county, every = args
            return report_html(state, orgs[county] if county is not None else None, lang, every)
        if what == "audit_json":
            return audit_json(state, [orgs[o] for o in args[0]], lang)
        if what == "audit":
            return run(state, [orgs[o] for o in args[0]], lang, tuple(args[1]))
    raise LookupError(what)  # (no such job: a bug of the server's)


def main(conn, folder: str, recipe: tuple, nice: int = 0) -> None:
    from velvoite.errors import VelvoiteError

    os.nice(nice)  # (the server's requests first where the cores are busy)
    threading.Thread(target=_orphaned, args=(os.getppid(),), daemon=True).start()
    day: list = [None]
    state = _state(folder, recipe, day)
    try:
        state.loaded().current()  # every record read now, before the first request
    except VelvoiteError:
        pass  # (records that do not validate: each job says so, as in-process)
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply = ("ok", answer(state, day, job))
        except VelvoiteError as exc:
            reply = ("error", str(exc))
        except Exception:  # noqa: BLE001 (a bug: the server answers 500 with this in its log)
            reply = ("failed", traceback.format_exc())
        conn.send(reply)
