"""How a national audit's findings are made cheaply (issue 31), each held to the plain computation it
stands for: what a partial finding says is missing (the record that shows most, counted once per set
of requirements met), a finding set without validating its values again (``finding._finding``), and
the columnar path's unconfirmed rows made per (organisation, kind) when first asked
(``columnar.match._Loose``)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from velvoite.engine.finding import Finding, _finding, classify, status_of
from velvoite.engine.obligation import expand
from velvoite.registry import load_registry
from velvoite.rules import load_rules

REGISTRY = load_registry()
AS_OF = dt.date(2026, 11, 29)
OBLIGATIONS = expand(load_rules(), REGISTRY, sorted(REGISTRY.orgs.values(), key=lambda o: o.id),
                     dt.date(2023, 1, 1), AS_OF, AS_OF)
THREE = next(ob for ob in OBLIGATIONS if len(ob.required) >= 3)  # (hyte-strategy-goals: three requirements)


def plain_missing(ob, matched: dict, records: dict, lang: str) -> list[str]:
    """What a partial finding lacks: the requirements not met by the record that meets most of
    them, the latest of those, the last by id."""
    listed = ob.required
    shown = matched[max([(len(matched[r] & set(listed)), records[r].date, r) for r in sorted(matched)])[2]]
    return [ob.rule.requirement(req).missing.get(lang) for req in listed if req not in shown]


# a record: its id, which of the three requirements it meets (never all: no record is full), a
# requirement not in force besides, its day, and whether its set is shared with the records that
# meet the same (the columnar path's) or a set of its own (the object path's, made per record)
evidence = st.dictionaries(st.integers(0, 30), st.tuples(st.integers(0, 6), st.booleans(), st.integers(0, 4),
                                                         st.booleans()), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(evidence, st.sampled_from(["fi", "sv", "en"]))
def test_a_partial_finding_lacks_what_the_record_that_shows_most_lacks(found, lang):
    listed = THREE.required
    shared: dict = {}
    matched, records = {}, {}
    for n, (mask, other, day, share) in found.items():
        passed = frozenset([req for i, req in enumerate(listed[:3]) if mask >> i & 1] + (["gone"] if other else []))
        matched[f"r{n:02d}"] = shared.setdefault(passed, passed) if share else frozenset(passed)
        records[f"r{n:02d}"] = SimpleNamespace(date=dt.date(2024, 1, 1) + dt.timedelta(days=day))
    status, key, missing, shown, late = status_of(THREE, matched, records, REGISTRY, AS_OF, lang)
    assert (status, key, shown, late) == ("partial", "partial", sorted(matched), False)
    assert missing == plain_missing(THREE, matched, records, lang)


def test_a_finding_is_the_one_its_values_validate_to_and_a_field_not_given_has_its_default():
    made = [classify(ob, {}, {}, REGISTRY, AS_OF, lang) for ob in OBLIGATIONS[:400:7] for lang in ("fi", "en")]
    for f in made:
        again = Finding.model_validate(f.model_dump())
        assert f == again and f.model_dump_json() == again.model_dump_json()
        assert list(vars(f)) == list(Finding.model_fields) and f.model_fields_set == set(Finding.model_fields)
    values = {name: getattr(made[0], name) for name in Finding.model_fields if name != "evidence_keys"}
    shorter = _finding(**values)  # (a field added to the contract that classify does not give yet)
    assert shorter.evidence_keys == [] and shorter.model_fields_set == set(values)
    assert shorter == made[0].model_copy(update={"evidence_keys": []})


ORGS, KINDS = ["o0", "o1", "o2"], ["k0", "k1"]
loose_rows = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 1), st.integers(0, 2), st.integers(0, 2),
                                st.integers(0, 20), st.sampled_from([0, 0, 3, 30])),
                      unique_by=lambda row: row[:3], max_size=50)


@settings(max_examples=200, deadline=None)
@given(loose_rows, st.lists(st.tuples(st.sampled_from(ORGS + ["o9"]), st.sampled_from(KINDS)), max_size=8))
def test_the_unconfirmed_rows_of_a_key_are_its_rows_of_the_frame_by_record(found, asked):
    pl = pytest.importorskip("polars")
    from velvoite.columnar.facts import I32, U32
    from velvoite.columnar.match import _Loose

    base = dt.date(2025, 1, 1).toordinal()
    rows = [(idx, kind, party, organiser, base + day + span // 2, base + day, base + day + span)
            for idx, kind, party, organiser, day, span in found]
    frame = pl.DataFrame(rows, schema={"idx": U32, "kind": I32, "party": I32, "organiser": I32, "day": I32,
                                       "lo": I32, "hi": I32}, orient="row")
    ids = [f"r{i:02d}" for i in range(41)]
    loose = _Loose(frame, ids, SimpleNamespace(orgs=ORGS, kinds=KINDS))
    expected: dict = {}
    for idx, kind, party, organiser, day, lo, hi in sorted(rows, key=lambda row: row[0]):
        expected.setdefault((ORGS[party], KINDS[kind]), []).append(
            (ids[idx], KINDS[kind], day, lo, hi, ORGS[party], ORGS[organiser]))
    assert sorted(loose) == sorted(expected) and len(loose) == len(expected)
    for key in asked + sorted(expected):  # (in any order, some twice)
        made = loose.get(key, ())
        assert [(u.rec, u.kind, u.day, u.lo, u.hi, u.org, u.organiser) for u in made] == expected.get(key, [])
        assert made is loose.get(key, ())  # (kept: made once)
    with pytest.raises(KeyError):
        loose[("o9", "k0")]
