"""The columnar path (velvoite.columnar) gives the object path's audit: compared on generated record
sets for every rule (the built-in packs and a rolling one), against both engines, on the examples
byte for byte through the command line, and on large CSV files read as columns."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from strategies import SCOPE, as_of_dates, data_sets
from velvoite import columnar
from velvoite.engine import run_audit
from velvoite.records import records_from_mappings
from velvoite.registry import load_registry
from velvoite.rules import builtin_rules, load_pack

pytest.importorskip("polars")

REGISTRY = load_registry()
RULES = {**builtin_rules(), **load_pack(Path(__file__).parent / "data" / "packs" / "rolling")}
ORGS = [REGISTRY.orgs[o] for o in SCOPE]
ROOT = Path(__file__).parent.parent


def audit(records, as_of, engine, frame, orgs=ORGS, start=dt.date(2023, 1, 1)):
    found = run_audit(records, REGISTRY, RULES, orgs, as_of, start, engine=engine, use_columnar=frame).to_json_dict()
    found.pop("engine")
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(items=data_sets(), as_of=as_of_dates)
def test_the_columnar_audit_is_the_object_paths(items, as_of, engine):
    records = records_from_mappings(items, "generated", REGISTRY)
    assert audit(records, as_of, "python", True) == audit(records, as_of, engine, False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=data_sets(max_records=40), as_of=as_of_dates)
def test_the_columnar_audit_of_one_organisation_is_the_object_paths(items, as_of):
    """Scoped: only the facts of the organisation in scope (its county's records may stand for it)."""
    records = records_from_mappings(items, "generated", REGISTRY)
    one = [REGISTRY.orgs[SCOPE[0]]]
    assert audit(records, as_of, "python", True, one) == audit(records, as_of, "python", False, one)


def test_every_rule_is_taken_columnar_but_the_rolling_ones():
    from velvoite.columnar.route import routed

    frame, objects = routed(RULES)
    assert objects and all(a.period == "rolling" for r in objects.values() for a in r.applies)
    assert len(frame) + len(objects) == len(RULES) and not any(
        a.period == "rolling" for r in frame.values() for a in r.applies)


def test_the_path_is_chosen_by_size_and_engine(monkeypatch):
    monkeypatch.delenv("VELVOITE_COLUMNAR", raising=False)
    assert columnar.chosen(columnar.THRESHOLD, "python")
    assert not columnar.chosen(columnar.THRESHOLD - 1, "python")
    assert not columnar.chosen(10 * columnar.THRESHOLD, "durable")  # durable-rules is chosen for itself
    # one organisation of the registry's 330 over a national record set: the object path
    assert not columnar.chosen(10 * columnar.THRESHOLD, "python", 1 / 330)
    assert columnar.chosen(10 * columnar.THRESHOLD, "python", 1 / 5)
    monkeypatch.setenv("VELVOITE_COLUMNAR", "never")
    assert not columnar.chosen(10 * columnar.THRESHOLD, "python")
    monkeypatch.setenv("VELVOITE_COLUMNAR", "always")
    assert columnar.chosen(1, "python")
    monkeypatch.setattr(columnar, "available", lambda: False)  # without polars: the object path, always
    assert not columnar.chosen(10 * columnar.THRESHOLD, "python")


def _cli(*args, columnar_path: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "VELVOITE_COLUMNAR": columnar_path}
    return subprocess.run([sys.executable, "-m", "velvoite.cli", *args], capture_output=True, env=env, cwd=ROOT)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_examples_audit_byte_for_byte_the_same_either_way(fmt):
    args = ("--config", "examples/velvoite.toml", "audit", "examples/records", "--region", "hva-15",
            "--as-of", "2026-11-29", "--format", fmt)
    frame, objects = _cli(*args, columnar_path="always"), _cli(*args, columnar_path="never")
    assert frame.returncode == objects.returncode == 0, frame.stderr
    assert frame.stdout == objects.stdout and frame.stdout


def test_a_county_test_on_text_asks_the_tests_own_function(tmp_path):
    """{county} on a field that is not a list of organisations (here the notes, a text): the columnar
    path asks the test's function (a substring), as the object path does; lists are joined instead."""
    text = (ROOT / "velvoite" / "rules" / "hyte" / "cooperation-negotiation.yaml").read_text("utf-8")
    text = text.replace("id: cooperation-negotiation", "id: test-county-in-notes").replace(
        "requirements: [listed, with_county]", "requirements: [listed, with_county, noted]")
    text += ("  - id: noted\n    field: notes\n    contains: \"{county}\"\n"
             "    missing: {fi: muistiinpano, sv: anteckning, en: a note naming the county}\n")
    (tmp_path / "test-county-in-notes.yaml").write_text(text, "utf-8")
    rules = load_pack(tmp_path)
    items = [{"id": f"n{i}", "org": org, "kind": "cooperation_negotiation", "date": day, "body": "valtuusto",
              "participants": ["hva-04" if org != "hva-04" else "kunta-092"], "notes": note}
             for i, (org, day, note) in enumerate([("kunta-092", "2023-03-01", "with hva-04 present"),
                                                   ("kunta-245", "2023-04-01", "county hva-12 named"),
                                                   ("kunta-092", "2022-02-01", "nobody"),
                                                   ("hva-04", "2024-05-01", "hva-04")])]
    records = records_from_mappings(items, "generated", REGISTRY)
    as_of = dt.date(2026, 11, 29)

    def run(frame):
        return run_audit(records, REGISTRY, rules, ORGS, as_of, dt.date(2022, 1, 1), use_columnar=frame).to_json_dict()

    columnar_audit, objects = run(True), run(False)
    columnar_audit.pop("engine"), objects.pop("engine")
    assert columnar_audit == objects
    met = {f.org for f in objects["findings"] if f.status == "met" and f.rule == "test-county-in-notes"}
    assert met == {"kunta-092", "hva-04"}  # kunta-092's note names its county, kunta-245's another (hva-04: no note asked)


@pytest.mark.parametrize("given, size, expected", [
    (None, columnar.LARGE_BYTES, "dirty_decay_ms:0,muzzy_decay_ms:0"), (None, columnar.LARGE_BYTES - 1, "unset"),
    ("narenas:1", columnar.LARGE_BYTES, "narenas:1")])
def test_polars_gives_freed_memory_back_in_a_large_run_unless_told_otherwise(given, size, expected):
    """The peak of a national audit (polars' jemalloc keeps freed pages a while); a setting of the
    user's own is kept; a smaller run keeps polars' own (giving back at once costs CPU)."""
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    if given is not None:
        env["_RJEM_MALLOC_CONF"] = given
    code = (f"import os, velvoite.columnar as c; c.give_back_memory({size}); "
            "print(os.environ.get('_RJEM_MALLOC_CONF', 'unset'))")  # (read by jemalloc as polars loads)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected
