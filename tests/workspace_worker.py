"""A server worker of a database workspace in a process of its own, for tests/test_web_loaded.py
(Django serves one workspace per process, and the session's workspace must stay as it is).

    python -m tests.workspace_worker FOLDER random SEED STEPS
        random writes of every kind (add, edit, remove, undo, import, confirm, a county's record for all
        its members), each followed by the
        audits and calendar feeds of the organisations and regions it may concern, and of some it
        does not, from the kept records (web.loaded) and from a full read of every stored record
        (the code before issue 29); prints one JSON line: the steps done by kind, the differences found, full reads.

    python -m tests.workspace_worker FOLDER serve
        reads commands from stdin, one JSON list a line, answers one JSON line each:
        ["audit", ORG] -> the audit JSON's findings of ORG and how often all records were read;
        ["put", MAPPING] -> stores the record; ["remove", ID] -> removes it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys

AS_OF = dt.date(2026, 11, 29)


def _setup(folder: str):
    from velvoite.commands.common import Settings
    from velvoite.web.state import State, set_state
    from velvoite.web.store import open_workspace

    open_workspace(folder)
    settings = Settings(None, None, ())
    kept = State(folder=folder, settings=settings, today=lambda: AS_OF)
    set_state(kept)
    return kept, State(folder=folder, settings=settings, today=lambda: AS_OF, reload_all=True)


def _write(fn, *args):
    from django.db import transaction

    with transaction.atomic():
        return fn(*args)


def _checked(mapping: dict):
    from velvoite.errors import VelvoiteError
    from velvoite.web.state import state

    try:
        return state().check(mapping)
    except VelvoiteError:
        return None


def _day(rng) -> str:
    return (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1060))).isoformat()


def _step(rng, kind: str, n: int):
    """One write of ``kind``; the records it concerned (their mappings) or None when it could not be made."""
    from velvoite.web import confirm as confirming
    from velvoite.web import store
    from velvoite.web.workspace.models import Change, StoredRecord

    stored = list(StoredRecord.objects.order_by("id"))
    pick = rng.choice(stored)
    if kind == "county":  # a county's negotiation without its list of participants: it stands for every member
        listing = [s for s in stored if s.org.startswith("hva-") and s.values.get("participants")]
        if not listing:
            return None
        mapping = {k: v for k, v in rng.choice(listing).values.items() if k != "participants"}
        mapping.update(id=f"w{n}-county", date=_day(rng))
        record = _checked(mapping)
        if record is None:
            return None
        _write(store.put, record, "test", "web")
        return [{"org": mapping["org"]}]
    if kind in ("add", "edit", "import"):
        mappings = []
        for i in range(rng.randint(2, 5) if kind == "import" else 1):
            template = dict(rng.choice(stored).values)
            if kind != "edit":
                template["id"] = f"w{n}-{i}"
            elif i == 0:
                template = dict(pick.values)
            template["date"] = _day(rng)
            if "valid_from" in template:
                template["valid_from"] = template["date"]
            if template.get("participants") and rng.random() < .5:  # fewer, or none (a county's: all its members)
                template["participants"] = rng.sample(template["participants"],
                                                      rng.choice((0, rng.randint(1, len(template["participants"])))))
                if not template["participants"]:
                    del template["participants"]
            mappings.append(template)
        records = [_checked(m) for m in mappings]
        if None in records:
            return None
        if kind == "import":
            _write(store.import_records, records, "test", "import")
        else:
            _write(store.put, records[0], "test", "web")
        return mappings + ([pick.values] if kind == "edit" else [])
    if kind == "remove":
        _write(store.remove, pick.rid, "test", "web")
        return [pick.values]
    if kind == "undo":
        gone = [c for c in Change.objects.filter(action="delete").order_by("-id")[:20] if store.removed(c.rid)]
        if not gone:
            return None
        change = rng.choice(gone)
        _write(store.restore, change, "test")
        return [change.before]
    if kind == "confirm":
        listing = [s for s in stored if s.values.get("participants")]
        if not listing:
            return None
        chosen = rng.choice(listing)
        if not _write(confirming.confirm, chosen, rng.choice(chosen.values["participants"]), "test", "web"):
            return None
        return [chosen.values]
    raise ValueError(kind)


def _scopes(rng, registry, mappings: list) -> list:
    """The organisations and regions the written records name, a county's member, and others (Jyväskylä
    every time: kept from before, a county's record may change it)."""
    out = []
    for mapping in mappings:
        for ref in [mapping["org"], *(mapping.get("participants") or ())][:3]:
            org = registry.lookup(ref)
            out.append([org])
            county = org.id if org.kind == "county" else org.county
            if county:
                out.append(registry.region(county))
                out.append([registry.orgs[rng.choice(registry.members(county))]])
    orgs = sorted(registry.orgs)
    out += [[registry.orgs[rng.choice(orgs)]], registry.region("hva-15"), [registry.orgs["kunta-179"]]]
    return out


def randomly(folder: str, seed: int, steps: int) -> dict:
    from velvoite.calendar.service import feed_export
    from velvoite.web.audits import audit_json

    kept, fresh = _setup(folder)
    from velvoite.web.feeds import _service  # (a view module: imported once Django is set up, as the URLconf is)

    whole = feed_export(fresh.system)  # a feed of every record
    rng = random.Random(seed)
    done: dict = {}
    differences = []
    for scope in ([kept.registry.orgs["kunta-179"]], kept.registry.region("hva-15")):
        audit_json(kept, scope, "fi")  # warm: the kept audits are then carried over or dropped by each write
    for n in range(steps):
        kind = rng.choice(("add", "edit", "remove", "undo", "import", "confirm", "county"))
        mappings = _step(rng, kind, n)
        if mappings is None:
            continue
        done[kind] = done.get(kind, 0) + 1
        current, full = kept.current()[1], fresh.current()[1]
        if current != full or [r.confirmed_by for r in current] != [r.confirmed_by for r in full]:
            differences.append([n, kind, "records"])
        for i, scope in enumerate(_scopes(rng, kept.registry, mappings)):
            lang = rng.choice(("fi", "sv", "en"))
            if audit_json(kept, scope, lang) != audit_json(fresh, scope, lang):
                differences.append([n, kind, [o.id for o in scope][:2], lang])
            if i % 3 == n % 3:  # (a feed of every third: a calendar is slower to make than its audit)
                feed = ("region", scope[0].id) if len(scope) > 1 else ("org", scope[0].id)
                if _service(False).feed(*feed, lang, AS_OF).body != whole(fresh.records(), *feed, lang, AS_OF):
                    differences.append([n, kind, feed, lang, "feed"])
    return {"done": done, "differences": differences, "full_loads": kept.loaded().full_loads}


def serve(folder: str) -> None:
    from velvoite.web import store
    from velvoite.web.audits import audit_json

    kept, _fresh = _setup(folder)
    for line in sys.stdin:
        command, arg = json.loads(line)
        if command == "audit":
            text = audit_json(kept, [kept.registry.resolve(arg)], "en")
            answer = {"findings": json.loads(text)["findings"], "full_loads": kept.loaded().full_loads}
        elif command == "put":
            answer = {"action": _write(store.put, _checked(arg), "test", "web")}
        else:
            answer = {"removed": _write(store.remove, arg, "test", "web")}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    if sys.argv[2] == "random":
        print(json.dumps(randomly(sys.argv[1], int(sys.argv[3]), int(sys.argv[4]))))
    else:
        serve(sys.argv[1])
