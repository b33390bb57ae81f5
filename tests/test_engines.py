"""The two matchers agree, and properties every audit must have."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import SCOPE, as_of_dates, data_sets
from velvoite.engine import run_audit
from velvoite.engine.match_durable import available
from velvoite.records import records_from_mappings
from velvoite.registry import load_registry
from velvoite.rules import builtin_rules, load_pack

REGISTRY = load_registry()
# The built-in rules and a rolling one (tests/data/packs/rolling), so both matchers are compared
# on the rolling period kind too.
RULES = {**builtin_rules(), **load_pack(Path(__file__).parent / "data" / "packs" / "rolling")}
ORGS = [REGISTRY.orgs[o] for o in SCOPE]


def audit(items, as_of, engine, start=dt.date(2023, 1, 1)):
    records = records_from_mappings(items, "generated", REGISTRY)
    return run_audit(records, REGISTRY, RULES, ORGS, as_of, start, engine=engine)


@pytest.mark.skipif(not available(), reason="durable-rules is not installed")
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=data_sets(), as_of=as_of_dates)
def test_durable_and_python_matchers_agree(items, as_of):
    python = audit(items, as_of, "python").to_json_dict()
    durable = audit(items, as_of, "durable").to_json_dict()
    python.pop("engine"), durable.pop("engine")
    assert durable == python


@settings(max_examples=60, deadline=None)
@given(items=data_sets(), as_of=as_of_dates)
def test_every_obligation_gets_exactly_one_finding(items, as_of):
    result = audit(items, as_of, "python")
    keys = [(f.rule, f.org, f.period) for f in result.findings]
    assert len(keys) == len(set(keys))
    assert [(f.org, f.rule, f.start) for f in result.findings] == sorted((f.org, f.rule, f.start) for f in result.findings)
    for f in result.findings:
        assert f.status != "upcoming"  # an audit's range ends on the as-of date
        if f.status == "missing":
            assert f.deadline < as_of and not f.evidence
        if f.status == "due":
            assert f.start <= as_of <= f.deadline and not f.evidence
        assert f.legal_basis


RANK = {"missing": 0, "due": 0, "not_evidenced": 0, "partial": 1, "met": 2}


@settings(max_examples=60, deadline=None)
@given(items=data_sets(max_records=15), extra=data_sets(max_records=3), as_of=as_of_dates)
def test_adding_a_record_never_makes_a_finding_worse(items, extra, as_of):
    more = items + [{**r, "id": f"x{i}"} for i, r in enumerate(extra)]
    before = {(f.rule, f.org, f.period): f.status for f in audit(items, as_of, "python").findings}
    after = {(f.rule, f.org, f.period): f.status for f in audit(more, as_of, "python").findings}
    for key, status in before.items():
        if key not in after:  # an approval re-bases the later instances of a rolling duty
            assert RULES[key[0]].applies[0].period == "rolling", key
            continue
        assert RANK[after[key]] >= RANK[status], key


@settings(max_examples=40, deadline=None)
@given(items=data_sets(), as_of=as_of_dates)
def test_records_after_the_as_of_date_change_nothing(items, as_of):
    later = [r for r in items if dt.date.fromisoformat(r["date"]) > as_of]
    earlier = [r for r in items if r not in later]
    a = audit(items, as_of, "python").to_json_dict()
    b = audit(earlier, as_of, "python").to_json_dict()
    assert a == b


@settings(max_examples=30, deadline=None)
@given(items=data_sets(max_records=10), as_of=as_of_dates, lang=st.sampled_from(["fi", "sv", "en"]))
def test_same_inputs_same_output(items, as_of, lang):
    records = records_from_mappings(items, "generated", REGISTRY)
    one = run_audit(records, REGISTRY, RULES, ORGS, as_of, dt.date(2023, 1, 1), lang=lang).to_json_dict()
    two = run_audit(list(reversed(records)), REGISTRY, RULES, ORGS, as_of, dt.date(2023, 1, 1), lang=lang).to_json_dict()
    assert one == two


@settings(max_examples=80, deadline=None)
@given(items=data_sets(), as_of=as_of_dates, chosen=st.sets(st.sampled_from(SCOPE), min_size=1, max_size=3))
def test_an_audit_scoped_early_finds_what_the_whole_audit_finds(items, as_of, chosen):
    """Facts are built only for the organisations in scope (and the county records that may stand
    for them): an audit of a few organisations equals the whole audit's findings for them."""
    records = records_from_mappings(items, "generated", REGISTRY)
    whole = run_audit(records, REGISTRY, RULES, ORGS, as_of, dt.date(2023, 1, 1), engine="python")
    few = run_audit(records, REGISTRY, RULES, [REGISTRY.orgs[o] for o in sorted(chosen)], as_of,
                    dt.date(2023, 1, 1), engine="python")
    assert few.findings == [f for f in whole.findings if f.org in chosen]


# A durable worker that dies of a segmentation fault on its first ``crashes`` requests.
CRASHING = """
import os, signal, sys
from pathlib import Path
counter, crashes = Path(sys.argv[1]), int(sys.argv[2])
seen = int(counter.read_text()) if counter.exists() else 0
counter.write_text(str(seen + 1))
if seen < crashes:
    sys.stdin.buffer.read(1)
    os.kill(os.getpid(), signal.SIGSEGV)
from velvoite.engine.durable_worker import main
main()
"""


@pytest.mark.skipif(not available(), reason="durable-rules is not installed")
@pytest.mark.parametrize("crashes", [2, 3])
def test_a_crash_of_durable_rules_costs_a_restart_not_the_run(tmp_path, monkeypatch, crashes):
    import sys

    from velvoite.engine import match_durable

    items = [{"org": "kunta-245", "kind": "annual_welfare_report", "date": "2024-05-01", "body": "council"},
             {"org": "hva-04", "kind": "hyte_negotiation", "date": "2024-03-01",
              "participants": ["kunta-245"]}]
    worker = match_durable.Worker((sys.executable, "-c", CRASHING, str(tmp_path / "count"), str(crashes)))
    monkeypatch.setattr(match_durable, "WORKER", worker)
    try:
        if crashes < worker.ATTEMPTS:
            python = audit(items, dt.date(2025, 1, 1), "python").to_json_dict()
            durable = audit(items, dt.date(2025, 1, 1), "durable").to_json_dict()
            python.pop("engine"), durable.pop("engine")
            assert durable == python and any(f.evidence for f in python["findings"]), "the records are evidence"
            assert worker.restarts == crashes
        else:
            with pytest.raises(match_durable.EngineCrashed,
                               match=r"crashed 3 times in a row \(exit code -11\); run with --engine python"):
                audit(items, dt.date(2025, 1, 1), "durable")
    finally:
        worker._stop()


@pytest.mark.skipif(not available(), reason="durable-rules is not installed")
def test_durable_requests_in_pieces_find_what_one_request_finds(monkeypatch):
    """The durable matcher sends its batches to the worker in requests of bounded size (a national
    audit's facts are never all in memory at once): cut small, the example region's audit is the same."""
    from velvoite.engine import match_durable
    from velvoite.records import load_records

    records = load_records([Path(__file__).parent.parent / "examples" / "records"], REGISTRY)
    orgs = [o for o in REGISTRY.region("hva-15")]

    def run(engine):
        result = run_audit(records, REGISTRY, builtin_rules(), orgs, dt.date(2026, 11, 29), dt.date(2023, 1, 1),
                           engine=engine).to_json_dict()
        result.pop("engine")
        return result

    whole = run("durable")
    sizes = []
    request = match_durable.WORKER.request
    monkeypatch.setattr(match_durable, "REQUEST_CHARS", 2000)
    monkeypatch.setattr(match_durable.WORKER, "request", lambda batches: sizes.append(len(batches)) or request(batches))
    assert run("durable") == whole == run("python")
    assert len(sizes) > 5 and any(f.evidence for f in whole["findings"])


@pytest.mark.skipif(not available(), reason="durable-rules is not installed")
def test_durable_audits_from_threads_at_once_are_each_whole():
    """A server computes feeds in threads at once, on either engine: durable-rules runs in one
    worker process whose requests are taken one at a time, each asserted and retracted whole, so
    audits interleaving their requests still find what each finds alone."""
    from concurrent.futures import ThreadPoolExecutor

    from velvoite.engine import match_durable
    from velvoite.records import load_records

    records = load_records([Path(__file__).parent.parent / "examples" / "records"], REGISTRY)
    scopes = [REGISTRY.region("hva-15"), [REGISTRY.resolve("Jyväskylä")], [REGISTRY.resolve("Akaa")]] * 2

    def run(scope, engine="durable"):
        return run_audit(records, REGISTRY, builtin_rules(), scope, dt.date(2026, 11, 29), dt.date(2023, 1, 1),
                         engine=engine).findings

    alone = [run(scope, "python") for scope in scopes]
    requests = []
    request = match_durable.WORKER.request
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(match_durable, "REQUEST_CHARS", 2000)  # many requests per audit, to interleave
        patch.setattr(match_durable.WORKER, "request", lambda batches: requests.append(1) or request(batches))
        with ThreadPoolExecutor(len(scopes)) as pool:
            together = list(pool.map(run, scopes))
    assert together == alone and any(f.evidence for f in alone[0]) and len(requests) > 2 * len(scopes)


def test_requests_made_ahead_come_in_order_raise_their_errors_and_stop_when_left():
    import threading

    from velvoite.engine.match_durable import made_ahead

    assert list(made_ahead(iter(range(50)))) == list(range(50))

    def failing():
        yield 1
        raise ValueError("a bad request")

    got = []
    with pytest.raises(ValueError, match="a bad request"):
        for item in made_ahead(failing()):
            got.append(item)
    assert got == [1]
    endless = made_ahead(iter(range(10**9)))
    assert next(endless) == 0
    endless.close()  # the caller leaves (an error of the worker): the thread making requests ends
    assert not [t for t in threading.enumerate() if t.name.startswith("velvoite-durable-requests")]
