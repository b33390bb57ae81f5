"""The workspace's stored records read by the fast path (velvoite.web.stored_rows, issue 31) are the
records the validating path reads of them (``records_from_mappings`` of each stored mapping in the
record format's order, as web.loaded read them before): the same ids, derived ids, fields, data in
the same order, participants, order of records; the same errors for stored rows damaged in every
way tried; and the same audit, byte for byte. No Django here: the functions read mappings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")

from strategies import SCOPE, as_of_dates, data_sets  # noqa: E402
from velvoite.engine import run_audit  # noqa: E402
from velvoite.errors import VelvoiteError  # noqa: E402
from velvoite.records import load_records, records_from_mappings  # noqa: E402
from velvoite.records.fast import _ORDER  # noqa: E402
from velvoite.records.sources import Sources  # noqa: E402
from velvoite.registry import load_registry  # noqa: E402
from velvoite.rules import builtin_rules  # noqa: E402
from velvoite.web.store import in_order, record_mapping  # noqa: E402
from velvoite.web.stored_rows import as_text, in_orders, stored_records  # noqa: E402

REGISTRY = load_registry()
RULES = builtin_rules()
EXAMPLES = Path(__file__).parent.parent / "examples" / "records"


def stored(records) -> list[dict]:
    """The mappings a workspace stores of ``records``, as its JSON column gives them back."""
    return [json.loads(json.dumps(record_mapping(r))) for r in records]


def shape(records) -> list[tuple]:
    """Everything a record holds, data in its order (a dataclass compares dicts without it)."""
    return [(*(getattr(r, name) for name in _ORDER if name != "data"), list((r.data or {}).items()))
            for r in records]


def both(mappings: list[dict]):
    """(the old read, the new read): records, or the error's text."""
    def read(how):
        try:
            return shape(how())
        except VelvoiteError as exc:
            return str(exc)

    old = read(lambda: records_from_mappings([in_order(m) for m in mappings], "ws", REGISTRY))
    new = read(lambda: stored_records(in_orders(mappings), "ws", REGISTRY))
    return old, new


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=data_sets(max_records=30), data=st.data())
def test_stored_records_are_those_of_the_validating_path(items, data):
    mappings = stored(records_from_mappings(items, "generated", REGISTRY))
    if mappings:  # keys in another order (PostgreSQL's jsonb), and one record without its id
        shuffled = data.draw(st.integers(0, len(mappings) - 1))
        mappings[shuffled] = dict(reversed(list(mappings[shuffled].items())))
        if data.draw(st.booleans()):
            mappings[data.draw(st.integers(0, len(mappings) - 1))].pop("id", None)
    old, new = both(mappings)
    assert new == old


# Stored values that no longer validate, or that only the validating path may read: lists whose
# items a separator would split, spaced, empty, not text; a boolean where text is kept; the text of
# a yes/no; dates, names and ids the rules refuse.
DAMAGED = [
    ("participants", ["kunta-092;kunta-245"]), ("participants", ["kunta-092,kunta-245"]),
    ("participants", ["kunta-092\nkunta-245"]), ("participants", [" kunta-092"]), ("participants", [""]),
    ("participants", []), ("participants", ["kunta-092", "kunta-092"]), ("participants", [92]),
    ("participants", [None]), ("participants", [True]), ("participants", [["kunta-092"]]),
    ("participants", "kunta-092; kunta-245"), ("participants", ["no-such-org"]), ("participants", ["Vantaa"]),
    ("participants", ["kunta-588"]), ("participants", {"a": 1}), ("participants", True),
    ("delivered_to", ["hva-04;hus"]), ("delivered_to", ["hva-04", "hva-04"]), ("delivered_to", [False]),
    ("hyte_goals", True), ("hyte_goals", False), ("hyte_goals", "kyllä"), ("hyte_goals", 1), ("hyte_goals", None),
    ("hyte_goals", ["true"]), ("body", True), ("body", ["valtuusto"]), ("notes", False), ("reference", 12),
    ("date", "1.2.24"), ("date", "2024-02-30"), ("date", 20240201), ("date", True), ("org", "no-such-org"),
    ("org", ["kunta-092"]), ("org", "kunta-588"), ("kind", "no_such_kind"), ("kind", False),
    ("id", "a b"), ("id", 7), ("id", None), ("id", "g0"), ("published_url", ["https://example.invalid"]),
    ("responsible", True), ("unknown_field", "x"), ("unknown_field", ["kunta-092"]),
    ("reference", ""), ("notes", "  "), ("responsible", "\u00a0"), ("published_url", " https://example.invalid"),
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=data_sets(max_records=12), data=st.data())
def test_a_damaged_stored_row_gets_the_same_error(items, data):
    mappings = stored(records_from_mappings(items, "generated", REGISTRY))
    if not mappings:
        return
    for _ in range(data.draw(st.integers(1, 3))):
        name, value = data.draw(st.sampled_from(DAMAGED))
        mappings[data.draw(st.integers(0, len(mappings) - 1))][name] = value
    old, new = both(mappings)
    assert new == old


def test_the_damaged_shapes_go_to_the_validating_path_and_the_stored_shapes_do_not():
    lists, yes_no = frozenset({"participants", "delivered_to"}), frozenset({"hyte_goals"})
    stored_shape = {"id": "a", "participants": ["kunta-092", "kunta-245"], "hyte_goals": False}
    assert as_text(stored_shape, lists, yes_no) == {"id": "a", "participants": "kunta-092;kunta-245",
                                                    "hyte_goals": "false"}
    plain = {"id": "a", "org": "kunta-092"}
    assert as_text(plain, lists, yes_no) is plain
    for name, value in (("participants", ["a;b"]), ("participants", [" a"]), ("participants", []),
                        ("participants", [1]), ("body", True), ("notes", ["a"]), ("hyte_goals", 1)):
        assert as_text({"id": "a", name: value}, lists, yes_no) is None, (name, value)
    # the damaged values are read by the validating path: one separator in a stored list item is an
    # unknown name there, never two organisations
    old, new = both([{"id": "x", "org": "kunta-091", "kind": "cooperation_negotiation", "date": "2024-03-01",
                      "participants": ["kunta-092;kunta-245"]}])
    assert isinstance(old, str) and "kunta-092;kunta-245" in old and new == old


def _audit(records, as_of=dt.date(2026, 11, 29), orgs=None) -> bytes:
    orgs = orgs or [REGISTRY.orgs[o] for o in SCOPE]
    found = run_audit(records, REGISTRY, RULES, orgs, as_of, dt.date(2023, 1, 1)).to_json_dict()
    return json.dumps(found, ensure_ascii=False, sort_keys=False, default=str).encode()


def test_the_examples_audit_is_byte_identical():
    mappings = stored(load_records([str(EXAMPLES)], REGISTRY))
    old = records_from_mappings([in_order(m) for m in mappings], "ws", REGISTRY)
    new = stored_records(in_orders(mappings), "ws", REGISTRY)
    assert shape(new) == shape(old)
    assert sum(1 for m in mappings if any(v.__class__ is not str for v in m.values())) > 5  # (lists, booleans)
    assert _audit(new, orgs=list(REGISTRY.orgs.values())) == _audit(old, orgs=list(REGISTRY.orgs.values()))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=data_sets(max_records=30), as_of=as_of_dates)
def test_the_audit_of_stored_records_is_byte_identical(items, as_of):
    mappings = stored(records_from_mappings(items, "generated", REGISTRY))
    old = records_from_mappings([in_order(m) for m in mappings], "ws", REGISTRY)
    assert _audit(stored_records(in_orders(mappings), "ws", REGISTRY), as_of) == _audit(old, as_of)


WAIVER = {"id": "w1", "org": "kunta-179", "kind": "waiver", "date": "2026-01-15", "rule": "hyte-annual-report",
          "period": "2025", "reason": "valtuuston kokous peruttiin"}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=data_sets(max_records=10), at=st.integers(0, 10))
def test_a_stored_waiver_is_kept_where_the_validating_path_keeps_it(items, at):
    """A waiver among built rows: the same records, and where each kept record is named."""
    mappings = stored(records_from_mappings(items, "generated", REGISTRY))
    mappings.insert(min(at, len(mappings)), stored(records_from_mappings([WAIVER], "w", REGISTRY))[0])
    old_sources, new_sources = Sources(), Sources()
    old = records_from_mappings([in_order(m) for m in mappings], "ws", REGISTRY, old_sources)
    new = stored_records(in_orders(mappings), "ws", REGISTRY, new_sources)
    assert shape(new) == shape(old)
    assert set(new_sources.raws) == set(old_sources.raws) == {"w1"}
    assert [new_sources.where("w1", f) for f in (None, "rule", "period")] == \
        [old_sources.where("w1", f) for f in (None, "rule", "period")]
    assert new_sources.raws["w1"][1].values == old_sources.raws["w1"][1].values


@pytest.mark.parametrize("name, value", [("reference", ""), ("notes", "   "), ("reference", " ref-1 "),
                                         ("body", " council"), ("org", "kunta-092 ")])
def test_a_blank_or_spaced_text_beside_a_stored_list_is_read_as_the_validating_path_reads_it(name, value):
    """A file's cell is stripped and an empty one dropped, so the fast path keeps a text as it is;
    the validating path reads "" or spaces as no value. Beside a list (which as_text turns into
    text) such a row goes the validating path as its stored mapping, as it did before."""
    row = {"id": "w-1", "org": "kunta-092", "kind": "welfare_report_and_plan", "date": "2024-04-26",
           "body": "council", "delivered_to": ["hva-15"], name: value}
    old, new = both([row])
    assert new == old
    assert as_text(row, frozenset({"delivered_to"}), frozenset()) is None


HOSTILE_ITEMS = [92, 91.0, True, None, ["kunta-092"], {"a": 1}, "", " ", "kunta-092 ", "\u00a0kunta-092", "kunta\u00a0092",
                 "kunta-092\u2028kunta-245", "kunta-092\rkunta-245", "kunta-092\x00", "kunta-092\u200b", "KUNTA-092",
                 "Kunta-092", "092", "92", "Helsingfors", "Mänttä-Vilppula", "me\u0301", "ws#1"]


@pytest.mark.parametrize("item", HOSTILE_ITEMS, ids=repr)
def test_a_hostile_item_in_a_stored_list_reads_as_the_validating_path_reads_it(item):
    row = {"org": "kunta-092", "kind": "cooperation_negotiation", "date": "2024-03-01", "notes": "x",
           "participants": ["kunta-245", item, "kunta-092"]}
    rows = [dict(row, id="a"), dict(row), dict(row, id="ws#2", participants=[item]), dict(row, id="b")]
    old, new = both(rows)
    assert new == old


@pytest.mark.parametrize("value", [0, 1, "true", "kyllä", " true", "", None, [True], True, False], ids=repr)
def test_a_stored_yes_no_of_any_shape_reads_as_the_validating_path_reads_it(value):
    row = {"id": "s", "org": "kunta-092", "kind": "strategy_approval", "date": "2024-03-01", "body": "council",
           "hyte_goals": value, "published_url": "https://example.invalid/s"}
    old, new = both([row, dict(row, id="t", hyte_goals=True)])
    assert new == old
